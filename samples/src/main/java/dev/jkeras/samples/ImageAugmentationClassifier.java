package dev.jkeras.samples;

import dev.jkeras.data.DatasetPair;
import dev.jkeras.layers.Conv2D;
import dev.jkeras.layers.Dense;
import dev.jkeras.layers.Dropout;
import dev.jkeras.layers.Flatten;
import dev.jkeras.layers.MaxPooling2D;
import dev.jkeras.layers.RandomFlip;
import dev.jkeras.layers.RandomRotation;
import dev.jkeras.layers.Rescaling;
import dev.jkeras.models.Sequential;
import dev.jkeras.ops.Ops;
import dev.jkeras.utils.Utils;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import javax.imageio.ImageIO;
import org.tensorflow.ndarray.NdArray;

/**
 * Hands-On ML chapter 13's image workflow on a folder of PNG files: Fashion-MNIST images written as
 * PNGs into one folder per class, read back with {@code imageDatasetFromDirectory} (validation split
 * 0.2, subset "both", seeded; TensorFlow decodes them in the pipeline), then a small convnet that
 * rescales and augments inside the model ({@code Rescaling}, {@code RandomFlip}, {@code
 * RandomRotation}: active only while training) is fitted on the training dataset and evaluated on the
 * validation dataset and on Fashion-MNIST's test arrays. The PNGs go to a new folder in the output
 * directory, and the sample deletes exactly the files and folders it wrote when it is done.
 */
public final class ImageAugmentationClassifier implements Sample {
  /** Fashion-MNIST's classes; the folder of class i is "i_name", so the sorted folders keep the labels. */
  static final List<String> CLASSES = List.of("t-shirt_top", "trouser", "pullover", "dress", "coat", "sandal",
      "shirt", "sneaker", "bag", "ankle_boot");
  private static final int FULL_IMAGES = 6000;
  private static final int SMOKE_IMAGES = 1000;

  @Override
  public String name() {
    return "image_augmentation";
  }

  @Override
  public String description() {
    return "Seed 004 (Hands-On ML ch. 13): Fashion-MNIST written as PNG files in class folders, "
        + "imageDatasetFromDirectory (validation split 0.2, subset both), a convnet with Rescaling, RandomFlip and "
        + "RandomRotation, fit and evaluate";
  }

  @Override
  public String bookReports() {
    return "The book trains on its own image folders with augmentation inside the model; no figures for Fashion-MNIST"
        + " PNGs";
  }

  @Override
  public void run(SampleArgs args) {
    SampleData data = SampleData.fashionMnist(args);
    int count = (int) Math.min(args.smoke() ? SMOKE_IMAGES : FULL_IMAGES, data.train().size());
    Path out = args.outputDir(this);
    List<Path> written = new ArrayList<>();
    try {
      Path folder = Files.createTempDirectory(out, "fashion-png-");
      written.add(folder);
      writePngs(data.train().x(), data.train().y(), count, folder, written);
      System.out.println("Wrote " + count + " PNG files into " + folder.toAbsolutePath());
      train(args, data, folder, count);
    } catch (IOException e) {
      throw new UncheckedIOException("Could not write the PNG files under " + out.toAbsolutePath(), e);
    } finally {
      deleteWritten(written);
    }
  }

  private void train(SampleArgs args, SampleData data, Path folder, int count) {
    DatasetPair datasets = Utils.imageDatasetsFromDirectory(folder, o -> o.imageSize(28, 28).colorMode("grayscale")
        .batchSize(64).validationSplit(0.2).subset("both").seed(42));
    System.out.println("Class names: " + datasets.training().classNames());
    var train = datasets.training();
    var valid = datasets.validation();
    try (var model = new Sequential(
        new Rescaling(1 / 255.0).inputShape(28, 28, 1),
        new RandomFlip("horizontal", 42),
        new RandomRotation(0.05).seed(42),
        new Conv2D(32, 3).activation("relu"),
        new MaxPooling2D(2),
        new Conv2D(64, 3).activation("relu"),
        new MaxPooling2D(2),
        new Flatten(),
        new Dropout(0.3),
        new Dense(10, "softmax"))) {
      model.summary();
      model.compile("adam", "sparse_categorical_crossentropy", "accuracy");
      int epochs = args.epochs(10);
      long start = System.nanoTime();
      var history = model.fit(train, fit -> fit.epochs(epochs).validationData(valid).verbose(2));
      double seconds = (System.nanoTime() - start) / 1e9;
      Map<String, Double> validation = model.evaluate(valid);
      var xTest = Ops.expandDims(Ops.cast(data.test().x(), "float32"), -1);
      Map<String, Double> test = model.evaluate(xTest, data.test().y(), e -> e.verbose(0));
      System.out.printf("Validation accuracy (PNG files): %.4f, test accuracy (Fashion-MNIST arrays): %.4f%n",
          validation.get("accuracy"), test.get("accuracy"));
      args.record("images", count);
      args.record("classes", datasets.training().classNames().size());
      args.record("training_files", train.filePaths().size());
      args.record("validation_files", valid.filePaths().size());
      args.record("epochs", history.epoch().size());
      args.record("final_accuracy", last(history.history().get("accuracy")));
      args.record("val_accuracy", validation.get("accuracy"));
      args.record("val_loss", validation.get("loss"));
      args.record("test_accuracy", test.get("accuracy"));
      args.record("seconds", seconds);
      args.record("data", data.description() + ", first " + count + " training images as PNG files");
    }
  }

  private static double last(List<Double> values) {
    return values.get(values.size() - 1);
  }

  /** Writes images {@code 0..count-1} of {@code x} (uint8 28x28) as grayscale PNGs in their class folders. */
  static void writePngs(NdArray<?> x, NdArray<?> y, int count, Path folder, List<Path> written) throws IOException {
    for (int c = 0; c < CLASSES.size(); c++) {
      written.add(Files.createDirectory(folder.resolve(c + "_" + CLASSES.get(c))));
    }
    int height = (int) x.shape().get(1);
    int width = (int) x.shape().get(2);
    for (int i = 0; i < count; i++) {
      int label = ((Number) y.getObject(i)).intValue();
      BufferedImage image = new BufferedImage(width, height, BufferedImage.TYPE_BYTE_GRAY);
      var raster = image.getRaster();
      for (int r = 0; r < height; r++) {
        for (int col = 0; col < width; col++) {
          raster.setSample(col, r, 0, ((Number) x.getObject(i, r, col)).intValue() & 0xFF);
        }
      }
      Path file = folder.resolve(label + "_" + CLASSES.get(label)).resolve(String.format("%05d.png", i));
      ImageIO.write(image, "png", file.toFile());
      written.add(file);
    }
  }

  /** Deletes the files and folders this run wrote, files first, nothing else. */
  private static void deleteWritten(List<Path> written) {
    for (int i = written.size() - 1; i >= 0; i--) {
      try {
        Files.deleteIfExists(written.get(i));
      } catch (IOException e) {
        System.out.println("Could not delete " + written.get(i) + ": " + e.getMessage());
      }
    }
  }
}
