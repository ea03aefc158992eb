package dev.jkeras.samples;

import dev.jkeras.KerasTensor;
import dev.jkeras.callbacks.History;
import dev.jkeras.layers.Conv2D;
import dev.jkeras.layers.Conv2DTranspose;
import dev.jkeras.layers.Input;
import dev.jkeras.layers.Layers;
import dev.jkeras.layers.MaxPooling2D;
import dev.jkeras.metrics.MeanIoU;
import dev.jkeras.models.Model;
import dev.jkeras.samples.plots.Figure;
import dev.jkeras.samples.plots.ImageGrid;
import dev.jkeras.utils.Utils;
import java.util.Locale;
import java.util.Map;
import org.tensorflow.ndarray.FloatNdArray;
import org.tensorflow.ndarray.buffer.DataBuffers;
import org.tensorflow.ndarray.index.Indices;

/**
 * Issue 17: semantic segmentation with a small U-Net on a synthetic data set generated in the sample
 * ({@link ShapesData}: 64x64 images of circles, squares and triangles with a class per pixel,
 * seeded). Two Conv2D/MaxPooling2D levels down, a bottleneck, two Conv2DTranspose levels up, each
 * concatenated with the encoder's features of its size (the skip connections), and a per-pixel
 * softmax over the 4 classes; trained with sparse categorical cross-entropy, scored with Keras's
 * {@code MeanIoU(num_classes=4, sparse_y_pred=False)} and pixel accuracy on held-out images.
 */
public final class UnetSegmentation implements Sample {
  static final int SIZE = 64;
  private static final int FULL_TRAIN = 1500;
  private static final int FULL_VALID = 300;
  private static final int SMOKE_TRAIN = 160;
  private static final int SMOKE_VALID = 40;
  private static final int[] PALETTE = {0x202020, 0xE8483C, 0x3C8CE8, 0x3CC864};

  @Override
  public String name() {
    return "unet_segmentation";
  }

  @Override
  public String description() {
    return "Issue 17: a small U-Net (Conv2D/MaxPooling2D down, Conv2DTranspose up, Concatenate skip connections) on"
        + " synthetic 64x64 images of circles, squares and triangles with per-pixel masks; sparse categorical"
        + " cross-entropy, MeanIoU(sparse_y_pred=False) and pixel accuracy on held-out images";
  }

  @Override
  public String bookReports() {
    return "Keras's segmentation examples (U-Net-like on Oxford Pets) report no MeanIoU for synthetic shapes";
  }

  @Override
  public void run(SampleArgs args) {
    Utils.setRandomSeed(42);
    int trainCount = args.smoke() ? SMOKE_TRAIN : FULL_TRAIN;
    int validCount = args.smoke() ? SMOKE_VALID : FULL_VALID;
    ShapesData train = ShapesData.generate(trainCount, SIZE, 1);
    ShapesData valid = ShapesData.generate(validCount, SIZE, 2);
    double[] shares = valid.classShares();
    System.out.printf(Locale.ROOT, "Shapes: %d training and %d validation images of %dx%d; validation pixels:"
        + " background %.3f, circle %.3f, square %.3f, triangle %.3f%n", trainCount, validCount, SIZE, SIZE,
        shares[0], shares[1], shares[2], shares[3]);

    try (Model model = unet(SIZE, ShapesData.CLASSES.length)) {
      model.summary();
      model.compile(c -> c.optimizer("adam").loss("sparse_categorical_crossentropy")
          .metrics(new MeanIoU(ShapesData.CLASSES.length).sparseYPred(false), "accuracy"));
      int epochs = args.epochs(30);
      long start = System.nanoTime();
      History history = model.fit(train.images(), train.masks(), fit -> fit
          .epochs(epochs).batchSize(32).validationData(valid.images(), valid.masks()).verbose(2));
      double seconds = (System.nanoTime() - start) / 1e9;
      Map<String, Double> scores = model.evaluate(valid.images(), valid.masks(), e -> e.verbose(0));
      int[] predicted = argmax(model.predict(valid.images(), p -> p.verbose(0)), ShapesData.CLASSES.length);
      int[] truth = new int[predicted.length];
      valid.masks().copyTo(DataBuffers.of(truth, false, false));
      double[] iou = iouPerClass(truth, predicted, ShapesData.CLASSES.length);
      System.out.printf(Locale.ROOT, "Validation: MeanIoU %.4f, pixel accuracy %.4f (all background: %.4f);"
          + " IoU background %.4f, circle %.4f, square %.4f, triangle %.4f%n", scores.get("mean_io_u"),
          scores.get("accuracy"), shares[0], iou[0], iou[1], iou[2], iou[3]);

      int shown = Math.min(8, validCount);
      ImageGrid grid = new ImageGrid(shown, SIZE, SIZE, 2)
          .grayRow("Validation images", gray(valid.images(), shown))
          .rgbRow("True masks (circle red, square blue, triangle green)", colours(truth, shown))
          .rgbRow("Predicted masks", colours(predicted, shown));
      args.savePlot(this, grid, "unet_segmentation.png");
      Figure curves = new Figure(1000, 400);
      curves.panel("Loss", "Epoch", "Sparse categorical cross-entropy")
          .plot(history.history().get("loss"), "b-", "training")
          .plot(history.history().get("val_loss"), "r--", "validation");
      curves.panel("MeanIoU", "Epoch", "MeanIoU")
          .plot(history.history().get("mean_io_u"), "b-", "training")
          .plot(history.history().get("val_mean_io_u"), "r--", "validation");
      args.savePlot(this, curves, "unet_segmentation_curves.png");

      args.record("data", "synthetic shapes (seeded): " + trainCount + " training and " + validCount
          + " validation images of " + SIZE + "x" + SIZE + ", 4 classes");
      args.record("epochs", history.epoch().size());
      args.record("params", model.countParams());
      args.record("val_mean_io_u", scores.get("mean_io_u"));
      args.record("val_pixel_accuracy", scores.get("accuracy"));
      args.record("val_loss", scores.get("loss"));
      args.record("background_share", shares[0]);
      for (int c = 0; c < iou.length; c++) {
        args.record("val_iou_" + ShapesData.CLASSES[c], iou[c]);
      }
      args.record("fit_seconds", seconds);
    }
  }

  /** The U-Net: (conv, conv, pool) x 2, a bottleneck, (transpose, concatenate, conv, conv) x 2, 1x1 softmax. */
  static Model unet(int size, int classes) {
    var input = Input.of(size, size, 1).name("image");
    var down1 = block(input, 8);
    var down2 = block(new MaxPooling2D(2).apply(down1), 16);
    var bottom = block(new MaxPooling2D(2).apply(down2), 32);
    var up2 = new Conv2DTranspose(16, 2).strides(2).padding("same").apply(bottom);
    var merged2 = block(Layers.concatenate(up2, down2), 16);
    var up1 = new Conv2DTranspose(8, 2).strides(2).padding("same").apply(merged2);
    var merged1 = block(Layers.concatenate(up1, down1), 8);
    var output = new Conv2D(classes, 1).activation("softmax").name("mask").apply(merged1);
    return new Model(input, output);
  }

  private static KerasTensor block(KerasTensor x, int filters) {
    var y = new Conv2D(filters, 3).activation("relu").padding("same").apply(x);
    return new Conv2D(filters, 3).activation("relu").padding("same").apply(y);
  }

  /** The class of highest score of each pixel of {@code scores} (n, h, w, classes), row-major. */
  static int[] argmax(FloatNdArray scores, int classes) {
    float[] flat = new float[Math.toIntExact(scores.size())];
    scores.copyTo(DataBuffers.of(flat, false, false));
    int[] out = new int[flat.length / classes];
    for (int p = 0; p < out.length; p++) {
      int best = 0;
      for (int c = 1; c < classes; c++) {
        if (flat[p * classes + c] > flat[p * classes + best]) {
          best = c;
        }
      }
      out[p] = best;
    }
    return out;
  }

  /** Intersection over union of each class (NaN-free: a class absent from both counts as 0 here). */
  static double[] iouPerClass(int[] truth, int[] predicted, int classes) {
    long[] intersection = new long[classes];
    long[] union = new long[classes];
    for (int p = 0; p < truth.length; p++) {
      if (truth[p] == predicted[p]) {
        intersection[truth[p]]++;
        union[truth[p]]++;
      } else {
        union[truth[p]]++;
        union[predicted[p]]++;
      }
    }
    double[] iou = new double[classes];
    for (int c = 0; c < classes; c++) {
      iou[c] = union[c] == 0 ? 0 : (double) intersection[c] / union[c];
    }
    return iou;
  }

  private static float[][] gray(FloatNdArray images, int count) {
    float[][] out = new float[count][SIZE * SIZE];
    for (int i = 0; i < count; i++) {
      images.slice(Indices.at(i)).copyTo(DataBuffers.of(out[i], false, false));
    }
    return out;
  }

  private static float[][] colours(int[] classes, int count) {
    float[][] out = new float[count][SIZE * SIZE * 3];
    for (int i = 0; i < count; i++) {
      for (int p = 0; p < SIZE * SIZE; p++) {
        int rgb = PALETTE[classes[i * SIZE * SIZE + p]];
        out[i][3 * p] = (rgb >> 16 & 0xFF) / 255f;
        out[i][3 * p + 1] = (rgb >> 8 & 0xFF) / 255f;
        out[i][3 * p + 2] = (rgb & 0xFF) / 255f;
      }
    }
    return out;
  }
}
