package dev.jkeras.optimization.sparsity;

import dev.jkeras.callbacks.Callback;
import dev.jkeras.layers.Layer;
import dev.jkeras.layers.Wrapper;
import dev.jkeras.models.Model;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The callback that training a pruned model needs, as tfmot's {@code UpdatePruningStep}: at the start
 * of {@code fit} it sets every {@link PruneLowMagnitude}'s {@code pruning_step} from -1 to 0 (a model
 * restored mid-pruning keeps its step; a layer not built yet starts at 0 when it is built), and at the end of each epoch it assigns {@code weight * mask}
 * so that a model saved then holds the pruned weights. Without it, the first training step fails.
 */
public class UpdatePruningStep extends Callback {
  private List<PruneLowMagnitude> prunable = List.of();

  @Override
  public void onTrainBegin(Map<String, Double> logs) {
    prunable = collect(model());
    prunable.forEach(PruneLowMagnitude::startPruningStep);
  }

  @Override
  public void onEpochEnd(int epoch, Map<String, Double> logs) {
    for (PruneLowMagnitude layer : prunable) {
      if (layer.isBuilt()) {
        layer.applyMasks();
      }
    }
  }

  /** The pruning wrappers of {@code model}, nested models and wrappers included, as tfmot's {@code collect_prunable_layers}. */
  static List<PruneLowMagnitude> collect(Model model) {
    List<PruneLowMagnitude> found = new ArrayList<>();
    if (model != null) {
      model.layers().forEach(layer -> collect(layer, found));
    }
    return found;
  }

  private static void collect(Layer layer, List<PruneLowMagnitude> found) {
    if (layer instanceof PruneLowMagnitude wrapper) {
      found.add(wrapper);
    } else if (layer instanceof Model nested) {
      nested.layers().forEach(l -> collect(l, found));
    } else if (layer instanceof Wrapper wrapper) {
      wrapper.wrappedLayers().values().forEach(l -> collect(l, found));
    }
  }
}
