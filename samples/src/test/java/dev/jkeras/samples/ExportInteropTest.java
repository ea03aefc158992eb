package dev.jkeras.samples;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.jkeras.layers.Dense;
import dev.jkeras.layers.InputLayer;
import dev.jkeras.models.Model;
import dev.jkeras.models.Sequential;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.tensorflow.ndarray.FloatNdArray;
import org.tensorflow.ndarray.NdArrays;
import org.tensorflow.ndarray.Shape;

/** An exported model, served in a fresh JVM by plain TensorFlow Java, gives what {@code predict} gives. */
class ExportInteropTest {
  @TempDir
  Path dir;

  @Test
  void plainSavedModelBundleInAFreshJvmMatchesPredict() throws Exception {
    Random random = new Random(11);
    FloatNdArray x = NdArrays.ofFloats(Shape.of(50, 5));
    FloatNdArray y = NdArrays.ofFloats(Shape.of(50, 2));
    x.scalars().forEach(s -> s.setFloat((float) random.nextGaussian()));
    y.scalars().forEach(s -> s.setFloat((float) random.nextGaussian()));
    Path exported = dir.resolve("exported/1");
    FloatNdArray expected;
    try (Model model = new Sequential(new InputLayer(5), new Dense(8, "tanh"), new Dense(2))) {
      model.compile("adam", "mse");
      model.fit(x, y, f -> f.epochs(2).verbose(0));
      model.export(exported);
      expected = (FloatNdArray) model.predict(x, p -> p.verbose(0));
    }

    Path input = dir.resolve("x.bin");
    Path output = dir.resolve("y.bin");
    PlainTfJavaServing.write(input, x);
    Path java = Path.of(System.getProperty("java.home"), "bin", "java");
    Process process = new ProcessBuilder(java.toString(), "-cp", System.getProperty("java.class.path"),
        PlainTfJavaServing.class.getName(), exported.toString(), input.toString(), output.toString())
        .redirectErrorStream(true).start();
    String log = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertEquals(0, process.waitFor(), log);

    FloatNdArray served = PlainTfJavaServing.read(output);
    assertEquals(expected.shape(), served.shape());
    for (long i = 0; i < 50; i++) {
      for (long j = 0; j < 2; j++) {
        assertEquals(expected.getFloat(i, j), served.getFloat(i, j), 1e-6, "row " + i);
      }
    }
  }
}
