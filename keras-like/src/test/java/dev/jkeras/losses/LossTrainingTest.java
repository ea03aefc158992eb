package dev.jkeras.losses;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.jkeras.KerasTensor;
import dev.jkeras.backend.Backends;
import dev.jkeras.backend.GraphFunction;
import dev.jkeras.backend.ModelGraph;
import dev.jkeras.layers.Dense;
import dev.jkeras.layers.Reshape;
import dev.jkeras.models.Sequential;
import dev.jkeras.ops.Ops;
import dev.jkeras.saving.Config;
import dev.jkeras.saving.Serialization;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.function.Supplier;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.tensorflow.ndarray.FloatNdArray;
import org.tensorflow.ndarray.NdArray;
import org.tensorflow.ndarray.NdArrays;
import org.tensorflow.ndarray.Shape;
import org.tensorflow.ndarray.StdArrays;

/**
 * Every loss of issue 17 trains: a small model fitted with it for a few epochs lowers it (so its
 * gradient exists and points the right way); CTC's registered gradient equals finite differences; and
 * bad options, configs and inputs fail with clear messages.
 */
class LossTrainingTest {
  private static final int SAMPLES = 32;
  private static final Random RANDOM = new Random(17);

  /** Inputs (samples, 4); targets of the kind each loss takes; the model's output layer for them. */
  private enum Task {
    REGRESSION, POSITIVE, BINARY, CLASSES, LABELS, EMBEDDING, SEQUENCE
  }

  static Stream<Arguments> losses() {
    List<Arguments> cases = new ArrayList<>();
    for (String name : List.of("log_cosh", "mean_squared_logarithmic_error", "mean_absolute_percentage_error",
        "cosine_similarity")) {
      cases.add(Arguments.of(name, (Supplier<Loss>) () -> Losses.get(name), Task.REGRESSION));
    }
    cases.add(Arguments.of("poisson", (Supplier<Loss>) Poisson::new, Task.POSITIVE));
    for (String name : List.of("hinge", "squared_hinge", "binary_focal_crossentropy", "dice", "tversky")) {
      cases.add(Arguments.of(name, (Supplier<Loss>) () -> Losses.get(name), Task.BINARY));
    }
    cases.add(Arguments.of("binary focal, balanced, logits", (Supplier<Loss>) () -> new BinaryFocalCrossentropy()
        .applyClassBalancing(true).fromLogits(true).labelSmoothing(0.1), Task.BINARY));
    cases.add(Arguments.of("binary crossentropy, smoothed", (Supplier<Loss>) () -> new BinaryCrossentropy()
        .labelSmoothing(0.1).reduction("sum"), Task.BINARY));
    for (String name : List.of("kl_divergence", "categorical_hinge", "categorical_focal_crossentropy")) {
      cases.add(Arguments.of(name, (Supplier<Loss>) () -> Losses.get(name), Task.CLASSES));
    }
    cases.add(Arguments.of("categorical crossentropy, smoothed", (Supplier<Loss>) () -> new CategoricalCrossentropy()
        .labelSmoothing(0.2).reduction("mean_with_sample_weight"), Task.CLASSES));
    cases.add(Arguments.of("sparse categorical crossentropy, ignore_class", (Supplier<Loss>) () ->
        new SparseCategoricalCrossentropy().ignoreClass(2), Task.LABELS));
    cases.add(Arguments.of("sparse categorical crossentropy, unreduced", (Supplier<Loss>) () ->
        new SparseCategoricalCrossentropy().reduction(null), Task.LABELS));
    cases.add(Arguments.of("categorical generalized cross-entropy", (Supplier<Loss>) () ->
        new CategoricalGeneralizedCrossEntropy(0.7), Task.LABELS));
    cases.add(Arguments.of("crossentropy (sparse, by the shapes)", (Supplier<Loss>) () -> Losses.get("crossentropy"),
        Task.LABELS));
    cases.add(Arguments.of("ce (categorical, by the shapes)", (Supplier<Loss>) () -> Losses.get("ce"), Task.BINARY));
    cases.add(Arguments.of("circle", (Supplier<Loss>) () -> new Circle().gamma(10), Task.EMBEDDING));
    cases.add(Arguments.of("ctc", (Supplier<Loss>) CTC::new, Task.SEQUENCE));
    return cases.stream();
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("losses")
  void aModelTrainsWithTheLoss(String label, Supplier<Loss> loss, Task task) {
    FloatNdArray x = randomArray(SAMPLES, 4);
    NdArray<?> y = targets(task, x);
    try (Sequential model = model(task)) {
      model.compile(c -> c.optimizer("adam").loss(loss.get()));
      double before = model.evaluate(x, y, e -> e.verbose(0)).get("loss");
      model.fit(x, y, f -> f.epochs(30).batchSize(8).verbose(0));
      double after = model.evaluate(x, y, e -> e.verbose(0)).get("loss");
      assertTrue(Double.isFinite(after) && after < before, label + ": loss " + before + " -> " + after);
    }
  }

  private static Sequential model(Task task) {
    return switch (task) {
      case REGRESSION -> new Sequential(new Dense(3).inputShape(4));
      case POSITIVE -> new Sequential(new Dense(3, "softplus").inputShape(4));
      case BINARY -> new Sequential(new Dense(3, "sigmoid").inputShape(4));
      case CLASSES, LABELS -> new Sequential(new Dense(3, "softmax").inputShape(4));
      case EMBEDDING -> new Sequential(new Dense(3).inputShape(4),
          new dev.jkeras.layers.Lambda(t -> Ops.multiply(t, Ops.rsqrt(Ops.sum(Ops.square(t), new int[] {-1}, true)))));
      case SEQUENCE -> new Sequential(new Dense(24).inputShape(4), new Reshape(6, 4));
    };
  }

  private static NdArray<?> targets(Task task, FloatNdArray x) {
    int n = (int) x.shape().get(0);
    switch (task) {
      case REGRESSION -> {
        float[][] y = new float[n][3];
        for (int i = 0; i < n; i++) {
          for (int j = 0; j < 3; j++) {
            y[i][j] = 1 + x.getFloat(i, j) + 0.5f * x.getFloat(i, 3);
          }
        }
        return StdArrays.ndCopyOf(y);
      }
      case POSITIVE -> {
        float[][] y = new float[n][3];
        for (int i = 0; i < n; i++) {
          for (int j = 0; j < 3; j++) {
            y[i][j] = Math.round(Math.exp(0.5 * x.getFloat(i, j)));
          }
        }
        return StdArrays.ndCopyOf(y);
      }
      case BINARY -> {
        float[][] y = new float[n][3];
        for (int i = 0; i < n; i++) {
          for (int j = 0; j < 3; j++) {
            y[i][j] = x.getFloat(i, j) > 0 ? 1 : 0;
          }
        }
        return StdArrays.ndCopyOf(y);
      }
      case CLASSES -> {
        float[][] y = new float[n][3];
        for (int i = 0; i < n; i++) {
          y[i][label(x, i)] = 1;
        }
        return StdArrays.ndCopyOf(y);
      }
      case LABELS, EMBEDDING -> {
        int[] y = new int[n];
        for (int i = 0; i < n; i++) {
          y[i] = label(x, i);
        }
        return StdArrays.ndCopyOf(y);
      }
      default -> {
        int[][] y = new int[n][3];
        for (int i = 0; i < n; i++) {
          y[i][0] = 1 + label(x, i);
          y[i][1] = 1 + (label(x, i) + 1) % 3;
        }
        return StdArrays.ndCopyOf(y);
      }
    }
  }

  private static int label(FloatNdArray x, int i) {
    float a = x.getFloat(i, 0);
    float b = x.getFloat(i, 1);
    return a > b ? 0 : a + b > 0 ? 1 : 2;
  }

  private static FloatNdArray randomArray(long... shape) {
    FloatNdArray a = NdArrays.ofFloats(Shape.of(shape));
    a.scalars().forEach(s -> s.setFloat((float) RANDOM.nextGaussian()));
    return a;
  }

  @Test
  void aSavedModelKeepsItsLossOptionsAndMetrics() throws java.io.IOException {
    FloatNdArray x = randomArray(SAMPLES, 4);
    NdArray<?> y = targets(Task.BINARY, x);
    java.nio.file.Path dir = java.nio.file.Files.createTempDirectory("loss-options");
    java.nio.file.Path file = dir.resolve("focal.keras");
    try (Sequential model = model(Task.BINARY)) {
      model.compile(c -> c.optimizer("adam").loss(new BinaryFocalCrossentropy().gamma(3).applyClassBalancing(true)
          .labelSmoothing(0.1).reduction("sum")).metrics("binary_crossentropy", "hinge",
          new dev.jkeras.metrics.KLDivergence("kld")));
      Map<String, Double> before = model.evaluate(x, y, e -> e.verbose(0));
      model.save(file.toString());
      try (var loaded = dev.jkeras.models.Models.loadModel(file.toString())) {
        Map<String, Double> after = loaded.evaluate(x, y, e -> e.verbose(0));
        assertEquals(before.keySet(), after.keySet());
        for (String key : before.keySet()) {
          assertEquals(before.get(key), after.get(key), 1e-6, key);
        }
      }
    } finally {
      java.nio.file.Files.deleteIfExists(file);
      java.nio.file.Files.deleteIfExists(dir);
    }
  }

  // ---------------------------------------------------------------- CTC's gradient

  @Test
  void ctcGradientEqualsFiniteDifferences() {
    FloatNdArray logits = randomArray(2, 5, 4);
    NdArray<?> labels = StdArrays.ndCopyOf(new int[][] {{1, 3, 0}, {2, 2, 1}});
    try (ModelGraph graph = Backends.get().newGraph("ctc_gradient")) {
      KerasTensor[] input = new KerasTensor[1];
      GraphFunction f = graph.trace(() -> {
        input[0] = graph.placeholder("logits", dev.jkeras.DType.FLOAT32, dev.jkeras.Shape.of(2, 5, 4));
        KerasTensor loss = new CTC().apply(Ops.convertToTensor(labels), input[0]);
        List<KerasTensor> outputs = new ArrayList<>();
        outputs.add(loss);
        outputs.addAll(graph.gradientsOfTensors(loss, List.of(input[0])));
        return graph.function(List.of(input[0]), outputs, List.of());
      });
      FloatNdArray gradient = (FloatNdArray) f.call(List.of(graph.feed(logits))).get(1);
      double h = 1e-2;
      for (long[] at : new long[][] {{0, 0, 0}, {0, 2, 1}, {0, 4, 3}, {1, 1, 2}, {1, 3, 1}, {1, 4, 0}}) {
        float original = logits.getFloat(at);
        logits.setFloat((float) (original + h), at);
        double plus = value(f, graph, logits);
        logits.setFloat((float) (original - h), at);
        double minus = value(f, graph, logits);
        logits.setFloat(original, at);
        double numeric = (plus - minus) / (2 * h);
        double analytic = gradient.getFloat(at);
        assertTrue(Math.abs(analytic - numeric) < 2e-3 * Math.max(1, Math.abs(numeric)),
            "d ctc / d logits" + java.util.Arrays.toString(at) + ": analytic " + analytic + ", finite difference "
                + numeric);
      }
    }
  }

  private static double value(GraphFunction f, ModelGraph graph, FloatNdArray logits) {
    return ((Number) f.call(List.of(graph.feed(logits))).get(0).getObject()).doubleValue();
  }

  // ---------------------------------------------------------------- hostile input

  @Test
  void anUnknownReductionIsRefusedListingTheValidOnes() {
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> new MeanSquaredError().reduction("average"));
    assertTrue(e.getMessage().contains("sum_over_batch_size") && e.getMessage().contains("average"), e.getMessage());
    Map<String, Object> saved = new HashMap<>(Serialization.serialize(new Hinge()));
    saved.put("config", Map.of("name", "hinge", "reduction", "auto"));
    e = assertThrows(IllegalArgumentException.class, () -> Serialization.deserialize(saved, Loss.class));
    assertTrue(e.getMessage().contains("reduction=auto"), e.getMessage());
  }

  @Test
  void savedReductionsAndOptionsComeBack() {
    Loss loss = Serialization.deserialize(Serialization.serialize(new BinaryFocalCrossentropy().gamma(3)
        .applyClassBalancing(true).reduction(null)), Loss.class);
    assertEquals(null, loss.reduction());
    assertEquals(new BinaryFocalCrossentropy().gamma(3).applyClassBalancing(true).reduction(null).getConfig(),
        loss.getConfig());
  }

  @Test
  void anIgnoreClassThatIsNoIntegerIsRefused() {
    for (Object bad : List.<Object>of(1.5, "void", true)) {
      IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () ->
          SparseCategoricalCrossentropy.fromConfig(new Config("SparseCategoricalCrossentropy",
              Map.of("ignore_class", bad))));
      assertTrue(e.getMessage().contains("ignore_class"), e.getMessage());
    }
  }

  @Test
  void anIgnoreClassOutsideTheClassesIgnoresNothing() {
    NdArray<?> labels = StdArrays.ndCopyOf(new int[] {0, 1, 2});
    float[][] probabilities = {{0.7f, 0.2f, 0.1f}, {0.1f, 0.8f, 0.1f}, {0.3f, 0.3f, 0.4f}};
    double plain = scalar(() -> new SparseCategoricalCrossentropy().apply(Ops.convertToTensor(labels),
        Ops.convertToTensor(StdArrays.ndCopyOf(probabilities))));
    double outside = scalar(() -> new SparseCategoricalCrossentropy().ignoreClass(255).apply(
        Ops.convertToTensor(labels), Ops.convertToTensor(StdArrays.ndCopyOf(probabilities))));
    assertEquals(plain, outside, 1e-6);
  }

  @Test
  void badSmoothingAndGammaAreRefused() {
    assertThrows(IllegalArgumentException.class, () -> new CategoricalCrossentropy().labelSmoothing(1.5));
    assertThrows(IllegalArgumentException.class, () -> new BinaryCrossentropy().labelSmoothing(-0.1));
    assertThrows(IllegalArgumentException.class, () -> new BinaryFocalCrossentropy().gamma(-1));
    assertThrows(IllegalArgumentException.class, () -> new CategoricalFocalCrossentropy().gamma(Double.NaN));
    assertThrows(IllegalArgumentException.class, () -> new CategoricalGeneralizedCrossEntropy(1.0));
  }

  @Test
  void ctcLabelsLongerThanTheLogitsFailClearly() {
    FloatNdArray logits = randomArray(2, 3, 4);
    NdArray<?> labels = StdArrays.ndCopyOf(new int[][] {{1, 2, 3, 1}, {1, 0, 0, 0}});
    try (Sequential model = new Sequential(new dev.jkeras.layers.Activation("linear").inputShape(3, 4))) {
      model.compile(c -> c.optimizer("sgd").loss(new CTC()));
      IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
          () -> model.evaluate(logits, labels, ev -> ev.verbose(0)));
      assertTrue(e.getMessage().contains("time steps"), e.getMessage());
    }
  }

  @Test
  void ctcInputsOfTheWrongRankFailWithKerasMessages() {
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Backends.get().eager(() ->
        List.of(new CTC().call(Ops.convertToTensor(StdArrays.ndCopyOf(new int[] {1, 2})),
            Ops.convertToTensor(randomArray(2, 3, 4))))));
    assertTrue(e.getMessage().contains("(batch_size, max_length)"), e.getMessage());
    e = assertThrows(IllegalArgumentException.class, () -> Backends.get().eager(() ->
        List.of(new CTC().call(Ops.convertToTensor(StdArrays.ndCopyOf(new int[][] {{1, 2}})),
            Ops.convertToTensor(randomArray(1, 4))))));
    assertTrue(e.getMessage().contains("num_classes"), e.getMessage());
    e = assertThrows(IllegalArgumentException.class, () -> Backends.get().eager(() ->
        List.of(Ops.ctcLoss(Ops.convertToTensor(StdArrays.ndCopyOf(new int[][] {{1, 2}})),
            Ops.convertToTensor(randomArray(1, 3, 4)), Ops.convertToTensor(StdArrays.ndCopyOf(new int[] {2})),
            Ops.convertToTensor(StdArrays.ndCopyOf(new int[] {3})), 4))));
    assertTrue(e.getMessage().contains("mask_index"), e.getMessage());
  }

  @Test
  void mismatchedShapesFailBeforeTheFirstStep() {
    for (Loss loss : List.of(new Hinge(), new KLDivergence(), new BinaryFocalCrossentropy(), new Dice())) {
      try (Sequential model = new Sequential(new Dense(3).inputShape(4))) {
        model.compile(c -> c.optimizer("sgd").loss(loss));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
            () -> model.fit(randomArray(8, 4), randomArray(8, 2), f -> f.epochs(1).verbose(0)));
        assertTrue(e.getMessage().contains("(8,2)") || e.getMessage().contains("(8, 2)"),
            loss.name() + ": " + e.getMessage());
      }
    }
  }

  @Test
  void circleWantsOneEmbeddingPerSample() {
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Backends.get().eager(() ->
        List.of(new Circle().call(Ops.convertToTensor(StdArrays.ndCopyOf(new int[] {1, 2})),
            Ops.convertToTensor(randomArray(2, 3, 4))))));
    assertTrue(e.getMessage().contains("(batch, dim)"), e.getMessage());
  }

  private static double scalar(Supplier<KerasTensor> body) {
    return ((Number) Backends.get().eager(() -> List.of(body.get())).get(0).getObject()).doubleValue();
  }
}
