package dev.jkeras.layers;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.jkeras.DType;
import dev.jkeras.KerasTensor;
import dev.jkeras.Shape;
import dev.jkeras.backend.Backends;
import dev.jkeras.backend.GraphFunction;
import dev.jkeras.backend.ModelGraph;
import dev.jkeras.backend.Variable;
import dev.jkeras.callbacks.History;
import dev.jkeras.models.Model;
import dev.jkeras.models.Models;
import dev.jkeras.ops.Ops;
import dev.jkeras.saving.Json;
import dev.jkeras.testing.Conformance;
import dev.jkeras.testing.KerasOracle;
import dev.jkeras.testing.Npy;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.function.Supplier;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.tensorflow.ndarray.FloatNdArray;
import org.tensorflow.ndarray.NdArray;
import org.tensorflow.ndarray.NdArrays;
import org.tensorflow.ndarray.StdArrays;

/**
 * MultiHeadAttention, Attention and AdditiveAttention in models, judged by Keras 3.15.1: {@code .keras}
 * files Keras writes (with Embedding masks, key, attention_mask, use_causal_mask and
 * return_attention_scores) load in jkeras and predict what Keras predicts, and files jkeras writes
 * load in Keras and predict what jkeras predicts. MultiHeadAttention's gradients equal finite
 * differences, a small model with it trains, and misuse gets clear errors.
 */
class AttentionLayersTest {
  private static final Map<String, Supplier<Model>> MODELS = new LinkedHashMap<>();

  static {
    MODELS.put("self_masked", AttentionLayersTest::selfMasked);
    MODELS.put("cross_options", AttentionLayersTest::crossOptions);
    MODELS.put("attention_layers", AttentionLayersTest::attentionLayers);
    MODELS.put("encoder_block", AttentionLayersTest::encoderBlock);
    MODELS.put("masked_attention", AttentionLayersTest::maskedAttention);
    MODELS.put("gated_window", AttentionLayersTest::gatedWindow);
    MODELS.put("grouped", AttentionLayersTest::grouped);
  }

  static Model grouped() {
    KerasTensor q = Input.of(4, 6).name("q");
    KerasTensor v = Input.of(5, 6).name("v");
    List<KerasTensor> gqa = new GroupedQueryAttention(2, 4, 2).name("gqa").applyAll(q, v,
        call -> call.returnAttentionScores(true));
    KerasTensor mqa = new GroupedQueryAttention(3, 2, 1).name("mqa").apply(q, q, call -> call.useCausalMask(true));
    return new Model(List.of(q, v), List.of(gqa.get(0), gqa.get(1), mqa));
  }

  static Model gatedWindow() {
    KerasTensor x = Input.of(6, 4).name("x");
    return new Model(x, new MultiHeadAttention(2, 2).useGate(true).slidingWindow(3).name("mha").apply(x, x,
        call -> call.useCausalMask(true)));
  }

  static Model maskedAttention() {
    KerasTensor tokens = Input.of(DType.INT32, 6).name("tokens");
    KerasTensor x = new Embedding(20, 4).maskZero(true).name("embed").apply(tokens);
    KerasTensor a = new Attention().useScale(true).name("dot").apply(List.of(x, x));
    KerasTensor b = new AdditiveAttention().name("additive").applyAll(List.of(x, x), call -> call.useCausalMask(true))
        .get(0);
    KerasTensor pooled = new GlobalAveragePooling1D().name("pool").apply(
        new Concatenate().name("both").apply(List.of(a, b)));
    return new Model(List.of(tokens), List.of(a, b, pooled));
  }

  static Model selfMasked() {
    KerasTensor tokens = Input.of(DType.INT32, 6).name("tokens");
    KerasTensor x = new Embedding(20, 8).maskZero(true).name("embed").apply(tokens);
    KerasTensor y = new MultiHeadAttention(2, 4).name("mha").apply(x, x);
    KerasTensor pooled = new GlobalAveragePooling1D().name("pool").apply(y);
    return new Model(List.of(tokens), List.of(y, pooled));
  }

  static Model crossOptions() {
    KerasTensor q = Input.of(4, 6).name("q");
    KerasTensor v = Input.of(5, 3).name("v");
    KerasTensor k = Input.of(5, 2).name("k");
    KerasTensor m = Input.of(DType.BOOL, 4, 5).name("m");
    List<KerasTensor> cross = new MultiHeadAttention(2, 3).valueDim(2).name("cross")
        .applyAll(q, v, call -> call.key(k).attentionMask(m).returnAttentionScores(true));
    KerasTensor causal = new MultiHeadAttention(2, 3).name("causal").apply(q, q, call -> call.useCausalMask(true));
    return new Model(List.of(q, v, k, m), List.of(cross.get(0), cross.get(1), causal));
  }

  static Model attentionLayers() {
    KerasTensor q = Input.of(4, 3).name("q");
    KerasTensor v = Input.of(5, 3).name("v");
    KerasTensor a = new Attention().useScale(true).name("dot").apply(List.of(q, v));
    List<KerasTensor> b = new AdditiveAttention().name("additive").applyAll(List.of(q, v),
        call -> call.returnAttentionScores(true));
    KerasTensor c = new Attention().scoreMode("concat").name("concat").applyAll(List.of(q, v),
        call -> call.useCausalMask(true)).get(0);
    return new Model(List.of(q, v), List.of(a, b.get(0), b.get(1), c));
  }

  static Model encoderBlock() {
    KerasTensor tokens = Input.of(DType.INT32, 6).name("tokens");
    KerasTensor x = new Embedding(20, 8).maskZero(true).name("embed").apply(tokens);
    KerasTensor attended = new MultiHeadAttention(2, 4).dropout(0.1).name("mha").apply(x, x,
        call -> call.useCausalMask(true));
    x = new LayerNormalization().name("norm").apply(new Add().name("residual").apply(List.of(x, attended)));
    x = new Dense(5, "relu").name("ffn").apply(x);
    return new Model(tokens, new GlobalAveragePooling1D().name("pool").apply(x));
  }

  private static List<NdArray<?>> inputs(String name) {
    Random r = new Random(name.hashCode());
    NdArray<?> tokens = StdArrays.ndCopyOf(new int[][] {{3, 5, 7, 0, 0, 0}, {1, 2, 3, 4, 5, 6}, {9, 0, 0, 0, 0, 0}});
    return switch (name) {
      case "self_masked", "encoder_block", "masked_attention" -> List.of(tokens);
      case "cross_options" -> {
        NdArray<Boolean> mask = NdArrays.ofBooleans(org.tensorflow.ndarray.Shape.of(3, 4, 5));
        mask.scalars().forEach(s -> s.setObject(r.nextInt(3) > 0));
        for (int s = 0; s < 5; s++) {
          mask.setObject(false, 2, 1, s);
        }
        yield List.of(floats(r, 3, 4, 6), floats(r, 3, 5, 3), floats(r, 3, 5, 2), mask);
      }
      case "gated_window" -> List.of(floats(r, 3, 6, 4));
      case "grouped" -> List.of(floats(r, 3, 4, 6), floats(r, 3, 5, 6));
      default -> List.of(floats(r, 3, 4, 3), floats(r, 3, 5, 3));
    };
  }

  private static FloatNdArray floats(Random r, long... shape) {
    FloatNdArray a = NdArrays.ofFloats(org.tensorflow.ndarray.Shape.of(shape));
    a.scalars().forEach(s -> s.setFloat((float) r.nextGaussian()));
    return a;
  }

  private static Path writeInputs(Path dir) throws IOException {
    for (String name : MODELS.keySet()) {
      List<NdArray<?>> xs = inputs(name);
      for (int i = 0; i < xs.size(); i++) {
        Npy.write(dir.resolve(name + "_x" + i + ".npy"), xs.get(i));
      }
    }
    Files.writeString(dir.resolve("names.json"), Json.write(Map.of("names", List.copyOf(MODELS.keySet()))));
    return dir;
  }

  private static void assertOutputs(Path dir, String prefix, String name, List<NdArray<?>> actual) {
    for (int i = 0; i < actual.size(); i++) {
      NdArray<?> expected = Npy.read(dir.resolve(prefix + "_" + name + "_y" + i + ".npy"));
      assertEquals(java.util.Arrays.toString(expected.shape().asArray()),
          java.util.Arrays.toString(actual.get(i).shape().asArray()), name + " output " + i + ": shape");
      Conformance.assertClose(expected, actual.get(i), 1e-4, 1e-5, name + " output " + i);
    }
  }

  @Test
  void kerasFilesLoadAndPredictAsInKeras(@TempDir Path dir) throws IOException {
    KerasOracle.assumeAvailable();
    KerasOracle.run("attention_models.py", "write", writeInputs(dir).toString());
    for (String name : MODELS.keySet()) {
      try (Model model = Models.loadModel(dir.resolve("keras_" + name + ".keras"))) {
        assertOutputs(dir, "keras", name, model.predictArrays(inputs(name), p -> p.verbose(0)));
      }
    }
  }

  @Test
  void jkerasFilesLoadInKerasAndPredictTheSame(@TempDir Path dir) throws IOException {
    KerasOracle.assumeAvailable();
    writeInputs(dir);
    Map<String, List<NdArray<?>>> predicted = new LinkedHashMap<>();
    for (Map.Entry<String, Supplier<Model>> entry : MODELS.entrySet()) {
      try (Model model = entry.getValue().get()) {
        predicted.put(entry.getKey(), model.predictArrays(inputs(entry.getKey()), p -> p.verbose(0)));
        model.save(dir.resolve("jkeras_" + entry.getKey() + ".keras").toString());
      }
    }
    KerasOracle.run("attention_models.py", "read", dir.toString());
    predicted.forEach((name, ys) -> assertOutputs(dir, "keras_reads", name, ys));
  }

  @Test
  void aModelWithMultiHeadAttentionTrains() {
    Random r = new Random(3);
    FloatNdArray x = floats(r, 64, 5, 4);
    FloatNdArray y = NdArrays.ofFloats(org.tensorflow.ndarray.Shape.of(64, 1));
    for (int i = 0; i < 64; i++) {
      y.setFloat(x.getFloat(i, 0, 0) * x.getFloat(i, 4, 1) + x.getFloat(i, 2, 3), i, 0);
    }
    KerasTensor in = Input.of(5, 4);
    KerasTensor h = new MultiHeadAttention(2, 4).apply(in, in);
    KerasTensor out = new Dense(1).apply(new GlobalAveragePooling1D().apply(h));
    try (Model model = new Model(in, out)) {
      model.compile(new dev.jkeras.optimizers.Adam(0.02), "mse");
      History history = model.fit(x, y, f -> f.epochs(25).batchSize(16).verbose(0));
      List<Double> losses = history.history().get("loss");
      assertTrue(losses.get(losses.size() - 1) < 0.8 * losses.get(0), "loss did not decrease: " + losses);
    }
  }

  /** Which call of MultiHeadAttention the gradient check runs: the fused path, the einsum path with scores, causal. */
  private static List<KerasTensor> mhaCall(String path, MultiHeadAttention mha, KerasTensor x, KerasTensor v) {
    return switch (path) {
      case "fused" -> List.of(mha.apply(x, v));
      case "scores" -> mha.applyAll(x, v, c -> c.returnAttentionScores(true));
      case "causal", "gated_window" -> List.of(mha.apply(x, x, c -> c.useCausalMask(true)));
      default -> throw new IllegalArgumentException(path);
    };
  }

  @ParameterizedTest
  @ValueSource(strings = {"fused", "scores", "causal", "gated_window"})
  void multiHeadAttentionGradientsMatchFiniteDifferences(String path) {
    Random r = new Random(11);
    FloatNdArray xValue = floats(r, 2, 3, 3);
    FloatNdArray vValue = floats(r, 2, 3, 3);
    try (ModelGraph graph = Backends.get().newGraph("mha_grad_" + path)) {
      MultiHeadAttention mha = new MultiHeadAttention(2, 2).valueDim(3);
      if (path.equals("gated_window")) {
        mha.useGate(true).slidingWindow(2);
      }
      List<Variable> weights = new ArrayList<>();
      GraphFunction f = graph.trace(() -> {
        KerasTensor x = graph.placeholder("x", DType.FLOAT32, Shape.of(2, 3, 3));
        KerasTensor v = Ops.convertToTensor(vValue);
        KerasTensor loss = Ops.zeros(Shape.of(), DType.FLOAT32);
        for (KerasTensor out : mhaCall(path, mha, x, v)) {
          loss = Ops.add(loss, Ops.sum(Ops.sin(Ops.multiply(out, 1.3))));
        }
        weights.addAll(mha.trainableWeights());
        List<KerasTensor> outputs = new ArrayList<>(List.of(loss));
        outputs.addAll(graph.gradients(loss, weights));
        outputs.addAll(graph.gradientsOfTensors(loss, List.of(x)));
        outputs.forEach(t -> assertNotNull(t, path + ": a weight has no gradient"));
        return graph.function(List.of(x), outputs, List.of());
      });
      assertEquals(path.equals("gated_window") ? 10 : 8, weights.size(),
          "query, key, (gate,) value and output kernels and biases");
      List<NdArray<?>> analytic = f.call(List.of(graph.feed(xValue)));
      double h = 1e-2;
      double worst = 0;
      for (int w = 0; w < weights.size(); w++) {
        Variable variable = weights.get(w);
        FloatNdArray original = (FloatNdArray) variable.read();
        double[] grad = Conformance.values(analytic.get(1 + w));
        for (int j = 0; j < original.size(); j++) {
          double plus = lossWith(f, graph, xValue, variable, original, j, h);
          double minus = lossWith(f, graph, xValue, variable, original, j, -h);
          variable.write(original);
          double numeric = (plus - minus) / (2 * h);
          worst = Math.max(worst, Math.abs(grad[j] - numeric) / Math.max(1, Math.abs(numeric)));
        }
      }
      double[] gradX = Conformance.values(analytic.get(analytic.size() - 1));
      for (int j = 0; j < xValue.size(); j++) {
        double numeric = (eval(f, graph, shifted(xValue, j, h)) - eval(f, graph, shifted(xValue, j, -h))) / (2 * h);
        worst = Math.max(worst, Math.abs(gradX[j] - numeric) / Math.max(1, Math.abs(numeric)));
      }
      assertTrue(worst < 5e-3, path + ": worst relative gradient error " + worst);
    }
  }

  private static double lossWith(GraphFunction f, ModelGraph graph, FloatNdArray x, Variable variable,
      FloatNdArray original, int flat, double h) {
    variable.write(shifted(original, flat, h));
    return eval(f, graph, x);
  }

  private static double eval(GraphFunction f, ModelGraph graph, FloatNdArray x) {
    return Conformance.values(f.call(List.of(graph.feed(x))).get(0))[0];
  }

  private static FloatNdArray shifted(FloatNdArray a, int flat, double h) {
    FloatNdArray copy = NdArrays.ofFloats(a.shape());
    a.copyTo(copy);
    int[] i = {0};
    copy.scalars().forEach(s -> {
      if (i[0]++ == flat) {
        s.setFloat(s.getFloat() + (float) h);
      }
    });
    return copy;
  }

  /** As in Keras, the sublayers are named query, key, value and attention_output and take no automatic names. */
  @Test
  void sublayersTakeNoAutomaticNames() {
    KerasTensor x = Input.of(3, 4);
    String before = new EinsumDense("ab,bc->ac", 2).name();
    MultiHeadAttention mha = new MultiHeadAttention(2, 2);
    mha.apply(x, x);
    assertEquals(List.of("query_dense", "key_dense", "value_dense", "output_dense"),
        List.copyOf(mha.wrappedLayers().keySet()));
    assertEquals(List.of("query", "key", "value", "attention_output"),
        mha.wrappedLayers().values().stream().map(Layer::name).toList());
    String after = new EinsumDense("ab,bc->ac", 2).name();
    int count = before.equals("einsum_dense") ? 0 : Integer.parseInt(before.substring(before.lastIndexOf('_') + 1));
    assertEquals("einsum_dense_" + (count + 1), after);
    assertEquals(List.of(mha.name() + "/query/kernel", mha.name() + "/query/bias"),
        mha.weights().subList(0, 2).stream().map(Variable::name).toList());
  }

  @Test
  void misuseGetsClearErrors() {
    KerasTensor q = Input.of(4, 6);
    KerasTensor v = Input.of(5, 3);
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> new MultiHeadAttention(2, 3).apply(List.of(q)));
    assertTrue(e.getMessage().contains("is called as layer(query, value)"), e.getMessage());
    e = assertThrows(IllegalArgumentException.class, () -> new MultiHeadAttention(2, 3).apply(q, v,
        c -> c.key(Input.of(4, 3))));
    assertTrue(e.getMessage().contains("All dimensions of `value` and `key`, except the last one, must be equal"),
        e.getMessage());
    e = assertThrows(IllegalArgumentException.class, () -> new MultiHeadAttention(0, 3));
    assertTrue(e.getMessage().contains("num_heads=0"), e.getMessage());
    e = assertThrows(IllegalArgumentException.class, () -> new MultiHeadAttention(2, 3).apply(Input.of(6), Input.of(6)));
    assertTrue(e.getMessage().contains("rank 3 or more"), e.getMessage());
    e = assertThrows(IllegalArgumentException.class, () -> new Attention().apply(List.of(q)));
    assertTrue(e.getMessage().contains("accepts inputs list of length 2 or 3"), e.getMessage());
    e = assertThrows(IllegalArgumentException.class, () -> new Attention().scoreMode("general"));
    assertTrue(e.getMessage().contains("Expected one of {'dot', 'concat'}"), e.getMessage());
    e = assertThrows(IllegalArgumentException.class, () -> new EinsumDense("ab->b", 3).apply(Input.of(4)));
    assertTrue(e.getMessage().contains("Invalid einsum equation 'ab->b'"), e.getMessage());
    e = assertThrows(IllegalArgumentException.class, () -> new EinsumDense("ab,bc->ac", 4).biasAxes("z")
        .apply(Input.of(3)));
    assertTrue(e.getMessage().contains("Bias dimension 'z' was requested"), e.getMessage());
    e = assertThrows(IllegalArgumentException.class, () -> new EinsumDense("abc,cd->abd", 5, 2).apply(Input.of(4, 3)));
    assertTrue(e.getMessage().contains("Input shape and output shape do not match at shared dimension 'b'"),
        e.getMessage());
    for (boolean scores : new boolean[] {false, true}) {
      e = assertThrows(IllegalArgumentException.class, () -> new MultiHeadAttention(2, 3).applyAll(q, v,
          c -> c.attentionMask(Input.of(DType.BOOL, 5, 4)).returnAttentionScores(scores)));
      assertTrue(e.getMessage().contains("does not broadcast"), e.getMessage());
    }
    e = assertThrows(IllegalArgumentException.class, () -> new MultiHeadAttention(2, 3).applyAll(List.of(q, v), false,
        new CallArguments(2, true, List.of(), Map.of("use_causal_mask", "yes"))));
    assertTrue(e.getMessage().contains("'use_causal_mask' must be true or false, got yes"), e.getMessage());
    e = assertThrows(IllegalArgumentException.class, () -> new MultiHeadAttention(2, 3).applyAll(List.of(q, v, v),
        false, new CallArguments(2, true, List.of("bias"), Map.of())));
    assertTrue(e.getMessage().contains("unexpected keyword tensor 'bias'"), e.getMessage());
    e = assertThrows(IllegalArgumentException.class, () -> new Dense(2).applyAll(List.of(q, v), false,
        new CallArguments(1, false, List.of("key"), Map.of())));
    assertTrue(e.getMessage().contains("takes no keyword tensor arguments"), e.getMessage());
    e = assertThrows(IllegalArgumentException.class, () -> new GroupedQueryAttention(2, 3, 2));
    assertTrue(e.getMessage().contains("`num_query_heads` must be divisible by `num_key_value_heads`"), e.getMessage());
    e = assertThrows(IllegalArgumentException.class, () -> new GroupedQueryAttention(2, 2, 1).apply(Input.of(4, 3, 2),
        Input.of(4, 3, 2)));
    assertTrue(e.getMessage().contains("of shape (batch, steps, features)"), e.getMessage());
    IllegalStateException s = assertThrows(IllegalStateException.class,
        () -> new MultiHeadAttention(2, 3).apply(q, v, c -> c.returnAttentionScores(true)));
    assertTrue(s.getMessage().contains("call applyAll"), s.getMessage());
  }
}
