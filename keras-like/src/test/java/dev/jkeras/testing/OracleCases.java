package dev.jkeras.testing;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.jkeras.Shape;
import dev.jkeras.saving.Json;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Random;
import org.tensorflow.ndarray.FloatNdArray;
import org.tensorflow.ndarray.NdArray;
import org.tensorflow.ndarray.NdArrays;
import org.tensorflow.ndarray.buffer.DataBuffers;

/**
 * Cases judged by one Keras oracle script, as the LoRA and quantization oracle tests run them: jkeras writes
 * each case's files ({@code <kind>.<suffix>}) into one temporary directory and its spec into
 * {@code manifest.json}; the script (built on {@code oracle/per_kind.py}) answers each case in
 * {@code results.json}, with its traceback as {@code error} when Keras failed on it. Closing deletes the files.
 */
public final class OracleCases implements AutoCloseable {
  private final Path dir;
  private final Map<String, Object> manifest = new LinkedHashMap<>();
  private Map<String, Object> results;

  private OracleCases(Path dir) {
    this.dir = dir;
  }

  /** A new set of cases in a temporary directory; skips the calling test unless the oracle is present. */
  public static OracleCases open(String name) {
    KerasOracle.assumeAvailable();
    try {
      return new OracleCases(Files.createTempDirectory(name));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** The file {@code <kind>.<suffix>} of the cases' directory. */
  public Path file(String kind, String suffix) {
    return dir.resolve(kind + "." + suffix);
  }

  /** Writes {@code array} as {@code <kind>.<suffix>.npy}. */
  public void write(String kind, String suffix, NdArray<?> array) {
    Npy.write(file(kind, suffix + ".npy"), array);
  }

  /** Reads {@code <kind>.<suffix>.npy}, which the script wrote. */
  public NdArray<?> read(String kind, String suffix) {
    return Npy.read(file(kind, suffix + ".npy"));
  }

  /** Adds a case and what the script needs to know of it. */
  public void add(String kind, Map<String, Object> spec) {
    manifest.put(kind, spec);
  }

  /** Writes the manifest and runs {@code oracle/<script>} on the directory. */
  public void run(String script) {
    try {
      Files.writeString(dir.resolve("manifest.json"), Json.write(manifest));
      KerasOracle.run(script, dir.toString());
      results = Json.parse(Files.readString(dir.resolve("results.json")), "results.json");
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** What the script found for {@code kind}; fails with Keras's traceback when Keras failed on it. */
  @SuppressWarnings("unchecked")
  public Map<String, Object> result(String kind) {
    Map<String, Object> result = (Map<String, Object>) results.get(kind);
    assertNull(result.get("error"), () -> "Keras failed on " + kind + ":\n" + result.get("error"));
    return result;
  }

  /** Gaussian float32 values of {@code shape}. */
  public static FloatNdArray floats(Random random, Shape shape) {
    float[] values = new float[Math.toIntExact(shape.size())];
    for (int i = 0; i < values.length; i++) {
      values[i] = (float) random.nextGaussian();
    }
    return NdArrays.wrap(org.tensorflow.ndarray.Shape.of(shape.asArray()), DataBuffers.of(values, false, false));
  }

  /** int32 indices in {@code [0, bound)} of shape {@code (rows, columns)}. */
  public static NdArray<?> indices(Random random, int rows, int columns, int bound) {
    int[] values = new int[rows * columns];
    for (int i = 0; i < values.length; i++) {
      values[i] = random.nextInt(bound);
    }
    return NdArrays.wrap(org.tensorflow.ndarray.Shape.of(rows, columns), DataBuffers.of(values, false, false));
  }

  /** Equal shapes and float values within {@code tolerance} (relative above 1). */
  public static void assertClose(String what, NdArray<?> expected, NdArray<?> actual, float tolerance) {
    assertArrayEquals(expected.shape().asArray(), actual.shape().asArray(), what + ": shape");
    double[] e = doubles(expected);
    double[] a = doubles(actual);
    for (int i = 0; i < e.length; i++) {
      assertTrue(Math.abs(e[i] - a[i]) <= tolerance * Math.max(1, Math.abs(e[i])),
          what + ": value " + i + " expected " + e[i] + ", got " + a[i]);
    }
  }

  private static double[] doubles(NdArray<?> array) {
    double[] values = new double[Math.toIntExact(array.shape().size())];
    int[] i = {0};
    array.scalars().forEach(s -> values[i[0]++] = ((Number) s.getObject()).doubleValue());
    return values;
  }

  @Override
  public void close() {
    try (var files = Files.list(dir)) {
      for (Path file : files.toList()) {
        Files.delete(file);
      }
      Files.delete(dir);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
