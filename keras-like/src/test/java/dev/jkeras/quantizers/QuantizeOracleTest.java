package dev.jkeras.quantizers;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.jkeras.Shape;
import dev.jkeras.layers.Conv2D;
import dev.jkeras.layers.Dense;
import dev.jkeras.layers.EinsumDense;
import dev.jkeras.layers.Embedding;
import dev.jkeras.layers.Flatten;
import dev.jkeras.layers.GlobalAveragePooling1D;
import dev.jkeras.layers.Input;
import dev.jkeras.models.Model;
import dev.jkeras.models.Models;
import dev.jkeras.models.Sequential;
import dev.jkeras.testing.OracleCases;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.function.Supplier;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.tensorflow.ndarray.FloatNdArray;
import org.tensorflow.ndarray.NdArray;

/**
 * jkeras's {@code model.quantize("int8")} judged by Keras 3.15.1's: the same float model (jkeras
 * builds and saves it) quantized on both sides predicts the same, Keras loads the .keras file jkeras
 * quantized and predicts the same, jkeras loads the one Keras quantized and predicts the same, and
 * both list the same variables (names, dtypes, shapes) and dtype policies.
 */
class QuantizeOracleTest {
  private static final float TOLERANCE = 1e-5f;
  private static OracleCases cases;
  private static final Map<String, NdArray<?>> inputs = new LinkedHashMap<>();
  private static final Map<String, FloatNdArray> jkerasInt8 = new LinkedHashMap<>();
  private static final Map<String, List<String>> jkerasWeights = new LinkedHashMap<>();

  private static Map<String, Supplier<Model>> kinds() {
    Map<String, Supplier<Model>> kinds = new LinkedHashMap<>();
    kinds.put("mlp", () -> new Sequential(Input.of(6, 5), new Flatten(), new Dense(16, "relu"),
        new Dense(8, "relu"), new Dense(3, "softmax")));
    kinds.put("dense_rank3_no_bias", () -> new Sequential(Input.of(4, 7), new Dense(5).useBias(false),
        new Dense(2, "tanh")));
    kinds.put("embedding", () -> new Sequential(Input.of(6), new Embedding(20, 8), new GlobalAveragePooling1D(),
        new Dense(4)));
    kinds.put("cnn", () -> new Sequential(Input.of(8, 8, 1), new Conv2D(4, 3).activation("relu"), new Flatten(),
        new Dense(10, "relu"), new Dense(3)));
    // More than 1024 int8 products per sum: jkeras sums them in float64 (exact), as Keras's int32.
    kinds.put("dense_wide", () -> new Sequential(Input.of(1500), new Dense(3)));
    kinds.put("einsum_abc_cde", () -> new Sequential(Input.of(5, 6),
        new EinsumDense("abc,cde->abde", Shape.UNKNOWN, 3, 4).biasAxes("de"), new Flatten(), new Dense(2)));
    kinds.put("einsum_ab_bc", () -> new Sequential(Input.of(6), new EinsumDense("ab,bc->ac", 4).biasAxes("c")));
    kinds.put("einsum_squeeze", () -> new Sequential(Input.of(3, 6), new EinsumDense("abc,cd->ad", 4)
        .biasAxes("d")));
    return kinds;
  }

  @BeforeAll
  static void quantizeOnBothSides() {
    cases = OracleCases.open("quantize-oracle");
    Random random = new Random(18);
    for (Map.Entry<String, Supplier<Model>> kind : kinds().entrySet()) {
      String name = kind.getKey();
      try (Model model = kind.getValue().get()) {
        NdArray<?> x = name.equals("embedding") ? OracleCases.indices(random, 5, 6, 20)
            : OracleCases.floats(random, model.inputShape().with(0, 5));
        inputs.put(name, x);
        cases.write(name, "x", x);
        model.save(cases.file(name, "keras"));
        model.quantize("int8");
        jkerasInt8.put(name, model.predict(x, p -> p.verbose(0)));
        jkerasWeights.put(name, model.weights().stream()
            .map(w -> w.name() + " " + w.dtype() + " " + w.shape()).toList());
        model.save(cases.file(name, "jkeras_q.keras"));
      }
      cases.add(name, Map.of());
    }
    cases.run("quantize.py");
  }

  @Test
  void quantizedPredictionsEqualKerasOnTheSameWeights() {
    for (String kind : kinds().keySet()) {
      cases.result(kind);
      assertClose(kind + " (Keras quantized vs jkeras quantized)", cases.read(kind, "keras_int8"),
          jkerasInt8.get(kind));
    }
  }

  @Test
  void kerasLoadsJkerasQuantizedFilesAndPredictsTheSame() {
    for (String kind : kinds().keySet()) {
      cases.result(kind);
      assertClose(kind + " (Keras loading jkeras's file)", cases.read(kind, "keras_reads_q"),
          jkerasInt8.get(kind));
    }
  }

  @Test
  void jkerasLoadsKerasQuantizedFilesAndPredictsTheSame() {
    for (String kind : kinds().keySet()) {
      cases.result(kind);
      try (Model loaded = Models.loadModel(cases.file(kind, "keras_q.keras"))) {
        assertClose(kind + " (jkeras loading Keras's file)", cases.read(kind, "keras_int8"),
            loaded.predict(inputs.get(kind), p -> p.verbose(0)));
      }
    }
  }

  @Test
  @SuppressWarnings("unchecked")
  void variablesAndPoliciesAreKeras() {
    for (String kind : kinds().keySet()) {
      Map<String, Object> keras = (Map<String, Object>) cases.result(kind).get("keras_quantized");
      Map<String, Object> read = (Map<String, Object>) cases.result(kind).get("jkeras_quantized");
      assertEquals(keras.get("policies"), read.get("policies"), kind + ": dtype policies after loading jkeras's file");
      List<String> kerasWeights = ((List<List<Object>>) keras.get("weights")).stream()
          .map(w -> shortName(w.get(0)) + " " + w.get(1) + " " + shape((List<Object>) w.get(2))).toList();
      assertEquals(kerasWeights, jkerasWeights.get(kind), kind + ": model.weights (name, dtype, shape)");
    }
  }

  /** Keras's variable path as {@code layer/variable} ({@code sequential_3/dense/kernel} is {@code dense/kernel}). */
  private static String shortName(Object path) {
    String[] parts = path.toString().split("/");
    return parts[parts.length - 2] + "/" + parts[parts.length - 1];
  }

  private static String shape(List<Object> dims) {
    return Shape.of(dims.stream().mapToLong(d -> ((Number) d).longValue()).toArray()).toString();
  }

  private static void assertClose(String what, NdArray<?> expected, FloatNdArray actual) {
    OracleCases.assertClose(what, expected, actual, TOLERANCE);
  }

  @AfterAll
  static void deleteFiles() {
    if (cases != null) {
      cases.close();
    }
  }
}
