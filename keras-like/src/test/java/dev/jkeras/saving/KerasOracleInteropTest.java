package dev.jkeras.saving;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.jkeras.DType;
import dev.jkeras.KerasTensor;
import dev.jkeras.backend.Variable;
import dev.jkeras.initializers.Initializers;
import dev.jkeras.layers.BatchNormalization;
import dev.jkeras.layers.Bidirectional;
import dev.jkeras.layers.GRUCell;
import dev.jkeras.layers.GlobalAveragePooling1D;
import dev.jkeras.layers.LSTMCell;
import dev.jkeras.layers.RNN;
import dev.jkeras.layers.RNNCell;
import dev.jkeras.layers.StackedRNNCells;
import dev.jkeras.layers.Concatenate;
import dev.jkeras.layers.Conv2D;
import dev.jkeras.layers.Dense;
import dev.jkeras.layers.Embedding;
import dev.jkeras.layers.Flatten;
import dev.jkeras.layers.GRU;
import dev.jkeras.layers.Input;
import dev.jkeras.layers.InputLayer;
import dev.jkeras.layers.LSTM;
import dev.jkeras.layers.Layer;
import dev.jkeras.layers.LayerNormalization;
import dev.jkeras.layers.MaxPooling2D;
import dev.jkeras.layers.Normalization;
import dev.jkeras.layers.SimpleRNN;
import dev.jkeras.models.Model;
import dev.jkeras.models.Models;
import dev.jkeras.models.Sequential;
import dev.jkeras.ops.Ops;
import dev.jkeras.optimizers.RMSprop;
import dev.jkeras.optimizers.SGD;
import dev.jkeras.testing.KerasOracle;
import dev.jkeras.testing.Npy;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.function.Supplier;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.tensorflow.ndarray.NdArray;
import org.tensorflow.ndarray.NdArrays;
import dev.jkeras.Shape;
import org.tensorflow.ndarray.buffer.DataBuffers;

/**
 * {@code .keras} files both ways, judged by real Keras 3 (the oracle, see {@link KerasOracle}):
 * Keras writes a file per model kind (compiled, after three optimizer steps), jkeras loads it and
 * predicts what Keras predicted with the optimizer state Keras saved; jkeras writes a file per kind
 * (after training), Keras loads it with {@code compile=True} and predicts what jkeras predicted with
 * the optimizer variables of the file. Two Python launches in all (oracle/keras_writes.py,
 * oracle/keras_reads.py).
 */
class KerasOracleInteropTest {
  private static final double RTOL = 1e-5;
  private static final double ATOL = 1e-6;
  private static Path kerasWritten;
  private static Path jkerasWritten;
  private static Map<String, Object> kerasResults;

  /** The Java side of interop_models.Scale, registered under the same name. */
  @RegisterSerializable(packageName = "Interop", name = "Scale")
  static final class Scale extends Layer {
    private final double initial;
    private Variable factor;

    Scale(double initial) {
      this.initial = initial;
    }

    public static Scale fromConfig(Config config) {
      return new Scale(config.getDouble("initial", 1));
    }

    @Override
    public Map<String, Object> getConfig() {
      Map<String, Object> config = super.getConfig();
      config.put("initial", initial);
      return config;
    }

    @Override
    protected void build(Shape inputShape) {
      factor = addWeight("factor", Shape.of(inputShape.get(-1)), Initializers.constant(initial), true);
    }

    @Override
    protected KerasTensor call(KerasTensor inputs, boolean training) {
      return Ops.multiply(inputs, factor.value());
    }
  }

  /** The Java side of interop_models.TwoTowers. */
  @RegisterSerializable(packageName = "Interop", name = "TwoTowers")
  static final class TwoTowers extends Model {
    private final Dense left = new Dense(5, "tanh");
    private final Dense right = new Dense(5, "relu");
    private final Dense head = new Dense(3, "softmax");

    @Override
    protected KerasTensor call(KerasTensor inputs, boolean training) {
      return head.apply(Ops.concatenate(new KerasTensor[] {left.apply(inputs), right.apply(inputs)}, -1));
    }
  }

  /** The Java side of interop_models.MinimalCell, a user-written RNN cell. */
  @RegisterSerializable(packageName = "Interop", name = "MinimalCell")
  static final class MinimalCell extends RNNCell {
    private final int units;
    private Variable kernel;
    private Variable recurrentKernel;

    MinimalCell(int units) {
      this.units = units;
    }

    public static MinimalCell fromConfig(Config config) {
      return new MinimalCell(config.getInt("units", 0));
    }

    @Override
    public int[] stateSize() {
      return new int[] {units};
    }

    @Override
    protected void build(Shape inputShape) {
      kernel = addWeight("kernel", Shape.of(inputShape.get(1), units), Initializers.get("glorot_uniform"), true);
      recurrentKernel = addWeight("recurrent_kernel", Shape.of(units, units), Initializers.get("orthogonal"), true);
    }

    @Override
    protected Output call(KerasTensor input, List<KerasTensor> states, boolean training) {
      KerasTensor h = Ops.tanh(Ops.add(Ops.matmul(input, kernel.value()),
          Ops.matmul(states.get(0), recurrentKernel.value())));
      return Output.of(h, h);
    }

    @Override
    public Map<String, Object> getConfig() {
      Map<String, Object> config = super.getConfig();
      config.put("units", units);
      return config;
    }
  }

  static {
    Serialization.register(MinimalCell.class);
    Serialization.register(Scale.class);
    Serialization.register(TwoTowers.class);
  }

  /** A model kind: how jkeras builds and trains it (same architecture as interop_models.build). */
  private record Kind(String name, Supplier<Model> build, List<NdArray<?>> x, List<NdArray<?>> y) {
    @Override
    public String toString() {
      return name;
    }
  }

  static List<String> kinds() {
    return List.of("mlp", "cnn", "lstm", "gru", "simple_rnn", "batch_norm", "layer_norm", "normalization",
        "custom_layer", "subclassed", "wide_deep", "embedding_mask", "op_nodes", "many_ops", "shared_nested",
        "masked_lstm", "rnn_cells", "custom_cell", "bidirectional_lstm", "bidirectional_masked", "conv_family",
        "conv_volumes");
  }

  private static Kind kind(String name) {
    Random random = new Random(name.hashCode());
    switch (name) {
      case "mlp":
        return new Kind(name, () -> compiled(new Sequential(new InputLayer(4), new Dense(8, "relu"),
            new Dense(3, "softmax")), "adam", "sparse_categorical_crossentropy", "accuracy"),
            List.of(floats(random, 16, 4)), List.of(labels(random, 16, 3)));
      case "cnn":
        return new Kind(name, () -> compiled(new Sequential(new InputLayer(8, 8, 1),
            new Conv2D(4, 3).activation("relu"), new MaxPooling2D(2), new Flatten(), new Dense(2)),
            new SGD(0.01, 0.9, false), "mse"), List.of(floats(random, 8, 8, 8, 1)), List.of(floats(random, 8, 2)));
      case "lstm":
      case "gru":
      case "simple_rnn": {
        Supplier<Layer> rnn = name.equals("lstm") ? () -> new LSTM(4)
            : name.equals("gru") ? () -> new GRU(4) : () -> new SimpleRNN(4);
        return new Kind(name, () -> compiled(new Sequential(new InputLayer(5, 3), rnn.get(), new Dense(1)),
            new RMSprop(0.01), "mse", "mae"), List.of(floats(random, 8, 5, 3)), List.of(floats(random, 8, 1)));
      }
      case "batch_norm":
      case "layer_norm": {
        Supplier<Layer> norm = name.equals("batch_norm") ? BatchNormalization::new : LayerNormalization::new;
        return new Kind(name, () -> compiled(new Sequential(new InputLayer(4), new Dense(4), norm.get(),
            new Dense(1)), "adam", "mse"), List.of(floats(random, 16, 4)), List.of(floats(random, 16, 1)));
      }
      case "normalization": {
        NdArray<?> data = floats(random, 50, 3);
        return new Kind(name, () -> compiled(new Sequential(new InputLayer(3), new Normalization().adapt(data),
            new Dense(2)), "adam", "mse"), List.of(floats(random, 8, 3)), List.of(floats(random, 8, 2)));
      }
      case "custom_layer":
        return new Kind(name, () -> compiled(new Sequential(new InputLayer(3), new Scale(0.5), new Dense(2)),
            "adam", "mse"), List.of(floats(random, 8, 3)), List.of(floats(random, 8, 2)));
      case "subclassed":
        return new Kind(name, () -> {
          Model model = new TwoTowers();
          model.build(Shape.of(Shape.UNKNOWN, 4));
          return compiled(model, "adam", "sparse_categorical_crossentropy");
        }, List.of(floats(random, 8, 4)), List.of(labels(random, 8, 3)));
      case "wide_deep":
        return new Kind(name, () -> {
          KerasTensor wide = Input.of(3).name("wide");
          KerasTensor deep = Input.of(6).name("deep");
          KerasTensor hidden = new Dense(8, "relu").name("hidden").apply(deep);
          hidden = new Dense(4, "relu").name("hidden_2").apply(hidden);
          KerasTensor merged = new Concatenate().name("merge").apply(wide, hidden);
          KerasTensor main = new Dense(1).name("main").apply(merged);
          KerasTensor aux = new Dense(2, "softmax").name("aux").apply(hidden);
          Model model = new Model(List.of(wide, deep), List.of(main, aux));
          model.compile(c -> c.optimizer("adam").loss("mse", "sparse_categorical_crossentropy"));
          return model;
        }, List.of(floats(random, 8, 3), floats(random, 8, 6)), List.of(floats(random, 8, 1), labels(random, 8, 2)));
      case "embedding_mask":
        return new Kind(name, () -> {
          KerasTensor tokens = Input.of("int32", 6).name("tokens");
          KerasTensor x = new Embedding(10, 4).maskZero(true).apply(tokens);
          KerasTensor out = new Dense(1, "sigmoid").apply(new GlobalAveragePooling1D().apply(x));
          return compiled(new Model(tokens, out), "adam", "binary_crossentropy");
        }, List.of(tokens(random, 8, 6, 10)), List.of(binary(random, 8)));
      case "op_nodes":
      case "many_ops":
        // jkeras cannot trace keras.ops calls on symbolic tensors itself: it writes back what it loaded.
        return new Kind(name, () -> Models.loadModel(kerasWritten().resolve(name + ".keras")),
            List.of(floats(random, 8, 4)), List.of(floats(random, 8, 2)));
      case "shared_nested":
        return new Kind(name, () -> {
          KerasTensor left = Input.of(4).name("left");
          KerasTensor right = Input.of(4).name("right");
          Dense shared = (Dense) new Dense(3, "tanh").name("shared");
          Sequential tower = new Sequential(new InputLayer(3), new Dense(5, "relu"), new Dense(2));
          KerasTensor sum = new dev.jkeras.layers.Add().name("sum")
              .apply(tower.apply(shared.apply(left)), tower.apply(shared.apply(right)));
          return compiled(new Model(List.of(left, right), List.of(sum)), "adam", "mse");
        }, List.of(floats(random, 8, 4), floats(random, 8, 4)), List.of(floats(random, 8, 2)));
      case "masked_lstm":
        return new Kind(name, () -> compiled(new Sequential(new InputLayer(DType.INT32, 6),
            new Embedding(10, 4).maskZero(true), new LSTM(3), new Dense(1)), "adam", "mse"),
            List.of(tokens(random, 8, 6, 10)), List.of(floats(random, 8, 1)));
      case "rnn_cells":
        return new Kind(name, () -> compiled(new Sequential(new InputLayer(5, 3),
            new RNN(new StackedRNNCells(new LSTMCell(4), new GRUCell(3).resetAfter(false))), new Dense(1)),
            new RMSprop(0.01), "mse"), List.of(floats(random, 8, 5, 3)), List.of(floats(random, 8, 1)));
      case "custom_cell":
        return new Kind(name, () -> compiled(new Sequential(new InputLayer(5, 3),
            new RNN(new MinimalCell(4)).returnSequences(true), new GlobalAveragePooling1D(), new Dense(1)),
            "adam", "mse"), List.of(floats(random, 8, 5, 3)), List.of(floats(random, 8, 1)));
      case "bidirectional_lstm":
        return new Kind(name, () -> compiled(new Sequential(new InputLayer(5, 3), new Bidirectional(new LSTM(4)),
            new Dense(1)), new RMSprop(0.01), "mse"), List.of(floats(random, 8, 5, 3)), List.of(floats(random, 8, 1)));
      case "bidirectional_masked":
        return new Kind(name, () -> compiled(new Sequential(new InputLayer(DType.INT32, 6),
            new Embedding(10, 4).maskZero(true), new Bidirectional(new GRU(3).returnSequences(true), "sum"),
            new GlobalAveragePooling1D(), new Dense(1)), "adam", "mse"),
            List.of(tokens(random, 8, 6, 10)), List.of(floats(random, 8, 1)));
      case "conv_family": // issue 17: the convolution family
        return new Kind(name, () -> compiled(new Sequential(new InputLayer(8, 8, 2),
            new dev.jkeras.layers.SeparableConv2D(4, 3).depthMultiplier(2).padding("same").activation("relu"),
            new dev.jkeras.layers.DepthwiseConv2D(3).strides(2), new Conv2D(4, 1).groups(2),
            new dev.jkeras.layers.Conv2DTranspose(2, 3).strides(2).padding("same").outputPadding(1),
            new Flatten(), new Dense(2)), new SGD(0.01, 0.9, false), "mse"),
            List.of(floats(random, 8, 8, 8, 2)), List.of(floats(random, 8, 2)));
      case "conv_volumes":
        return new Kind(name, () -> compiled(new Sequential(new InputLayer(2, 4, 4, 4),
            new dev.jkeras.layers.Conv3D(3, 2).dataFormat("channels_first").activation("tanh"),
            new dev.jkeras.layers.Conv3DTranspose(2, 2).strides(2).dataFormat("channels_first"),
            new Flatten(), new Dense(1)), "adam", "mse"),
            List.of(floats(random, 8, 2, 4, 4, 4)), List.of(floats(random, 8, 1)));
      default:
        throw new IllegalArgumentException(name);
    }
  }

  private static Model compiled(Model model, Object optimizer, String loss, String... metrics) {
    if (optimizer instanceof String named) {
      model.compile(named, loss, metrics);
    } else {
      model.compile((dev.jkeras.optimizers.Optimizer) optimizer, loss, metrics);
    }
    return model;
  }

  // ------------------------------------------------------------------ Keras -> jkeras

  @ParameterizedTest(name = "{0}")
  @MethodSource("kinds")
  void kerasFileLoadsInJkeras(String kind) {
    try (Model model = assertLoadsWithKerasState(kind, kind + ".keras")) {
      Kind data = kind(kind);
      int samples = Math.toIntExact(data.x().get(0).shape().get(0));
      model.fit(data.x(), data.y(), f -> f.epochs(1).batchSize(samples).verbose(0));
      assertEquals(4, model.optimizer().iterations(), kind + ": training continues from Keras's three steps");
    }
  }

  /** The same files with iterations and Normalization's count as int64, as Keras's TensorFlow backend writes them. */
  @ParameterizedTest(name = "{0}")
  @MethodSource("kinds")
  void tensorFlowBackendFileLoadsInJkeras(String kind) {
    assertLoadsWithKerasState(kind, kind + ".int64.keras").close();
  }

  /** The loaded model, after checking its predictions and optimizer state against Keras's. */
  private static Model assertLoadsWithKerasState(String kind, String file) {
    Path dir = kerasWritten();
    Model model = Models.loadModel(dir.resolve(file));
    try {
      List<NdArray<?>> predicted = model.predictArrays(arrays(dir, kind, "x"), p -> p.verbose(0));
      assertAllClose(arrays(dir, kind, "y"), predicted, kind + " predictions");
      assertTrue(model.isCompiled(), kind + ": the file's compile_config should compile the loaded model");
      assertAllClose(arrays(dir, kind, "opt"), values(model.optimizer().variables()), kind + " optimizer state");
      assertEquals(3, model.optimizer().iterations(), kind + ": Keras applied three steps");
      return model;
    } catch (RuntimeException | Error e) {
      model.close();
      throw e;
    }
  }

  // ------------------------------------------------------------------ jkeras -> Keras

  @ParameterizedTest(name = "{0}")
  @MethodSource("kinds")
  void jkerasFileLoadsInKeras(String kind) throws IOException {
    Map<String, Object> results = kerasResults();
    @SuppressWarnings("unchecked")
    Map<String, Object> result = (Map<String, Object>) results.get(kind);
    assertNull(result.get("error"), () -> "Keras could not load jkeras's " + kind + ".keras:\n" + result.get("error"));
    assertEquals(true, result.get("compiled"), kind + ": Keras should compile it from compile_config");
    assertEquals(true, result.get("optimizer_matches_file"), kind + ": Keras's optimizer variables should equal the "
        + "file's; Keras said " + result.get("warnings"));
    assertEquals(List.of(), result.get("warnings"), kind + ": Keras warned while loading it");
    Path dir = jkerasWritten;
    assertAllClose(arrays(dir, kind, "y"), arrays(dir, kind, "keras_y"), kind + " predictions by Keras");
    assertAllClose(arrays(dir, kind, "opt"), arrays(dir, kind, "keras_opt"), kind + " optimizer state in Keras");
  }

  /** Keras's {@code .weights.h5} file loads into the same architecture built by jkeras. */
  @ParameterizedTest(name = "{0}")
  @MethodSource("kinds")
  void kerasWeightsLoadInJkeras(String kind) {
    Path dir = kerasWritten();
    try (Model model = kind(kind).build().get()) {
      model.loadWeights(dir.resolve(kind + ".weights.h5"));
      assertAllClose(arrays(dir, kind, "y"), model.predictArrays(arrays(dir, kind, "x"), p -> p.verbose(0)),
          kind + " predictions with Keras's weights");
      assertAllClose(arrays(dir, kind, "opt"), values(model.optimizer().variables()), kind + " optimizer state");
    }
  }

  /** jkeras's {@code .weights.h5} file loads into the same architecture built by Keras. */
  @ParameterizedTest(name = "{0}")
  @MethodSource("kinds")
  void jkerasWeightsLoadInKeras(String kind) throws IOException {
    @SuppressWarnings("unchecked")
    Map<String, Object> result = (Map<String, Object>) kerasResults().get(kind);
    assertNull(result.get("error"), () -> "jkeras could not write " + kind + ":\n" + result.get("error"));
    @SuppressWarnings("unchecked")
    Map<String, Object> weights = (Map<String, Object>) result.get("weights");
    assertNull(weights.get("error"), () -> "Keras could not load jkeras's " + kind + ".weights.h5:\n"
        + weights.get("error"));
    assertEquals(List.of(), weights.get("warnings"), kind + ": Keras warned while loading the weights");
    assertAllClose(arrays(jkerasWritten, kind, "y"), arrays(jkerasWritten, kind, "keras_wy"),
        kind + " predictions by Keras with jkeras's weights");
    assertAllClose(arrays(jkerasWritten, kind, "opt"), arrays(jkerasWritten, kind, "keras_wopt"),
        kind + " optimizer state in Keras from jkeras's weights file");
  }

  /** Builds, trains and saves every kind in jkeras, then lets Keras load them all in one launch. */
  private static synchronized Map<String, Object> kerasResults() throws IOException {
    if (kerasResults == null) {
      KerasOracle.assumeAvailable();
      jkerasWritten = Files.createTempDirectory("jkeras-written");
      Map<String, Object> manifest = new LinkedHashMap<>();
      Map<String, Object> failures = new LinkedHashMap<>();
      for (String name : kinds()) {
        Kind kind = kind(name);
        try (Model model = kind.build().get()) {
          int half = Math.toIntExact(kind.x().get(0).shape().get(0)) / 2;
          model.fit(kind.x(), kind.y(), f -> f.epochs(1).batchSize(half).verbose(0));
          model.save(jkerasWritten.resolve(name + ".keras"));
          model.saveWeights(jkerasWritten.resolve(name + ".weights.h5"));
          List<NdArray<?>> predicted = model.predictArrays(kind.x(), p -> p.verbose(0));
          write(jkerasWritten, name, "x", kind.x());
          write(jkerasWritten, name, "y", predicted);
          write(jkerasWritten, name, "opt", values(model.optimizer().variables()));
          manifest.put(name, Map.of("inputs", kind.x().size()));
        } catch (RuntimeException e) {
          failures.put(name, Map.of("error", "jkeras could not build, train or save it: " + e));
        }
      }
      Files.writeString(jkerasWritten.resolve("manifest.json"), Json.write(manifest));
      KerasOracle.run("keras_reads.py", jkerasWritten.toString());
      Map<String, Object> results = new LinkedHashMap<>(failures);
      results.putAll(Json.parse(Files.readString(jkerasWritten.resolve("results.json")), "results.json"));
      kerasResults = results;
    }
    return kerasResults;
  }

  private static synchronized Path kerasWritten() {
    if (kerasWritten == null) {
      KerasOracle.assumeAvailable();
      try {
        kerasWritten = Files.createTempDirectory("keras-written");
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
      KerasOracle.run("keras_writes.py", kerasWritten.toString());
    }
    return kerasWritten;
  }

  @AfterAll
  static void deleteFiles() throws IOException {
    for (Path dir : new Path[] {kerasWritten, jkerasWritten}) {
      if (dir != null) {
        try (var files = Files.list(dir)) {
          for (Path file : files.toList()) {
            Files.delete(file);
          }
        }
        Files.delete(dir);
      }
    }
  }

  // ------------------------------------------------------------------ arrays

  private static List<NdArray<?>> arrays(Path dir, String kind, String prefix) {
    List<NdArray<?>> arrays = new ArrayList<>();
    for (int i = 0; Files.exists(dir.resolve(kind + "." + prefix + i + ".npy")); i++) {
      arrays.add(Npy.read(dir.resolve(kind + "." + prefix + i + ".npy")));
    }
    return arrays;
  }

  private static void write(Path dir, String kind, String prefix, List<NdArray<?>> arrays) {
    for (int i = 0; i < arrays.size(); i++) {
      Npy.write(dir.resolve(kind + "." + prefix + i + ".npy"), arrays.get(i));
    }
  }

  private static List<NdArray<?>> values(List<Variable> variables) {
    return variables.stream().<NdArray<?>>map(Variable::read).toList();
  }

  private static void assertAllClose(List<NdArray<?>> expected, List<NdArray<?>> actual, String what) {
    assertFalse(expected.isEmpty(), what + ": nothing to compare");
    assertEquals(expected.size(), actual.size(), what + ": number of arrays");
    for (int i = 0; i < expected.size(); i++) {
      NdArray<?> e = expected.get(i);
      NdArray<?> a = actual.get(i);
      assertEquals(e.shape(), a.shape(), what + " #" + i + ": shape");
      double[] ev = flat(e);
      double[] av = flat(a);
      for (int j = 0; j < ev.length; j++) {
        double tolerance = ATOL + RTOL * Math.abs(ev[j]);
        if (!(Math.abs(ev[j] - av[j]) <= tolerance)) {
          throw new AssertionError(what + " #" + i + " differs at flat index " + j + ": Keras " + ev[j]
              + ", jkeras " + av[j]);
        }
      }
    }
  }

  private static double[] flat(NdArray<?> array) {
    double[] values = new double[Math.toIntExact(array.shape().size())];
    int[] i = {0};
    array.scalars().forEach(s -> values[i[0]++] = ((Number) s.getObject()).doubleValue());
    return values;
  }

  private static NdArray<?> floats(Random random, long... shape) {
    float[] values = new float[Math.toIntExact(Shape.of(shape).size())];
    for (int i = 0; i < values.length; i++) {
      values[i] = (float) random.nextGaussian();
    }
    return NdArrays.wrap(Shape.of(shape).toNdArrayShape(), DataBuffers.of(values, false, false));
  }

  private static NdArray<?> labels(Random random, int n, int classes) {
    int[] values = new int[n];
    for (int i = 0; i < n; i++) {
      values[i] = random.nextInt(classes);
    }
    return NdArrays.wrap(Shape.of(n).toNdArrayShape(), DataBuffers.of(values, false, false));
  }

  private static NdArray<?> binary(Random random, int n) {
    float[] values = new float[n];
    for (int i = 0; i < n; i++) {
      values[i] = random.nextBoolean() ? 1 : 0;
    }
    return NdArrays.wrap(Shape.of(n, 1).toNdArrayShape(), DataBuffers.of(values, false, false));
  }

  private static NdArray<?> tokens(Random random, int n, int length, int vocabulary) {
    int[] values = new int[n * length];
    for (int row = 0; row < n; row++) {
      int used = 1 + random.nextInt(length);
      for (int t = 0; t < used; t++) {
        values[row * length + t] = 1 + random.nextInt(vocabulary - 1);
      }
    }
    return NdArrays.wrap(Shape.of(n, length).toNdArrayShape(), DataBuffers.of(values, false, false));
  }
}
