package dev.jkeras.ops;

import dev.jkeras.DType;
import java.util.Set;

/**
 * How one feature of a serialized {@code tf.train.Example} is parsed, as TensorFlow's {@code
 * tf.io.FixedLenFeature} and {@code tf.io.VarLenFeature}: see {@link FixedLenFeature} and {@link
 * VarLenFeature}. Features hold float32, int64 or string values, as the Example proto does.
 */
public sealed interface FeatureSpec permits FixedLenFeature, VarLenFeature {
  /** The dtypes an Example feature can hold. */
  Set<DType> DTYPES = Set.of(DType.FLOAT32, DType.INT64, DType.STRING);

  /** The dtype of the parsed values. */
  DType dtype();

  /** Fails unless {@code dtype} is one an Example holds. */
  static void checkDType(DType dtype) {
    if (!DTYPES.contains(dtype)) {
      throw new IllegalArgumentException("An Example feature holds float32, int64 or string values; got dtype "
          + dtype + ". Parse as one of those and cast afterwards (Ops.cast)");
    }
  }
}
