package dev.jkeras.models;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.jkeras.backend.Variable;
import dev.jkeras.layers.Dense;
import dev.jkeras.layers.InputLayer;
import dev.jkeras.losses.Loss;
import dev.jkeras.losses.LossFunction;
import dev.jkeras.ops.Ops;
import dev.jkeras.optimizers.Adam;
import dev.jkeras.testing.KerasOracle;
import dev.jkeras.testing.Npy;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.tensorflow.ndarray.FloatNdArray;
import org.tensorflow.ndarray.NdArray;

/**
 * Custom objects with real Keras 3.15.1 as the judge (oracle/custom_objects.py, one launch): Keras
 * loads, compiled, a {@code .keras} file jkeras wrote with a {@code Loss.of} lambda and a registered
 * metric; jkeras loads, compiled, a file Keras wrote with a registered function loss and a registered
 * metric class, given in {@code customObjects}: same predictions, optimizer variables and evaluate().
 */
class CustomObjectsOracleTest {
  @TempDir
  Path dir;

  private static final LossFunction SCALED_MSE = (t, p) -> Ops.multiply(Ops.mean(Ops.square(Ops.subtract(t, p)), -1), 2.0);

  @Test
  void customLossesAndMetricsCrossBetweenKerasAndJkeras() throws Exception {
    KerasOracle.assumeAvailable();
    TestData.Blobs data = TestData.blobs(20, 4, 2, 3);
    FloatNdArray targets = TestData.blobs(20, 2, 2, 4).x();
    try (Sequential model = new Sequential(new InputLayer(4), new Dense(3, "tanh"), new Dense(2))) {
      model.compile(c -> c.optimizer(new Adam(0.01)).loss(Loss.of("my_pkg>scaled_mse", SCALED_MSE))
          .metrics(new CustomObjectsTest.MeanPrediction()));
      model.fit(data.x(), targets, f -> f.epochs(1).batchSize(5).shuffle(false).verbose(0));
      model.save(dir.resolve("jkeras_custom.keras"));
      Npy.write(dir.resolve("jkeras_x.npy"), data.x());
      Npy.write(dir.resolve("jkeras_y.npy"), model.predict(data.x()));
      List<Variable> slots = model.optimizer().variables();
      for (int i = 0; i < slots.size(); i++) {
        Npy.write(dir.resolve("jkeras_opt" + i + ".npy"), slots.get(i).read());
      }
      Map<String, String> printed = printed(KerasOracle.run("custom_objects.py", dir.toString()));
      System.out.println("Keras on custom objects: " + printed);

      assertEquals("true", printed.get("reads.compiled"), "Keras compiled jkeras's file: " + printed);
      assertEquals("\"scaled_mse\"", printed.get("reads.loss"));
      assertEquals("[\"MeanPrediction\"]", printed.get("reads.metrics"));
      assertEquals(String.valueOf(slots.size()), printed.get("reads.optimizer_variables"));
      assertTrue(Double.parseDouble(printed.get("reads.prediction_diff")) < 1e-6, printed.toString());
      assertTrue(Double.parseDouble(printed.get("reads.optimizer_diff")) < 1e-6, printed.toString());
    }

    Map<String, Object> customObjects = Map.of("my_pkg>scaled_mse", Loss.of("my_pkg>scaled_mse", SCALED_MSE),
        "my_pkg>MeanPrediction", CustomObjectsTest.MeanPrediction.class);
    try (Model loaded = Models.loadModel(dir.resolve("keras_custom.keras"), customObjects)) {
      assertTrue(loaded.isCompiled(), "jkeras compiled Keras's file");
      NdArray<?> x = Npy.read(dir.resolve("keras_x.npy"));
      FloatNdArray expected = (FloatNdArray) Npy.read(dir.resolve("keras_y.npy"));
      FloatNdArray actual = loaded.predict(x);
      expected.scalars().forEachIndexed((index, value) ->
          assertEquals(value.getFloat(), actual.getFloat(index), 1e-6, "prediction " + java.util.Arrays.toString(index)));
      List<Variable> slots = loaded.optimizer().variables();
      assertEquals(Integer.parseInt(printedKeras.get("writes.optimizer_variables")), slots.size());
      for (int i = 0; i < slots.size(); i++) {
        assertClose(Npy.read(dir.resolve("keras_opt" + i + ".npy")), slots.get(i).read(), "optimizer variable " + i);
      }
      Map<String, Double> evaluated = loaded.evaluate(x, Npy.read(dir.resolve("keras_t.npy")), e -> e.batchSize(5).verbose(0));
      String kerasEvaluate = printedKeras.get("writes.evaluate");
      for (String metric : List.of("loss", "mean_prediction")) {
        double keras = Double.parseDouble(kerasEvaluate.replaceAll(".*\"" + metric + "\": ([-0-9.e]+).*", "$1"));
        assertEquals(keras, evaluated.get(metric), 1e-5, metric + ": Keras " + kerasEvaluate + ", jkeras " + evaluated);
      }
    }
  }

  private static void assertClose(NdArray<?> expected, NdArray<?> actual, String what) {
    assertEquals(expected.shape(), actual.shape(), what);
    List<Double> e = new java.util.ArrayList<>();
    List<Double> a = new java.util.ArrayList<>();
    expected.scalars().forEach(v -> e.add(((Number) v.getObject()).doubleValue()));
    actual.scalars().forEach(v -> a.add(((Number) v.getObject()).doubleValue()));
    for (int i = 0; i < e.size(); i++) {
      assertEquals(e.get(i), a.get(i), 1e-6, what + " at " + i);
    }
  }

  private Map<String, String> printedKeras = Map.of();

  private Map<String, String> printed(String output) {
    Map<String, String> values = new LinkedHashMap<>();
    output.lines().filter(line -> line.startsWith("@@") && line.contains("=")).forEach(line -> {
      int eq = line.indexOf('=');
      values.put(line.substring(2, eq), line.substring(eq + 1));
    });
    printedKeras = values;
    return values;
  }
}
