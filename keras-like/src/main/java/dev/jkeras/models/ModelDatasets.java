package dev.jkeras.models;

import dev.jkeras.DType;
import dev.jkeras.Shape;
import dev.jkeras.backend.TensorSpec;
import dev.jkeras.data.Dataset;
import dev.jkeras.data.ElementSpec;
import dev.jkeras.data.ElementStructure;
import dev.jkeras.trainers.adapters.DatasetAdapter;
import java.util.ArrayList;
import java.util.List;

/**
 * A {@link Dataset} as a model takes it (Keras's {@code unpack_x_y_sample_weight}): which components
 * of an element are the inputs (a tensor, a tuple in input order, or a dict by input name), the
 * targets and the sample weights; checked against the model's inputs before any step runs, with
 * Keras's messages.
 */
final class ModelDatasets {
  private ModelDatasets() {}

  /** The layout of {@code spec}'s elements for fit or evaluate: {@code (x, y)} or {@code (x, y, sampleWeight)}. */
  static DatasetAdapter.DatasetLayout forTraining(Model model, ElementSpec spec, String what) {
    if (!(spec.structure() instanceof ElementStructure.Tuple tuple) || tuple.items().size() < 2
        || tuple.items().size() > 3) {
      throw new IllegalArgumentException(what + " takes a dataset of (x, y) or (x, y, sampleWeight) elements, but its "
          + "elements are " + spec.structure() + " " + spec + ". Make it with Dataset.fromTensorSlices(x, y), or "
          + "Dataset.zip(inputs, targets) for inputs by name");
    }
    List<Integer> offsets = offsets(tuple);
    List<Integer> xs = inputs(model, tuple.items().get(0), offsets.get(0), what);
    List<Integer> ys = outputs(model, tuple.items().get(1), offsets.get(1), what);
    int weights = -1;
    if (tuple.items().size() == 3) {
      if (!(tuple.items().get(2) instanceof ElementStructure.Single)) {
        throw new IllegalArgumentException(what + ": the sample weights (an element's third part) must be one "
            + "tensor of one weight per sample, got " + tuple.items().get(2));
      }
      weights = offsets.get(2);
    }
    checkInputs(model, spec, xs, what);
    return new DatasetAdapter.DatasetLayout(xs, ys, weights);
  }

  /** The layout for predict: an element is x alone, or (x, ...) whose first part is x, as Keras unpacks it. */
  static DatasetAdapter.DatasetLayout forPredict(Model model, ElementSpec spec, String what) {
    List<Integer> xs = spec.structure() instanceof ElementStructure.Tuple tuple && tuple.items().size() <= 3
        ? inputs(model, tuple.items().get(0), 0, what)
        : inputs(model, spec.structure(), 0, what);
    checkInputs(model, spec, xs, what);
    return new DatasetAdapter.DatasetLayout(xs, List.of(), -1);
  }

  private static List<Integer> offsets(ElementStructure.Tuple tuple) {
    List<Integer> offsets = new ArrayList<>();
    int at = 0;
    for (ElementStructure item : tuple.items()) {
      offsets.add(at);
      at += item.size();
    }
    return offsets;
  }

  private static List<Integer> inputs(Model model, ElementStructure x, int offset, String what) {
    return byRole(x, offset, model.functional() != null || model.isBuilt() ? model.inputNames() : null,
        model.expectedInputCount(), "input", model, what);
  }

  private static List<Integer> outputs(Model model, ElementStructure y, int offset, String what) {
    return byRole(y, offset, model.isBuilt() ? model.outputNames() : null, model.expectedOutputCount(), "output",
        model, what);
  }

  /** The flat components of one part (x or y), in the model's order of inputs or outputs. */
  private static List<Integer> byRole(ElementStructure part, int offset, List<String> names, int expected,
      String role, Model model, String what) {
    List<Integer> at = new ArrayList<>();
    if (part instanceof ElementStructure.Single) {
      at.add(offset);
    } else if (part instanceof ElementStructure.Tuple tuple) {
      for (ElementStructure item : tuple.items()) {
        if (!(item instanceof ElementStructure.Single)) {
          throw new IllegalArgumentException(what + ": the " + role + "s of an element must be tensors, a tuple or a "
              + "dict of tensors; got a nested " + item);
        }
        at.add(offset++);
      }
    } else if (part instanceof ElementStructure.Dict dict) {
      if (names == null) {
        throw new IllegalStateException("Build model '" + model.name() + "' before passing " + role + "s by name");
      }
      for (String key : dict.keys()) {
        if (!names.contains(key)) {
          throw new IllegalArgumentException(what + ": the dataset has " + role + " '" + key + "', but model '"
              + model.name() + "' has no " + role + " of that name; its " + role + "s are " + names);
        }
      }
      for (String name : names) {
        int index = dict.keys().indexOf(name);
        if (index < 0) {
          throw new IllegalArgumentException(what + ": the dataset's elements have no " + role + " '" + name
              + "' (they have " + dict.keys() + "); model '" + model.name() + "' takes " + names);
        }
        int position = offset;
        for (int i = 0; i < index; i++) {
          position += dict.values().get(i).size();
        }
        at.add(position);
      }
    }
    if (expected >= 0 && at.size() != expected) {
      throw new IllegalArgumentException("Model '" + model.name() + "' expects " + expected + " " + role + "(s)"
          + (names == null ? "" : " " + names) + " but " + what + " received " + at.size() + " in each element");
    }
    return List.copyOf(at);
  }

  /** Builds the model for the inputs' shapes if needed, then checks every input's shape and dtype. */
  private static void checkInputs(Model model, ElementSpec spec, List<Integer> xs, String what) {
    List<TensorSpec> components = spec.components();
    if (!model.isBuilt()) {
      List<Shape> shapes = new ArrayList<>();
      for (int i : xs) {
        Shape shape = components.get(i).shape();
        shapes.add(shape.rank() == 0 ? shape : shape.with(0, Shape.UNKNOWN));
      }
      model.build(shapes);
    }
    List<Shape> expected = model.inputShapes();
    for (int k = 0; k < xs.size(); k++) {
      TensorSpec given = components.get(xs.get(k));
      if (given.dtype() == DType.STRING && model.inputDtype(k) != DType.STRING) {
        throw new IllegalArgumentException("Input " + k + " of model '" + model.name() + "' takes numbers, but "
            + what + " received a dataset of strings " + given.shape() + ". Convert them with a map first");
      }
      if (k >= expected.size()) {
        continue;
      }
      Shape want = expected.get(k).with(0, Shape.UNKNOWN);
      if (!want.isCompatibleWith(given.shape())) {
        String hint = given.shape().rank() == want.rank() - 1 && want.dropFirst().isCompatibleWith(given.shape())
            ? ". The dataset's elements are single samples: batch them with .batch(batchSize)" : "";
        throw new IllegalArgumentException("Input " + k + " of layer \"" + model.name() + "\" is incompatible with "
            + "the layer: expected shape=" + want + ", found shape=" + given.shape() + hint);
      }
    }
  }
}
