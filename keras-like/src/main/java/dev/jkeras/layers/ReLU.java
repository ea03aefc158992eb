package dev.jkeras.layers;

import dev.jkeras.KerasTensor;
import dev.jkeras.ops.Ops;
import dev.jkeras.saving.Config;
import java.util.Map;

/**
 * The rectified linear unit layer, as {@code keras.layers.ReLU}: {@code max_value} for {@code x >= max_value},
 * {@code x} for {@code threshold < x < max_value}, else {@code negative_slope * (x - threshold)}; by default
 * (no {@code max_value}, slope and threshold 0) the plain {@code max(x, 0)}.
 */
public class ReLU extends Layer {
  private Double maxValue;
  private double negativeSlope;
  private double threshold;

  public ReLU() {}

  /** The largest output; null (the default) for none. Must be >= 0. */
  public ReLU maxValue(Double maxValue) {
    checkNotBuilt("maxValue");
    if (maxValue != null && !(maxValue >= 0)) {
      throw new IllegalArgumentException("max_value of a ReLU layer cannot be a negative value. Received: max_value="
          + maxValue);
    }
    this.maxValue = maxValue;
    return this;
  }

  /** The slope below the threshold; default 0. Must be >= 0. */
  public ReLU negativeSlope(double negativeSlope) {
    checkNotBuilt("negativeSlope");
    if (!(negativeSlope >= 0)) {
      throw new IllegalArgumentException("negative_slope of a ReLU layer cannot be a negative value. Received: "
          + "negative_slope=" + negativeSlope);
    }
    this.negativeSlope = negativeSlope;
    return this;
  }

  /** The value below which the output is {@code negative_slope * (x - threshold)}; default 0. Must be >= 0. */
  public ReLU threshold(double threshold) {
    checkNotBuilt("threshold");
    if (!(threshold >= 0)) {
      throw new IllegalArgumentException("threshold of a ReLU layer cannot be a negative value. Received: threshold="
          + threshold);
    }
    this.threshold = threshold;
    return this;
  }

  public Double maxValue() {
    return maxValue;
  }

  public double negativeSlope() {
    return negativeSlope;
  }

  public double threshold() {
    return threshold;
  }

  @Override
  public ReLU name(String name) {
    super.name(name);
    return this;
  }

  @Override
  public ReLU inputShape(int... shape) {
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
    if (negativeSlope != 0 && maxValue == null && threshold == 0) {
      return Ops.leakyRelu(inputs, negativeSlope);
    }
    KerasTensor x = threshold != 0
        ? Ops.multiply(inputs, Ops.cast(Ops.greater(inputs, threshold), inputs.dtype()))
        : Ops.relu(inputs);
    if (maxValue != null) {
      x = Ops.clip(x, 0, maxValue);
    }
    if (negativeSlope != 0) {
      KerasTensor below = Ops.relu(Ops.subtract(threshold, inputs));
      x = Ops.subtract(x, Ops.multiply(below, negativeSlope));
    }
    return x;
  }

  public static ReLU fromConfig(Config config) {
    ReLU layer = new ReLU();
    Object maxValue = config.get("max_value");
    if (maxValue != null) {
      layer.maxValue(config.getDouble("max_value", 0));
    }
    return layer.negativeSlope(config.getDouble("negative_slope", 0)).threshold(config.getDouble("threshold", 0));
  }

  @Override
  public Map<String, Object> getConfig() {
    Map<String, Object> config = super.getConfig();
    config.put("max_value", maxValue);
    config.put("negative_slope", negativeSlope);
    config.put("threshold", threshold);
    return config;
  }
}
