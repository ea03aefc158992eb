package dev.jkeras.samples;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The U-Net sample on 160 generated images, 20 epochs: it segments better than all-background (pixel
 * accuracy above the background's share, MeanIoU above what all-background scores), MeanIoU is the
 * mean of the per-class IoUs of its own predictions, and the shapes data set is the same for the same seed.
 */
class UnetSegmentationSampleTest {
  @TempDir
  Path dir;

  @Test
  void segmentsTheShapesBetterThanAllBackground() {
    SampleArgs args = SampleArgs.parse("--smoke", "--epochs", "20", "--out", dir.toString());
    new UnetSegmentation().run(args);
    double accuracy = (Double) args.results().get("val_pixel_accuracy");
    double background = (Double) args.results().get("background_share");
    double meanIoU = (Double) args.results().get("val_mean_io_u");
    assertTrue(accuracy > background + 0.03, "pixel accuracy " + accuracy + " against all-background " + background);
    assertTrue(meanIoU > background / 4 + 0.05, "MeanIoU " + meanIoU + " against all-background's " + background / 4);
    double perClass = 0;
    for (String name : ShapesData.CLASSES) {
      perClass += (Double) args.results().get("val_iou_" + name) / ShapesData.CLASSES.length;
    }
    assertEquals(meanIoU, perClass, 1e-4, "MeanIoU is the mean of the classes' IoU");
  }

  @Test
  void shapesAreSeededAndLabelled() {
    ShapesData a = ShapesData.generate(4, 32, 7);
    ShapesData b = ShapesData.generate(4, 32, 7);
    assertEquals(a.images(), b.images());
    assertEquals(a.masks(), b.masks());
    double[] shares = a.classShares();
    assertEquals(1.0, shares[0] + shares[1] + shares[2] + shares[3], 1e-9);
    assertTrue(shares[0] < 1.0 && shares[0] > 0.3, "background share " + shares[0]);
    assertArrayEquals(new double[] {0.5, 1.0 / 3, 0}, UnetSegmentation.iouPerClass(new int[] {0, 0, 1, 1},
        new int[] {0, 1, 1, 2}, 3), 1e-9, "IoU of each class");
  }
}
