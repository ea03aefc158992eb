package dev.jkeras.layers;

import dev.jkeras.KerasTensor;
import dev.jkeras.Shape;
import dev.jkeras.ops.Ops;
import dev.jkeras.saving.Config;
import java.util.Arrays;
import java.util.Map;

/**
 * Removes steps at the start and end of sequences, as {@code keras.layers.Cropping1D}: inputs
 * {@code (batch, steps, features)} become {@code (batch, steps - start - end, features)}; the default
 * crops 1 on each side. The number of steps must be known.
 */
public class Cropping1D extends Layer {
  private final int[] cropping;

  /** The same number of steps at both ends, or {@code start, end}. */
  public Cropping1D(int... cropping) {
    this.cropping = ConvArguments.tuple(name(), "cropping", 2, true, cropping.length == 0 ? new int[] {1} : cropping);
  }

  @Override
  public Cropping1D name(String name) {
    super.name(name);
    return this;
  }

  @Override
  public Cropping1D inputShape(int... shape) {
    super.inputShape(shape);
    return this;
  }

  @Override
  protected void build(Shape inputShape) {
    ConvArguments.requireRank(name(), "Cropping1D", inputShape, 3, "(batch, steps, features)");
    long steps = inputShape.get(1);
    if (steps == Shape.UNKNOWN) {
      throw new IllegalArgumentException("Layer \"" + name() + "\" (Cropping1D) needs a known number of steps, got "
          + "input shape " + inputShape + ". Give the model's Input a fixed length.");
    }
    if (cropping[0] + (long) cropping[1] >= steps) {
      throw new IllegalArgumentException("Layer \"" + name() + "\" (Cropping1D): `cropping` "
          + Arrays.toString(cropping) + " must remove fewer steps than the input has, got input shape " + inputShape
          + ". Crop less, or give longer inputs.");
    }
  }

  @Override
  protected KerasTensor call(KerasTensor inputs, boolean training) {
    int length = Math.toIntExact(inputs.shape().get(1) - cropping[0] - cropping[1]);
    KerasTensor rows = Ops.expandDims(inputs, 1);
    return Ops.squeeze(Ops.cropImages(rows, 0, cropping[0], 1, length), 1);
  }

  public static Cropping1D fromConfig(Config config) {
    return new Cropping1D(ConvArguments.ints(config, "cropping", new int[] {1}));
  }

  @Override
  public Map<String, Object> getConfig() {
    Map<String, Object> config = super.getConfig();
    config.put("cropping", ConvArguments.list(cropping));
    return config;
  }
}
