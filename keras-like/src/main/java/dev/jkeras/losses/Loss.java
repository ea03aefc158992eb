package dev.jkeras.losses;

import dev.jkeras.KerasTensor;
import dev.jkeras.ops.Ops;
import dev.jkeras.saving.Config;
import dev.jkeras.saving.KerasSerializable;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * A loss: per-sample values from {@link #call}, averaged over the batch by {@link #apply} (Keras's
 * {@code sum_over_batch_size} reduction). When {@code yPred} carries a {@linkplain KerasTensor#mask()
 * mask} (a recurrent layer's sequence output over padded inputs), the average is over the unmasked
 * entries only, as Keras's losses do.
 */
public abstract class Loss implements KerasSerializable {
  /** Keras's fuzz factor for clipping probabilities. */
  protected static final double EPSILON = 1e-7;

  private final String name;

  protected Loss(String name) {
    this.name = name;
  }

  /** Keras's name, e.g. {@code sparse_categorical_crossentropy}. */
  public String name() {
    return name;
  }

  /** The loss of each sample: shape {@code (batch,)}. */
  public abstract KerasTensor call(KerasTensor yTrue, KerasTensor yPred);

  /**
   * The target shapes this loss takes for a prediction shape, checked before the first step; custom losses
   * take {@link TargetRule#ANY} unless they override it.
   */
  public TargetRule targetRule() {
    return TargetRule.ANY;
  }

  /** The mean loss over the batch, a scalar. */
  public KerasTensor apply(KerasTensor yTrue, KerasTensor yPred) {
    return apply(yTrue, yPred, null);
  }

  /**
   * The batch loss with each sample counting {@code sampleWeight} times (shape {@code (batch,)}; null
   * for unweighted): {@code sum(weight * loss) / size}, Keras's {@code sum_over_batch_size} reduction
   * of weighted losses, so weights scale the loss rather than being normalized away.
   */
  public KerasTensor apply(KerasTensor yTrue, KerasTensor yPred, KerasTensor sampleWeight) {
    targetRule().check(yTrue.shape(), yPred.shape(), "loss " + name);
    KerasTensor values = call(yTrue, yPred);
    KerasTensor mask = yPred.mask();
    if (mask != null && mask.rank() <= values.rank()) {
      return maskedMean(values, mask, sampleWeight == null ? null : sameRank(sampleWeight, values));
    }
    if (sampleWeight == null) {
      return Ops.mean(values);
    }
    return Ops.mean(Ops.multiply(values, sameRank(sampleWeight, values)));
  }

  /**
   * Keras's {@code apply_mask} for {@code sum_over_batch_size}: {@code sum(values * weight * mask) /
   * count(unmasked entries)}, 0 when every entry is masked.
   */
  private static KerasTensor maskedMean(KerasTensor values, KerasTensor mask, KerasTensor weights) {
    KerasTensor m = Ops.cast(mask, values.dtype());
    while (m.rank() < values.rank()) {
      m = Ops.expandDims(m, -1);
    }
    KerasTensor broadcast = Ops.add(Ops.zeros(Ops.shape(values), values.dtype()), m);
    KerasTensor weighted = Ops.multiply(values, weights == null ? broadcast : Ops.multiply(weights, broadcast));
    return Ops.divideNoNan(Ops.sum(weighted), Ops.sum(broadcast));
  }

  /** Sample weights brought to the rank of the loss values. */
  private static KerasTensor sameRank(KerasTensor sampleWeight, KerasTensor values) {
    KerasTensor weights = Ops.cast(sampleWeight, values.dtype());
    if (weights.rank() == values.rank() + 1 && weights.rank() > 0) {
      weights = Ops.squeeze(weights, -1);
    }
    while (weights.rank() < values.rank()) {
      weights = Ops.expandDims(weights, -1);
    }
    return weights;
  }

  /** A loss from a function of {@code (yTrue, yPred)} returning per-sample values. */
  public static Loss of(String name, LossFunction function) {
    return new Loss(name) {
      @Override
      public KerasTensor call(KerasTensor yTrue, KerasTensor yPred) {
        return function.apply(yTrue, yPred);
      }
    };
  }

  /** {@code yTrue} cast to {@code yPred}'s dtype and brought to its rank, as Keras does for dense targets. */
  protected static KerasTensor matchTargets(KerasTensor yTrue, KerasTensor yPred) {
    KerasTensor target = Ops.cast(yTrue, yPred.dtype());
    if (target.rank() == yPred.rank() - 1) {
      target = Ops.expandDims(target, -1);
    } else if (target.rank() == yPred.rank() + 1 && target.shape().get(-1) == 1) {
      target = Ops.squeeze(target, -1);
    }
    return target;
  }

  /**
   * Keras's {@code Loss.get_config()}: the name and the reduction ({@code sum_over_batch_size}, the only one
   * jkeras has); losses with options add them.
   */
  @Override
  public Map<String, Object> getConfig() {
    Map<String, Object> config = new LinkedHashMap<>();
    config.put("name", name);
    config.put("reduction", "sum_over_batch_size");
    return config;
  }

  /** The name a saved config gives, else {@code fallback}; fails unless the reduction is one jkeras has. */
  protected static String nameFrom(Config config, String fallback) {
    Object reduction = config.get("reduction");
    if (reduction != null && !"sum_over_batch_size".equals(reduction)) {
      throw new IllegalArgumentException("Loss reduction '" + reduction + "' is not supported: jkeras reduces losses "
          + "with Keras's default \"sum_over_batch_size\" only. Save the loss with that reduction.");
    }
    return config.getString("name", fallback);
  }

  @Override
  public String toString() {
    return getClass().getSimpleName() + "(name=" + name + ")";
  }
}
