package dev.jkeras.ops;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.jkeras.KerasTensor;
import dev.jkeras.backend.Backends;
import dev.jkeras.testing.Conformance;
import java.util.List;
import java.util.function.Function;
import org.junit.jupiter.api.Test;
import org.tensorflow.ndarray.NdArray;
import org.tensorflow.ndarray.StdArrays;

/** Hostile input to the sequence ops gets a clear Keras-like error; top_k's order on ties. */
class SequenceOpsTest {
  private static final NdArray<?> X = StdArrays.ndCopyOf(new float[][] {{1, 2, 3}, {4, 5, 6}});

  private static void rejects(String expected, Function<KerasTensor, Object> op) {
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> Backends.get().eager(() -> {
          op.apply(Ops.convertToTensor(X));
          return List.of();
        }));
    assertTrue(e.getMessage().contains(expected), "message: " + e.getMessage());
  }

  @Test
  void axisOutOfRange() {
    rejects("cumsum: axis 2 is out of range for a tensor of rank 2", x -> Ops.cumsum(x, 2));
    rejects("roll: axis -3 is out of range", x -> Ops.roll(x, 1, -3));
    rejects("argsort: axis 5 is out of range", x -> Ops.argsort(x, 5));
    rejects("take_along_axis: axis 3 is out of range", x -> Ops.takeAlongAxis(x, Ops.zeros(x.shape(),
        dev.jkeras.DType.INT32), 3));
  }

  @Test
  void kLargerThanTheDimension() {
    rejects("top_k: k must be in [0, 3]", x -> Ops.topK(x, 4));
    rejects("top_k: k must be in [0, 3]", x -> Ops.topK(x, -1));
  }

  @Test
  void mismatchedShapes() {
    rejects("do not match x of shape (2, 3)", x -> Ops.takeAlongAxis(x,
        Ops.convertToTensor(StdArrays.ndCopyOf(new int[][] {{0}, {1}, {2}})), 1));
    rejects("must have the rank of x", x -> Ops.sliceUpdate(x, new int[] {0, 0},
        Ops.convertToTensor(StdArrays.ndCopyOf(new float[] {1}))));
    rejects("does not fit in shape (2, 3)", x -> Ops.sliceUpdate(x, new int[] {1, 2},
        Ops.convertToTensor(StdArrays.ndCopyOf(new float[][] {{1, 2}, {3, 4}}))));
    rejects("does not fit in shape (2, 3)", x -> Ops.slice(x, new int[] {0, 2}, new int[] {1, 2}));
    rejects("one start index and one size per axis", x -> Ops.slice(x, new int[] {0}, new int[] {1}));
    rejects("integer indices", x -> Ops.takeAlongAxis(x, x, 1));
    rejects("take needs integer indices", x -> Ops.take(x, x, 1));
    rejects("take: axis -3 is out of range", x -> Ops.take(x, Ops.cast(x, "int32"), -3));
  }

  @Test
  void negativeRepeatsAndSteps() {
    rejects("tile needs non-negative repeats", x -> Ops.tile(x, 2, -1));
    rejects("arange needs a non-zero step", x -> Ops.arange(0, 3, 0));
    rejects("repeat needs repeats >= 0, got -1", x -> Ops.repeat(x, -1, 0));
    rejects("repeat: axis 2 is out of range", x -> Ops.repeat(x, 2, 2));
    rejects("one_hot needs num_classes >= 0", x -> Ops.oneHot(Ops.cast(x, "int32"), -2, -1, dev.jkeras.DType.FLOAT32));
    rejects("one_hot: axis 3 is out of range", x -> Ops.oneHot(Ops.cast(x, "int32"), 2, 3, dev.jkeras.DType.FLOAT32));
    rejects("tril needs a tensor of rank >= 2", x -> Ops.tril(Ops.reshape(x, -1), 0));
  }

  @Test
  void topKKeepsTheLowerIndexFirstOnTies() {
    NdArray<?> ties = StdArrays.ndCopyOf(new float[] {1, 3, 2, 3, 3});
    List<NdArray<?>> result = Backends.get().eager(() -> Ops.topK(Ops.convertToTensor(ties), 3));
    assertArrayEquals(new double[] {1, 3, 4}, Conformance.values(result.get(1)));
    NdArray<?> sorted = Ops.argsort(ties, 0);
    assertArrayEquals(new double[] {0, 2, 1, 3, 4}, Conformance.values(sorted));
  }

  /** As Keras's TensorFlow backend (its numpy backend raises instead): an index outside the classes gives zeros. */
  @Test
  void oneHotOfAnIndexOutsideTheClassesIsZeros() {
    NdArray<?> indices = StdArrays.ndCopyOf(new int[] {1, 5, -1});
    List<NdArray<?>> hot = Backends.get().eager(() -> List.of(Ops.oneHot(Ops.convertToTensor(indices), 2, 0,
        dev.jkeras.DType.FLOAT32)));
    assertArrayEquals(new double[] {0, 0, 0, 1, 0, 0}, Conformance.values(hot.get(0)));
  }

  @Test
  void indexOutsideTheAxisInTakeAlongAxis() {
    NdArray<?> indices = StdArrays.ndCopyOf(new int[][] {{0}, {7}});
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Ops.takeAlongAxis(X, indices, 1));
    assertTrue(e.getMessage().contains("index 7 is outside [-3, 3) for axis 1"), e.getMessage());
  }
}
