package dev.jkeras.backend.tensorflow;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.jkeras.Shape;
import dev.jkeras.backend.Backends;
import dev.jkeras.ops.Ops;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.tensorflow.ndarray.ByteNdArray;
import org.tensorflow.ndarray.FloatNdArray;
import org.tensorflow.ndarray.IntNdArray;
import org.tensorflow.ndarray.NdArray;
import org.tensorflow.ndarray.NdArrays;
import org.tensorflow.ndarray.StdArrays;

/** {@link Ops} on arrays, executed eagerly by TensorFlow. */
class OpsEagerTest {

  private static float[] floats(NdArray<?> array) {
    float[] out = new float[(int) array.size()];
    ((FloatNdArray) array).copyTo(org.tensorflow.ndarray.buffer.DataBuffers.of(out, false, false));
    return out;
  }

  @Test
  void backendIsTensorFlow() {
    assertEquals("tensorflow", Backends.get().name());
    assertTrue(Backends.get().version().startsWith("2."), Backends.get().version());
  }

  @Test
  void castReadsBytesAsUnsigned() {
    ByteNdArray pixels = NdArrays.vectorOf((byte) 0, (byte) 127, (byte) 255);
    NdArray<?> asFloat = Ops.cast(pixels, "float32");
    assertArrayEquals(new float[] {0, 127, 255}, floats(asFloat));
    NdArray<?> scaled = Ops.divide(asFloat, 255f);
    assertEquals(1f, floats(scaled)[2], 1e-6);
  }

  @Test
  void arithmeticBroadcastsLikeNumPy() {
    FloatNdArray m = StdArrays.ndCopyOf(new float[][] {{1, 2}, {3, 4}});
    FloatNdArray row = NdArrays.vectorOf(10f, 20f);
    assertArrayEquals(new float[] {11, 22, 13, 24}, floats(Ops.add(m, row)));
    assertArrayEquals(new float[] {-9, -18, -7, -16}, floats(Ops.subtract(m, row)));
    assertArrayEquals(new float[] {10, 40, 30, 80}, floats(Ops.multiply(m, row)));
    assertArrayEquals(new float[] {0.5f, 1, 1.5f, 2}, floats(Ops.divide(m, 2)));
    assertArrayEquals(new float[] {2, 3, 4, 5}, floats(Ops.add(m, 1)));
  }

  @Test
  void shapesAndJoins() {
    FloatNdArray m = StdArrays.ndCopyOf(new float[][] {{1, 2, 3}, {4, 5, 6}});
    assertEquals(org.tensorflow.ndarray.Shape.of(3, 2), Ops.reshape(m, 3, -1).shape());
    assertEquals(org.tensorflow.ndarray.Shape.of(2, 1, 3), Ops.expandDims(m, 1).shape());
    NdArray<?> joined = Ops.concatenate(List.of(m, m), 1);
    assertEquals(org.tensorflow.ndarray.Shape.of(2, 6), joined.shape());
    assertArrayEquals(new float[] {1, 2, 3, 1, 2, 3, 4, 5, 6, 4, 5, 6}, floats(joined));
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Ops.reshape(m, 4, 2));
    assertTrue(e.getMessage().contains("(2, 3)"), e.getMessage());
  }

  @Test
  void reductions() {
    FloatNdArray m = StdArrays.ndCopyOf(new float[][] {{1, 2, 3}, {4, 5, 9}});
    assertArrayEquals(new float[] {4}, floats(Ops.reshape(Ops.mean(m), 1)));
    assertArrayEquals(new float[] {2.5f, 3.5f, 6}, floats(Ops.mean(m, 0)));
    assertArrayEquals(new float[] {6, 18}, floats(Ops.sum(m, 1)));
    double expectedStd = Math.sqrt((9 + 4 + 1 + 0 + 1 + 25) / 6.0);
    assertEquals(expectedStd, floats(Ops.reshape(Ops.std(m), 1))[0], 1e-5);
    IntNdArray argmax = (IntNdArray) Ops.argmax(m, 1);
    assertEquals(2, argmax.getInt(0));
    assertEquals(2, argmax.getInt(1));
  }

  @Test
  void creationAndRandomness() {
    assertArrayEquals(new float[] {0, 0, 0, 0}, floats(Ops.zerosArray(Shape.of(2, 2), "float32")));
    assertArrayEquals(new float[] {1, 1}, floats(Ops.onesArray(Shape.of(2), "float32")));
    float[] uniform = floats(Ops.randomUniformArray(Shape.of(1000), -2, 3, 0));
    for (float v : uniform) {
      assertTrue(v >= -2 && v < 3, "out of range: " + v);
    }
    float[] normal = floats(Ops.randomNormalArray(Shape.of(20000), 5, 2, 42));
    double mean = 0;
    for (float v : normal) {
      mean += v / normal.length;
    }
    assertEquals(5, mean, 0.1);
  }

  @Test
  void shuffleIsAPermutation() {
    IntNdArray values = NdArrays.vectorOf(0, 1, 2, 3, 4, 5, 6, 7, 8, 9);
    IntNdArray shuffled = (IntNdArray) Ops.shuffle(values, 0);
    int[] out = new int[10];
    shuffled.copyTo(org.tensorflow.ndarray.buffer.DataBuffers.of(out, false, false));
    Arrays.sort(out);
    assertArrayEquals(new int[] {0, 1, 2, 3, 4, 5, 6, 7, 8, 9}, out);
  }

  @Test
  void unknownDtypeListsTheValidOnes() {
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> Ops.cast(NdArrays.vectorOf(1f), "float33"));
    assertTrue(e.getMessage().contains("float32") && e.getMessage().contains("int64"), e.getMessage());
  }

  @Test
  void nativeLoadFailureNamesTheArtifact() {
    String message = NativeLibrary.loadFailureMessage(new UnsatisfiedLinkError("no jnitensorflow"));
    assertTrue(message.contains("org.tensorflow:tensorflow-core-native:1.1.0"), message);
    assertTrue(message.contains("linux-x86_64"), message);
  }
}
