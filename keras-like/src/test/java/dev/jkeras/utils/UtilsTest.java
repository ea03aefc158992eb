package dev.jkeras.utils;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;
import org.tensorflow.ndarray.FloatNdArray;
import org.tensorflow.ndarray.NdArrays;
import org.tensorflow.ndarray.Shape;
import org.tensorflow.ndarray.StdArrays;

class UtilsTest {

  @Test
  void oneHotEncodesAnIntArray() {
    FloatNdArray y = Utils.toCategorical(new int[] {0, 2, 1, 2}, 3);
    assertEquals(Shape.of(4, 3), y.shape());
    assertRows(y, new float[][] {{1, 0, 0}, {0, 0, 1}, {0, 1, 0}, {0, 0, 1}});
  }

  @Test
  void acceptsIntLongAndShortArrays() {
    float[][] expected = {{0, 1, 0, 0}, {0, 0, 0, 1}};
    assertRows(Utils.toCategorical(NdArrays.vectorOf(1, 3), 4), expected);
    assertRows(Utils.toCategorical(NdArrays.vectorOf(1L, 3L), 4), expected);
    assertRows(Utils.toCategorical(NdArrays.vectorOf((short) 1, (short) 3), 4), expected);
  }

  @Test
  void readsByteLabelsUnsigned() {
    FloatNdArray y = Utils.toCategorical(NdArrays.vectorOf((byte) 200, (byte) 1), 256);
    assertEquals(Shape.of(2, 256), y.shape());
    assertEquals(1f, y.getFloat(0, 200));
    assertEquals(1f, y.getFloat(1, 1));
    assertEquals(2f, sum(y));
  }

  @Test
  void acceptsWholeNumberFloatsOnly() {
    assertRows(Utils.toCategorical(NdArrays.vectorOf(1f, 0f), 2), new float[][] {{0, 1}, {1, 0}});
    assertRows(Utils.toCategorical(NdArrays.vectorOf(1.0, 0.0), 2), new float[][] {{0, 1}, {1, 0}});
    var e = assertThrows(IllegalArgumentException.class, () -> Utils.toCategorical(NdArrays.vectorOf(0.5f), 2));
    assertTrue(e.getMessage().contains("0.5"), e.getMessage());
    assertThrows(IllegalArgumentException.class, () -> Utils.toCategorical(NdArrays.vectorOf(Float.NaN), 2));
  }

  @Test
  void outOfRangeLabelsNameTheLabelAndTheClassCount() {
    var e = assertThrows(IllegalArgumentException.class, () -> Utils.toCategorical(new int[] {0, 10, 3}, 10));
    assertTrue(e.getMessage().contains("Label 10"), e.getMessage());
    assertTrue(e.getMessage().contains("10 classes"), e.getMessage());
    assertTrue(e.getMessage().contains("index 1"), e.getMessage());
    var negative = assertThrows(IllegalArgumentException.class,
        () -> Utils.toCategorical(NdArrays.vectorOf(-1L), 5));
    assertTrue(negative.getMessage().contains("Label -1"), negative.getMessage());
    assertThrows(IllegalArgumentException.class, () -> Utils.toCategorical(new int[] {0}, 0));
  }

  @Test
  void infersTheClassCountFromTheLargestLabel() {
    FloatNdArray y = Utils.toCategorical(new int[] {3, 1});
    assertEquals(Shape.of(2, 4), y.shape());
    assertEquals(1f, y.getFloat(0, 3));
    assertEquals(Shape.of(1, 6), Utils.toCategorical(NdArrays.vectorOf((byte) 5)).shape());
    assertThrows(IllegalArgumentException.class, () -> Utils.toCategorical(new int[0]));
  }

  @Test
  void dropsATrailingDimensionOfOneAsKerasDoes() {
    var column = StdArrays.ndCopyOf(new int[][] {{2}, {0}});
    assertEquals(Shape.of(2, 3), Utils.toCategorical(column, 3).shape());
    var grid = StdArrays.ndCopyOf(new int[][] {{2, 0}, {1, 1}});
    FloatNdArray y = Utils.toCategorical(grid, 3);
    assertEquals(Shape.of(2, 2, 3), y.shape());
    assertEquals(1f, y.getFloat(0, 0, 2));
    assertEquals(1f, y.getFloat(1, 1, 1));
  }

  @Test
  void rejectsNonNumericArrays() {
    var e = assertThrows(IllegalArgumentException.class,
        () -> Utils.toCategorical(NdArrays.vectorOf(true, false), 2));
    assertTrue(e.getMessage().contains("Labels must be integers"), e.getMessage());
  }

  private static void assertRows(FloatNdArray actual, float[][] expected) {
    assertEquals(Shape.of(expected.length, expected[0].length), actual.shape());
    for (int i = 0; i < expected.length; i++) {
      for (int j = 0; j < expected[i].length; j++) {
        assertEquals(expected[i][j], actual.getFloat(i, j), "row " + i + " column " + j);
      }
    }
  }

  private static float sum(FloatNdArray array) {
    float[] total = {0};
    array.scalars().forEach(s -> total[0] += s.getFloat());
    return total[0];
  }
}
