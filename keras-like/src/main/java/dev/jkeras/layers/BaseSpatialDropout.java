package dev.jkeras.layers;

import dev.jkeras.KerasTensor;
import dev.jkeras.Shape;
import dev.jkeras.ops.Ops;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Dropout of whole feature maps, as Keras's {@code BaseSpatialDropout}: while training, each channel of
 * each sample is kept (scaled by {@code 1 / (1 - rate)}) or zeroed at every position together; inputs
 * pass through unchanged otherwise.
 *
 * @param <T> the concrete layer, so options chain
 */
public abstract class BaseSpatialDropout<T extends BaseSpatialDropout<T>> extends Layer {
  private final int rank;
  private final double rate;
  private long seed;
  private String dataFormat = DataFormat.CHANNELS_LAST;

  BaseSpatialDropout(int rank, double rate, long seed) {
    if (!(rate >= 0 && rate < 1)) {
      throw new IllegalArgumentException("Invalid value received for argument `rate` of "
          + getClass().getSimpleName() + " layer \"" + name() + "\": expected a float value in [0, 1), got rate="
          + rate);
    }
    this.rank = rank;
    this.rate = rate;
    this.seed = seed;
  }

  @SuppressWarnings("unchecked")
  private T self() {
    return (T) this;
  }

  public double rate() {
    return rate;
  }

  /** A fixed seed for the dropout mask (0 means unseeded). */
  public T seed(long seed) {
    checkNotBuilt("seed");
    this.seed = seed;
    return self();
  }

  /**
   * {@code "channels_last"} (the default) or {@code "channels_first"}: where the channels are, whose maps are
   * dropped whole. Public in the layers whose Keras counterpart takes {@code data_format}.
   */
  T dataFormatOption(String dataFormat) {
    checkNotBuilt("dataFormat");
    this.dataFormat = DataFormat.of(name(), dataFormat);
    return self();
  }

  String dataFormatOption() {
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
  public boolean supportsMasking() {
    return true;
  }

  @Override
  protected void build(Shape inputShape) {
    ConvArguments.requireRank(name(), getClass().getSimpleName(), inputShape, rank,
        DataFormat.layout(dataFormat, rank - 2));
  }

  @Override
  protected KerasTensor call(KerasTensor inputs, boolean training) {
    if (!training || rate == 0) {
      return inputs;
    }
    int[] spatial = new int[rank - 2];
    for (int i = 0; i < spatial.length; i++) {
      spatial[i] = DataFormat.spatialAxis(dataFormat, i);
    }
    // (batch, 1, ..., 1, channels) or (batch, channels, 1, ..., 1): the inputs' shape reduced over the spatial axes.
    KerasTensor noiseShape = Ops.shape(Ops.max(inputs, spatial, true));
    KerasTensor noise = Ops.randomUniform(noiseShape, 0, 1, inputs.dtype(), seed);
    KerasTensor keep = Ops.cast(Ops.greaterEqual(noise, rate), inputs.dtype());
    return Ops.multiply(inputs, Ops.divide(keep, 1 - rate));
  }

  /** Keras's config of the spatial dropouts: no {@code trainable}, and the dtype as a name. */
  @Override
  public Map<String, Object> getConfig() {
    Map<String, Object> config = new LinkedHashMap<>();
    config.put("rate", rate);
    config.put("seed", seed == 0 ? null : seed);
    config.put("name", name());
    config.put("dtype", "float32");
    return config;
  }
}
