package dev.jkeras.losses;

import dev.jkeras.KerasTensor;
import dev.jkeras.ops.Ops;
import dev.jkeras.saving.Config;
import dev.jkeras.saving.KerasSerializable;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * A loss: per-sample values from {@link #call}, reduced over the batch by {@link #apply} as its
 * {@linkplain #reduction(String) reduction} says (Keras's default {@code sum_over_batch_size}: the
 * mean). When {@code yPred} carries a {@linkplain KerasTensor#mask() mask} (a recurrent layer's
 * sequence output over padded inputs), or {@link #call} returns values with one (ignored classes),
 * masked entries count for nothing, as in Keras.
 */
public abstract class Loss implements KerasSerializable {
  /** Keras's fuzz factor for clipping probabilities. */
  protected static final double EPSILON = 1e-7;

  /** The reductions Keras's {@code standardize_reduction} accepts; {@code null} is Keras's {@code None}. */
  public static final java.util.List<String> REDUCTIONS =
      java.util.Collections.unmodifiableList(java.util.Arrays.asList(
          "sum_over_batch_size", "sum", "mean", "mean_with_sample_weight", "none", null));

  private final String name;
  private String reduction = "sum_over_batch_size";

  protected Loss(String name) {
    this.name = name;
  }

  /**
   * How {@link #apply} reduces the per-sample values: {@code "sum_over_batch_size"} (the default) and
   * {@code "mean"} divide their (weighted) sum by their number, {@code "sum"} keeps the sum,
   * {@code "mean_with_sample_weight"} divides by the sum of the sample weights, and {@code "none"} or
   * {@code null} return the (weighted) values unreduced; under compile those are summed for the
   * gradient and averaged for the logged loss, as in Keras.
   */
  public Loss reduction(String reduction) {
    this.reduction = checkedReduction(reduction);
    return this;
  }

  /** The reduction; {@code null} for Keras's {@code None}. */
  public String reduction() {
    return reduction;
  }

  private static String checkedReduction(Object reduction) {
    if (reduction != null && !(reduction instanceof String) || !REDUCTIONS.contains(reduction)) {
      throw new IllegalArgumentException("Invalid value for argument `reduction`. Expected one of "
          + "\"sum_over_batch_size\", \"sum\", \"mean\", \"mean_with_sample_weight\", \"none\" or null (None). "
          + "Received: reduction=" + reduction);
    }
    return (String) reduction;
  }

  private boolean unreduced() {
    return reduction == null || reduction.equals("none");
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
    KerasTensor mask = merged(yPred.mask(), values.mask());
    values = values.withMask(null);
    KerasTensor weights = sampleWeight == null ? null : sameRank(sampleWeight, values);
    boolean averaged = "sum_over_batch_size".equals(reduction) || "mean".equals(reduction);
    if (mask != null && mask.rank() <= values.rank() && averaged) {
      return maskedMean(values, mask, weights);
    }
    if (mask != null && mask.rank() <= values.rank()) {
      KerasTensor m = Ops.cast(mask, values.dtype());
      while (m.rank() < values.rank()) {
        m = Ops.expandDims(m, -1);
      }
      weights = weights == null ? m : Ops.multiply(weights, m);
    }
    KerasTensor weighted = weights == null ? values : Ops.multiply(values, weights);
    if (unreduced() || weighted.rank() == 0) {
      return weighted;
    }
    KerasTensor sum = Ops.sum(weighted);
    if (reduction.equals("sum")) {
      return sum;
    }
    if (reduction.equals("mean_with_sample_weight") && weights != null) {
      KerasTensor broadcast = Ops.add(Ops.zeros(Ops.shape(values), values.dtype()), weights);
      return Ops.divideNoNan(sum, Ops.sum(broadcast));
    }
    return Ops.mean(weighted);
  }

  private static KerasTensor merged(KerasTensor a, KerasTensor b) {
    if (a == null || b == null) {
      return a == null ? b : a;
    }
    return Ops.logicalAnd(a, b);
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
    if (weights.rank() == values.rank() + 1 && weights.rank() > 0 && weights.shape().get(-1) == 1) {
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

  /** Keras's {@code Loss.get_config()}: the name and the reduction; losses with options add them. */
  @Override
  public Map<String, Object> getConfig() {
    Map<String, Object> config = new LinkedHashMap<>();
    config.put("name", name);
    config.put("reduction", reduction);
    return config;
  }

  /** The name a saved config gives, else {@code fallback}. */
  protected static String nameFrom(Config config, String fallback) {
    return config.getString("name", fallback);
  }

  /** {@code loss} with the reduction a saved config gives (absent: the default), checked as Keras does. */
  protected static <L extends Loss> L withSavedReduction(Config config, L loss) {
    if (config.asMap().containsKey("reduction")) {
      ((Loss) loss).reduction = checkedReduction(config.get("reduction"));
    }
    return loss;
  }

  @Override
  public String toString() {
    return getClass().getSimpleName() + "(name=" + name + ")";
  }
}
