package dev.jkeras.samples.plots;

import dev.jkeras.backend.AtomicFiles;
import java.awt.Color;
import java.awt.Font;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import javax.imageio.ImageIO;

/**
 * Rows of small images saved as one PNG, each row titled: matplotlib's grid of {@code imshow}
 * axes ({@code plt.subplots(3, 10)}) for samples that show images rather than curves. Pixels are
 * gray levels in [0, 1] (or RGB triples), drawn {@code scale} times larger, nearest neighbour.
 */
public final class ImageGrid {
  static {
    System.setProperty("java.awt.headless", "true");
  }

  private static final int TITLE = 18;
  private static final int GAP = 4;

  private final int columns;
  private final int imageHeight;
  private final int imageWidth;
  private final int scale;
  private final List<String> titles = new ArrayList<>();
  private final List<List<int[]>> rows = new ArrayList<>();

  /** A grid of rows of {@code columns} images of {@code imageHeight} x {@code imageWidth} pixels each. */
  public ImageGrid(int columns, int imageHeight, int imageWidth, int scale) {
    if (columns <= 0 || imageHeight <= 0 || imageWidth <= 0 || scale <= 0) {
      throw new IllegalArgumentException("An image grid needs positive columns, image size and scale, got "
          + columns + " columns of " + imageHeight + "x" + imageWidth + " images at scale " + scale);
    }
    this.columns = columns;
    this.imageHeight = imageHeight;
    this.imageWidth = imageWidth;
    this.scale = scale;
  }

  /** Adds a row of gray images: {@code images[i]} holds image i's {@code imageHeight * imageWidth} values. */
  public ImageGrid grayRow(String title, float[][] images) {
    List<int[]> row = new ArrayList<>();
    for (float[] image : checked(title, images, 1)) {
      int[] rgb = new int[image.length];
      for (int p = 0; p < image.length; p++) {
        int level = level(image[p]);
        rgb[p] = level << 16 | level << 8 | level;
      }
      row.add(rgb);
    }
    return add(title, row);
  }

  /** Adds a row of colour images: {@code images[i]} holds image i's pixels as r, g, b values in [0, 1]. */
  public ImageGrid rgbRow(String title, float[][] images) {
    List<int[]> row = new ArrayList<>();
    for (float[] image : checked(title, images, 3)) {
      int[] rgb = new int[image.length / 3];
      for (int p = 0; p < rgb.length; p++) {
        rgb[p] = level(image[3 * p]) << 16 | level(image[3 * p + 1]) << 8 | level(image[3 * p + 2]);
      }
      row.add(rgb);
    }
    return add(title, row);
  }

  public int width() {
    return columns * (imageWidth * scale + GAP) + GAP;
  }

  public int height() {
    return rows.size() * (TITLE + imageHeight * scale + GAP) + GAP;
  }

  /** Draws the rows and writes the PNG (under a temporary name, moved into place); returns {@code file}. */
  public Path save(Path file) {
    if (rows.isEmpty()) {
      throw new IllegalStateException("The image grid has no rows to draw");
    }
    BufferedImage canvas = new BufferedImage(width(), height(), BufferedImage.TYPE_INT_RGB);
    Graphics2D graphics = canvas.createGraphics();
    try {
      graphics.setColor(Color.WHITE);
      graphics.fillRect(0, 0, width(), height());
      graphics.setRenderingHint(RenderingHints.KEY_TEXT_ANTIALIASING, RenderingHints.VALUE_TEXT_ANTIALIAS_ON);
      graphics.setFont(new Font(Font.SANS_SERIF, Font.PLAIN, 13));
      graphics.setColor(Color.BLACK);
      int top = GAP;
      for (int r = 0; r < rows.size(); r++) {
        graphics.drawString(titles.get(r), GAP, top + TITLE - 5);
        top += TITLE;
        List<int[]> row = rows.get(r);
        for (int c = 0; c < row.size(); c++) {
          draw(canvas, row.get(c), GAP + c * (imageWidth * scale + GAP), top);
        }
        top += imageHeight * scale + GAP;
      }
    } finally {
      graphics.dispose();
    }
    AtomicFiles.write(file, staging -> {
      if (!ImageIO.write(canvas, "png", staging.toFile())) {
        throw new java.io.IOException("no PNG writer available");
      }
    });
    return file;
  }

  private void draw(BufferedImage canvas, int[] rgb, int left, int top) {
    for (int y = 0; y < imageHeight * scale; y++) {
      for (int x = 0; x < imageWidth * scale; x++) {
        canvas.setRGB(left + x, top + y, rgb[(y / scale) * imageWidth + x / scale]);
      }
    }
  }

  private float[][] checked(String title, float[][] images, int channels) {
    if (images.length > columns) {
      throw new IllegalArgumentException("Row '" + title + "' has " + images.length + " images; the grid has "
          + columns + " columns");
    }
    int size = imageHeight * imageWidth * channels;
    for (float[] image : images) {
      if (image.length != size) {
        throw new IllegalArgumentException("Row '" + title + "': each image needs " + size + " values ("
            + imageHeight + "x" + imageWidth + "x" + channels + "), got " + image.length);
      }
    }
    return images;
  }

  private ImageGrid add(String title, List<int[]> row) {
    titles.add(title);
    rows.add(row);
    return this;
  }

  private static int level(float value) {
    return Math.round(Math.max(0f, Math.min(1f, value)) * 255f);
  }
}
