package dev.jkeras.ops;

import static dev.jkeras.ops.OpSupport.backend;
import static dev.jkeras.ops.OpSupport.eager;

import dev.jkeras.DType;
import dev.jkeras.KerasTensor;
import java.util.List;
import org.tensorflow.ndarray.NdArray;

/**
 * Core ops, as Keras's {@code keras.ops} core family: conversion to tensors, casts, shapes and
 * gradient control. {@link Ops} re-exports every function here.
 */
public final class CoreOps {
  private CoreOps() {}

  /** An array converted to a tensor in the current context (graph or eager). */
  public static KerasTensor convertToTensor(NdArray<?> value) {
    return backend().core().constant(value);
  }

  public static NdArray<?> cast(NdArray<?> x, String dtype) {
    DType target = DType.of(dtype);
    return eager(t -> cast(t.get(0), target), x);
  }

  public static KerasTensor cast(KerasTensor x, DType dtype) {
    return x.dtype() == dtype ? x : backend().core().cast(x, dtype);
  }

  public static KerasTensor cast(KerasTensor x, String dtype) {
    return cast(x, DType.of(dtype));
  }

  /** A scalar constant of {@code like}'s dtype, for mixing tensors and Java numbers. */
  public static KerasTensor scalar(double value, DType dtype) {
    return backend().core().constant(value, dtype);
  }

  /** The run-time shape of {@code x}, a 1-D int32 tensor. */
  public static KerasTensor shape(KerasTensor x) {
    return backend().core().shapeOf(x);
  }

  public static KerasTensor stopGradient(KerasTensor x) {
    return backend().core().stopGradient(x);
  }

  /** The slices of {@code x} along {@code axis}, as {@code keras.ops.unstack}; the axis size must be known. */
  public static List<KerasTensor> unstack(KerasTensor x, int axis) {
    return backend().core().unstack(x, axis);
  }

  /**
   * The block of {@code x} at {@code startIndices} of {@code shape}, as {@code keras.ops.slice}; one
   * start and one size per axis.
   */
  public static KerasTensor slice(KerasTensor x, int[] startIndices, int[] shape) {
    checkBlock("slice", x, startIndices, shape);
    return backend().numpy().slice(x, startIndices.clone(), shape.clone());
  }

  /**
   * {@code x} with the block at {@code startIndices} replaced by {@code updates}, as
   * {@code keras.ops.slice_update}; differentiable in both {@code x} and {@code updates}.
   */
  public static KerasTensor sliceUpdate(KerasTensor x, int[] startIndices, KerasTensor updates) {
    if (updates.rank() != x.rank()) {
      throw new IllegalArgumentException("slice_update: updates of shape " + updates.shape()
          + " must have the rank of x, shape " + x.shape());
    }
    long[] size = updates.shape().asArray();
    int[] block = new int[size.length];
    for (int i = 0; i < size.length; i++) {
      if (size[i] == dev.jkeras.Shape.UNKNOWN || x.shape().get(i) == dev.jkeras.Shape.UNKNOWN) {
        throw new IllegalArgumentException("slice_update needs known shapes, got x " + x.shape() + " and updates "
            + updates.shape());
      }
      block[i] = (int) size[i];
    }
    checkBlock("slice_update", x, startIndices, block);
    int[][] widths = new int[block.length][];
    for (int i = 0; i < block.length; i++) {
      widths[i] = new int[] {startIndices[i], (int) x.shape().get(i) - startIndices[i] - block[i]};
    }
    KerasTensor placed = backend().numpy().pad(cast(updates, x.dtype()), widths);
    KerasTensor inside = backend().numpy().pad(NumpyOps.ones(updates.shape(), DType.BOOL), widths);
    return NumpyOps.where(inside, placed, x);
  }

  private static void checkBlock(String op, KerasTensor x, int[] start, int[] size) {
    if (start.length != x.rank() || size.length != x.rank()) {
      throw new IllegalArgumentException(op + " needs one start index and one size per axis of shape " + x.shape()
          + ", got start " + java.util.Arrays.toString(start) + " and size " + java.util.Arrays.toString(size));
    }
    for (int i = 0; i < start.length; i++) {
      long dim = x.shape().get(i);
      if (start[i] < 0 || size[i] < 0 || (dim != dev.jkeras.Shape.UNKNOWN && (long) start[i] + size[i] > dim)) {
        throw new IllegalArgumentException(op + ": the block at " + java.util.Arrays.toString(start) + " of size "
            + java.util.Arrays.toString(size) + " does not fit in shape " + x.shape() + " (axis " + i + ")");
      }
    }
  }

  public static NdArray<?> slice(NdArray<?> x, int[] startIndices, int[] shape) {
    return eager(t -> slice(t.get(0), startIndices, shape), x);
  }

  public static NdArray<?> sliceUpdate(NdArray<?> x, int[] startIndices, NdArray<?> updates) {
    return eager(t -> sliceUpdate(t.get(0), startIndices, t.get(1)), x, updates);
  }
}
