package dev.jkeras.layers;

import java.util.Arrays;

/**
 * The weighted sample of values {@link Discretization#adapt} keeps to find quantile boundaries, as
 * Keras's {@code discretization.summarize} / {@code merge_summaries} / {@code compress_summary}:
 * values with weights, in float32 as Keras keeps them, merged batch by batch and compressed to about
 * {@code 1 / epsilon} points.
 */
final class QuantileSummary {
  private final float[] values;
  private final float[] weights;

  private QuantileSummary(float[] values, float[] weights) {
    this.values = values;
    this.weights = weights;
  }

  static QuantileSummary empty() {
    return new QuantileSummary(new float[0], new float[0]);
  }

  /** Every {@code len / (1 / epsilon)}-th of the sorted {@code data}, each weighing that step. */
  static QuantileSummary of(float[] data, double epsilon) {
    float[] sorted = data.clone();
    Arrays.sort(sorted);
    double step = Math.max(sorted.length / (1.0 / epsilon), 1);
    int start = (int) (step - 1);
    int stride = (int) step;
    int count = sorted.length <= start ? 0 : (sorted.length - 1 - start) / stride + 1;
    float[] picked = new float[count];
    float[] weights = new float[count];
    for (int i = 0; i < count; i++) {
      picked[i] = sorted[start + i * stride];
      weights[i] = (float) step;
    }
    return new QuantileSummary(picked, weights);
  }

  /** This summary and {@code other} as one, sorted by value and compressed to {@code epsilon}. */
  QuantileSummary merge(QuantileSummary other, double epsilon) {
    int n = values.length + other.values.length;
    Integer[] order = new Integer[n];
    float[] allValues = new float[n];
    float[] allWeights = new float[n];
    System.arraycopy(values, 0, allValues, 0, values.length);
    System.arraycopy(other.values, 0, allValues, values.length, other.values.length);
    System.arraycopy(weights, 0, allWeights, 0, weights.length);
    System.arraycopy(other.weights, 0, allWeights, weights.length, other.weights.length);
    for (int i = 0; i < n; i++) {
      order[i] = i;
    }
    Arrays.sort(order, (a, b) -> Float.compare(allValues[a], allValues[b]));
    float[] sortedValues = new float[n];
    float[] sortedWeights = new float[n];
    for (int i = 0; i < n; i++) {
      sortedValues[i] = allValues[order[i]];
      sortedWeights[i] = allWeights[order[i]];
    }
    return new QuantileSummary(sortedValues, sortedWeights).compress(epsilon);
  }

  /** The boundaries of {@code numBins} bins of about equal weight. */
  float[] binBoundaries(int numBins) {
    float[] compressed = compress(1.0 / numBins).values;
    return Arrays.copyOf(compressed, Math.max(compressed.length - 1, 0));
  }

  /** The summary resampled at the weight quantiles {@code epsilon, 2 epsilon, ..., 1}, unless already small. */
  private QuantileSummary compress(double epsilon) {
    if (values.length * epsilon < 1) {
      return this;
    }
    int points = (int) Math.ceil(1.0 / epsilon);
    double[] percents = new double[points];
    for (int i = 0; i < points; i++) {
      percents[i] = epsilon + i * epsilon;
    }
    float[] cumulative = new float[weights.length];
    float sum = 0;
    for (int i = 0; i < weights.length; i++) {
      sum += weights[i];
      cumulative[i] = sum;
    }
    double[] cumulativePercents = new double[cumulative.length];
    double[] cumulativeWeights = new double[cumulative.length];
    double[] sampleValues = new double[values.length];
    for (int i = 0; i < cumulative.length; i++) {
      cumulativePercents[i] = cumulative[i] / cumulative[cumulative.length - 1];
      cumulativeWeights[i] = cumulative[i];
      sampleValues[i] = values[i];
    }
    float[] newValues = new float[points];
    float[] newWeights = new float[points];
    double previous = 0;
    for (int i = 0; i < points; i++) {
      newValues[i] = (float) interpolate(percents[i], cumulativePercents, sampleValues);
      double weight = interpolate(percents[i], cumulativePercents, cumulativeWeights);
      newWeights[i] = (float) (weight - previous);
      previous = weight;
    }
    return new QuantileSummary(newValues, newWeights);
  }

  /** {@code numpy.interp(x, xp, fp)} for ascending {@code xp}, repeated points included. */
  static double interpolate(double x, double[] xp, double[] fp) {
    int last = xp.length - 1;
    if (x > xp[last]) {
      return fp[last];
    }
    if (x < xp[0]) {
      return fp[0];
    }
    int low = 0;
    int high = last;
    while (low < high) {
      int mid = (low + high + 1) >>> 1;
      if (xp[mid] <= x) {
        low = mid;
      } else {
        high = mid - 1;
      }
    }
    int j = low;
    if (j == last || xp[j] == x) {
      return fp[j];
    }
    double slope = (fp[j + 1] - fp[j]) / (xp[j + 1] - xp[j]);
    double result = slope * (x - xp[j]) + fp[j];
    return Double.isNaN(result) ? slope * (x - xp[j + 1]) + fp[j + 1] : result;
  }
}
