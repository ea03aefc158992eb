package dev.jkeras.optimization.sparsity;

import dev.jkeras.Shape;
import dev.jkeras.layers.Layer;
import dev.jkeras.models.Model;
import dev.jkeras.models.Sequential;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * The entry points of {@code tfmot.sparsity.keras}: {@link #pruneLowMagnitude} wraps a layer or
 * every layer of a Sequential model for magnitude pruning, {@link #stripPruning} gives the plain
 * model back with its pruned weights, ready to save or export.
 *
 * <pre>{@code
 * long endStep = stepsPerEpoch * epochs;
 * Sequential pruned = Sparsity.pruneLowMagnitude(model, new PolynomialDecay(0.0, 0.8, 0, endStep));
 * pruned.compile("adam", "sparse_categorical_crossentropy", "accuracy");
 * pruned.fit(x, y, fit -> fit.epochs(epochs).callbacks(new UpdatePruningStep()));
 * Model exported = Sparsity.stripPruning(pruned);
 * exported.save("pruned.keras");
 * }</pre>
 */
public final class Sparsity {
  private Sparsity() {}

  /** As {@code prune_low_magnitude(layer, pruning_schedule=schedule)}. */
  public static PruneLowMagnitude pruneLowMagnitude(Layer layer, PruningSchedule schedule) {
    return new PruneLowMagnitude(layer, schedule);
  }

  /**
   * As {@code prune_low_magnitude(model, pruning_schedule=schedule)}: a new Sequential model of the
   * same layers (their weights shared, as tfmot reuses them), each in a {@link PruneLowMagnitude};
   * layers already wrapped stay as they are. Any layer that cannot be pruned fails the whole call,
   * as in tfmot. Compile the new model before training it.
   */
  public static Sequential pruneLowMagnitude(Sequential model, PruningSchedule schedule) {
    return pruneLowMagnitude(model, schedule, new int[] {1, 1}, "AVG");
  }

  /** As {@link #pruneLowMagnitude(Sequential, PruningSchedule)} with tfmot's block sparsity options. */
  public static Sequential pruneLowMagnitude(Sequential model, PruningSchedule schedule, int[] blockSize,
      String blockPoolingType) {
    if (model == null) {
      throw new IllegalArgumentException("`prune_low_magnitude` can only prune an object of the following types: "
          + "keras.models.Sequential, keras functional model, keras.layers.Layer. You passed null");
    }
    List<Layer> wrapped = new ArrayList<>();
    for (Layer layer : model.layers()) {
      wrapped.add(layer instanceof PruneLowMagnitude ? layer
          : new PruneLowMagnitude(layer, schedule, blockSize, blockPoolingType));
    }
    return rebuilt(model, wrapped);
  }

  /**
   * As {@code strip_pruning(model)}: a new Sequential model of the wrapped layers themselves, each
   * pruned weight first assigned {@code weight * mask}, so that its {@code .keras} file, weights and
   * SavedModel are those of an ordinary model with zeros where weights were pruned.
   */
  public static Sequential stripPruning(Model model) {
    if (!(model instanceof Sequential sequential)) {
      throw new IllegalArgumentException("stripPruning takes a Sequential model (as pruneLowMagnitude makes), got "
          + (model == null ? "null" : model.getClass().getName()));
    }
    List<Layer> plain = new ArrayList<>();
    for (Layer layer : sequential.layers()) {
      if (layer instanceof PruneLowMagnitude wrapper) {
        if (wrapper.isBuilt()) {
          wrapper.applyMasks();
        }
        plain.add(wrapper.layer());
      } else {
        plain.add(layer);
      }
    }
    return rebuilt(sequential, plain);
  }

  private static Sequential rebuilt(Sequential model, List<Layer> layers) {
    Sequential copy = new Sequential(layers);
    Shape input = model.isBuilt() ? model.inputShape() : null;
    if (input != null && !copy.isBuilt()) {
      long[] dims = input.asArray();
      copy.build(Arrays.stream(dims, 1, dims.length).mapToInt(Math::toIntExact).toArray());
    }
    return copy;
  }
}
