package dev.jkeras.saving;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.jkeras.layers.BatchNormalization;
import dev.jkeras.layers.Dense;
import dev.jkeras.layers.InputLayer;
import dev.jkeras.models.Model;
import dev.jkeras.models.Models;
import dev.jkeras.models.Sequential;
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
import org.tensorflow.ndarray.IntNdArray;
import org.tensorflow.ndarray.NdArray;
import org.tensorflow.ndarray.NdArrays;
import org.tensorflow.ndarray.Shape;

/**
 * Legacy HDF5 Functional models with real Keras 3.15.1 as the judge (oracle/legacy_h5.py, one
 * launch): a file Keras 3 writes with {@code model.save("x.h5")} and the same model in Keras 2's
 * config form (which Keras 3 loads too) load in jkeras compiled, with the optimizer state Keras
 * restores, and predict what Keras predicts after loading them; and a file jkeras writes with
 * {@code model.save("x.h5")} loads in Keras compiled, with its optimizer state, predicting the same.
 */
class LegacyH5OracleTest {
  @TempDir
  Path dir;

  @Test
  void functionalModelsInKeras3AndKeras2FormLoadAsKerasLoadsThem() {
    KerasOracle.assumeAvailable();
    TestDataLike data = new TestDataLike();
    try (Sequential written = new Sequential(new InputLayer(5), new Dense(4, "relu"),
        new BatchNormalization(), new Dense(2, "softmax"))) {
      written.compile(new Adam(0.01), "sparse_categorical_crossentropy", "accuracy");
      written.fit(data.x, data.y, f -> f.epochs(2).batchSize(4).shuffle(false).verbose(0));
      written.save(dir.resolve("jkeras_seq.h5"));
      Npy.write(dir.resolve("jkeras_x.npy"), data.x);
      Npy.write(dir.resolve("jkeras_seq.h5.y.npy"), written.predict(data.x));
      try (Model reloaded = Models.loadModel(dir.resolve("jkeras_seq.h5"))) {
        assertTrue(reloaded.isCompiled());
        assertEquals(written.optimizer().iterations(), reloaded.optimizer().iterations());
        assertClose(written.predict(data.x), reloaded.predict(data.x), "jkeras reload");
      }
    }
    Map<String, String> printed = new LinkedHashMap<>();
    KerasOracle.run("legacy_h5.py", dir.toString()).lines().filter(l -> l.startsWith("@@")).forEach(l ->
        printed.put(l.substring(2, l.indexOf('=')), l.substring(l.indexOf('=') + 1)));
    assertEquals("true", printed.get("jkeras_seq.h5.compiled"), "Keras compiled jkeras's .h5: " + printed);
    assertEquals("Adam", printed.get("jkeras_seq.h5.optimizer"));
    assertEquals("8", printed.get("jkeras_seq.h5.iterations"), "Keras restored jkeras's optimizer state");
    assertClose((FloatNdArray) Npy.read(dir.resolve("jkeras_seq.h5.y.npy")),
        (FloatNdArray) Npy.read(dir.resolve("jkeras_seq.h5.keras_y.npy")), "Keras's predictions of jkeras's .h5");
    NdArray<?> x = Npy.read(dir.resolve("x.npy"));
    for (String name : List.of("functional.h5", "functional_keras2.h5")) {
      assertEquals("true", printed.get(name + ".compiled"), printed.toString());
      try (Model model = Models.loadModel(dir.resolve(name))) {
        assertTrue(model.isCompiled(), name + " compiled from its training_config");
        assertEquals(Long.parseLong(printed.get(name + ".iterations")), model.optimizer().iterations(),
            name + ": the optimizer state Keras restores");
        assertEquals(Integer.parseInt(printed.get("optimizer_variables")), model.optimizer().variables().size());
        assertClose((FloatNdArray) Npy.read(dir.resolve(name + ".y.npy")), model.predict(x), name);
      }
    }
  }

  private static void assertClose(FloatNdArray expected, FloatNdArray actual, String what) {
    assertEquals(expected.shape(), actual.shape(), what);
    expected.scalars().forEachIndexed((index, value) -> assertEquals(value.getFloat(), actual.getFloat(index),
        1e-6, what + " prediction " + java.util.Arrays.toString(index)));
  }

  /** 16 samples of 5 features in two classes, fixed. */
  private static final class TestDataLike {
    final FloatNdArray x = NdArrays.ofFloats(Shape.of(16, 5));
    final IntNdArray y = NdArrays.ofInts(Shape.of(16));

    TestDataLike() {
      java.util.Random random = new java.util.Random(21);
      for (int i = 0; i < 16; i++) {
        y.setInt(i % 2, i);
        for (int j = 0; j < 5; j++) {
          x.setFloat((float) random.nextGaussian() + (i % 2) * (j % 3), i, j);
        }
      }
    }
  }
}
