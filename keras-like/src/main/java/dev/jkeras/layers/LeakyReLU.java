package dev.jkeras.layers;

import dev.jkeras.KerasTensor;
import dev.jkeras.ops.Ops;
import dev.jkeras.saving.Config;
import java.util.Map;

/** Leaky ReLU: {@code x} for {@code x >= 0}, else {@code negativeSlope * x} (Keras's default slope 0.3). */
public class LeakyReLU extends Layer {
  private final double negativeSlope;

  /** {@code LeakyReLU(negative_slope=0.3)}. */
  public LeakyReLU() {
    this(0.3);
  }

  public LeakyReLU(double negativeSlope) {
    if (!(negativeSlope >= 0)) {
      throw new IllegalArgumentException("The negative_slope of a LeakyReLU layer must be >= 0, got " + negativeSlope);
    }
    this.negativeSlope = negativeSlope;
  }

  public double negativeSlope() {
    return negativeSlope;
  }

  @Override
  public LeakyReLU name(String name) {
    super.name(name);
    return this;
  }

  @Override
  public LeakyReLU inputShape(int... shape) {
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
    return Ops.leakyRelu(inputs, negativeSlope);
  }

  /** Also reads Keras 2's {@code alpha}. */
  public static LeakyReLU fromConfig(Config config) {
    return new LeakyReLU(config.getDouble("negative_slope", config.getDouble("alpha", 0.3)));
  }

  @Override
  public Map<String, Object> getConfig() {
    Map<String, Object> config = super.getConfig();
    config.put("negative_slope", negativeSlope);
    return config;
  }
}
