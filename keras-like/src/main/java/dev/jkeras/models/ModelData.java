package dev.jkeras.models;

import dev.jkeras.DType;
import dev.jkeras.Shape;
import java.util.ArrayList;
import java.util.List;
import org.tensorflow.ndarray.NdArray;

/**
 * Inputs and targets as the model takes them: one array per input and per output, all with the same
 * number of samples, and optionally one weight per sample.
 */
record ModelData(List<NdArray<?>> xs, List<NdArray<?>> ys, int samples, NdArray<?> sampleWeights) {

  ModelData(List<NdArray<?>> xs, List<NdArray<?>> ys, int samples) {
    this(xs, ys, samples, null);
  }

  /** The same data with these per-sample weights (a float vector), or none when null. */
  ModelData withSampleWeights(NdArray<?> weights) {
    return new ModelData(xs, ys, samples, weights);
  }

  /** Inputs, then targets, then the sample weights when there are some. */
  List<NdArray<?>> arrays() {
    List<NdArray<?>> all = new ArrayList<>(xs);
    all.addAll(ys);
    if (sampleWeights != null) {
      all.add(sampleWeights);
    }
    return all;
  }

  Trainer.Signature signature() {
    return new Trainer.Signature(types(xs), samples(xs), types(ys), samples(ys), sampleWeights != null);
  }

  private static List<DType> types(List<NdArray<?>> arrays) {
    return arrays.stream().map(DType::of).toList();
  }

  private static List<Shape> samples(List<NdArray<?>> arrays) {
    return arrays.stream().map(a -> DataChecks.shapeOf(a).dropFirst()).toList();
  }
}
