package dev.jkeras.layers;

import dev.jkeras.KerasTensor;
import dev.jkeras.Shape;
import dev.jkeras.ops.Ops;
import dev.jkeras.saving.Config;
import java.util.Map;

/**
 * Repeats each step {@code size} times, as {@code keras.layers.UpSampling1D}: inputs
 * {@code (batch, steps, features)} become {@code (batch, steps * size, features)}; the default size is 2.
 */
public class UpSampling1D extends Layer {
  private final int size;

  public UpSampling1D(int size) {
    if (size <= 0) {
      throw new IllegalArgumentException("Layer \"" + name() + "\" (UpSampling1D): argument `size` should be a "
          + "positive integer, got size=" + size);
    }
    this.size = size;
  }

  /** Keras's default size, 2. */
  public UpSampling1D() {
    this(2);
  }

  public int size() {
    return size;
  }

  @Override
  public UpSampling1D name(String name) {
    super.name(name);
    return this;
  }

  @Override
  public UpSampling1D inputShape(int... shape) {
    super.inputShape(shape);
    return this;
  }

  @Override
  protected void build(Shape inputShape) {
    ConvArguments.requireRank(name(), "UpSampling1D", inputShape, 3, "(batch, steps, features)");
  }

  @Override
  protected KerasTensor call(KerasTensor inputs, boolean training) {
    return Ops.repeat(inputs, size, 1);
  }

  public static UpSampling1D fromConfig(Config config) {
    return new UpSampling1D(config.getInt("size", 2));
  }

  @Override
  public Map<String, Object> getConfig() {
    Map<String, Object> config = super.getConfig();
    config.put("size", size);
    return config;
  }
}
