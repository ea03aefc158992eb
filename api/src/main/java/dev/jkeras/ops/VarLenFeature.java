package dev.jkeras.ops;

import dev.jkeras.DType;
import java.util.Objects;

/**
 * A feature with any number of values per Example, as {@code tf.io.VarLenFeature(dtype)}: parsed as a
 * {@link SparseTensor} (row-major indices, the values, the dense shape).
 *
 * @param dtype float32, int64 or string
 */
public record VarLenFeature(DType dtype) implements FeatureSpec {
  public VarLenFeature {
    Objects.requireNonNull(dtype, "dtype");
    FeatureSpec.checkDType(dtype);
  }
}
