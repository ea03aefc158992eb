package dev.jkeras.samples.plots;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.awt.Color;
import java.awt.image.BufferedImage;
import java.nio.file.Path;
import java.util.List;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class FigureTest {
  @TempDir
  Path dir;

  @Test
  void savesAPngOfTheFiguresSizeWithItsPanels() throws Exception {
    Figure figure = new Figure(1200, 400);
    figure.panel("Original Model", "Epochs", "Loss")
        .plot(List.of(0.9, 0.5, 0.4), "-b", "Train Loss")
        .plot(List.of(1.0, 0.7, 0.8), "b--", "Validation Loss");
    figure.panel("Model with Low Capacity", "Epochs", "Loss").plot(List.of(1.0, 0.9, 0.85), "bo", "Train Loss");
    figure.panel("Model with High Capacity", "Epochs", "Loss").plot(List.of(0.5, 0.1, 0.01), "r:", "Train Loss");
    Path png = figure.save(dir.resolve("curves.png"));
    BufferedImage image = ImageIO.read(png.toFile());
    assertEquals(1200, image.getWidth());
    assertEquals(400, image.getHeight());
    int white = Color.WHITE.getRGB();
    long drawn = 0;
    for (int x = 0; x < 1200; x += 3) {
      for (int y = 0; y < 400; y += 3) {
        drawn += image.getRGB(x, y) != white ? 1 : 0;
      }
    }
    assertNotEquals(0, drawn, "the charts are drawn");
  }

  @Test
  void stylesFollowMatplotlibFormatStrings() {
    assertEquals(null, LineStyle.parse("bo").stroke());
    assertEquals(null, LineStyle.parse("b-").marker());
    assertNotEquals(LineStyle.parse("b-").color(), LineStyle.parse("r-").color());
    assertThrows(IllegalArgumentException.class, () -> new Figure(0, 10));
    assertThrows(IllegalStateException.class, () -> new Figure(10, 10).save(dir.resolve("empty.png")));
  }
}
