package dev.jkeras.losses;

import dev.jkeras.saving.Config;
import java.util.Map;

/**
 * The options Keras's focal cross-entropy losses add to the cross-entropy ones: {@code alpha}, a
 * weighting factor, and {@code gamma}, the exponent of the focal factor; {@code from_logits} settable.
 *
 * @param <T> the loss class itself, so that the setters keep its type
 */
public abstract class FocalCrossentropyLoss<T extends FocalCrossentropyLoss<T>> extends CrossentropyLoss<T> {
  private double alpha = 0.25;
  private double gamma = 2.0;

  FocalCrossentropyLoss(String name) {
    super(name, false);
  }

  @SuppressWarnings("unchecked")
  private T self() {
    return (T) this;
  }

  /** Keras's {@code alpha=} (default 0.25): the weighting factor (what it weighs, the class says). */
  public T alpha(double alpha) {
    this.alpha = alpha;
    return self();
  }

  /** Keras's {@code gamma=} (default 2): the focusing exponent, at least 0. */
  public T gamma(double gamma) {
    if (!(gamma >= 0)) {
      throw new IllegalArgumentException(getClass().getSimpleName() + " gamma must be >= 0, got " + gamma);
    }
    this.gamma = gamma;
    return self();
  }

  /** Keras's {@code from_logits=} (default false). */
  public T fromLogits(boolean fromLogits) {
    setFromLogits(fromLogits);
    return self();
  }

  final double alpha() {
    return alpha;
  }

  final double gamma() {
    return gamma;
  }

  /** {@code loss} with the alpha, gamma, from_logits, label_smoothing and axis of a saved config. */
  static <L extends FocalCrossentropyLoss<L>> L withSavedOptions(Config config, L loss) {
    return loss.alpha(config.getDouble("alpha", 0.25)).gamma(config.getDouble("gamma", 2.0))
        .fromLogits(config.getBoolean("from_logits", false))
        .labelSmoothing(config.getDouble("label_smoothing", 0.0)).axis(config.getInt("axis", -1));
  }

  /** Adds alpha and gamma to a config, in Keras's order (after any options of the loss's own). */
  final void putAlphaGamma(Map<String, Object> config) {
    config.put("alpha", alpha);
    config.put("gamma", gamma);
  }
}
