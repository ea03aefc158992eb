package dev.jkeras.layers;

import dev.jkeras.KerasTensor;
import dev.jkeras.backend.Variable;
import dev.jkeras.ops.Ops;
import dev.jkeras.saving.Config;
import java.util.Map;

/**
 * The depthwise convolutions' common part, as Keras's {@code BaseDepthwiseConv}: each input channel is
 * convolved with its own {@code depthMultiplier} filters, a kernel of shape {@code (spatial..., channels,
 * depthMultiplier)}, giving {@code channels * depthMultiplier} output channels (channel
 * {@code c * depthMultiplier + m} from input channel {@code c}).
 *
 * @param <T> the concrete layer, so options chain
 */
public abstract class BaseDepthwiseConv<T extends BaseDepthwiseConv<T>> extends AbstractDepthwiseConv<T> {
  private Variable kernel;

  protected BaseDepthwiseConv(int rank, int... kernelSize) {
    super(rank, kernelSize);
  }

  /** The depthwise kernel (Keras's weight {@code kernel}), once built. */
  public Variable kernel() {
    return kernel;
  }

  @Override
  void createWeights(long channels) {
    kernel = addDepthwiseKernel("kernel", channels);
  }

  @Override
  long biasSize(long channels) {
    return channels * depthMultiplier();
  }

  @Override
  KerasTensor convolve(KerasTensor x) {
    return Ops.depthwiseConv(x, kernel.value(), strides(), padding(), "channels_last", dilationRate());
  }

  /** Applies the options a Keras config of a depthwise convolution layer holds. */
  protected static <L extends BaseDepthwiseConv<L>> L configure(L layer, Config config) {
    configureCommon(layer, config);
    layer.depthMultiplier(config.getInt("depth_multiplier", 1));
    WeightOptions.readAll(config, layer.depthwiseOptions(), layer.biasOptions());
    return layer;
  }

  @Override
  public Map<String, Object> getConfig() {
    Map<String, Object> config = super.getConfig();
    config.put("depth_multiplier", depthMultiplier());
    putCommon(config);
    WeightOptions.putInitializers(config, depthwiseOptions(), biasOptions());
    WeightOptions.putRegularizers(config, depthwiseOptions(), biasOptions());
    WeightOptions.putConstraints(config, depthwiseOptions(), biasOptions());
    return config;
  }
}
