package dev.jkeras.layers;

import dev.jkeras.DType;
import dev.jkeras.initializers.Initializer;
import dev.jkeras.ops.Ops;

/** What the int8-quantized layers share. */
final class Int8Layers {
  private Int8Layers() {}

  /** Keras's {@code initializer="zeros"} of an int8 weight, before the quantized values are written. */
  static final Initializer ZEROS = (shape, dtype) -> Ops.cast(Ops.zeros(shape, DType.FLOAT32), DType.INT8);
}
