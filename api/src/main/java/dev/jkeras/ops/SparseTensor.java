package dev.jkeras.ops;

import java.util.Objects;

/**
 * A sparse value in TensorFlow's COO layout, as {@code tf.SparseTensor}: the int64 {@code indices}
 * ({@code (n, rank)}), the {@code values} ({@code (n)}) and the int64 {@code denseShape} ({@code (rank)}).
 * {@code T} is {@link dev.jkeras.KerasTensor} for symbolic results and {@code NdArray<?>} for eager ones.
 */
public record SparseTensor<T>(T indices, T values, T denseShape) {
  public SparseTensor {
    Objects.requireNonNull(indices, "indices");
    Objects.requireNonNull(values, "values");
    Objects.requireNonNull(denseShape, "denseShape");
  }
}
