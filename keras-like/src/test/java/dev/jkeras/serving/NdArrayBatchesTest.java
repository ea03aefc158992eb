package dev.jkeras.serving;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.tensorflow.ndarray.IntNdArray;
import org.tensorflow.ndarray.NdArray;
import org.tensorflow.ndarray.NdArrays;
import org.tensorflow.ndarray.Shape;
import org.tensorflow.ndarray.StdArrays;

@Timeout(10)
class NdArrayBatchesTest {
  @Test
  void concatenatesAndSplitsIntsAlongDimensionZero() {
    IntNdArray a = StdArrays.ndCopyOf(new int[][][] {{{1, 2}}});
    IntNdArray b = StdArrays.ndCopyOf(new int[][][] {{{3, 4}}, {{5, 6}}});
    NdArray<?> both = NdArrayBatches.concat(List.of(a, b));
    assertEquals(Shape.of(3, 1, 2), both.shape());
    assertArrayEquals(new int[][][] {{{1, 2}}, {{3, 4}}, {{5, 6}}}, StdArrays.array3dCopyOf((IntNdArray) both));
    NdArray<?> rows = NdArrayBatches.rows(both, 1, 2);
    assertEquals(b, rows);
  }

  @Test
  void keepsStringsAndBytesAsTheyCame() {
    NdArray<String> text = NdArrays.vectorOfObjects("a", "b");
    NdArray<String> more = NdArrays.vectorOfObjects("c");
    @SuppressWarnings("unchecked")
    NdArray<String> both = (NdArray<String>) NdArrayBatches.concat(List.of(text, more));
    assertEquals(List.of("a", "b", "c"), List.of(both.getObject(0), both.getObject(1), both.getObject(2)));
    NdArray<byte[]> bytes = NdArrays.vectorOfObjects(new byte[] {1}, new byte[] {2, 3});
    @SuppressWarnings("unchecked")
    NdArray<byte[]> second = (NdArray<byte[]>) NdArrayBatches.rows(bytes, 1, 1);
    assertArrayEquals(new byte[] {2, 3}, second.getObject(0));
    NdArray<?> flags = NdArrayBatches.concat(List.of(NdArrays.vectorOf(true), NdArrays.vectorOf(false, true)));
    assertEquals(NdArrays.vectorOf(true, false, true), flags);
  }
}
