package dev.jkeras.layers;

import dev.jkeras.KerasTensor;
import dev.jkeras.saving.Config;
import java.util.Map;

/**
 * What {@link GaussianNoise} and {@link GaussianDropout} share: one number in the config (the noise's
 * amount, under its Keras name) and a seed; Gaussian noise applied while training unless the amount is 0;
 * inputs passed through unchanged otherwise, masks too.
 *
 * @param <T> the concrete layer, so options chain
 */
public abstract class BaseGaussianNoise<T extends BaseGaussianNoise<T>> extends Layer {
  private final String key;
  private final double amount;
  private long seed;

  BaseGaussianNoise(String key, double amount, long seed) {
    this.key = key;
    this.amount = amount;
    this.seed = seed;
  }

  @SuppressWarnings("unchecked")
  private T self() {
    return (T) this;
  }

  double amount() {
    return amount;
  }

  /** A fixed seed for the noise (0 means unseeded). */
  public T seed(long seed) {
    checkNotBuilt("seed");
    this.seed = seed;
    return self();
  }

  @Override
  public T name(String name) {
    super.name(name);
    return self();
  }

  @Override
  public T inputShape(int... shape) {
    super.inputShape(shape);
    return self();
  }

  @Override
  public boolean supportsMasking() {
    return true;
  }

  /** The inputs with noise of the layer's amount, drawn from {@code seed}; the amount is not 0. */
  abstract KerasTensor noisy(KerasTensor inputs, long seed);

  @Override
  protected KerasTensor call(KerasTensor inputs, boolean training) {
    if (!training || amount == 0) {
      return inputs;
    }
    return noisy(inputs, seed);
  }

  /** The amount in a layer's config, which must be there ({@code range} says what it may be, for the error). */
  static double amountOf(Config config, String layer, String key, String range) {
    if (!config.has(key)) {
      throw new IllegalArgumentException(layer + "'s config needs \"" + key + "\" (a number in " + range + "), got "
          + config);
    }
    return config.getDouble(key, 0);
  }

  @Override
  public Map<String, Object> getConfig() {
    Map<String, Object> config = super.getConfig();
    config.put(key, amount);
    config.put("seed", seed == 0 ? null : seed);
    return config;
  }
}
