package dev.jkeras.layers;

import dev.jkeras.KerasTensor;
import dev.jkeras.Shape;
import dev.jkeras.ops.Ops;
import dev.jkeras.saving.Config;
import java.util.Map;

/**
 * Sets a fraction {@code rate} of inputs to 0 while training and scales the rest by
 * {@code 1 / (1 - rate)}; passes inputs through unchanged otherwise, as {@code keras.layers.Dropout}.
 * With a {@code noiseShape} the random mask has that shape (null entries: the input's size) and is
 * broadcast to the input: {@code noiseShape(null, 1L, 1L, 1L)} keeps or drops whole samples of
 * images, {@code noiseShape(null, 1L, null)} drops the same features at every time step.
 */
public class Dropout extends Layer {
  private final double rate;
  private long seed;
  private NoiseShape noiseShape;

  /**
   * {@code rate}: the fraction of inputs to drop, in [0, 1] (1 drops everything).
   *
   * @throws IllegalArgumentException when the rate is outside [0, 1]
   */
  public Dropout(double rate) {
    if (!(rate >= 0 && rate <= 1)) {
      throw new IllegalArgumentException("Invalid value received for argument `rate`. Expected a float value "
          + "between 0 and 1. Received: rate=" + rate);
    }
    this.rate = rate;
  }

  /** With a fixed seed for the dropout mask (0 means unseeded). */
  public Dropout(double rate, long seed) {
    this(rate);
    this.seed = seed;
  }

  /** As Keras's {@code Dropout(rate, noise_shape, seed)}. */
  public Dropout(double rate, Long[] noiseShape, long seed) {
    this(rate, seed);
    noiseShape(noiseShape);
  }

  public double rate() {
    return rate;
  }

  /** A fixed seed for the dropout mask (0 means unseeded). */
  public Dropout seed(long seed) {
    checkNotBuilt("seed");
    this.seed = seed;
    return this;
  }

  /**
   * The shape of the dropout mask, one entry per input axis (null: the input's size at call time),
   * e.g. {@code null, 1L, 1L, 1L}; null (the default) draws one value per input.
   *
   * @throws IllegalArgumentException when an entry is not positive
   */
  public Dropout noiseShape(Long... noiseShape) {
    checkNotBuilt("noiseShape");
    this.noiseShape = NoiseShape.of(name(), "Dropout", noiseShape);
    return this;
  }

  /** The mask's shape as given (null entries: the input's size), or null when none was. */
  public Long[] noiseShape() {
    return noiseShape == null ? null : noiseShape.entries();
  }

  @Override
  public Dropout name(String name) {
    super.name(name);
    return this;
  }

  /** Passes the input's mask through, as Keras's {@code supports_masking = True}. */
  @Override
  public boolean supportsMasking() {
    return true;
  }

  @Override
  protected void build(Shape inputShape) {
    if (noiseShape != null) {
      noiseShape.checkFits(name(), "Dropout", inputShape);
    }
  }

  @Override
  protected KerasTensor call(KerasTensor inputs, boolean training) {
    if (!training || rate == 0) {
      return inputs;
    }
    if (rate == 1) {
      return Ops.zeros(Ops.shape(inputs), inputs.dtype());
    }
    KerasTensor maskShape = noiseShape == null ? Ops.shape(inputs) : noiseShape.of(inputs);
    KerasTensor noise = Ops.randomUniform(maskShape, 0, 1, inputs.dtype(), seed);
    KerasTensor keep = Ops.cast(Ops.greaterEqual(noise, rate), inputs.dtype());
    return Ops.multiply(inputs, Ops.divide(keep, 1 - rate));
  }

  /**
   * @throws IllegalArgumentException when {@code rate} is missing or outside [0, 1], or {@code noise_shape} is
   *     not a list of positive integers and nulls
   */
  public static Dropout fromConfig(Config config) {
    if (!config.has("rate")) {
      throw new IllegalArgumentException("Dropout's config needs \"rate\" (a number in [0, 1]), got " + config);
    }
    return new Dropout(config.getDouble("rate", 0), NoiseShape.fromConfig("Dropout", config.get("noise_shape")),
        config.getLong("seed", 0));
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
