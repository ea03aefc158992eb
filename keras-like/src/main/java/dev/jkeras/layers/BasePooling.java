package dev.jkeras.layers;

import dev.jkeras.KerasTensor;
import dev.jkeras.Shape;
import dev.jkeras.backend.PoolMode;
import dev.jkeras.ops.Ops;
import dev.jkeras.saving.Config;
import java.util.Map;

/**
 * The pooling layers' common part, as Keras's {@code BasePooling}: a max or average over windows of
 * {@code poolSize}, moved by {@code strides} (default: the pool size), on channels-last inputs.
 *
 * @param <T> the concrete layer, so options chain
 */
public abstract class BasePooling<T extends BasePooling<T>> extends Layer {
  private final int rank;
  private final PoolMode mode;
  private final int[] poolSize;
  private int[] strides;
  private String padding = "valid";
  private String dataFormat = "channels_last";

  protected BasePooling(int rank, PoolMode mode, int... poolSize) {
    this.rank = rank;
    this.mode = mode;
    this.poolSize = ConvArguments.tuple(name(), "pool_size", rank, false, poolSize);
    this.strides = this.poolSize.clone();
  }

  @SuppressWarnings("unchecked")
  private T self() {
    return (T) this;
  }

  public int[] poolSize() {
    return poolSize.clone();
  }

  public int[] strides() {
    return strides.clone();
  }

  public String padding() {
    return padding;
  }

  /** How far the window moves (one value for all axes, or one per axis); default: the pool size. */
  public T strides(int... strides) {
    checkNotBuilt("strides");
    this.strides = ConvArguments.tuple(name(), "strides", rank, false, strides);
    return self();
  }

  /** {@code "valid"} (the default) or {@code "same"}. */
  public T padding(String padding) {
    checkNotBuilt("padding");
    this.padding = ConvArguments.padding(name(), padding, "valid", "same");
    return self();
  }

  /** Only {@code "channels_last"} (the default) is supported. */
  public T dataFormat(String dataFormat) {
    checkNotBuilt("dataFormat");
    this.dataFormat = ConvArguments.dataFormat(name(), dataFormat);
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
  protected void build(Shape inputShape) {
    String className = getClass().getSimpleName();
    ConvArguments.requireRank(name(), className, inputShape, rank + 2,
        rank == 1 ? "(batch, steps, channels)" : "(batch, height, width, channels)");
    int[] noDilation = ConvArguments.tuple(name(), "dilation_rate", rank, false, 1);
    ConvArguments.outputSizes(name(), className, inputShape, poolSize, strides, noDilation, padding, "pool_size");
  }

  @Override
  protected KerasTensor call(KerasTensor inputs, boolean training) {
    return mode == PoolMode.MAX
        ? Ops.maxPool(inputs, poolSize, strides, padding)
        : Ops.averagePool(inputs, poolSize, strides, padding);
  }

  /** Applies the options a Keras config of a pooling layer holds. */
  protected static <L extends BasePooling<L>> L configure(L layer, Config config) {
    int[] strides = ConvArguments.ints(config, "strides", null);
    if (strides != null) {
      layer.strides(strides);
    }
    layer.padding(config.getString("padding", "valid"));
    layer.dataFormat(config.getString("data_format", "channels_last"));
    return layer;
  }

  /** The pool size saved in {@code config}, {@code fallback} when absent. */
  protected static int[] poolSize(Config config, int fallback) {
    return ConvArguments.ints(config, "pool_size", new int[] {fallback});
  }

  @Override
  public Map<String, Object> getConfig() {
    Map<String, Object> config = super.getConfig();
    config.put("pool_size", ConvArguments.list(poolSize));
    config.put("padding", padding);
    config.put("strides", ConvArguments.list(strides));
    config.put("data_format", dataFormat);
    return config;
  }
}
