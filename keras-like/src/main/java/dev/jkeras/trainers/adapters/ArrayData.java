package dev.jkeras.trainers.adapters;

import dev.jkeras.DType;
import dev.jkeras.Shape;
import java.util.ArrayList;
import java.util.List;
import org.tensorflow.ndarray.NdArray;

/**
 * In-memory data as a model takes it: one array per input and per target, all with {@code samples}
 * rows, and optionally one weight per sample (a float vector; null for none).
 */
public record ArrayData(List<NdArray<?>> xs, List<NdArray<?>> ys, int samples, NdArray<?> sampleWeights) {

  public ArrayData {
    xs = List.copyOf(xs);
    ys = List.copyOf(ys);
  }

  public ArrayData(List<NdArray<?>> xs, List<NdArray<?>> ys, int samples) {
    this(xs, ys, samples, null);
  }

  /** The same data with these per-sample weights, or none when null. */
  public ArrayData withSampleWeights(NdArray<?> weights) {
    return new ArrayData(xs, ys, samples, weights);
  }

  /** The inputs alone, as predict takes them. */
  public ArrayData inputsOnly() {
    return new ArrayData(xs, List.of(), samples);
  }

  /** Inputs, then targets, then the sample weights when there are some: the order steps are fed in. */
  public List<NdArray<?>> arrays() {
    List<NdArray<?>> all = new ArrayList<>(xs);
    all.addAll(ys);
    if (sampleWeights != null) {
      all.add(sampleWeights);
    }
    return all;
  }

  public DataSignature signature() {
    return new DataSignature(types(xs), samplesOf(xs), types(ys), samplesOf(ys), sampleWeights != null);
  }

  private static List<DType> types(List<NdArray<?>> arrays) {
    return arrays.stream().map(DType::of).toList();
  }

  private static List<Shape> samplesOf(List<NdArray<?>> arrays) {
    return arrays.stream().map(a -> Shape.of(a.shape().asArray()).dropFirst()).toList();
  }
}
