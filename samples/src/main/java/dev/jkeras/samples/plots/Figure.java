package dev.jkeras.samples.plots;

import dev.jkeras.backend.AtomicFiles;
import java.awt.Graphics2D;
import java.awt.image.BufferedImage;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import javax.imageio.ImageIO;

/**
 * A figure of one or more charts side by side, saved as a PNG: the seeds' matplotlib figures
 * ({@code plt.subplots(1, 3, figsize=(12, 4))} becomes {@code new Figure(1200, 400)} with three panels).
 */
public final class Figure {
  static {
    System.setProperty("java.awt.headless", "true");
  }

  private final int width;
  private final int height;
  private final List<Panel> panels = new ArrayList<>();

  /** A figure of {@code width} x {@code height} pixels. */
  public Figure(int width, int height) {
    if (width <= 0 || height <= 0) {
      throw new IllegalArgumentException("A figure needs a positive size, got " + width + "x" + height);
    }
    this.width = width;
    this.height = height;
  }

  public int width() {
    return width;
  }

  public int height() {
    return height;
  }

  /** Adds a chart to the right of the others. */
  public Panel panel(String title, String xLabel, String yLabel) {
    Panel panel = new Panel(title, xLabel, yLabel);
    panels.add(panel);
    return panel;
  }

  /** Renders the charts and writes the PNG (under a temporary name, moved into place); returns {@code file}. */
  public Path save(Path file) {
    if (panels.isEmpty()) {
      throw new IllegalStateException("The figure has no panels to draw");
    }
    BufferedImage image = new BufferedImage(width, height, BufferedImage.TYPE_INT_RGB);
    Graphics2D graphics = image.createGraphics();
    try {
      int panelWidth = width / panels.size();
      for (int i = 0; i < panels.size(); i++) {
        panels.get(i).chart().draw(graphics, new java.awt.geom.Rectangle2D.Double(i * panelWidth, 0, panelWidth, height));
      }
    } finally {
      graphics.dispose();
    }
    AtomicFiles.write(file, staging -> {
      if (!ImageIO.write(image, "png", staging.toFile())) {
        throw new java.io.IOException("no PNG writer available");
      }
    });
    return file;
  }
}
