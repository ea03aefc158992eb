package dev.jkeras.layers;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.jkeras.KerasTensor;
import dev.jkeras.models.Model;
import dev.jkeras.models.Models;
import dev.jkeras.models.Sequential;
import dev.jkeras.ops.Ops;
import dev.jkeras.optimizers.Adam;
import dev.jkeras.optimizers.SGD;
import dev.jkeras.saving.Serialization;
import dev.jkeras.testing.KerasOracle;
import dev.jkeras.testing.Npy;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.function.Function;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.tensorflow.ndarray.FloatNdArray;
import org.tensorflow.ndarray.NdArray;
import org.tensorflow.ndarray.NdArrays;
import org.tensorflow.ndarray.Shape;

/**
 * The sequence-model layers of issue 16 (part 2) beyond {@link LayerContractTest}: the training-mode
 * statistics and seeds of the random layers, ActivityRegularization's loss in {@code fit}, training
 * through Conv1DTranspose, {@code .keras} files written by Keras, Lambda saving, and hostile arguments.
 */
class SequenceLayersTest {
  static final Function<KerasTensor, KerasTensor> DOUBLE = x -> Ops.multiply(x, 2);
  static final Function<KerasTensor, KerasTensor> ROW_SUM = x -> Ops.sum(x, new int[] {-1}, true);

  /** {@code Lambda(double)} with {@code double} registered as Keras registers it ({@code Custom>double}). */
  static Lambda doubleLambda() {
    Serialization.register("Custom>double", DOUBLE);
    return new Lambda("Custom>double", DOUBLE);
  }

  static Lambda rowSumLambda() {
    Serialization.register("Custom>row_sum", ROW_SUM);
    return new Lambda("Custom>row_sum", ROW_SUM);
  }

  // ------------------------------------------------------------------ random layers in training

  private static FloatNdArray normals(long seed, long... shape) {
    Random random = new Random(seed);
    FloatNdArray x = NdArrays.ofFloats(Shape.of(shape));
    x.scalars().forEach(s -> s.setFloat((float) random.nextGaussian()));
    return x;
  }

  private static FloatNdArray ones(long... shape) {
    FloatNdArray x = NdArrays.ofFloats(Shape.of(shape));
    x.scalars().forEach(s -> s.setFloat(1f));
    return x;
  }

  private static float[] flat(NdArray<?> array) {
    float[] values = new float[Math.toIntExact(array.shape().size())];
    int[] i = {0};
    array.scalars().forEach(s -> values[i[0]++] = ((Number) s.getObject()).floatValue());
    return values;
  }

  private static float[] run(Layer layer, FloatNdArray x, boolean training) {
    int[] shape = new int[x.rank() - 1];
    for (int i = 0; i < shape.length; i++) {
      shape[i] = (int) x.shape().get(i + 1);
    }
    try (Model model = new Sequential(Input.of(shape), layer)) {
      return flat(model.predict(x, p -> p.verbose(0).training(training)));
    }
  }

  private static double mean(float[] v) {
    double sum = 0;
    for (float f : v) {
      sum += f;
    }
    return sum / v.length;
  }

  private static double std(float[] v) {
    double m = mean(v);
    double sum = 0;
    for (float f : v) {
      sum += (f - m) * (f - m);
    }
    return Math.sqrt(sum / v.length);
  }

  @Test
  void gaussianNoiseAddsNoiseOfItsStddevOnlyWhileTraining() {
    FloatNdArray x = ones(200, 50);
    assertTrue(mean(run(new GaussianNoise(0.4, 5), x, false)) == 1 && std(run(new GaussianNoise(0.4), x, false)) == 0,
        "identity at inference");
    float[] noisy = run(new GaussianNoise(0.4, 5), x, true);
    assertEquals(1, mean(noisy), 0.01);
    assertEquals(0.4, std(noisy), 0.01);
  }

  @Test
  void gaussianDropoutMultipliesByNoiseOfMeanOne() {
    FloatNdArray x = ones(200, 50);
    assertEquals(0, std(run(new GaussianDropout(0.3), x, false)));
    float[] noisy = run(new GaussianDropout(0.3, 9), x, true);
    assertEquals(1, mean(noisy), 0.02);
    assertEquals(Math.sqrt(0.3 / 0.7), std(noisy), 0.015);
  }

  @Test
  void spatialDropoutDropsWholeChannelsAndScalesTheRest() {
    float[] y = run(new SpatialDropout1D(0.4, 3), ones(100, 6, 20), true);
    int dropped = 0;
    for (int b = 0; b < 100; b++) {
      for (int c = 0; c < 20; c++) {
        float first = y[b * 120 + c];
        assertTrue(first == 0 || Math.abs(first - 1 / 0.6f) < 1e-5, "kept values are scaled by 1 / (1 - rate)");
        for (int t = 1; t < 6; t++) {
          assertEquals(first, y[b * 120 + t * 20 + c], "a channel is dropped at every step together");
        }
        dropped += first == 0 ? 1 : 0;
      }
    }
    assertEquals(0.4, dropped / 2000.0, 0.04);
    float[] images = run(new SpatialDropout2D(0.5, 4), ones(50, 3, 3, 8), true);
    for (int b = 0; b < 50; b++) {
      for (int c = 0; c < 8; c++) {
        for (int p = 1; p < 9; p++) {
          assertEquals(images[b * 72 + c], images[b * 72 + p * 8 + c], "a channel is dropped at every pixel together");
        }
      }
    }
    assertEquals(0, std(run(new SpatialDropout1D(0.4), ones(4, 6, 20), false)));
  }

  @Test
  void aSeedMakesTheTrainingDrawReproducible() {
    FloatNdArray x = ones(8, 10);
    List<Function<Long, Layer>> layers = List.of(s -> new GaussianNoise(0.5, s), s -> new GaussianDropout(0.5, s),
        s -> new SpatialDropout1D(0.5, s));
    for (Function<Long, Layer> layer : layers) {
      FloatNdArray input = layer.apply(1L) instanceof SpatialDropout1D ? ones(8, 5, 10) : x;
      float[] first = run(layer.apply(42L), input, true);
      assertEquals(List.of(toList(first)), List.of(toList(run(layer.apply(42L), input, true))),
          layer.apply(1L).getClass().getSimpleName() + ": the same seed, the same draw");
      assertNotEquals(toList(first), toList(run(layer.apply(43L), input, true)),
          layer.apply(1L).getClass().getSimpleName() + ": another seed, another draw");
    }
  }

  private static List<Float> toList(float[] v) {
    Float[] boxed = new Float[v.length];
    for (int i = 0; i < v.length; i++) {
      boxed[i] = v[i];
    }
    return List.of(boxed);
  }

  // ------------------------------------------------------------------ losses and gradients

  @Test
  void activityRegularizationPenaltyIsPartOfFitsLoss() {
    FloatNdArray x = normals(1, 4, 3);
    float[] v = flat(x);
    double l1 = 0.5;
    double l2 = 0.25;
    double expected = 0;
    for (float f : v) {
      expected += l1 * Math.abs(f) + l2 * f * f;
    }
    expected /= 4;
    try (Model model = new Sequential(Input.of(3), new ActivityRegularization(l1, l2),
        new Dense(1).kernelInitializer("zeros").useBias(false))) {
      model.compile(new SGD(0.0), "mse");
      double loss = model.fit(x, NdArrays.ofFloats(Shape.of(4, 1)), f -> f.epochs(1).batchSize(4).verbose(0))
          .history().get("loss").get(0);
      assertEquals(expected, loss, 1e-5 * expected, "the fit loss is the (zero) mse plus the activity penalty");
    }
  }

  @Test
  void conv1dTransposeTrains() {
    FloatNdArray x = normals(2, 16, 5, 2);
    FloatNdArray y;
    try (Model teacher = new Sequential(Input.of(5, 2), new Conv1DTranspose(2, 3).strides(2).padding("same")
        .useBias(false))) {
      y = teacher.predict(x, p -> p.verbose(0));
    }
    try (Model model = new Sequential(Input.of(5, 2), new Conv1DTranspose(2, 3).strides(2).padding("same")
        .useBias(false))) {
      model.compile(new Adam(0.05), "mse");
      List<Double> losses = model.fit(x, y, f -> f.epochs(40).batchSize(16).verbose(0)).history().get("loss");
      assertTrue(losses.get(39) < 0.05 * losses.get(0), "the kernel learns the teacher's: " + losses);
    }
  }

  // ------------------------------------------------------------------ files

  @Test
  void kerasFilesWithTheseLayersLoadAndPredictTheSame(@TempDir Path dir) {
    KerasOracle.assumeAvailable();
    KerasOracle.run("sequence_layers.py", dir.toString());
    for (String name : List.of("seq", "image")) {
      try (Model model = Models.loadModel(dir.resolve(name + ".keras"), Map.of("Custom>double", DOUBLE))) {
        float[] actual = flat(model.predict(Npy.read(dir.resolve(name + ".x.npy")), p -> p.verbose(0)));
        float[] expected = flat(Npy.read(dir.resolve(name + ".y.npy")));
        assertTrue(std(expected) > 0.01, name + ": the outputs are not trivial");
        assertEquals(expected.length, actual.length, name);
        for (int i = 0; i < expected.length; i++) {
          assertEquals(expected[i], actual[i], 1e-5 + 1e-5 * Math.abs(expected[i]), name + " element " + i);
        }
      }
    }
    IllegalArgumentException unregistered = assertThrows(IllegalArgumentException.class,
        () -> Models.loadModel(dir.resolve("unregistered.keras")));
    assertTrue(rootMessage(unregistered).contains("\"Custom>triple\", which is not registered")
        && rootMessage(unregistered).contains("Serialization.register(\"Custom>triple\""), rootMessage(unregistered));
    IllegalArgumentException bytecode = assertThrows(IllegalArgumentException.class,
        () -> Models.loadModel(dir.resolve("python_lambda.keras")));
    assertTrue(rootMessage(bytecode).contains("Python bytecode") && rootMessage(bytecode).contains("safe_mode"),
        rootMessage(bytecode));
  }

  @Test
  void kerasLoadsAJkerasFileWithTheseLayersAndPredictsTheSame(@TempDir Path dir) {
    KerasOracle.assumeAvailable();
    FloatNdArray x = normals(4, 2, 6, 3);
    float[] expected;
    try (Model model = new Sequential(Input.of(6, 3),
        new Conv1DTranspose(4, 3).strides(2).padding("same").activation("tanh"), new GaussianNoise(0.3, 1),
        new SpatialDropout1D(0.2), new Cropping1D(1, 2), new ZeroPadding1D(2, 1), new UpSampling1D(2),
        new Permute(2, 1), new Identity(), new ActivityRegularization(0.01, 0.001), new GaussianDropout(0.1),
        doubleLambda(), new Permute(2, 1), new Conv1DTranspose(2, 4).strides(3).outputPadding(1),
        new Conv1DTranspose(1, 2).dilationRate(2).padding("same"), new Reshape(-1, 2, 1),
        new SpatialDropout2D(0.3), new Cropping2D(new int[][] {{1, 2}, {0, 1}}))) {
      expected = flat(model.predict(x, p -> p.verbose(0)));
      model.save(dir.resolve("jkeras.keras"));
    }
    Npy.write(dir.resolve("jkeras.x.npy"), x);
    String printed = KerasOracle.run("sequence_layers.py", "--read", dir.toString());
    assertTrue(printed.contains("Lambda") && printed.contains("Conv1DTranspose") && printed.contains("Cropping2D"),
        printed);
    float[] actual = flat(Npy.read(dir.resolve("jkeras.keras_y.npy")));
    assertTrue(std(expected) > 0.01, "the outputs are not trivial");
    assertEquals(expected.length, actual.length);
    for (int i = 0; i < expected.length; i++) {
      assertEquals(expected[i], actual[i], 1e-5 + 1e-5 * Math.abs(expected[i]), "element " + i);
    }
  }

  private static String rootMessage(Throwable e) {
    StringBuilder all = new StringBuilder();
    for (Throwable t = e; t != null; t = t.getCause()) {
      all.append(t.getMessage()).append('\n');
    }
    return all.toString();
  }

  @Test
  void aNamedLambdaSavesAndLoadsThroughCustomObjects(@TempDir Path dir) throws IOException {
    Function<KerasTensor, KerasTensor> addOne = x -> Ops.add(x, 1.0);
    FloatNdArray x = normals(3, 2, 3);
    Path file = dir.resolve("lambda.keras");
    float[] expected;
    try (Model model = new Sequential(Input.of(3), new Lambda("Custom>add_one_test", addOne).outputShape(3),
        new Dense(2))) {
      expected = flat(model.predict(x, p -> p.verbose(0)));
      model.save(file);
    }
    assertTrue(Files.exists(file));
    try (Model loaded = Models.loadModel(file, Map.of("Custom>add_one_test", addOne))) {
      assertEquals(toList(expected), toList(flat(loaded.predict(x, p -> p.verbose(0)))));
    }
    IllegalArgumentException missing = assertThrows(IllegalArgumentException.class, () -> Models.loadModel(file));
    assertTrue(rootMessage(missing).contains("not registered"), rootMessage(missing));
    try (Model unnamed = new Sequential(Input.of(3), new Lambda(addOne))) {
      Exception e = assertThrows(IllegalArgumentException.class, () -> unnamed.save(dir.resolve("unnamed.keras")));
      assertTrue(rootMessage(e).contains("unnamed Java lambda"), rootMessage(e));
    }
    assertTrue(Files.notExists(dir.resolve("unnamed.keras")), "no half-written file");
  }

  // ------------------------------------------------------------------ hostile input

  private static void assertRefused(String expectedPart, org.junit.jupiter.api.function.Executable action) {
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class, action);
    assertTrue(rootMessage(e).contains(expectedPart), "expected \"" + expectedPart + "\" in: " + rootMessage(e));
  }

  @Test
  void badArgumentsAreClearErrors() {
    assertRefused("permutation of 1..2", () -> new Permute(1, 1));
    assertRefused("permutation of 1..2", () -> new Permute(0, 1));
    assertRefused("permutation of 1..2", () -> new Permute(2, 3));
    assertRefused("needs `dims`", () -> new Permute());
    assertRefused("between 0 and 1", () -> new GaussianNoise(-0.1));
    assertRefused("between 0 and 1", () -> new GaussianNoise(1.5));
    assertRefused("between 0 and 1", () -> new GaussianNoise(Double.NaN));
    assertRefused("[0, 1)", () -> new GaussianDropout(-0.5));
    assertRefused("standard deviation infinite", () -> new GaussianDropout(1));
    assertRefused("[0, 1)", () -> new SpatialDropout1D(-0.2));
    assertRefused("[0, 1)", () -> new SpatialDropout2D(1.0));
    assertRefused("non-negative", () -> new ActivityRegularization(-1, 0));
    assertRefused("non-negative", () -> new Cropping1D(-1, 2));
    assertRefused("non-negative", () -> new ZeroPadding1D(-1));
    assertRefused("positive integer", () -> new UpSampling1D(0));
    assertRefused("`filters`", () -> new Conv1DTranspose(0, 3));
    assertRefused("should have two elements", () -> new Cropping2D(new int[][] {{1, 1}}));
    assertRefused("needs a function", () -> new Lambda(null));
  }

  @Test
  void badInputsAreClearErrors() {
    assertRefused("expected ndim=4", () -> new Permute(2, 1, 3).apply(Input.of(4, 3)));
    assertRefused("expected ndim=3", () -> new Cropping1D().apply(Input.of(4)));
    assertRefused("expected ndim=4", () -> new Cropping2D(1).apply(Input.of(4, 3)));
    assertRefused("expected ndim=3", () -> new UpSampling1D().apply(Input.of(4, 3, 2)));
    assertRefused("expected ndim=3", () -> new ZeroPadding1D().apply(Input.of(4)));
    assertRefused("expected ndim=3", () -> new SpatialDropout1D(0.1).apply(Input.of(4)));
    assertRefused("expected ndim=4", () -> new SpatialDropout2D(0.1).apply(Input.of(4, 2)));
    assertRefused("expected ndim=3", () -> new Conv1DTranspose(2, 3).apply(Input.of(4)));
    assertRefused("must remove fewer steps", () -> new Cropping1D(2, 3).apply(Input.of(5, 2)));
    assertRefused("must leave at least one row", () -> new Cropping2D(2).apply(Input.of(4, 6, 1)));
    assertRefused("needs a known number of steps", () -> new Cropping1D().apply(Input.of(-1, 2)));
    assertRefused("strictly less than `strides`",
        () -> new Conv1DTranspose(2, 3).strides(2).outputPadding(2).apply(Input.of(5, 2)));
    assertRefused("needs known spatial sizes", () -> new Conv1DTranspose(2, 3).strides(2).apply(Input.of(-1, 2)));
    assertRefused("declares output_shape [4]", () -> new Lambda(DOUBLE).outputShape(4).apply(Input.of(3)));
  }

  @Test
  void anUnnamedLambdaWorksAndShowsInTheSummary() {
    try (Model model = new Sequential(Input.of(3), new Lambda(DOUBLE).name("twice"), new Dense(2))) {
      model.compile("sgd", "mse");
      model.fit(ones(4, 3), NdArrays.ofFloats(Shape.of(4, 2)), f -> f.epochs(1).verbose(0));
      java.io.StringWriter text = new java.io.StringWriter();
      model.summary(line -> text.append(line).append('\n'));
      assertTrue(text.toString().contains("twice (Lambda)"), text.toString());
      assertEquals(List.of(2f, 2f, 2f), toList(run(new Lambda(DOUBLE), ones(1, 3), false)));
    }
  }

  @Test
  void conv1dTransposeWithStrideOneTakesAnyLength() {
    try (Model model = new Sequential(Input.of(-1, 2), new Conv1DTranspose(3, 3).kernelInitializer("ones"))) {
      assertEquals(Shape.of(1, 6, 3), model.predict(ones(1, 4, 2), p -> p.verbose(0)).shape());
      assertEquals(Shape.of(1, 9, 3), model.predict(ones(1, 7, 2), p -> p.verbose(0)).shape());
    }
  }
}
