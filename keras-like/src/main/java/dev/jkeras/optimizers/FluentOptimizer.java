package dev.jkeras.optimizers;

import dev.jkeras.optimizers.schedules.LearningRateSchedule;

/**
 * An {@link Optimizer} whose setters return its own type, so chained settings keep it:
 * {@code new Adam().learningRate(1e-3).clipnorm(1.0).beta1(0.8)}. The built-in optimizers extend it;
 * code that only holds an optimizer (fields, parameters, {@code compile(Optimizer, ...)}) keeps
 * using the plain {@link Optimizer} type.
 *
 * @param <T> the optimizer class itself, e.g. {@code Adam extends FluentOptimizer<Adam>}
 */
public abstract class FluentOptimizer<T extends FluentOptimizer<T>> extends Optimizer {
  protected FluentOptimizer(String name, double learningRate) {
    super(name, learningRate);
  }

  protected FluentOptimizer(String name, LearningRateSchedule schedule) {
    super(name, schedule);
  }

  /** This optimizer as its own type; {@code this}, for the subclass {@code T}. */
  @SuppressWarnings("unchecked")
  protected final T self() {
    return (T) this;
  }

  /**
   * Checks a hyperparameter set after construction: allowed only before the optimizer's first
   * step, and {@code valid} must hold ({@code rule} says what is allowed).
   */
  protected final double hyperparameter(String key, double value, boolean valid, String rule) {
    requireNoState(key);
    if (!valid) {
      throw new IllegalArgumentException(name() + " needs " + rule + "; got " + key + "=" + value);
    }
    return value;
  }

  @Override
  public T learningRate(LearningRateSchedule schedule) {
    super.learningRate(schedule);
    return self();
  }

  @Override
  public T learningRate(double learningRate) {
    super.learningRate(learningRate);
    return self();
  }

  @Override
  public T clipnorm(double clipnorm) {
    super.clipnorm(clipnorm);
    return self();
  }

  @Override
  public T clipvalue(double clipvalue) {
    super.clipvalue(clipvalue);
    return self();
  }

  @Override
  public T globalClipnorm(double globalClipnorm) {
    super.globalClipnorm(globalClipnorm);
    return self();
  }

  @Override
  public T weightDecay(double weightDecay) {
    super.weightDecay(weightDecay);
    return self();
  }

  @Override
  public T excludeFromWeightDecay(String... varNames) {
    super.excludeFromWeightDecay(varNames);
    return self();
  }

  @Override
  public T useEma(boolean useEma) {
    super.useEma(useEma);
    return self();
  }

  @Override
  public T emaMomentum(double emaMomentum) {
    super.emaMomentum(emaMomentum);
    return self();
  }

  @Override
  public T emaOverwriteFrequency(int frequency) {
    super.emaOverwriteFrequency(frequency);
    return self();
  }

  @Override
  public T gradientAccumulationSteps(int steps) {
    super.gradientAccumulationSteps(steps);
    return self();
  }

  @Override
  public T lossScaleFactor(double factor) {
    super.lossScaleFactor(factor);
    return self();
  }
}
