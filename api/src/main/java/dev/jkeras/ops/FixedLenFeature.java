package dev.jkeras.ops;

import dev.jkeras.DType;
import dev.jkeras.Shape;
import java.util.Objects;
import org.tensorflow.ndarray.NdArray;

/**
 * A feature with a fixed number of values, as {@code tf.io.FixedLenFeature(shape, dtype,
 * default_value)}: parsed as a dense tensor of {@code shape} (per Example). Without a default an
 * Example lacking the feature fails to parse; with one, the default (a scalar, broadcast, or an array of
 * {@code shape}) takes its place.
 *
 * @param shape the shape of one Example's value; every dimension known
 * @param dtype float32, int64 or string
 * @param defaultValue the value used when the feature is missing, or null to require the feature
 */
public record FixedLenFeature(Shape shape, DType dtype, NdArray<?> defaultValue) implements FeatureSpec {
  public FixedLenFeature {
    Objects.requireNonNull(shape, "shape");
    Objects.requireNonNull(dtype, "dtype");
    FeatureSpec.checkDType(dtype);
    for (long d : shape.asArray()) {
      if (d < 0) {
        throw new IllegalArgumentException("A FixedLenFeature needs every dimension known; got shape " + shape
            + ". Use a VarLenFeature for a varying number of values");
      }
    }
    if (defaultValue != null && defaultValue.size() == 0) {
      throw new IllegalArgumentException("The default value of a feature needs at least one value; got an empty"
          + " array of shape " + defaultValue.shape() + ". Leave the default out (null) to require the feature");
    }
    if (defaultValue != null && DType.of(defaultValue) != dtype) {
      throw new IllegalArgumentException("The default value of a " + dtype + " feature must be " + dtype
          + "; got " + DType.of(defaultValue));
    }
  }

  /** A required feature (parsing fails where it is missing). */
  public FixedLenFeature(Shape shape, DType dtype) {
    this(shape, dtype, null);
  }

  /** Whether an Example may lack this feature. */
  public boolean hasDefault() {
    return defaultValue != null;
  }
}
