package dev.jkeras.models;

import dev.jkeras.DType;
import dev.jkeras.Shape;
import java.util.Map;
import org.tensorflow.ndarray.FloatNdArray;
import org.tensorflow.ndarray.NdArray;
import org.tensorflow.ndarray.NdArrays;

/**
 * The per-sample weights of {@code fit} and {@code evaluate}: given as {@code sampleWeight}, or made
 * from {@code classWeight} as Keras's {@code class_weight_to_sample_weights} does (each sample
 * weighs what its class weighs, 1 for classes not listed).
 */
final class SampleWeights {
  private SampleWeights() {}

  /** {@code weights} as a float vector of {@code samples} values, checked. */
  static FloatNdArray of(NdArray<?> weights, int samples, String what) {
    Shape shape = DataChecks.shapeOf(weights);
    boolean column = shape.rank() == 2 && shape.get(1) == 1;
    if (!(shape.rank() == 1 || column) || shape.get(0) != samples) {
      throw new IllegalArgumentException(what + " sampleWeight must have shape (" + samples + ",) (one weight per "
          + "sample), got " + shape);
    }
    float[] values = new float[samples];
    int[] next = {0};
    weights.scalars().forEach(s -> values[next[0]++] = ((Number) s.getObject()).floatValue());
    return NdArrays.vectorOf(values);
  }

  /**
   * The weight of each sample's class, for targets {@code y} of a model whose output has shape
   * {@code outputShape}; samples from {@code unweightedFrom} on (the validation split) weigh 1, as
   * Keras applies class weights to training data only.
   */
  static FloatNdArray fromClassWeights(Map<Integer, Double> classWeight, NdArray<?> y, Shape outputShape,
      String modelName, int unweightedFrom) {
    long units = outputShape.rank() == 0 ? 1 : outputShape.get(-1);
    long classes = units == 1 ? 2 : units;
    for (Integer key : classWeight.keySet()) {
      if (key == null || key < 0 || (units != Shape.UNKNOWN && key >= classes)) {
        throw new IllegalArgumentException("classWeight has a weight for class " + key + ", but model '" + modelName
            + "' outputs " + classes + " classes (0 to " + (classes - 1) + ", output shape " + outputShape + ")");
      }
    }
    int[] labels = labels(y);
    float[] weights = new float[labels.length];
    for (int i = 0; i < labels.length; i++) {
      weights[i] = i >= unweightedFrom ? 1f : classWeight.getOrDefault(labels[i], 1.0).floatValue();
    }
    return NdArrays.vectorOf(weights);
  }

  /** Each sample's class: the arg-max of one-hot rows, else the rounded label. */
  private static int[] labels(NdArray<?> y) {
    Shape shape = DataChecks.shapeOf(y);
    int samples = (int) shape.get(0);
    long perSample = shape.size() / Math.max(1, samples);
    boolean oneHot = shape.rank() > 1 && shape.get(-1) != 1;
    if (!oneHot && perSample != 1) {
      throw new IllegalArgumentException("classWeight needs one label per sample (shape (n,) or (n, 1)) or "
          + "one-hot targets (n, classes), got targets of shape " + shape);
    }
    if (oneHot && shape.rank() > 2) {
      throw new IllegalArgumentException("classWeight is not supported for targets of rank " + shape.rank()
          + " (shape " + shape + "); give sampleWeight instead");
    }
    boolean unsigned = DType.of(y) == DType.UINT8;
    int width = (int) perSample;
    int[] labels = new int[samples];
    double[] best = new double[samples];
    java.util.Arrays.fill(best, Double.NEGATIVE_INFINITY);
    int[] index = {0};
    y.scalars().forEach(s -> {
      double value = ((Number) s.getObject()).doubleValue();
      if (unsigned && value < 0) {
        value += 256;
      }
      int i = index[0]++;
      int row = i / width;
      if (!oneHot) {
        labels[row] = (int) Math.rint(value);
      } else if (value > best[row]) {
        best[row] = value;
        labels[row] = i % width;
      }
    });
    return labels;
  }
}
