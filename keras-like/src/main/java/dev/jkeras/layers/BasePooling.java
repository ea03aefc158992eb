package dev.jkeras.layers;

import dev.jkeras.KerasTensor;
import dev.jkeras.Shape;
import dev.jkeras.backend.PoolMode;
import dev.jkeras.ops.Ops;
import dev.jkeras.saving.Config;
import java.util.Map;

/**
 * The pooling layers' common part, as Keras's {@code BasePooling}: a max or average over windows of
 * {@code poolSize}, moved by {@code strides} (default: the pool size), on channels-last inputs (the default) or
 * channels-first ones, which are transposed to channels-last around the pooling. 3-D windows pool height and width,
 * then depth: a max or an average over a box is one over each of its axes in turn.
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

  /** {@code "channels_last"} (the default: {@code (batch, spatial..., channels)}) or {@code "channels_first"}. */
  public T dataFormat(String dataFormat) {
    checkNotBuilt("dataFormat");
    this.dataFormat = DataFormat.of(name(), dataFormat);
    return self();
  }

  public String dataFormat() {
    return dataFormat;
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
    ConvArguments.requireRank(name(), className, inputShape, rank + 2, DataFormat.layout(dataFormat, rank));
    int[] noDilation = ConvArguments.tuple(name(), "dilation_rate", rank, false, 1);
    ConvArguments.outputSizes(name(), className, DataFormat.lastShape(dataFormat, inputShape), poolSize, strides,
        noDilation, padding, "pool_size");
  }

  @Override
  protected KerasTensor call(KerasTensor inputs, boolean training) {
    KerasTensor x = DataFormat.toLast(dataFormat, inputs);
    KerasTensor pooled = rank == 3 ? pool3d(x) : pool(x, poolSize, strides);
    return DataFormat.fromLast(dataFormat, pooled);
  }

  private KerasTensor pool(KerasTensor x, int[] window, int[] steps) {
    return mode == PoolMode.MAX ? Ops.maxPool(x, window, steps, padding) : Ops.averagePool(x, window, steps, padding);
  }

  /**
   * Channels-last 3-D pooling as 2-D pooling of each depth slice's {@code (height, width)}, then 1-D pooling along the
   * depth of the flattened slices. Exact for "same" averages too: the window's part inside the input is a box, so
   * its count is the product of the counts along each axis.
   */
  private KerasTensor pool3d(KerasTensor x) {
    Shape shape = x.shape();
    boolean known = shape.get(1) != Shape.UNKNOWN && shape.get(2) != Shape.UNKNOWN && shape.get(3) != Shape.UNKNOWN
        && shape.get(4) != Shape.UNKNOWN;
    KerasTensor slices = known ? Ops.reshape(x, -1, shape.get(2), shape.get(3), shape.get(4))
        : Ops.reshape(x, joined(minusOne(), dims(x, 2, 5)));
    KerasTensor planes = pool(slices, new int[] {poolSize[1], poolSize[2]}, new int[] {strides[1], strides[2]});
    Shape p = planes.shape();
    KerasTensor rows = known ? Ops.reshape(planes, -1, shape.get(1), p.get(1) * p.get(2) * p.get(3))
        : Ops.reshape(planes, joined(dims(x, 0, 2), minusOne()));
    KerasTensor pooled = pool(rows, new int[] {poolSize[0]}, new int[] {strides[0]});
    return known ? Ops.reshape(pooled, -1, pooled.shape().get(1), p.get(1), p.get(2), p.get(3))
        : Ops.reshape(pooled, joined(minusOne(), dims(pooled, 1, 2), dims(planes, 1, 3), channels(x)));
  }

  /** Axes {@code [from, to)} of {@code x}'s run-time shape, as int64. */
  private static KerasTensor dims(KerasTensor x, int from, int to) {
    KerasTensor shape = Ops.cast(Ops.shape(x), dev.jkeras.DType.INT64);
    return Ops.slice(shape, new int[] {from}, new int[] {to - from});
  }

  /** The channels of {@code x}, a constant when known, so that the output's static shape keeps them. */
  private static KerasTensor channels(KerasTensor x) {
    long c = x.shape().get(4);
    return c == Shape.UNKNOWN ? dims(x, 4, 5) : Ops.convertToTensor(org.tensorflow.ndarray.NdArrays.vectorOf(c));
  }

  private static KerasTensor minusOne() {
    return Ops.convertToTensor(org.tensorflow.ndarray.NdArrays.vectorOf(-1L));
  }

  private static KerasTensor joined(KerasTensor... parts) {
    return Ops.concatenate(parts, 0);
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
