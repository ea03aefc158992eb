package dev.jkeras.samples;

import java.util.Iterator;
import org.tensorflow.ndarray.NdArray;

/** The largest absolute difference between two arrays of the same shape: how far two models' outputs agree. */
final class MaxAbsDifference {
  private MaxAbsDifference() {}

  static double of(NdArray<?> a, NdArray<?> b) {
    if (!a.shape().equals(b.shape())) {
      throw new IllegalArgumentException("Cannot compare arrays of shapes " + a.shape() + " and " + b.shape());
    }
    double max = 0;
    Iterator<? extends NdArray<?>> left = a.scalars().iterator();
    Iterator<? extends NdArray<?>> right = b.scalars().iterator();
    while (left.hasNext()) {
      double x = ((Number) left.next().getObject()).doubleValue();
      double y = ((Number) right.next().getObject()).doubleValue();
      max = Math.max(max, Math.abs(x - y));
    }
    return max;
  }
}
