package dev.jkeras.trainers.adapters;

import dev.jkeras.DType;
import dev.jkeras.Shape;
import java.util.List;

/**
 * What a step is traced for: the dtype and per-sample shape of each input and target, whether
 * per-sample weights come with them, and where batches come from: fed arrays ({@code source} null),
 * or a dataset read inside the graph ({@link GraphBatches}, compared by identity). Data of the same
 * signature reuses the same traced steps.
 */
public record DataSignature(List<DType> xTypes, List<Shape> xSamples, List<DType> yTypes, List<Shape> ySamples,
    boolean weighted, GraphBatches source) {

  /** The signature of fed arrays. */
  public DataSignature(List<DType> xTypes, List<Shape> xSamples, List<DType> yTypes, List<Shape> ySamples,
      boolean weighted) {
    this(xTypes, xSamples, yTypes, ySamples, weighted, null);
  }

  /** The same inputs alone (a predict's). */
  public DataSignature inputsOnly() {
    return new DataSignature(xTypes, xSamples, List.of(), List.of(), false, source);
  }

  public DataSignature {
    xTypes = List.copyOf(xTypes);
    xSamples = List.copyOf(xSamples);
    yTypes = List.copyOf(yTypes);
    ySamples = List.copyOf(ySamples);
  }
}
