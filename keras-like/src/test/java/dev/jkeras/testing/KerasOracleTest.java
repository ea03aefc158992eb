package dev.jkeras.testing;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.tensorflow.ndarray.NdArray;
import org.tensorflow.ndarray.NdArrays;
import org.tensorflow.ndarray.Shape;
import org.tensorflow.ndarray.buffer.DataBuffers;

/** The oracle harness: arrays cross to NumPy and back unchanged, and failures say what Python said. */
class KerasOracleTest {
  @TempDir
  Path dir;

  @Test
  void arraysCrossToNumpyAndBack() {
    KerasOracle.assumeAvailable();
    List<NdArray<?>> arrays = List.of(
        NdArrays.wrap(Shape.of(2, 3), DataBuffers.of(new float[] {1.5f, -2, 0, 3.25f, 1e-7f, 7}, false, false)),
        NdArrays.scalarOf(0.1),
        NdArrays.wrap(Shape.of(4), DataBuffers.of(new int[] {1, -2, 3, Integer.MAX_VALUE / 2}, false, false)),
        NdArrays.wrap(Shape.of(2, 1, 2), DataBuffers.of(new long[] {1L << 40, -5, 0, 9}, false, false)),
        NdArrays.wrap(Shape.of(3), DataBuffers.of(new boolean[] {true, false, true}, false, false)));
    for (int i = 0; i < arrays.size(); i++) {
      Npy.write(dir.resolve("a" + i + ".npy"), arrays.get(i));
    }
    String printed = KerasOracle.run("harness_check.py", "echo", dir.toString());
    assertEquals(List.of("a0 float32 [2, 3]", "a1 float64 []", "a2 int32 [4]", "a3 int64 [2, 1, 2]", "a4 bool [3]"),
        printed.lines().toList());
    assertEquals(NdArrays.wrap(Shape.of(2, 3), DataBuffers.of(new float[] {3, -4, 0, 6.5f, 2e-7f, 14}, false, false)),
        Npy.read(dir.resolve("a0.echo.npy")));
    assertEquals(NdArrays.scalarOf(0.2), Npy.read(dir.resolve("a1.echo.npy")));
    assertEquals(NdArrays.wrap(Shape.of(4), DataBuffers.of(new int[] {2, -4, 6, Integer.MAX_VALUE - 1}, false, false)),
        Npy.read(dir.resolve("a2.echo.npy")));
    assertEquals(NdArrays.wrap(Shape.of(2, 1, 2), DataBuffers.of(new long[] {1L << 41, -10, 0, 18}, false, false)),
        Npy.read(dir.resolve("a3.echo.npy")));
    assertEquals(NdArrays.wrap(Shape.of(3), DataBuffers.of(new boolean[] {false, true, false}, false, false)),
        Npy.read(dir.resolve("a4.echo.npy")));
  }

  @Test
  void aFailingScriptFailsTheTestWithPythonsTraceback() {
    KerasOracle.assumeAvailable();
    AssertionError e = assertThrows(AssertionError.class, () -> KerasOracle.run("harness_check.py", "fail"));
    assertTrue(e.getMessage().contains("Traceback (most recent call last)")
        && e.getMessage().contains("ValueError: deliberate failure for the harness test"), e.getMessage());
  }

  @Test
  void aScriptThatHangsIsStoppedAtItsTimeLimit() {
    KerasOracle.assumeAvailable();
    AssertionError e = assertThrows(AssertionError.class,
        () -> KerasOracle.run(Duration.ofSeconds(3), "harness_check.py", "sleep"));
    assertTrue(e.getMessage().contains("did not finish within PT3S"), e.getMessage());
  }
}
