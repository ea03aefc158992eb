package dev.jkeras.samples;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.jkeras.KerasTensor;
import dev.jkeras.layers.Dense;
import dev.jkeras.layers.Input;
import dev.jkeras.layers.InputLayer;
import dev.jkeras.layers.TFSMLayer;
import dev.jkeras.models.Model;
import dev.jkeras.models.Sequential;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Random;
import org.junit.jupiter.api.Assumptions;
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
      expected = model.predict(x, p -> p.verbose(0));
    }

    FloatNdArray served = serveInFreshJvm(exported, x);
    assertEquals(expected.shape(), served.shape());
    for (long i = 0; i < 50; i++) {
      for (long j = 0; j < 2; j++) {
        assertEquals(expected.getFloat(i, j), served.getFloat(i, j), 1e-6, "row " + i);
      }
    }
  }

  /** The TF1 fixture's reference variables are restored from the export's own checkpoint. */
  @Test
  void modelHoldingATFSMLayerServesInAFreshJvm() throws Exception {
    Path fixture = Path.of("../../shared/fixtures/savedmodels/half_plus_two_tf1");
    Assumptions.assumeTrue(java.nio.file.Files.isDirectory(fixture), "fixture missing: " + fixture.toAbsolutePath());
    Random random = new Random(12);
    FloatNdArray x = NdArrays.ofFloats(Shape.of(20, 1));
    FloatNdArray y = NdArrays.ofFloats(Shape.of(20, 2));
    x.scalars().forEach(s -> s.setFloat((float) random.nextGaussian()));
    y.scalars().forEach(s -> s.setFloat((float) random.nextGaussian()));
    Path exported = dir.resolve("transfer/1");
    FloatNdArray expected;
    KerasTensor input = Input.of(1);
    try (Model model = new Model(input, new Dense(2).apply(new TFSMLayer(fixture).apply(input)))) {
      model.compile("adam", "mse");
      model.fit(x, y, f -> f.epochs(2).verbose(0));
      model.export(exported);
      expected = model.predict(x, p -> p.verbose(0));
    }
    FloatNdArray served = serveInFreshJvm(exported, x);
    assertEquals(expected, served);
  }

  /** Runs {@link PlainTfJavaServing} on {@code exported} and {@code x} in a new JVM; returns what it served. */
  private FloatNdArray serveInFreshJvm(Path exported, FloatNdArray x) throws Exception {
    Path input = dir.resolve("x.bin");
    Path output = dir.resolve("y.bin");
    PlainTfJavaServing.write(input, x);
    Path java = Path.of(System.getProperty("java.home"), "bin", "java");
    Process process = new ProcessBuilder(java.toString(), "-cp", System.getProperty("java.class.path"),
        PlainTfJavaServing.class.getName(), exported.toString(), input.toString(), output.toString())
        .redirectErrorStream(true).start();
    String log = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertEquals(0, process.waitFor(), log);
    return PlainTfJavaServing.read(output);
  }
}
