package dev.jkeras;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;
import org.tensorflow.ndarray.NdArrays;

class ShapeTest {

  @Test
  void printsInKerasNotation() {
    assertEquals("(None, 28, 28)", Shape.of(28, 28).prepend(Shape.UNKNOWN).toString());
    assertEquals("(10,)", Shape.of(10).toString());
    assertEquals("()", Shape.scalar().toString());
  }

  @Test
  void isAValue() {
    assertEquals(Shape.of(2, 3), Shape.of(2L, 3L));
    assertEquals(Shape.of(2, 3).hashCode(), Shape.of(2, 3).hashCode());
    assertNotEquals(Shape.of(2, 3), Shape.of(3, 2));
    long[] dims = {1, 2};
    Shape shape = Shape.of(dims);
    dims[0] = 9;
    assertEquals(1, shape.get(0));
  }

  @Test
  void axesAndSizes() {
    Shape shape = Shape.of(Shape.UNKNOWN, 4, 5);
    assertEquals(5, shape.get(-1));
    assertFalse(shape.isFullyDefined());
    assertEquals(20, shape.dropFirst().size());
    assertTrue(shape.isCompatibleWith(Shape.of(7, 4, 5)));
    assertFalse(shape.isCompatibleWith(Shape.of(7, 5, 4)));
    assertThrows(IllegalArgumentException.class, () -> shape.get(3));
    assertThrows(IllegalStateException.class, shape::size);
    assertThrows(IllegalArgumentException.class, () -> Shape.of(-2));
  }

  @Test
  void dtypesByKerasName() {
    assertEquals(DType.FLOAT32, DType.of("float32"));
    assertEquals(DType.UINT8, DType.of(NdArrays.vectorOf((byte) 1)));
    assertEquals(DType.INT32, DType.of(NdArrays.vectorOf(1)));
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> DType.of("float16x"));
    assertTrue(e.getMessage().contains("float32"), e.getMessage());
  }

  @Test
  void convertsToAndFromTensorFlowJavasShapeBothWays() {
    org.tensorflow.ndarray.Shape arrayShape = NdArrays.ofFloats(org.tensorflow.ndarray.Shape.of(16, 4)).shape();
    assertEquals(Shape.of(16, 4), Shape.of(arrayShape));
    assertEquals(Shape.of(Shape.UNKNOWN, 4), Shape.of(org.tensorflow.ndarray.Shape.of(-1, 4)));
    assertEquals(Shape.scalar(), Shape.of(org.tensorflow.ndarray.Shape.scalar()));
    assertArrayEquals(new long[] {-1, 28, 28}, Shape.of(Shape.UNKNOWN, 28, 28).toNdArrayShape().asArray());
    assertEquals(org.tensorflow.ndarray.Shape.scalar(), Shape.scalar().toNdArrayShape());
    assertEquals(Shape.of(3, 5), Shape.of(Shape.of(3, 5).toNdArrayShape()));
    assertEquals(org.tensorflow.ndarray.Shape.of(2, 3), NdArrays.ofInts(Shape.of(2, 3).toNdArrayShape()).shape());
  }

  @Test
  void refusesAShapeOfUnknownRank() {
    IllegalArgumentException error = assertThrows(IllegalArgumentException.class,
        () -> Shape.of(org.tensorflow.ndarray.Shape.unknown()));
    assertTrue(error.getMessage().contains("known rank"), error.getMessage());
  }
}
