package dev.jkeras.utils;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;
import org.tensorflow.ndarray.FloatNdArray;
import org.tensorflow.ndarray.NdArrays;
import org.tensorflow.ndarray.Shape;

class NpTest {
  @Test
  void javaArraysBecomeArraysOfTheirShape() {
    FloatNdArray images = Np.array(new float[2][28][28][1]);
    assertEquals(Shape.of(2, 28, 28, 1), images.shape());
    assertEquals(Shape.of(3), Np.array(new int[] {1, 2, 3}).shape());
    assertEquals(Shape.of(2, 3), Np.array(new double[][] {{1, 2, 3}, {4, 5, 6}}).shape());
    assertEquals(6.0, Np.array(new double[][] {{1, 2, 3}, {4, 5, 6}}).getDouble(1, 2));
    assertEquals(Shape.of(1, 2, 2), Np.array(new double[][][] {{{1, 2}, {3, 4}}}).shape());
    assertEquals(Shape.of(2, 1), Np.array(new long[][] {{1}, {2}}).shape());
    assertEquals(Shape.of(2, 1), Np.array(new String[][] {{"a good movie"}, {"dull"}}).shape());
    assertEquals("dull", Np.array(new String[][] {{"a good movie"}, {"dull"}}).getObject(1, 0));
    assertEquals(Shape.of(3), Np.array(new String[] {"a", "b", "c"}).shape());
    assertThrows(IllegalArgumentException.class, () -> Np.array(new String[][] {{"a", "b"}, {"c"}}));
  }

  @Test
  void aRaggedArrayIsRefusedWithTheRowThatDiffers() {
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> Np.array(new float[][] {{1, 2}, {3, 4}, {5}}));
    assertEquals("Ragged array: values[0] has 2 elements but values[2] has 1; every row must have the same length",
        e.getMessage());
    IllegalArgumentException deep = assertThrows(IllegalArgumentException.class,
        () -> Np.array(new float[][][] {{{1, 2}}, {{3}}}));
    assertTrue(deep.getMessage().contains("values[1][0] has 1"), deep.getMessage());
  }

  @Test
  void emptyArraysPrintAsNumpyDoes() {
    assertEquals("[]", Np.str(NdArrays.ofFloats(Shape.of(0))));
    assertEquals("array([], dtype=float32)", Np.repr(NdArrays.ofFloats(Shape.of(0))));
    assertEquals("array([], shape=(0, 3), dtype=float32)", Np.repr(NdArrays.ofFloats(Shape.of(0, 3))));
    assertEquals("array([], dtype=float64)", Np.repr(NdArrays.ofDoubles(Shape.of(0))));
  }

  @Test
  void unsupportedElementTypesSayWhichAreSupported() {
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> Np.str(NdArrays.ofShorts(Shape.of(2))));
    assertTrue(e.getMessage().contains("expected a float, double, int, long, byte (uint8) or boolean NdArray"),
        e.getMessage());
  }
}
