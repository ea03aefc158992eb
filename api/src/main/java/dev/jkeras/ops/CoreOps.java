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
}
