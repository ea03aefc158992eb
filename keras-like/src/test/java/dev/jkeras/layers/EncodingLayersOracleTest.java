package dev.jkeras.layers;

import static dev.jkeras.layers.EagerLayers.call;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.jkeras.models.Model;
import dev.jkeras.saving.Json;
import dev.jkeras.testing.KerasOracle;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.tensorflow.ndarray.FloatNdArray;
import org.tensorflow.ndarray.NdArray;
import org.tensorflow.ndarray.NdArrays;
import org.tensorflow.ndarray.Shape;
import org.tensorflow.ndarray.StdArrays;

/**
 * {@link CategoryEncoding} and {@link Discretization} judged by real Keras 3.15.1 (the oracle runs
 * both on its numpy backend): outputs, output dtypes, configs, and the quantile boundaries
 * Discretization learns. The oracle's {@code Discretization.adapt} needs TensorFlow for its
 * {@code tf.data} check, so the script drives Keras's own {@code update_state} and
 * {@code finalize_state}, which is all {@code adapt} does for an array.
 */
class EncodingLayersOracleTest {
  private static final int[][] CATEGORIES = {{0, 1, 1, 3}, {2, 2, 0, 0}, {3, 3, 3, 1}};
  private static final float[][] VALUES = {{-1.5f, 1.0f, 3.4f, 0.5f}, {0.0f, 3.0f, 1.3f, 0.0f}, {2.0f, -0.2f, 1.9f,
      9.0f}};

  private static String flat(NdArray<?> array) {
    List<String> out = new ArrayList<>();
    array.scalars().forEach(s -> out.add(Double.toString(((Number) s.getObject()).doubleValue())));
    return String.join(",", out);
  }

  private static String kerasFlat(String value) {
    return List.of(value.split(",")).stream().map(v -> Double.toString(Double.parseDouble(v)))
        .collect(Collectors.joining(","));
  }

  @Test
  void categoryEncodingAndDiscretizationGiveKerasOutputs() {
    float[] skewed = new float[1000];
    for (int i = 0; i < skewed.length; i++) {
      skewed[i] = (float) Math.pow(i, 1.5) / 100;
    }
    FloatNdArray adaptData = NdArrays.ofFloats(Shape.of(100, 10));
    for (int i = 0; i < 1000; i++) {
      adaptData.setFloat(skewed[i], i / 10, i % 10);
    }
    Map<String, String> keras = KerasOracle.printedValues(String.join("\n",
        "import keras_env, json, numpy as np",
        "from keras import layers",
        "c = np.array(" + java.util.Arrays.deepToString(CATEGORIES) + ")",
        "x = np.array(" + java.util.Arrays.deepToString(VALUES) + ", 'float32')",
        "f = lambda v: ','.join(repr(float(e)) for e in np.ravel(v))",
        "def show(key, layer, data):",
        "    y = np.asarray(layer(data))",
        "    print('@@' + key + '=' + f(y)); print('@@' + key + '_shape=' + str(list(y.shape)))",
        "    print('@@' + key + '_dtype=' + str(y.dtype)); print('@@' + key + '_config=' + json.dumps(layer.get_config()))",
        "show('multi_hot', layers.CategoryEncoding(num_tokens=4), c)",
        "show('one_hot', layers.CategoryEncoding(num_tokens=4, output_mode='one_hot'), c[:, :1])",
        "show('one_hot_1d', layers.CategoryEncoding(num_tokens=5, output_mode='one_hot'), c[0])",
        "show('count', layers.CategoryEncoding(num_tokens=4, output_mode='count'), c)",
        "show('count_1d', layers.CategoryEncoding(num_tokens=6, output_mode='count'), c[2])",
        "show('bins', layers.Discretization(bin_boundaries=[0.0, 1.0, 2.0]), x)",
        "show('bins_one_hot', layers.Discretization(bin_boundaries=[0.0, 1.5], output_mode='one_hot'), x[:, :1])",
        "show('bins_multi_hot', layers.Discretization(bin_boundaries=[0.0, 1.5], output_mode='multi_hot'), x)",
        "show('bins_count', layers.Discretization(bin_boundaries=[-1.0, 0.3, 2.0], output_mode='count'), x)",
        "for n, eps in ((4, 0.01), (3, 0.1), (7, 0.01)):",
        "    d = layers.Discretization(num_bins=n, epsilon=eps)",
        "    d.reset_state(); d.update_state(np.array(" + "[" + join(skewed) + "], 'float32').reshape(100, 10)); "
            + "d.finalize_state()",
        "    show('adapted_%d_%s' % (n, eps), d, x * 50)"));

    check(keras, "multi_hot", new CategoryEncoding(4), StdArrays.ndCopyOf(CATEGORIES));
    check(keras, "one_hot", new CategoryEncoding(4, "one_hot"), column(CATEGORIES));
    check(keras, "one_hot_1d", new CategoryEncoding(5, "one_hot"), StdArrays.ndCopyOf(CATEGORIES[0]));
    check(keras, "count", new CategoryEncoding(4, "count"), StdArrays.ndCopyOf(CATEGORIES));
    check(keras, "count_1d", new CategoryEncoding(6, "count"), StdArrays.ndCopyOf(CATEGORIES[2]));
    check(keras, "bins", Discretization.withBinBoundaries(0, 1, 2), StdArrays.ndCopyOf(VALUES));
    check(keras, "bins_one_hot", Discretization.withBinBoundaries(0, 1.5).outputMode("one_hot"),
        StdArrays.ndCopyOf(new float[][] {{VALUES[0][0]}, {VALUES[1][0]}, {VALUES[2][0]}}));
    check(keras, "bins_multi_hot", Discretization.withBinBoundaries(0, 1.5).outputMode("multi_hot"),
        StdArrays.ndCopyOf(VALUES));
    check(keras, "bins_count", Discretization.withBinBoundaries(-1, 0.3, 2).outputMode("count"),
        StdArrays.ndCopyOf(VALUES));
    FloatNdArray scaled = NdArrays.ofFloats(Shape.of(3, 4));
    for (int i = 0; i < 12; i++) {
      scaled.setFloat(VALUES[i / 4][i % 4] * 50, i / 4, i % 4);
    }
    check(keras, "adapted_4_0.01", Discretization.withNumBins(4).epsilon(0.01).adapt(adaptData), scaled);
    check(keras, "adapted_3_0.1", Discretization.withNumBins(3).epsilon(0.1).adapt(adaptData), scaled);
    check(keras, "adapted_7_0.01", Discretization.withNumBins(7).epsilon(0.01).adapt(adaptData), scaled);
  }

  private static String join(float[] values) {
    List<String> out = new ArrayList<>();
    for (float v : values) {
      out.add(Float.toString(v));
    }
    return String.join(",", out);
  }

  private static NdArray<?> column(int[][] rows) {
    int[][] first = new int[rows.length][];
    for (int i = 0; i < rows.length; i++) {
      first[i] = new int[] {rows[i][0]};
    }
    return StdArrays.ndCopyOf(first);
  }

  private static void check(Map<String, String> keras, String key, Layer layer, NdArray<?> input) {
    NdArray<?> out = call(layer, input);
    assertEquals(kerasFlat(keras.get(key)), flat(out), key + ": outputs");
    assertEquals(keras.get(key + "_shape"), java.util.Arrays.toString(out.shape().asArray()), key + ": shape");
    assertEquals(keras.get(key + "_dtype"), dev.jkeras.DType.of(out).kerasName(), key + ": dtype");
    Map<String, Object> expected = new java.util.LinkedHashMap<>(Json.parse(keras.get(key + "_config"), key));
    Map<String, Object> actual = new java.util.LinkedHashMap<>(Json.parse(Json.write(layer.getConfig()), key));
    expected.remove("name");
    actual.remove("name");
    assertEquals(expected, actual, key + ": get_config() (but the automatic name)");
  }

  @Test
  void encodingsRunInAModelGraph() {
    var input = dev.jkeras.layers.Input.of("int32", 4);
    try (Model model = new Model(input, new CategoryEncoding(4, "count").apply(input))) {
      assertEquals("(None, 4)", model.outputShapes().get(0).toString());
      FloatNdArray y = model.predict(StdArrays.ndCopyOf(CATEGORIES), p -> p.verbose(0));
      assertEquals(2f, y.getFloat(0, 1));
      assertEquals(3f, y.getFloat(2, 3));
    }
  }

  @Test
  void badOptionsAreRefusedWithKerasMessages() {
    assertTrue(assertThrows(IllegalArgumentException.class, () -> new CategoryEncoding(0)).getMessage()
        .contains("`num_tokens` must be >= 1"));
    assertTrue(assertThrows(IllegalArgumentException.class, () -> new CategoryEncoding(3, "tf_idf")).getMessage()
        .contains("Unknown arg for output_mode: tf_idf"));
    assertTrue(assertThrows(IllegalStateException.class, () -> Discretization.withBinBoundaries(1).adapt(
        StdArrays.ndCopyOf(new float[] {1, 2}))).getMessage().contains("use `num_bins` instead"));
    assertTrue(assertThrows(IllegalStateException.class, () -> call(Discretization.withNumBins(3),
        StdArrays.ndCopyOf(new float[] {1}))).getMessage().contains("call `adapt(dataset)`"));
    assertTrue(assertThrows(IllegalArgumentException.class, () -> Discretization.withBinBoundaries(2, 1))
        .getMessage().contains("ascending"));
  }

  /**
   * Keras loads a jkeras {@code .keras} file holding Discretization and CategoryEncoding (with a Dense
   * after them) and predicts the same; jkeras loads the file Keras writes for the same model.
   */
  @Test
  void keras3FilesRoundTripBothWays(@org.junit.jupiter.api.io.TempDir java.nio.file.Path dir) {
    KerasOracle.assumeAvailable();
    java.nio.file.Path ours = dir.resolve("jkeras.keras");
    java.nio.file.Path theirs = dir.resolve("keras.keras");
    FloatNdArray x = StdArrays.ndCopyOf(VALUES);
    List<Float> expected;
    try (dev.jkeras.models.Sequential model = new dev.jkeras.models.Sequential(new InputLayer(4),
        Discretization.withBinBoundaries(0, 1, 2).name("bins"), new CategoryEncoding(4, "count").name("counts"),
        new Dense(2).name("dense"))) {
      expected = EagerLayers.floats(model.predict(x, p -> p.verbose(0)));
      model.save(ours);
    }
    Map<String, String> keras = KerasOracle.printedValues(String.join("\n",
        "import keras_env, keras, numpy as np",
        "from keras import layers",
        "x = np.array(" + java.util.Arrays.deepToString(VALUES) + ", 'float32')",
        "m = keras.saving.load_model(" + pythonString(ours) + ")",
        "print('@@ours=' + ','.join(repr(float(v)) for v in np.ravel(m.predict(x, verbose=0))))",
        "k = keras.Sequential([layers.Input((4,)), layers.Discretization(bin_boundaries=[0.0, 1.0, 2.0], name='bins'),",
        "    layers.CategoryEncoding(num_tokens=4, output_mode='count', name='counts'), layers.Dense(2, name='dense')])",
        "k.save(" + pythonString(theirs) + ")",
        "print('@@theirs=' + ','.join(repr(float(v)) for v in np.ravel(k.predict(x, verbose=0))))"));
    List<Float> kerasOnOurs = List.of(keras.get("ours").split(",")).stream().map(Float::parseFloat).toList();
    for (int i = 0; i < expected.size(); i++) {
      assertEquals(expected.get(i), kerasOnOurs.get(i), 1e-5, "Keras predicting jkeras's file, value " + i);
    }
    try (Model loaded = dev.jkeras.models.Models.loadModel(theirs)) {
      List<Float> ourOnTheirs = EagerLayers.floats(loaded.predict(x, p -> p.verbose(0)));
      List<Float> kerasOnTheirs = List.of(keras.get("theirs").split(",")).stream().map(Float::parseFloat).toList();
      for (int i = 0; i < kerasOnTheirs.size(); i++) {
        assertEquals(kerasOnTheirs.get(i), ourOnTheirs.get(i), 1e-5, "jkeras predicting Keras's file, value " + i);
      }
    }
  }

  private static String pythonString(java.nio.file.Path path) {
    return "'" + path.toAbsolutePath().toString().replace("\\", "\\\\").replace("'", "\\'") + "'";
  }
}
