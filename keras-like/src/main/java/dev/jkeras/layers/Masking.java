package dev.jkeras.layers;

import dev.jkeras.KerasTensor;
import dev.jkeras.ops.Ops;
import dev.jkeras.saving.Config;
import java.util.Map;

/**
 * Keras's {@code Masking}: masks the time steps whose features all equal {@code maskValue}
 * (default 0.0), so later layers that support masking skip them (recurrent layers carry their
 * state over them). For inputs {@code (batch, timesteps, features)} the output is the input with
 * the masked steps set to 0, carrying the mask {@code any(inputs != maskValue, axis=-1)} of shape
 * {@code (batch, timesteps)}.
 */
public class Masking extends Layer {
  private final double maskValue;

  /** Masks the time steps that are all 0.0. */
  public Masking() {
    this(0.0);
  }

  public Masking(double maskValue) {
    this.maskValue = maskValue;
  }

  public double maskValue() {
    return maskValue;
  }

  @Override
  public Masking name(String name) {
    super.name(name);
    return this;
  }

  @Override
  public Masking inputShape(int... shape) {
    super.inputShape(shape);
    return this;
  }

  @Override
  public KerasTensor computeMask(KerasTensor inputs, KerasTensor previousMask) {
    return Ops.any(notMaskValue(inputs), -1, false);
  }

  @Override
  protected KerasTensor call(KerasTensor inputs, boolean training) {
    KerasTensor keep = Ops.any(notMaskValue(inputs), -1, true);
    KerasTensor outputs = Ops.where(keep, inputs, Ops.scalar(0, inputs.dtype()));
    return outputs.withMask(Ops.squeeze(keep, -1));
  }

  private KerasTensor notMaskValue(KerasTensor inputs) {
    return Ops.notEqual(inputs, Ops.scalar(maskValue, inputs.dtype()));
  }

  public static Masking fromConfig(Config config) {
    return new Masking(config.getDouble("mask_value", 0.0));
  }

  @Override
  public Map<String, Object> getConfig() {
    Map<String, Object> config = super.getConfig();
    config.put("mask_value", maskValue);
    return config;
  }
}
