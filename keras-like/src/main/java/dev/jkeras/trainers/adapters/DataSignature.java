package dev.jkeras.trainers.adapters;

import dev.jkeras.DType;
import dev.jkeras.Shape;
import java.util.List;

/**
 * What a step is traced for: the dtype and per-sample shape of each input and target, and whether
 * per-sample weights come with them. Data of the same signature reuses the same traced steps.
 */
public record DataSignature(List<DType> xTypes, List<Shape> xSamples, List<DType> yTypes, List<Shape> ySamples,
    boolean weighted) {

  public DataSignature {
    xTypes = List.copyOf(xTypes);
    xSamples = List.copyOf(xSamples);
    yTypes = List.copyOf(yTypes);
    ySamples = List.copyOf(ySamples);
  }
}
