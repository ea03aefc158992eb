package dev.jkeras.trainers;

import dev.jkeras.DType;
import dev.jkeras.trainers.adapters.ArrayData;
import java.util.List;
import org.tensorflow.ndarray.NdArray;

/**
 * The step last used for arrays of one data signature, with a check that other arrays have that
 * signature which builds nothing: calls that see the same signature call after call (a server's
 * one-batch predictions) find their step without making a {@code DataSignature} and looking it up.
 * {@code generation} is the owner's count of forgets, so a step remembered before one is not used.
 */
final class RecentStep<T> {
  private final DType[] types;
  private final long[][] samples;
  private final int inputs;
  private final boolean weighted;
  private final boolean training;
  private final long generation;
  private final T step;

  RecentStep(ArrayData data, boolean training, long generation, T step) {
    int n = data.xs().size() + data.ys().size();
    this.types = new DType[n];
    this.samples = new long[n][];
    this.inputs = data.xs().size();
    for (int i = 0; i < n; i++) {
      NdArray<?> array = array(data, i);
      types[i] = DType.of(array);
      long[] dims = array.shape().asArray();
      samples[i] = java.util.Arrays.copyOfRange(dims, Math.min(1, dims.length), dims.length);
    }
    this.weighted = data.sampleWeights() != null;
    this.training = training;
    this.generation = generation;
    this.step = step;
  }

  T step() {
    return step;
  }

  /** Whether {@code data}'s arrays have this signature (dtypes, and shapes but for the samples) in this mode. */
  boolean matches(ArrayData data, boolean training, long generation) {
    if (generation != this.generation || training != this.training || data.xs().size() != inputs
        || data.xs().size() + data.ys().size() != types.length || (data.sampleWeights() != null) != weighted) {
      return false;
    }
    for (int i = 0; i < types.length; i++) {
      NdArray<?> array = array(data, i);
      org.tensorflow.ndarray.Shape shape = array.shape();
      long[] expected = samples[i];
      if (shape.numDimensions() != expected.length + 1) {
        return false;
      }
      for (int d = 0; d < expected.length; d++) {
        if (shape.get(d + 1) != expected[d]) {
          return false;
        }
      }
      if (DType.of(array) != types[i]) {
        return false;
      }
    }
    return true;
  }

  private static NdArray<?> array(ArrayData data, int i) {
    List<NdArray<?>> xs = data.xs();
    return i < xs.size() ? xs.get(i) : data.ys().get(i - xs.size());
  }
}
