package dev.jkeras.layers;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.jkeras.models.Model;
import dev.jkeras.models.Sequential;
import dev.jkeras.saving.Config;
import dev.jkeras.testing.KerasOracle;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.tensorflow.ndarray.FloatNdArray;
import org.tensorflow.ndarray.NdArrays;

/**
 * {@code Dropout}'s {@code noise_shape} against Keras 3.15.1's. The masks come from different random
 * generators, so the judge is their structure: Keras's training output and jkeras's are each reduced to
 * a signature (the one scale of the kept values, whether values are both kept and dropped, and along
 * which axes the mask is shared), and the signatures must be equal. A mask shared along an axis of
 * size 1 in the noise shape zeroes whole rows, channels or samples.
 */
class DropoutNoiseShapeOracleTest {
  private record Case(String id, double rate, Long[] noiseShape, long[] inputShape) {
    String kerasNoiseShape() {
      if (noiseShape == null) {
        return "None";
      }
      return "(" + String.join(", ", Arrays.stream(noiseShape).map(d -> d == null ? "None" : d.toString()).toList())
          + ",)";
    }
  }

  private static final List<Case> CASES = List.of(
      new Case("samples", 0.4, new Long[] {null, 1L, 1L, 1L}, new long[] {64, 3, 3, 2}),
      new Case("time_steps", 0.5, new Long[] {null, 1L, null}, new long[] {32, 5, 4}),
      new Case("batch_shared", 0.3, new Long[] {1L, null, 4L}, new long[] {16, 5, 4}),
      new Case("per_value", 0.25, null, new long[] {16, 6}));

  private static Map<String, String> keras;

  @BeforeAll
  static void runKeras() {
    StringBuilder code = new StringBuilder("""
        import json
        import numpy as np
        from keras import layers

        def signature(x, y, rate):
            r = y / x
            kept = r != 0
            scales = sorted({round(float(v), 5) for v in r[kept]})
            shared = [bool(np.all(kept == kept.take([0], axis=a))) for a in range(kept.ndim)]
            return "scales=%s mixed=%s shared=%s" % (scales, bool(kept.any() and not kept.all()), shared)

        """);
    for (Case c : CASES) {
      code.append(String.format(Locale.ROOT, """
          x = (1 + np.arange(%d, dtype="float32") %% 7).reshape(%s)
          layer = layers.Dropout(%s, noise_shape=%s, seed=3)
          print("@@%s=" + signature(x, np.asarray(layer(x, training=True)), %s))
          """, Arrays.stream(c.inputShape()).reduce(1, (a, b) -> a * b), pythonTuple(c.inputShape()), c.rate(),
          c.kerasNoiseShape(), c.id(), c.rate()));
    }
    code.append("""
        print("@@config=" + json.dumps(layers.Dropout(0.4, noise_shape=(None, 1, 1, 1), seed=3).get_config()))
        for key, bad in (("bad_rate", lambda: layers.Dropout(1.5)),
                         ("bad_noise_shape", lambda: layers.Dropout(0.2, noise_shape=(None, 0)))):
            try:
                bad()
                print("@@" + key + "=accepted")
            except ValueError as e:
                print("@@" + key + "=" + str(e))
        print("@@rate_one=" + str(float(np.max(np.asarray(layers.Dropout(1.0)(np.ones((2, 3), "float32"), training=True))))))
        """);
    keras = KerasOracle.printedValues(code.toString());
  }

  private static String pythonTuple(long[] shape) {
    return "(" + String.join(", ", Arrays.stream(shape).mapToObj(Long::toString).toList()) + ")";
  }

  /** The signature Keras's script computes, of jkeras's training output for the same input. */
  private static String signature(FloatNdArray x, FloatNdArray y, long[] shape) {
    int n = Math.toIntExact(x.size());
    float[] xs = new float[n];
    float[] ys = new float[n];
    int[] i = {0};
    x.scalars().forEach(v -> xs[i[0]++] = v.getFloat());
    i[0] = 0;
    y.scalars().forEach(v -> ys[i[0]++] = v.getFloat());
    boolean[] kept = new boolean[n];
    java.util.TreeSet<Double> scales = new java.util.TreeSet<>();
    boolean any = false;
    boolean all = true;
    for (int k = 0; k < n; k++) {
      double r = ys[k] / xs[k];
      kept[k] = r != 0;
      any |= kept[k];
      all &= kept[k];
      if (kept[k]) {
        scales.add(Math.round(r * 1e5) / 1e5);
      }
    }
    List<Boolean> shared = new ArrayList<>();
    for (int axis = 0; axis < shape.length; axis++) {
      shared.add(sharedAlong(kept, shape, axis));
    }
    return "scales=" + scales + " mixed=" + (any && !all ? "True" : "False") + " shared="
        + shared.toString().replace("true", "True").replace("false", "False");
  }

  /** Whether every element's kept status equals the one at index 0 of {@code axis} (numpy's take([0], axis)). */
  private static boolean sharedAlong(boolean[] kept, long[] shape, int axis) {
    long stride = 1;
    for (int a = shape.length - 1; a > axis; a--) {
      stride *= shape[a];
    }
    for (int k = 0; k < kept.length; k++) {
      long index = (k / stride) % shape[axis];
      if (kept[k] != kept[(int) (k - index * stride)]) {
        return false;
      }
    }
    return true;
  }

  private static FloatNdArray input(long[] shape) {
    FloatNdArray x = NdArrays.ofFloats(org.tensorflow.ndarray.Shape.of(shape));
    int[] i = {0};
    x.scalars().forEach(v -> v.setFloat(1 + i[0]++ % 7));
    return x;
  }

  @Test
  void theMaskIsSharedAlongTheAxesKerasSharesItAlongWithKerasScale() {
    for (Case c : CASES) {
      long[] sample = Arrays.copyOfRange(c.inputShape(), 1, c.inputShape().length);
      FloatNdArray x = input(c.inputShape());
      try (Model model = new Sequential(Input.of(Arrays.stream(sample).mapToInt(Math::toIntExact).toArray()),
          new Dropout(c.rate(), c.noiseShape(), 3))) {
        FloatNdArray y = (FloatNdArray) model.predict(x, p -> p.verbose(0).training(true).batchSize(1000));
        assertEquals(keras.get(c.id()), signature(x, y, c.inputShape()), c.id() + ": the mask's structure");
        FloatNdArray inference = (FloatNdArray) model.predict(x, p -> p.verbose(0).batchSize(1000));
        assertEquals(x, inference, c.id() + ": identity at inference");
      }
    }
    assertTrue(keras.get("samples").contains("shared=[False, True, True, True]"), keras.get("samples"));
  }

  @Test
  void theConfigIsKerasConfigBothWays() {
    Map<String, Object> kerasConfig = dev.jkeras.saving.Json.parse(keras.get("config"), "Keras's config");
    Dropout dropout = new Dropout(0.4).noiseShape(null, 1L, 1L, 1L).seed(3).name(kerasConfig.get("name").toString());
    Map<String, Object> ours = new LinkedHashMap<>(dropout.getConfig());
    for (String key : List.of("rate", "seed", "noise_shape")) {
      assertEquals(normalize(kerasConfig.get(key)), normalize(ours.get(key)), key);
    }
    Dropout back = Dropout.fromConfig(new Config("Dropout", kerasConfig));
    assertEquals(Arrays.asList(null, 1L, 1L, 1L), Arrays.asList(back.noiseShape()));
    assertEquals(0.4, back.rate());
  }

  private static Object normalize(Object value) {
    if (value instanceof Number n) {
      return n.doubleValue();
    }
    if (value instanceof List<?> list) {
      return list.stream().map(DropoutNoiseShapeOracleTest::normalize).toList();
    }
    return value;
  }

  @Test
  void whatKerasRefusesIsRefusedAndRateOneDropsEverything() {
    assertTrue(keras.get("bad_rate").startsWith("Invalid value received for argument `rate`"));
    IllegalArgumentException rate = assertThrows(IllegalArgumentException.class, () -> new Dropout(1.5));
    assertEquals(keras.get("bad_rate"), rate.getMessage());
    assertTrue(keras.get("bad_noise_shape").contains("positive"));
    IllegalArgumentException shape = assertThrows(IllegalArgumentException.class,
        () -> new Dropout(0.2).noiseShape(null, 0L));
    assertTrue(shape.getMessage().contains("positive or None"), shape.getMessage());
    IllegalArgumentException broadcast = assertThrows(IllegalArgumentException.class,
        () -> new Dropout(0.2).noiseShape(null, 2L, 3L).apply(Input.of(4, 3)));
    assertTrue(broadcast.getMessage().contains("does not broadcast to the input shape (None, 4, 3)"),
        broadcast.getMessage());
    assertThrows(IllegalArgumentException.class, () -> Dropout.fromConfig(new Config("Dropout", Map.of("rate", 0.2,
        "noise_shape", "(None, 1)"))));

    assertEquals("0.0", keras.get("rate_one"));
    try (Model model = new Sequential(Input.of(3), new Dropout(1.0))) {
      FloatNdArray ones = NdArrays.ofFloats(org.tensorflow.ndarray.Shape.of(2, 3));
      ones.scalars().forEach(v -> v.setFloat(1f));
      FloatNdArray y = (FloatNdArray) model.predict(ones, p -> p.verbose(0).training(true));
      y.scalars().forEach(v -> assertEquals(0f, v.getFloat()));
    }
  }
}
