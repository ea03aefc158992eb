package dev.jkeras.ops;

import static dev.jkeras.ops.OpSupport.backend;
import static dev.jkeras.ops.OpSupport.eager;

import dev.jkeras.DType;
import dev.jkeras.KerasTensor;
import dev.jkeras.Shape;
import dev.jkeras.backend.RandomDistribution;
import java.util.Arrays;
import java.util.List;
import org.tensorflow.ndarray.NdArray;
import org.tensorflow.ndarray.NdArrays;

/**
 * Random draws, as Keras's {@code keras.random}: {@code seed} 0 means unseeded (a fresh draw each
 * run). {@link Ops} re-exports every function here.
 */
public final class RandomOps {
  private RandomOps() {}

  /** Shuffles the first dimension; {@code seed} 0 draws a fresh permutation each call. */
  public static NdArray<?> shuffle(NdArray<?> x, long seed) {
    return eager(t -> backend().random().shuffle(t.get(0), seed), x);
  }

  /** An array of values drawn uniformly from [minval, maxval). */
  public static NdArray<?> randomUniformArray(Shape shape, double minval, double maxval, long seed) {
    return backend().eager(() -> List.of(randomUniform(shape, minval, maxval, DType.FLOAT32, seed))).get(0);
  }

  /** An array of values drawn from a normal distribution. */
  public static NdArray<?> randomNormalArray(Shape shape, double mean, double stddev, long seed) {
    return backend().eager(() -> List.of(randomNormal(shape, mean, stddev, DType.FLOAT32, seed))).get(0);
  }

  private static KerasTensor shapeTensor(Shape shape) {
    return backend().core().constant(NdArrays.vectorOf(
        Arrays.stream(shape.asArray()).mapToInt(Math::toIntExact).toArray()));
  }

  /** Values drawn uniformly from [minval, maxval). */
  public static KerasTensor randomUniform(Shape shape, double minval, double maxval, DType dtype, long seed) {
    return randomUniform(shapeTensor(shape), minval, maxval, dtype, seed);
  }

  /** Values drawn uniformly from [minval, maxval) for a run-time shape. */
  public static KerasTensor randomUniform(KerasTensor shape, double minval, double maxval, DType dtype, long seed) {
    KerasTensor unit = backend().random().random(RandomDistribution.UNIFORM, shape, dtype, seed);
    return NumpyOps.add(NumpyOps.multiply(unit, maxval - minval), minval);
  }

  public static KerasTensor randomNormal(Shape shape, double mean, double stddev, DType dtype, long seed) {
    KerasTensor unit = backend().random().random(RandomDistribution.NORMAL, shapeTensor(shape), dtype, seed);
    return NumpyOps.add(NumpyOps.multiply(unit, stddev), mean);
  }

  /** Normal values for a run-time shape (a 1-D int tensor, e.g. {@code shape(x)}). */
  public static KerasTensor randomNormal(KerasTensor shape, double mean, double stddev, DType dtype, long seed) {
    KerasTensor unit = backend().random().random(RandomDistribution.NORMAL, shape, dtype, seed);
    return NumpyOps.add(NumpyOps.multiply(unit, stddev), mean);
  }

  /** Normal values, with those beyond two standard deviations redrawn. */
  public static KerasTensor truncatedNormal(Shape shape, double mean, double stddev, DType dtype, long seed) {
    KerasTensor unit = backend().random().random(RandomDistribution.TRUNCATED_NORMAL, shapeTensor(shape), dtype, seed);
    return NumpyOps.add(NumpyOps.multiply(unit, stddev), mean);
  }
}
