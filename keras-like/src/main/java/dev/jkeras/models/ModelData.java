package dev.jkeras.models;

import dev.jkeras.DType;
import dev.jkeras.Shape;
import java.util.ArrayList;
import java.util.List;
import org.tensorflow.ndarray.NdArray;

/** Inputs and targets as the model takes them: one array per input and per output, all with the same number of samples. */
record ModelData(List<NdArray<?>> xs, List<NdArray<?>> ys, int samples) {

  /** Inputs then targets. */
  List<NdArray<?>> arrays() {
    List<NdArray<?>> all = new ArrayList<>(xs);
    all.addAll(ys);
    return all;
  }

  Trainer.Signature signature() {
    return new Trainer.Signature(types(xs), samples(xs), types(ys), samples(ys));
  }

  private static List<DType> types(List<NdArray<?>> arrays) {
    return arrays.stream().map(DType::of).toList();
  }

  private static List<Shape> samples(List<NdArray<?>> arrays) {
    return arrays.stream().map(a -> DataChecks.shapeOf(a).dropFirst()).toList();
  }
}
