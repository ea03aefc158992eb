package dev.jkeras.layers;

import dev.jkeras.KerasTensor;
import dev.jkeras.Shape;
import dev.jkeras.ops.Ops;
import dev.jkeras.saving.Config;
import java.util.Map;

/**
 * Repeats each sample {@code n} times, as {@code keras.layers.RepeatVector}: inputs
 * {@code (batch, features)} become {@code (batch, n, features)}, e.g. to feed an encoder's summary
 * vector to every step of a decoder.
 */
public class RepeatVector extends Layer {
  private final int n;

  /** {@code n}: how many times each sample is repeated; a positive integer. */
  public RepeatVector(int n) {
    if (n <= 0) {
      throw new IllegalArgumentException("Argument `n` of RepeatVector should be a positive integer. Received: n=" + n);
    }
    this.n = n;
  }

  @Override
  protected void build(Shape inputShape) {
    ConvArguments.requireRank(name(), "RepeatVector", inputShape, 2, "(batch, features)");
  }

  @Override
  protected KerasTensor call(KerasTensor inputs, boolean training) {
    return Ops.repeat(Ops.expandDims(inputs, 1), n, 1);
  }

  public static RepeatVector fromConfig(Config config) {
    if (!config.has("n")) {
      throw new IllegalArgumentException("RepeatVector's config needs \"n\" (a positive integer), got " + config);
    }
    return new RepeatVector(config.getInt("n", 0));
  }

  @Override
  public Map<String, Object> getConfig() {
    Map<String, Object> config = super.getConfig();
    config.put("n", n);
    return config;
  }
}
