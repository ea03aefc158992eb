package dev.jkeras.layers;

import dev.jkeras.KerasTensor;
import dev.jkeras.Shape;
import dev.jkeras.ops.Ops;
import dev.jkeras.saving.Config;
import java.util.Map;

/**
 * Alpha dropout, as {@code keras.layers.AlphaDropout}: while training, each input is dropped with probability
 * {@code rate} to SELU's negative saturation value, then all are moved by an affine map that keeps the inputs' mean
 * and variance (for self-normalizing networks with {@code selu} activations); inputs pass through unchanged otherwise.
 * {@code noise_shape} (null entries take the input's size) shares the drop across axes of size 1.
 */
public class AlphaDropout extends Layer {
  private static final double ALPHA = 1.6732632423543772848170429916717;
  private static final double SCALE = 1.0507009873554804934193349852946;

  private final double rate;
  private long seed;
  private NoiseShape noiseShape;

  /** {@code rate}: the drop probability, in [0, 1). */
  public AlphaDropout(double rate) {
    if (!(rate >= 0 && rate < 1)) {
      throw new IllegalArgumentException("Invalid value received for argument `rate` of AlphaDropout layer \""
          + name() + "\": expected a float value in [0, 1), got rate=" + rate
          + (rate == 1 ? " (a rate of 1 drops everything and makes the affine correction infinite)" : ""));
    }
    this.rate = rate;
  }

  /** With a fixed seed for the drops (0 means unseeded). */
  public AlphaDropout(double rate, long seed) {
    this(rate);
    this.seed = seed;
  }

  public double rate() {
    return rate;
  }

  /** A fixed seed for the drops (0 means unseeded). */
  public AlphaDropout seed(long seed) {
    checkNotBuilt("seed");
    this.seed = seed;
    return this;
  }

  /** The shape of the drop pattern, one entry per input axis (null: the input's size), e.g. {@code null, 1, null}. */
  public AlphaDropout noiseShape(Long... noiseShape) {
    checkNotBuilt("noiseShape");
    this.noiseShape = NoiseShape.of(name(), "AlphaDropout", noiseShape);
    return this;
  }

  @Override
  public AlphaDropout name(String name) {
    super.name(name);
    return this;
  }

  @Override
  public AlphaDropout inputShape(int... shape) {
    super.inputShape(shape);
    return this;
  }

  @Override
  public boolean supportsMasking() {
    return true;
  }

  @Override
  protected void build(Shape inputShape) {
    if (noiseShape != null) {
      noiseShape.checkFits(name(), "AlphaDropout", inputShape);
    }
  }

  @Override
  protected KerasTensor call(KerasTensor inputs, boolean training) {
    if (!training || rate == 0) {
      return inputs;
    }
    double alphaP = -ALPHA * SCALE;
    KerasTensor noise = Ops.randomUniform(noiseShape == null ? Ops.shape(inputs) : noiseShape.of(inputs), 0, 1,
        inputs.dtype(), seed);
    KerasTensor kept = Ops.cast(Ops.greaterEqual(noise, rate), inputs.dtype());
    double a = Math.pow((1 - rate) * (1 + rate * alphaP * alphaP), -0.5);
    double b = -a * alphaP * rate;
    KerasTensor x = Ops.add(Ops.multiply(inputs, kept), Ops.multiply(Ops.subtract(1.0, kept), alphaP));
    return Ops.add(Ops.multiply(x, a), b);
  }

  public static AlphaDropout fromConfig(Config config) {
    if (!config.has("rate")) {
      throw new IllegalArgumentException("AlphaDropout's config needs \"rate\" (a number in [0, 1)), got " + config);
    }
    AlphaDropout layer = new AlphaDropout(config.getDouble("rate", 0), config.getLong("seed", 0));
    Long[] noiseShape = NoiseShape.fromConfig("AlphaDropout", config.get("noise_shape"));
    return noiseShape == null ? layer : layer.noiseShape(noiseShape);
  }

  @Override
  public Map<String, Object> getConfig() {
    Map<String, Object> config = super.getConfig();
    config.put("rate", rate);
    config.put("seed", seed == 0 ? null : seed);
    config.put("noise_shape", noiseShape == null ? null : noiseShape.toConfig());
    return config;
  }
}
