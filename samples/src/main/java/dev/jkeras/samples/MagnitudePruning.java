package dev.jkeras.samples;

import dev.jkeras.layers.Conv2D;
import dev.jkeras.layers.Dense;
import dev.jkeras.layers.Dropout;
import dev.jkeras.layers.Flatten;
import dev.jkeras.layers.Layer;
import dev.jkeras.layers.MaxPooling2D;
import dev.jkeras.models.Sequential;
import dev.jkeras.ops.Ops;
import dev.jkeras.optimization.sparsity.PolynomialDecay;
import dev.jkeras.optimization.sparsity.PruneLowMagnitude;
import dev.jkeras.optimization.sparsity.Sparsity;
import dev.jkeras.optimization.sparsity.UpdatePruningStep;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.function.Supplier;
import java.util.zip.GZIPOutputStream;
import org.tensorflow.ndarray.FloatNdArray;
import org.tensorflow.ndarray.NdArray;

/**
 * Seed 000's deployment section, weight pruning as the TensorFlow Model Optimization guide does it
 * ("Pruning in Keras example"): train the seed MLP and the CNN on Fashion-MNIST, fine-tune each with
 * {@code prune_low_magnitude} and a {@code PolynomialDecay} from 0 to 80% sparsity over the pruning
 * epochs, strip the wrappers, and compare test accuracy, the kernels' sparsity and the gzip-compressed
 * size of the {@code .keras} files (the guide's size measure) before and after.
 */
public final class MagnitudePruning implements Sample {
  private static final int BATCH_SIZE = 128;

  @Override
  public String name() {
    return "magnitude_pruning";
  }

  @Override
  public String description() {
    return "Seed 000 (deployment): tfmot-style magnitude pruning of the Fashion-MNIST MLP and CNN to 80% sparsity "
        + "(PolynomialDecay, UpdatePruningStep, strip_pruning), accuracy and gzipped .keras size before/after";
  }

  @Override
  public void run(SampleArgs args) {
    var data = SampleData.fashionMnist(args);
    var xTrain = Ops.divide(Ops.cast(data.train().x(), "float32"), 255f);
    var xTest = Ops.divide(Ops.cast(data.test().x(), "float32"), 255f);
    Path out = args.outputDir(this);
    int epochs = args.epochs(5);
    int pruneEpochs = args.smoke() ? 1 : 2;
    System.out.println("Data: " + data.description());
    prune("mlp", () -> new Sequential(new Flatten().inputShape(28, 28), new Dense(300, "relu"),
        new Dense(100, "relu"), new Dense(10, "softmax")), xTrain, data.train().y(), xTest, data.test().y(),
        epochs, pruneEpochs, out, args);
    if (!args.smoke()) {
      var xTrain4 = Ops.expandDims(xTrain, -1);
      var xTest4 = Ops.expandDims(xTest, -1);
      prune("cnn", () -> new Sequential(new Conv2D(32, 3).activation("relu").inputShape(28, 28, 1),
          new MaxPooling2D(2), new Conv2D(64, 3).activation("relu"), new MaxPooling2D(2), new Flatten(),
          new Dropout(0.5), new Dense(10, "softmax")), xTrain4, data.train().y(), xTest4, data.test().y(),
          Math.max(1, epochs / 2), pruneEpochs, out, args);
    }
  }

  private static void prune(String name, Supplier<Sequential> build, NdArray<?> x, NdArray<?> y, NdArray<?> xTest,
      NdArray<?> yTest, int epochs, int pruneEpochs, Path out, SampleArgs args) {
    try (Sequential model = build.get()) {
      model.compile("adam", "sparse_categorical_crossentropy", "accuracy");
      long start = System.nanoTime();
      model.fit(x, y, f -> f.epochs(epochs).batchSize(BATCH_SIZE).validationSplit(0.1).verbose(0));
      double baselineSeconds = (System.nanoTime() - start) / 1e9;
      double baselineAccuracy = model.evaluate(xTest, yTest, e -> e.verbose(0)).get("accuracy");
      double baselinePredictMs = predictMillis(model, xTest);
      Path baselineFile = out.resolve(name + "_baseline.keras");
      // Without the optimizer's state, as the guide saves both models (include_optimizer=False).
      try (Sequential plain = Sparsity.stripPruning(model)) {
        plain.save(baselineFile);
      }

      long trainSamples = Math.round(x.shape().get(0) * 0.9);
      long endStep = (trainSamples + BATCH_SIZE - 1) / BATCH_SIZE * pruneEpochs;
      // tfmot's default frequency of 100 steps; a smoke run's few steps get at least a few mask updates.
      var schedule = new PolynomialDecay(0.0, 0.8, 0, endStep, 3, Math.min(100, Math.max(1, endStep / 4)));
      try (Sequential pruned = Sparsity.pruneLowMagnitude(model, schedule)) {
        pruned.compile("adam", "sparse_categorical_crossentropy", "accuracy");
        start = System.nanoTime();
        pruned.fit(x, y, f -> f.epochs(pruneEpochs).batchSize(BATCH_SIZE).validationSplit(0.1).verbose(0)
            .callbacks(new UpdatePruningStep()));
        double pruneSeconds = (System.nanoTime() - start) / 1e9;
        try (Sequential stripped = Sparsity.stripPruning(pruned)) {
          Path prunedFile = out.resolve(name + "_pruned.keras");
          stripped.save(prunedFile);
          stripped.compile("adam", "sparse_categorical_crossentropy", "accuracy");
          double prunedAccuracy = stripped.evaluate(xTest, yTest, e -> e.verbose(0)).get("accuracy");
          double prunedPredictMs = predictMillis(stripped, xTest);
          System.out.printf("%s: %s%n", name, schedule);
          for (Layer layer : pruned.layers()) {
            PruneLowMagnitude wrapper = (PruneLowMagnitude) layer;
            if (!wrapper.prunableWeights().isEmpty()) {
              FloatNdArray kernel = (FloatNdArray) wrapper.prunableWeights().get(0).read();
              long[] zeros = {0};
              kernel.scalars().forEach(s -> zeros[0] += s.getFloat() == 0f ? 1 : 0);
              double sparsity = (double) zeros[0] / kernel.size();
              long lastUpdate = endStep / schedule.frequency() * schedule.frequency();
              float target = schedule.sparsity(lastUpdate);
              long expected = kernel.size() - Math.max((long) Math.rint((float) kernel.size() * (1f - target)), 1);
              System.out.printf("  %-10s kernel %s: sparsity %.4f (%d of %d zero; the schedule's %.8f at its last "
                  + "update, step %d, prunes %d)%n", wrapper.layer().name(), kernel.shape(), sparsity, zeros[0],
                  kernel.size(), target, lastUpdate, expected);
              args.record(name + "_" + wrapper.layer().name() + "_sparsity", sparsity);
            }
          }
          long baselineGz = gzippedSize(baselineFile);
          long prunedGz = gzippedSize(prunedFile);
          System.out.printf("  test accuracy: baseline %.4f (%d epochs, %.0f s), pruned %.4f (%d more epochs, %.0f s)%n",
              baselineAccuracy, epochs, baselineSeconds, prunedAccuracy, pruneEpochs, pruneSeconds);
          System.out.printf("  .keras size: baseline %,d B (gzip %,d B), pruned %,d B (gzip %,d B): %.2fx smaller "
              + "gzipped%n", Files.size(baselineFile), baselineGz, Files.size(prunedFile), prunedGz,
              (double) baselineGz / prunedGz);
          System.out.printf("  predict on the %d test images (median of 5): baseline %.0f ms, pruned %.0f ms "
              + "(dense kernels with zeros: the same matmuls)%n", xTest.shape().get(0), baselinePredictMs,
              prunedPredictMs);
          args.record(name + "_baseline_predict_ms", baselinePredictMs);
          args.record(name + "_pruned_predict_ms", prunedPredictMs);
          args.record(name + "_baseline_test_accuracy", baselineAccuracy);
          args.record(name + "_pruned_test_accuracy", prunedAccuracy);
          args.record(name + "_baseline_keras_gzip_bytes", baselineGz);
          args.record(name + "_pruned_keras_gzip_bytes", prunedGz);
        }
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** The median time of 5 predictions of {@code x}, after one to warm up. */
  private static double predictMillis(Sequential model, NdArray<?> x) {
    model.predict(x, p -> p.verbose(0).batchSize(BATCH_SIZE));
    double[] times = new double[5];
    for (int i = 0; i < times.length; i++) {
      long start = System.nanoTime();
      model.predict(x, p -> p.verbose(0).batchSize(BATCH_SIZE));
      times[i] = (System.nanoTime() - start) / 1e6;
    }
    java.util.Arrays.sort(times);
    return times[times.length / 2];
  }

  /** The size of {@code file} gzip-compressed (the TensorFlow Model Optimization guide's {@code get_gzipped_model_size}). */
  static long gzippedSize(Path file) throws IOException {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    try (GZIPOutputStream gzip = new GZIPOutputStream(bytes)) {
      Files.copy(file, gzip);
    }
    return bytes.size();
  }
}
