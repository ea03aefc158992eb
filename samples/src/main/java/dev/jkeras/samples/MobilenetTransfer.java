package dev.jkeras.samples;

import dev.jkeras.KerasTensor;
import dev.jkeras.applications.MobileNetV2;
import dev.jkeras.callbacks.History;
import dev.jkeras.data.DatasetPair;
import dev.jkeras.layers.BatchNormalization;
import dev.jkeras.layers.Dense;
import dev.jkeras.layers.Dropout;
import dev.jkeras.layers.Input;
import dev.jkeras.layers.Layers;
import dev.jkeras.layers.Rescaling;
import dev.jkeras.layers.Resizing;
import dev.jkeras.models.Model;
import dev.jkeras.optimizers.Adam;
import dev.jkeras.samples.plots.Figure;
import dev.jkeras.samples.plots.Panel;
import dev.jkeras.saving.Config;
import dev.jkeras.utils.Utils;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.IntUnaryOperator;
import javax.imageio.ImageIO;
import org.tensorflow.ndarray.FloatNdArray;
import org.tensorflow.ndarray.IntNdArray;
import org.tensorflow.ndarray.NdArray;
import org.tensorflow.ndarray.NdArrays;
import org.tensorflow.ndarray.Shape;

/**
 * Issue 17: transfer learning on a Keras application, as Keras's transfer-learning guide does it, with a base
 * pretrained here (no ImageNet weights can be downloaded). A MobileNetV2 (alpha 0.35, 32x32x3 inputs, no top,
 * global average pooling, {@code weights=None}) is pretrained on the source task, the 8 Fashion-MNIST classes
 * other than sandal and shirt, with its BatchNormalization momentum at 0.9 for that (see {@link
 * #PRETRAINING_MOMENTUM}); the base is saved as a {@code .weights.h5} file and loaded into Keras's MobileNetV2
 * with {@code MobileNetV2.of(0.35, o -> o.weights(file))}. The target task, sandal vs shirt, reads a few hundred
 * PNG files from a folder ({@code imageDatasetsFromDirectory}); a new head is trained on the frozen base ({@code
 * base.trainable(false)}, called with {@code training=false}), then the base is unfrozen with its
 * BatchNormalization layers kept frozen (inference mode) and the whole model fine-tuned at a low learning rate.
 * The same model trained from scratch on the same files is the comparison.
 */
public final class MobilenetTransfer implements Sample {
  static final double ALPHA = 0.35;
  static final int SIZE = 32;
  static final int SANDAL = 5;
  static final int SHIRT = 6;
  static final List<String> TARGET_CLASSES = List.of("sandal", "shirt");
  private static final int FULL_SOURCE = 24000;
  private static final int FULL_TARGET = 200;
  private static final int SMOKE_TARGET = 100;
  /**
   * The BatchNormalization momentum of the base while it is pretrained here: with MobileNetV2's 0.999 the moving
   * statistics are still mostly their initial values after the ~1,000 steps of pretraining (inference at chance).
   */
  static final double PRETRAINING_MOMENTUM = 0.9;

  @Override
  public String name() {
    return "mobilenet_transfer";
  }

  @Override
  public String description() {
    return "Issue 17: transfer learning on keras.applications' MobileNetV2 (alpha 0.35, 32x32): the base pretrained"
        + " on 8 Fashion-MNIST classes (BatchNormalization momentum 0.9 while pretraining), saved and loaded with"
        + " weights=file; sandal vs shirt from a folder of PNGs: a new head on the frozen base, then fine-tuned"
        + " (BatchNormalization kept frozen), vs the same model from scratch";
  }

  @Override
  public String bookReports() {
    return "Keras's transfer-learning guide (Xception on ImageNet weights, cats vs dogs) reaches about 0.97 validation"
        + " accuracy with the frozen base and a little more after fine-tuning; no figures for this data";
  }

  @Override
  public void run(SampleArgs args) {
    Utils.setRandomSeed(42);
    SampleData data = SampleData.fashionMnist(args);
    int sourceCount = args.smoke() ? (int) data.train().size() : FULL_SOURCE;
    Images source = Images.of(data.train().x(), data.train().y(), label -> label != SANDAL && label != SHIRT,
        label -> label > SHIRT ? label - 2 : label, 0, sourceCount);
    Images sourceTest = Images.of(data.test().x(), data.test().y(), label -> label != SANDAL && label != SHIRT,
        label -> label > SHIRT ? label - 2 : label, 0, Integer.MAX_VALUE);
    Images targetTest = Images.of(data.test().x(), data.test().y(), label -> label == SANDAL || label == SHIRT,
        label -> label == SHIRT ? 1 : 0, 0, Integer.MAX_VALUE);
    int targetCount = args.smoke() ? SMOKE_TARGET : FULL_TARGET;
    // The target images come from the end of the training set, away from the source images.
    Images target = Images.of(data.train().x(), data.train().y(), label -> label == SANDAL || label == SHIRT,
        label -> label == SHIRT ? 1 : 0, (int) data.train().size() / 2, targetCount);
    System.out.printf("Source task: %d training images of 8 classes; target task: %d PNG files (sandal vs shirt),"
        + " %d test images%n", source.size(), target.size(), targetTest.size());

    Path out = args.outputDir(this);
    Path weights = out.resolve("mobilenet_v2_0.35_fashion8.weights.h5");
    pretrain(args, source, sourceTest, weights);

    List<Path> written = new ArrayList<>();
    try {
      Path folder = Files.createTempDirectory(out, "sandal-shirt-png-");
      written.add(folder);
      target.writePngs(folder, TARGET_CLASSES, written);
      DatasetPair datasets = Utils.imageDatasetsFromDirectory(folder, o -> o.imageSize(28, 28)
          .colorMode("grayscale").batchSize(32).validationSplit(0.2).subset("both").seed(42));
      transfer(args, datasets, target, targetTest, weights);
    } catch (IOException e) {
      throw new UncheckedIOException("Could not write the PNG files under " + out.toAbsolutePath(), e);
    } finally {
      deleteWritten(written);
    }
    args.record("data", data.description() + "; source: first " + source.size() + " images of the 8 classes;"
        + " target: " + target.size() + " sandal and shirt images from the second half of the training set,"
        + " written as PNG files");
  }

  private void pretrain(SampleArgs args, Images source, Images sourceTest, Path weights) {
    try (Model base = withBatchNormMomentum(PRETRAINING_MOMENTUM); Model model = classifier(base, 8)) {
      model.compile(new Adam(1e-3), "sparse_categorical_crossentropy", "accuracy");
      int epochs = args.epochs(args.smoke() ? 1 : 3);
      long start = System.nanoTime();
      History history = model.fit(source.x(), source.y(), fit -> fit.epochs(epochs).batchSize(64)
          .validationSplit(0.1).verbose(2));
      double seconds = (System.nanoTime() - start) / 1e9;
      double accuracy = model.evaluate(sourceTest.x(), sourceTest.y(), e -> e.verbose(0)).get("accuracy");
      System.out.printf("Source task (8 classes): test accuracy %.4f after %d steps%n", accuracy,
          stepsOf(history, source.size()));
      base.saveWeights(weights.toString());
      args.record("source_images", source.size());
      args.record("source_epochs", history.epoch().size());
      args.record("source_steps", stepsOf(history, source.size()));
      args.record("source_batch_norm_momentum", PRETRAINING_MOMENTUM);
      args.record("source_fit_seconds", seconds);
      args.record("source_train_accuracy", last(history.history().get("accuracy")));
      args.record("source_test_accuracy", accuracy);
      args.record("source_chance_accuracy", 1.0 / 8);
      Figure figure = new Figure(600, 400);
      figure.panel("Source task (8 classes)", "Epoch", "Accuracy")
          .plot(history.history().get("accuracy"), "b-", "training")
          .plot(history.history().get("val_accuracy"), "r--", "validation");
      args.savePlot(this, figure, "mobilenet_transfer_source.png");
    }
  }

  private void transfer(SampleArgs args, DatasetPair datasets, Images target, Images targetTest, Path weights) {
    var train = datasets.training();
    var valid = datasets.validation();
    int frozenEpochs = args.smoke() ? 2 : 10;
    int tunedEpochs = args.smoke() ? 2 : 10;
    List<Double> transferCurve = new ArrayList<>();
    List<Double> scratchCurve = new ArrayList<>();
    try (Model base = base(weights); Model model = classifier(base, 2)) {
      // Keras: base_model.trainable = False; x = base_model(x, training=False)
      base.trainable(false);
      model.compile(new Adam(1e-3), "sparse_categorical_crossentropy", "accuracy");
      args.record("frozen_trainable_params", params(model.trainableWeights()));
      args.record("frozen_non_trainable_params", params(model.nonTrainableWeights()));
      History frozen = model.fit(train, fit -> fit.epochs(frozenEpochs).validationData(valid).verbose(0));
      transferCurve.addAll(frozen.history().get("val_accuracy"));
      double frozenAccuracy = model.evaluate(targetTest.x(), targetTest.y(), e -> e.verbose(0)).get("accuracy");

      // Fine-tuning: the base unfrozen, its BatchNormalization layers kept frozen (inference mode, as in
      // Keras 3, where fit's training=True overrides the call's training=False).
      base.trainable(true);
      base.layers().stream().filter(layer -> layer instanceof BatchNormalization)
          .forEach(layer -> layer.trainable(false));
      model.compile(new Adam(1e-4), "sparse_categorical_crossentropy", "accuracy");
      args.record("fine_tune_trainable_params", params(model.trainableWeights()));
      args.record("fine_tune_non_trainable_params", params(model.nonTrainableWeights()));
      History tuned = model.fit(train, fit -> fit.epochs(tunedEpochs).validationData(valid).verbose(0));
      transferCurve.addAll(tuned.history().get("val_accuracy"));
      double tunedAccuracy = model.evaluate(targetTest.x(), targetTest.y(), e -> e.verbose(0)).get("accuracy");
      System.out.printf("Target task (sandal vs shirt), test accuracy: frozen base %.4f, fine-tuned %.4f%n",
          frozenAccuracy, tunedAccuracy);
      args.record("target_training_files", train.filePaths().size());
      args.record("target_validation_files", valid.filePaths().size());
      args.record("target_test_images", targetTest.size());
      args.record("frozen_epochs", frozenEpochs);
      args.record("fine_tune_epochs", tunedEpochs);
      args.record("frozen_test_accuracy", frozenAccuracy);
      args.record("fine_tuned_test_accuracy", tunedAccuracy);
    }
    try (Model base = withBatchNormMomentum(PRETRAINING_MOMENTUM); Model model = classifier(base, 2)) {
      model.compile(new Adam(1e-3), "sparse_categorical_crossentropy", "accuracy");
      History scratch = model.fit(train, fit -> fit.epochs(frozenEpochs + tunedEpochs).validationData(valid)
          .verbose(0));
      scratchCurve.addAll(scratch.history().get("val_accuracy"));
      double scratchAccuracy = model.evaluate(targetTest.x(), targetTest.y(), e -> e.verbose(0)).get("accuracy");
      System.out.printf("From scratch: test accuracy %.4f%n", scratchAccuracy);
      args.record("scratch_epochs", frozenEpochs + tunedEpochs);
      args.record("scratch_test_accuracy", scratchAccuracy);
      args.record("target_chance_accuracy", 0.5);
    }
    Figure figure = new Figure(600, 400);
    Panel panel = figure.panel("Target task (sandal vs shirt): validation accuracy", "Epoch", "Accuracy");
    panel.plot(transferCurve, "b-", "pretrained base: frozen " + frozenEpochs + ", then fine-tuned");
    panel.plot(scratchCurve, "k--", "from scratch");
    args.savePlot(this, figure, "mobilenet_transfer.png");
  }

  /** Keras's {@code MobileNetV2(input_shape=(32, 32, 3), alpha=0.35, include_top=False, pooling="avg")}. */
  static Model base(Path weights) {
    return MobileNetV2.of(ALPHA, o -> o.includeTop(false).weights(weights).inputShape(SIZE, SIZE, 3)
        .pooling("avg"));
  }

  /**
   * A new head on {@code base}: gray 28x28 images (0..255) resized to 32x32, scaled to [-1, 1] (MobileNetV2's
   * {@code preprocess_input}) and repeated on 3 channels, the base called with {@code training=false}, dropout
   * and a softmax.
   */
  static Model classifier(Model base, int classes) {
    var input = Input.of(28, 28, 1).name("image");
    var x = base.apply(preprocess(input), false);
    x = new Dropout(0.2).apply(x);
    return new Model(input, new Dense(classes, "softmax").name("head").apply(x));
  }

  private static KerasTensor preprocess(KerasTensor image) {
    var x = new Resizing(SIZE, SIZE).apply(image);
    x = new Rescaling(1 / 127.5, -1).apply(x);
    return Layers.concatenate(List.of(x, x, x), -1);
  }

  /**
   * Keras's MobileNetV2 base with every BatchNormalization layer's momentum set to {@code momentum} (MobileNetV2
   * has 0.999), rebuilt from the base's config: the same layers, names and weights, so its weights file loads
   * into {@link #base}.
   */
  static Model withBatchNormMomentum(double momentum) {
    try (Model standard = base(null)) {
      return Model.fromConfig(new Config(standard.name(), withMomentum(standard.getConfig(), momentum)));
    }
  }

  @SuppressWarnings("unchecked")
  private static Map<String, Object> withMomentum(Map<String, Object> config, double momentum) {
    Map<String, Object> copy = new LinkedHashMap<>(config);
    List<Object> layers = new ArrayList<>();
    for (Object entry : (List<Object>) config.get("layers")) {
      Map<String, Object> layer = new LinkedHashMap<>((Map<String, Object>) entry);
      if ("BatchNormalization".equals(layer.get("class_name"))) {
        Map<String, Object> layerConfig = new LinkedHashMap<>((Map<String, Object>) layer.get("config"));
        layerConfig.put("momentum", momentum);
        layer.put("config", layerConfig);
      }
      layers.add(layer);
    }
    copy.put("layers", layers);
    return copy;
  }

  private static long params(List<? extends dev.jkeras.backend.Variable> weights) {
    return weights.stream().mapToLong(w -> w.shape().size()).sum();
  }

  /** Training steps of a fit with {@code validationSplit(0.1)} and batch size 64. */
  private static int stepsOf(History history, int images) {
    return history.epoch().size() * (int) Math.ceil(images * 0.9 / 64);
  }

  private static double last(List<Double> values) {
    return values.get(values.size() - 1);
  }

  /** Gray images {@code (n, 28, 28, 1)} in 0..255 with their labels. */
  record Images(FloatNdArray x, IntNdArray y) {
    int size() {
      return (int) y.shape().get(0);
    }

    /**
     * From the uint8 images {@code x (n, 28, 28)} and labels {@code y}: from index {@code from} on, the first
     * {@code count} images whose label {@code keep} accepts, labels mapped by {@code relabel}.
     */
    static Images of(NdArray<?> x, NdArray<?> y, java.util.function.IntPredicate keep, IntUnaryOperator relabel,
        int from, int count) {
      List<Integer> rows = new ArrayList<>();
      for (long i = from; i < y.shape().get(0) && rows.size() < count; i++) {
        if (keep.test(label(y, i))) {
          rows.add((int) i);
        }
      }
      FloatNdArray images = NdArrays.ofFloats(Shape.of(rows.size(), 28, 28, 1));
      IntNdArray labels = NdArrays.ofInts(Shape.of(rows.size()));
      for (int r = 0; r < rows.size(); r++) {
        int i = rows.get(r);
        for (int row = 0; row < 28; row++) {
          for (int col = 0; col < 28; col++) {
            images.setFloat(((Number) x.getObject(i, row, col)).intValue() & 0xFF, r, row, col, 0);
          }
        }
        labels.setInt(relabel.applyAsInt(label(y, i)), r);
      }
      return new Images(images, labels);
    }

    private static int label(NdArray<?> y, long i) {
      return ((Number) y.getObject(i)).intValue();
    }

    /** Writes the images as grayscale PNGs, one folder per class ({@code "<label>_<name>"}, sorted as the labels). */
    void writePngs(Path folder, List<String> classes, List<Path> written) throws IOException {
      for (int c = 0; c < classes.size(); c++) {
        written.add(Files.createDirectory(folder.resolve(c + "_" + classes.get(c))));
      }
      for (int i = 0; i < size(); i++) {
        int label = y.getInt(i);
        BufferedImage image = new BufferedImage(28, 28, BufferedImage.TYPE_BYTE_GRAY);
        var raster = image.getRaster();
        for (int row = 0; row < 28; row++) {
          for (int col = 0; col < 28; col++) {
            raster.setSample(col, row, 0, (int) x.getFloat(i, row, col, 0));
          }
        }
        Path file = folder.resolve(label + "_" + classes.get(label)).resolve(String.format("%05d.png", i));
        ImageIO.write(image, "png", file.toFile());
        written.add(file);
      }
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
