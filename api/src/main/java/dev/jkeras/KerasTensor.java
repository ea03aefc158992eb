package dev.jkeras;

import dev.jkeras.backend.BackendTensor;
import java.util.Objects;

/**
 * A symbolic tensor: what a layer's {@code call} receives and returns while a model is traced into
 * its TensorFlow graph. It has a static {@link Shape} (with {@code None} for sizes known only at run
 * time), a {@link DType}, and the backend's tensor it stands for.
 *
 * <p>Compute with it through {@link dev.jkeras.ops.Ops}, the {@code keras.ops} analogue.
 */
public final class KerasTensor {
  private final Shape shape;
  private final DType dtype;
  private final BackendTensor value;

  /** For backends: wraps a backend tensor with its static shape and dtype. */
  public KerasTensor(Shape shape, DType dtype, BackendTensor value) {
    this.shape = Objects.requireNonNull(shape, "shape");
    this.dtype = Objects.requireNonNull(dtype, "dtype");
    this.value = Objects.requireNonNull(value, "value");
  }

  public Shape shape() {
    return shape;
  }

  public DType dtype() {
    return dtype;
  }

  public int rank() {
    return shape.rank();
  }

  /** The backend's tensor; only backends look inside it. */
  public BackendTensor value() {
    return value;
  }

  @Override
  public String toString() {
    return "<KerasTensor shape=" + shape + ", dtype=" + dtype + ">";
  }
}
