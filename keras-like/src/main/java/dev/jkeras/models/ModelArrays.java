package dev.jkeras.models;

import dev.jkeras.DType;
import dev.jkeras.Shape;
import dev.jkeras.losses.Loss;
import dev.jkeras.trainers.adapters.ArrayData;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.tensorflow.ndarray.NdArray;

/**
 * The arrays of a {@code fit}, {@code evaluate} or {@code predict} call as the model takes them:
 * one per input and per output, in the model's order, checked against the model with messages that
 * say what to change.
 */
final class ModelArrays {
  private ModelArrays() {}

  /** The arrays of a call's x and y as {@code model} takes them, checked. */
  static ArrayData of(Model model, List<? extends NdArray<?>> xArrays, List<? extends NdArray<?>> yArrays,
      String what) {
    List<NdArray<?>> x = DataChecks.arrays(xArrays, "x", what);
    List<NdArray<?>> y = DataChecks.arrays(yArrays, "y", what);
    int n = DataChecks.samples(x, y);
    int inputs = model.expectedInputCount();
    if (inputs >= 0 && x.size() != inputs) {
      throw new IllegalArgumentException("Model '" + model.name() + "' expects " + inputs + " input array(s) "
          + model.inputNames() + " but " + what + " received " + x.size());
    }
    int outputs = model.expectedOutputCount();
    if (y.size() > 0 && outputs >= 0 && y.size() != outputs) {
      throw new IllegalArgumentException("Model '" + model.name() + "' has " + outputs + " output(s) "
          + model.outputNames() + " but " + what + " received " + y.size() + " target array(s)");
    }
    DataChecks.checkArrays(x, "Input", model::inputNames, i -> model.inputDtype(i) == DType.STRING, model.name(),
        what);
    DataChecks.checkArrays(y, "Target", model::outputNames, i -> false, model.name(), what);
    return new ArrayData(x, y, n);
  }

  /** Checks that the targets fit the compiled losses and metrics of each output. */
  static void checkTargets(Model model, ArrayData data, List<Loss> losses, CompileOptions compiled, String what) {
    List<Shape> outputShapes = model.outputShapes();
    List<String> outputNames = model.outputNames();
    for (int i = 0; i < Math.min(outputShapes.size(), data.ys().size()); i++) {
      NdArray<?> y = data.ys().get(i);
      if (!losses.isEmpty()) {
        DataChecks.checkTargets(losses.get(i), y, outputShapes.get(i), outputNames.get(i), what);
      }
      DataChecks.checkMetricTargets(compiled.metrics(), y, outputShapes.get(i), outputNames.get(i), what);
      DataChecks.checkMetricTargets(compiled.metricsByOutput().getOrDefault(outputNames.get(i), List.of()), y,
          outputShapes.get(i), outputNames.get(i), what);
      DataChecks.checkMetricTargets(compiled.weightedMetrics(), y, outputShapes.get(i), outputNames.get(i), what);
      DataChecks.checkMetricTargets(compiled.weightedMetricsByOutput().getOrDefault(outputNames.get(i), List.of()), y,
          outputShapes.get(i), outputNames.get(i), what);
    }
  }

  /**
   * What {@link #checkTargets} checks of the targets' values alone (finite numbers, class indices in
   * range), for targets whose shapes it already passed against the same compile.
   */
  static void checkTargetValues(Model model, ArrayData data, List<Loss> losses, String what) {
    if (losses.isEmpty()) {
      return;
    }
    List<Shape> outputShapes = model.outputShapes();
    List<String> outputNames = model.outputNames();
    for (int i = 0; i < Math.min(outputShapes.size(), data.ys().size()); i++) {
      DataChecks.checkTargetValues(losses.get(i), data.ys().get(i), outputShapes.get(i), outputNames.get(i), what);
    }
  }

  /** Each array's shape, batch included. */
  static List<Shape> shapes(List<NdArray<?>> arrays) {
    List<Shape> shapes = new ArrayList<>(arrays.size());
    for (NdArray<?> array : arrays) {
      shapes.add(DataChecks.shapeOf(array));
    }
    return shapes;
  }

  /** Each array's dtype. */
  static List<DType> dtypes(List<NdArray<?>> arrays) {
    List<DType> types = new ArrayList<>(arrays.size());
    for (NdArray<?> array : arrays) {
      types.add(DType.of(array));
    }
    return types;
  }

  /** Arrays from a map keyed by input or output names, in the model's order. */
  static List<NdArray<?>> byName(Map<String, ? extends NdArray<?>> arrays, List<String> names, String kind) {
    if (arrays == null) {
      throw new IllegalArgumentException("Received null instead of a map from " + kind + " names " + names
          + " to arrays");
    }
    for (String key : arrays.keySet()) {
      if (!names.contains(key)) {
        throw new IllegalArgumentException("No " + kind + " named '" + key + "'; the model's " + kind + "s are " + names);
      }
    }
    List<NdArray<?>> ordered = new ArrayList<>();
    for (String name : names) {
      NdArray<?> array = arrays.get(name);
      if (array == null) {
        throw new IllegalArgumentException("Missing data for " + kind + " '" + name + "'; the model's " + kind
            + "s are " + names);
      }
      ordered.add(array);
    }
    return ordered;
  }

  /** The per-sample weights of a fit: sampleWeight as given, or made from classWeight; null for none. */
  static NdArray<?> fitWeights(Model model, FitOptions o, ArrayData data, int trainCount) {
    if (o.classWeight() != null && o.sampleWeight() != null) {
      throw new IllegalArgumentException("You cannot give both classWeight and sampleWeight to fit; fold the "
          + "class weights into the sample weights");
    }
    if (o.sampleWeight() != null) {
      return SampleWeights.of(o.sampleWeight(), data.samples(), "fit");
    }
    if (o.classWeight() == null) {
      return null;
    }
    if (data.ys().size() != 1) {
      throw new IllegalArgumentException("classWeight is only supported for models with a single output; model '"
          + model.name() + "' has outputs " + model.outputNames() + ". Give sampleWeight instead");
    }
    return SampleWeights.fromClassWeights(o.classWeight(), data.ys().get(0), model.outputShapes().get(0),
        model.name(), trainCount);
  }
}
