package dev.jkeras.backend.ops;

import dev.jkeras.DType;
import dev.jkeras.KerasTensor;
import java.util.List;
import org.tensorflow.ndarray.NdArray;

/** The core ops a backend runs: conversion, casts, shapes and gradient control (Keras's {@code backend/core}). */
public interface CoreBackend {

  /** A constant holding {@code value}; a {@code ByteNdArray} is read as uint8. */
  KerasTensor constant(NdArray<?> value);

  /** A scalar constant of {@code dtype}. */
  KerasTensor constant(double value, DType dtype);

  KerasTensor cast(KerasTensor x, DType dtype);

  /** The run-time shape of {@code x} as a 1-D int32 tensor. */
  KerasTensor shapeOf(KerasTensor x);

  /** {@code x} as a constant as far as gradients are concerned. */
  KerasTensor stopGradient(KerasTensor x);

  /** The slices of {@code x} along {@code axis} (whose size must be known), each without that axis. */
  List<KerasTensor> unstack(KerasTensor x, int axis);
}
