package dev.jkeras.saving;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.jkeras.layers.Dense;
import dev.jkeras.layers.InputLayer;
import dev.jkeras.models.Model;
import dev.jkeras.models.Sequential;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.tensorflow.ndarray.NdArrays;
import org.tensorflow.ndarray.Shape;

/**
 * Files jkeras writes open with libhdf5, the HDF5 library Python Keras reads them with (through
 * h5py). Runs where Debian's {@code python3-h5py} is installed, as CI installs it.
 */
class KerasFileInteropTest {
  private static final Path PYTHON = Path.of("/usr/bin/python3");
  private static final Path SCRIPT = Path.of("src/test/python/read_weights_h5.py");

  @TempDir
  Path dir;

  private static boolean h5pyAvailable() {
    if (!Files.isExecutable(PYTHON)) {
      return false;
    }
    try {
      return new ProcessBuilder(PYTHON.toString(), "-c", "import h5py").start().waitFor() == 0;
    } catch (IOException | InterruptedException e) {
      return false;
    }
  }

  private static List<String> readWithH5py(Path file) throws Exception {
    Process process = new ProcessBuilder(PYTHON.toString(), SCRIPT.toString(), file.toString())
        .redirectErrorStream(true).start();
    String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertEquals(0, process.waitFor(), output);
    return output.lines().toList();
  }

  @Test
  void libhdf5ReadsTheWeightsJkerasWrites() throws Exception {
    assumeTrue(h5pyAvailable(), "needs /usr/bin/python3 with h5py (Debian: python3-h5py)");
    try (Model model = new Sequential(new InputLayer(3), new Dense(4, "relu"), new Dense(2))) {
      model.compile("adam", "mse");
      model.fit(NdArrays.ofFloats(Shape.of(8, 3)), NdArrays.ofFloats(Shape.of(8, 2)), f -> f.epochs(1).verbose(0));
      Path keras = dir.resolve("model.keras");
      model.save(keras);
      assertEquals(List.of(
          "layers/dense/vars/0 [3, 4] float32",
          "layers/dense/vars/1 [4] float32",
          "layers/dense_1/vars/0 [4, 2] float32",
          "layers/dense_1/vars/1 [2] float32",
          "optimizer/vars/0 [] int64",
          "optimizer/vars/1 [] float32",
          "optimizer/vars/2 [3, 4] float32",
          "optimizer/vars/3 [3, 4] float32",
          "optimizer/vars/4 [4] float32",
          "optimizer/vars/5 [4] float32",
          "optimizer/vars/6 [4, 2] float32",
          "optimizer/vars/7 [4, 2] float32",
          "optimizer/vars/8 [2] float32",
          "optimizer/vars/9 [2] float32"), readWithH5py(keras));
      Path weights = dir.resolve("model.weights.h5");
      model.saveWeights(weights);
      assertEquals(14, readWithH5py(weights).size());
    }
  }
}
