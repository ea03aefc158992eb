package dev.jkeras.samples;

import dev.jkeras.layers.Conv2D;
import dev.jkeras.layers.Dense;
import dev.jkeras.layers.Flatten;
import dev.jkeras.layers.MaxPooling2D;
import dev.jkeras.models.Model;
import dev.jkeras.models.Sequential;
import dev.jkeras.ops.Ops;
import org.tensorflow.ndarray.index.Indices;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.function.Supplier;
import org.tensorflow.ndarray.FloatNdArray;
import org.tensorflow.ndarray.NdArray;

/**
 * Keras's {@code model.quantize("int8")} on the seed MLP (784-300-100-10, SGD) and the seed CNN
 * (Conv2D-MaxPooling x2, Dense 10; its convolutions stay float32, as Keras quantizes only Dense,
 * EinsumDense and Embedding): {@code .keras} file size, test accuracy and predict latency at batch 1
 * and 128 (medians of interleaved rounds, {@code predictOnBatch}) before and after quantizing.
 */
final class QuantizeBenchmarks {
  private static final int CALLS = 200;

  private QuantizeBenchmarks() {}

  static void quantize(SampleData data, int rounds, int epochs) {
    try {
      FloatNdArray xTrain = (FloatNdArray) Ops.divide(Ops.cast(data.train().x(), "float32"), 255f);
      FloatNdArray xTest = (FloatNdArray) Ops.divide(Ops.cast(data.test().x(), "float32"), 255f);
      NdArray<?> yTrain = data.train().y();
      NdArray<?> yTest = data.test().y();
      System.out.println("int8 quantization (" + data.description() + "), " + epochs + " epoch(s) of training, "
          + rounds + " interleaved rounds of " + CALLS + " predictOnBatch calls, median us per call");
      run("seed MLP", () -> new Sequential(new Flatten().inputShape(28, 28), new Dense(300, "relu"),
          new Dense(100, "relu"), new Dense(10, "softmax")), "sgd", xTrain, yTrain, xTest, yTest, rounds, epochs);
      FloatNdArray cnnTrain = (FloatNdArray) Ops.expandDims(xTrain, -1);
      FloatNdArray cnnTest = (FloatNdArray) Ops.expandDims(xTest, -1);
      run("seed CNN", () -> new Sequential(new Conv2D(32, 3).activation("relu").inputShape(28, 28, 1),
          new MaxPooling2D(2), new Conv2D(64, 3).activation("relu"), new MaxPooling2D(2), new Flatten(),
          new Dense(10, "softmax")), "adam", cnnTrain, yTrain, cnnTest, yTest, rounds, epochs);
    } catch (java.io.IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
  }

  private static void run(String what, Supplier<Model> make, String optimizer, FloatNdArray xTrain, NdArray<?> yTrain,
      FloatNdArray xTest, NdArray<?> yTest, int rounds, int epochs) throws java.io.IOException {
    Path dir = Files.createTempDirectory("jkeras-quantize");
    try (Model model = make.get(); Model quantized = make.get()) {
      model.compile(optimizer, "sparse_categorical_crossentropy", "accuracy");
      model.fit(xTrain, yTrain, fit -> fit.epochs(epochs).batchSize(128).verbose(0));
      Path floatFile = dir.resolve("float.keras");
      model.save(floatFile);
      quantized.compile(optimizer, "sparse_categorical_crossentropy", "accuracy");
      quantized.build(model.inputShape());
      quantized.setWeights(model.getWeights());
      quantized.quantize("int8");
      Path int8File = dir.resolve("int8.keras");
      quantized.save(int8File);
      long floatWeightsOnly = uncompiledSize(make, model, false, dir.resolve("float_plain.keras"));
      long int8WeightsOnly = uncompiledSize(make, model, true, dir.resolve("int8_plain.keras"));
      System.out.printf("%s: .keras without optimizer state %,d -> %,d bytes (%.2fx smaller)%n", what,
          floatWeightsOnly, int8WeightsOnly, (double) floatWeightsOnly / int8WeightsOnly);
      double floatAccuracy = model.evaluate(xTest, yTest, e -> e.verbose(0)).get("accuracy");
      double int8Accuracy = quantized.evaluate(xTest, yTest, e -> e.verbose(0)).get("accuracy");
      System.out.printf("%s: .keras compiled (with the optimizer's state) %,d -> %,d bytes (%.2fx smaller); test accuracy %.4f -> %.4f (%+.4f)%n", what,
          Files.size(floatFile), Files.size(int8File), (double) Files.size(floatFile) / Files.size(int8File),
          floatAccuracy, int8Accuracy, int8Accuracy - floatAccuracy);
      for (int batch : new int[] {1, 128}) {
        NdArray<?> x = xTest.slice(Indices.range(0, batch));
        double[][] us = new double[2][rounds];
        for (int r = 0; r < rounds; r++) {
          us[0][r] = microsPerCall(model, x);
          us[1][r] = microsPerCall(quantized, x);
        }
        double before = median(us[0]);
        double after = median(us[1]);
        System.out.printf("%s: batch %d predict %.0f us -> %.0f us (%.2fx)%n", what, batch, before, after,
            after / before);
      }
    } finally {
      try (var files = Files.list(dir)) {
        for (Path file : files.toList()) {
          Files.delete(file);
        }
      }
      Files.delete(dir);
    }
  }

  /** The size of an uncompiled copy of {@code trained} saved as {@code .keras}, quantized or not. */
  private static long uncompiledSize(Supplier<Model> make, Model trained, boolean quantize, Path file)
      throws java.io.IOException {
    try (Model copy = make.get()) {
      copy.build(trained.inputShape());
      copy.setWeights(trained.getWeights());
      if (quantize) {
        copy.quantize("int8");
      }
      copy.save(file);
      return Files.size(file);
    }
  }

  private static double microsPerCall(Model model, NdArray<?> x) {
    for (int i = 0; i < CALLS / 10; i++) {
      model.predictOnBatch(x);
    }
    long start = System.nanoTime();
    for (int i = 0; i < CALLS; i++) {
      model.predictOnBatch(x);
    }
    return (System.nanoTime() - start) / 1e3 / CALLS;
  }

  private static double median(double[] values) {
    double[] sorted = values.clone();
    Arrays.sort(sorted);
    return sorted[sorted.length / 2];
  }
}
