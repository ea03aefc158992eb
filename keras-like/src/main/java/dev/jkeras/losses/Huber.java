package dev.jkeras.losses;

import dev.jkeras.KerasTensor;
import dev.jkeras.ops.Ops;
import dev.jkeras.saving.Config;
import java.util.Map;

/** Quadratic for errors up to {@code delta} (default 1), linear beyond; averaged over the last axis. */
public class Huber extends Loss {
  private final double delta;

  public Huber() {
    this(1.0);
  }

  public Huber(double delta) {
    this(delta, "huber_loss");
  }

  /** Logged and saved as {@code name}, as Keras's {@code name=} argument. */
  public Huber(double delta, String name) {
    super(name);
    if (!(delta > 0)) {
      throw new IllegalArgumentException("Huber delta must be positive, got " + delta);
    }
    this.delta = delta;
  }

  public double delta() {
    return delta;
  }

  public static Huber fromConfig(Config config) {
    return withSavedReduction(config, new Huber(config.getDouble("delta", 1.0), nameFrom(config, "huber_loss")));
  }

  /**
   * Keras's config ({@code name}, {@code reduction}); a {@code delta} other than 1 is added, which Keras's
   * {@code Huber.from_config} accepts but its {@code get_config} leaves out.
   */
  @Override
  public Map<String, Object> getConfig() {
    Map<String, Object> config = super.getConfig();
    if (delta != 1.0) {
      config.put("delta", delta);
    }
    return config;
  }

  @Override
  public TargetRule targetRule() {
    return TargetRule.BROADCAST_PREDICTIONS_FIRST;
  }

  @Override
  public KerasTensor call(KerasTensor yTrue, KerasTensor yPred) {
    KerasTensor error = Ops.abs(Ops.subtract(yPred, matchTargets(yTrue, yPred)));
    KerasTensor quadratic = Ops.minimum(error, delta);
    KerasTensor linear = Ops.subtract(error, quadratic);
    KerasTensor perElement = Ops.add(Ops.multiply(Ops.square(quadratic), 0.5), Ops.multiply(linear, delta));
    return Ops.mean(perElement, -1);
  }
}
