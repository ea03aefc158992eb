package dev.jkeras.layers;

import dev.jkeras.KerasTensor;
import dev.jkeras.Shape;
import dev.jkeras.backend.PoolMode;
import dev.jkeras.ops.Ops;
import dev.jkeras.saving.Config;
import java.util.Map;
import java.util.stream.IntStream;

/**
 * The global pooling layers' common part, as Keras's {@code BaseGlobalPooling}: the max or mean over
 * every spatial axis of channels-last inputs (or channels-first ones), giving {@code (batch, channels)}, or with
 * {@code keepdims(true)} {@code (batch, 1, ..., 1, channels)} ({@code (batch, channels, 1, ..., 1)}).
 *
 * @param <T> the concrete layer, so options chain
 */
public abstract class BaseGlobalPooling<T extends BaseGlobalPooling<T>> extends Layer {
  private final int rank;
  private final PoolMode mode;
  private String dataFormat = "channels_last";
  private boolean keepdims;

  protected BaseGlobalPooling(int rank, PoolMode mode) {
    this.rank = rank;
    this.mode = mode;
  }

  @SuppressWarnings("unchecked")
  private T self() {
    return (T) this;
  }

  /** Keeps the pooled spatial axes with size 1; default false. */
  public T keepdims(boolean keepdims) {
    checkNotBuilt("keepdims");
    this.keepdims = keepdims;
    return self();
  }

  public boolean keepdims() {
    return keepdims;
  }

  /** {@code "channels_last"} (the default: {@code (batch, spatial..., channels)}) or {@code "channels_first"}. */
  public T dataFormat(String dataFormat) {
    checkNotBuilt("dataFormat");
    this.dataFormat = DataFormat.of(name(), dataFormat);
    return self();
  }

  public String dataFormat() {
    return dataFormat;
  }

  /** The axes pooled over: 1..rank for channels-last inputs, 2..rank+1 for channels-first ones. */
  protected int[] spatialAxes() {
    int first = DataFormat.spatialAxis(dataFormat, 0);
    return IntStream.range(first, first + rank).toArray();
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
    ConvArguments.requireRank(name(), getClass().getSimpleName(), inputShape, rank + 2,
        DataFormat.layout(dataFormat, rank));
  }

  @Override
  protected KerasTensor call(KerasTensor inputs, boolean training) {
    int[] axes = spatialAxes();
    return mode == PoolMode.MAX ? Ops.max(inputs, axes, keepdims) : Ops.mean(inputs, axes, keepdims);
  }

  /** Applies the options a Keras config of a global pooling layer holds. */
  protected static <L extends BaseGlobalPooling<L>> L configure(L layer, Config config) {
    layer.dataFormat(config.getString("data_format", "channels_last"));
    layer.keepdims(config.getBoolean("keepdims", false));
    return layer;
  }

  @Override
  public Map<String, Object> getConfig() {
    Map<String, Object> config = super.getConfig();
    config.put("data_format", dataFormat);
    config.put("keepdims", keepdims);
    return config;
  }
}
