package dev.jkeras.optimization.sparsity;

import dev.jkeras.backend.Variable;
import java.util.List;

/**
 * A layer of your own that {@link PruneLowMagnitude} may wrap, as tfmot's {@code PrunableLayer}: it
 * says which of its weights are pruned (built-in layers are known to {@link PruneRegistry}).
 */
public interface PrunableLayer {
  /** The weights to prune, among the layer's own, once it is built. */
  List<Variable> prunableWeights();
}
