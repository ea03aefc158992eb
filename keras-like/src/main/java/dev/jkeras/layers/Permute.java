package dev.jkeras.layers;

import dev.jkeras.KerasTensor;
import dev.jkeras.Shape;
import dev.jkeras.ops.Ops;
import dev.jkeras.saving.Config;
import java.util.Arrays;
import java.util.Map;

/**
 * Reorders the axes of each sample, as {@code keras.layers.Permute}: {@code dims} is a permutation of
 * {@code 1..rank} (the batch axis 0 stays first), e.g. {@code new Permute(2, 1)} turns
 * {@code (batch, steps, features)} into {@code (batch, features, steps)}.
 */
public class Permute extends Layer {
  private final int[] dims;

  /** {@code dims}: the input axis of each output axis, numbered from 1 (after the batch axis). */
  public Permute(int... dims) {
    int[] sorted = dims.clone();
    Arrays.sort(sorted);
    for (int i = 0; i < sorted.length; i++) {
      if (sorted[i] != i + 1) {
        throw new IllegalArgumentException("Invalid permutation argument `dims` for Permute layer \"" + name()
            + "\": the indices in `dims` must be a permutation of 1.." + dims.length + " (consecutive, from 1; axis 0 "
            + "is the batch), got dims=" + Arrays.toString(dims));
      }
    }
    if (dims.length == 0) {
      throw new IllegalArgumentException("Permute layer \"" + name() + "\" needs `dims`, a permutation of "
          + "1..rank such as (2, 1); got none");
    }
    this.dims = dims.clone();
  }

  public int[] dims() {
    return dims.clone();
  }

  @Override
  public Permute name(String name) {
    super.name(name);
    return this;
  }

  @Override
  public Permute inputShape(int... shape) {
    super.inputShape(shape);
    return this;
  }

  @Override
  protected void build(Shape inputShape) {
    ConvArguments.requireRank(name(), "Permute", inputShape, dims.length + 1,
        "(batch and the " + dims.length + " axes dims=" + Arrays.toString(dims) + " permutes)");
  }

  @Override
  protected KerasTensor call(KerasTensor inputs, boolean training) {
    int[] axes = new int[dims.length + 1];
    System.arraycopy(dims, 0, axes, 1, dims.length);
    return Ops.transpose(inputs, axes);
  }

  public static Permute fromConfig(Config config) {
    if (!(config.get("dims") instanceof java.util.List<?>)) {
      throw new IllegalArgumentException("Permute's config needs \"dims\" (a list such as [2, 1]), got " + config);
    }
    return new Permute(config.getIntArray("dims"));
  }

  @Override
  public Map<String, Object> getConfig() {
    Map<String, Object> config = super.getConfig();
    config.put("dims", ConvArguments.list(dims));
    return config;
  }
}
