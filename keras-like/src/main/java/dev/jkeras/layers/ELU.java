package dev.jkeras.layers;

import dev.jkeras.KerasTensor;
import dev.jkeras.ops.Ops;
import dev.jkeras.saving.Config;
import java.util.Map;

/** Exponential linear unit: {@code x} for {@code x > 0}, else {@code alpha * (exp(x) - 1)} (default alpha 1). */
public class ELU extends Layer {
  private final double alpha;

  /** {@code ELU(alpha=1.0)}. */
  public ELU() {
    this(1.0);
  }

  public ELU(double alpha) {
    this.alpha = alpha;
  }

  public double alpha() {
    return alpha;
  }

  @Override
  public ELU name(String name) {
    super.name(name);
    return this;
  }

  @Override
  public ELU inputShape(int... shape) {
    super.inputShape(shape);
    return this;
  }

  /** Passes the input's mask through, as Keras's {@code supports_masking = True}. */
  @Override
  public boolean supportsMasking() {
    return true;
  }

  @Override
  protected KerasTensor call(KerasTensor inputs, boolean training) {
    return Ops.elu(inputs, alpha);
  }

  public static ELU fromConfig(Config config) {
    return new ELU(config.getDouble("alpha", 1.0));
  }

  /** Keras's ELU saves only the base keys; {@code alpha} is added so a non-default value survives a round trip. */
  @Override
  public Map<String, Object> getConfig() {
    Map<String, Object> config = super.getConfig();
    config.put("alpha", alpha);
    return config;
  }
}
