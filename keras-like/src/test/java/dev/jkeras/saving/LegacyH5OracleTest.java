package dev.jkeras.saving;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.jkeras.models.Model;
import dev.jkeras.models.Models;
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
 * Legacy HDF5 Functional models with real Keras 3.15.1 as the judge (oracle/legacy_h5.py, one
 * launch): a file Keras 3 writes with {@code model.save("x.h5")} and the same model in Keras 2's
 * config form (which Keras 3 loads too) load in jkeras compiled, with the optimizer state Keras
 * restores, and predict what Keras predicts after loading them.
 */
class LegacyH5OracleTest {
  @TempDir
  Path dir;

  @Test
  void functionalModelsInKeras3AndKeras2FormLoadAsKerasLoadsThem() {
    KerasOracle.assumeAvailable();
    Map<String, String> printed = new LinkedHashMap<>();
    KerasOracle.run("legacy_h5.py", dir.toString()).lines().filter(l -> l.startsWith("@@")).forEach(l ->
        printed.put(l.substring(2, l.indexOf('=')), l.substring(l.indexOf('=') + 1)));
    NdArray<?> x = Npy.read(dir.resolve("x.npy"));
    for (String name : List.of("functional.h5", "functional_keras2.h5")) {
      assertEquals("true", printed.get(name + ".compiled"), printed.toString());
      try (Model model = Models.loadModel(dir.resolve(name))) {
        assertTrue(model.isCompiled(), name + " compiled from its training_config");
        assertEquals(Long.parseLong(printed.get(name + ".iterations")), model.optimizer().iterations(),
            name + ": the optimizer state Keras restores");
        assertEquals(Integer.parseInt(printed.get("optimizer_variables")), model.optimizer().variables().size());
        FloatNdArray expected = (FloatNdArray) Npy.read(dir.resolve(name + ".y.npy"));
        FloatNdArray actual = (FloatNdArray) model.predict(x);
        assertEquals(expected.shape(), actual.shape());
        expected.scalars().forEachIndexed((index, value) -> assertEquals(value.getFloat(), actual.getFloat(index),
            1e-6, name + " prediction " + java.util.Arrays.toString(index)));
      }
    }
  }
}
