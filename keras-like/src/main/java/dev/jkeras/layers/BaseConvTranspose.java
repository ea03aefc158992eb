package dev.jkeras.layers;

import dev.jkeras.KerasTensor;
import dev.jkeras.Shape;
import dev.jkeras.ops.Ops;
import dev.jkeras.saving.Config;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The transposed convolutions' common part, as Keras's {@code BaseConvTranspose}: a kernel of shape
 * {@code (spatial..., filters, inChannels)} and, without {@code outputPadding}, each spatial size
 * {@code n} becoming {@code n * strides} for {@code "same"} padding and
 * {@code n * strides + max(k' - strides, 0)} for {@code "valid"} ({@code k'} the dilated kernel size).
 * It maps a convolution's output shape back to its input shape, e.g. to upsample in a decoder.
 *
 * <p>It computes what Keras's backends compute ({@link Ops#convTranspose}). Strides above 1 need known
 * spatial sizes.
 *
 * @param <T> the concrete layer, so options chain
 */
public abstract class BaseConvTranspose<T extends BaseConvTranspose<T>> extends BaseConv<T> {
  private int[] outputPadding;

  protected BaseConvTranspose(int rank, int filters, int... kernelSize) {
    super(rank, filters, kernelSize);
  }

  /**
   * The extra elements at the end of each spatial axis of the output (Keras's {@code output_padding}),
   * each less than the stride; the default (none) gives the sizes above.
   */
  public T outputPadding(int... outputPadding) {
    checkNotBuilt("outputPadding");
    this.outputPadding = outputPadding == null || outputPadding.length == 0 ? null
        : ConvArguments.tuple(name(), "output_padding", rank(), true, outputPadding);
    return self();
  }

  /** The output padding, or null for Keras's default. */
  public int[] outputPadding() {
    return outputPadding == null ? null : outputPadding.clone();
  }

  /** Keras's transposed convolutions have no {@code groups}: always an error. */
  @Override
  public T groups(int groups) {
    if (groups == 1) {
      return self();
    }
    throw new IllegalArgumentException("Layer \"" + name() + "\" (" + getClass().getSimpleName() + "): transposed "
        + "convolutions take no `groups` argument (Keras's " + getClass().getSimpleName() + " has none), got groups="
        + groups);
  }

  @Override
  long[] kernelShape(long channels) {
    long[] shape = super.kernelShape(channels);
    shape[rank()] = filters();
    shape[rank() + 1] = channels;
    return shape;
  }

  @Override
  void checkOutputSize(Shape inputShape) {
    int[] strides = strides();
    String className = getClass().getSimpleName();
    for (int i = 0; i < rank(); i++) {
      if (outputPadding != null && outputPadding[i] >= strides[i]) {
        throw new IllegalArgumentException("Layer \"" + name() + "\" (" + className + "): `output_padding` must be "
            + "strictly less than `strides` for all dimensions, got output_padding=" + Arrays.toString(outputPadding)
            + " and strides=" + Arrays.toString(strides) + ". Use a smaller output_padding or larger strides.");
      }
      if (strides[i] > 1 && inputShape.get(1 + i) == Shape.UNKNOWN) {
        throw new IllegalArgumentException("Layer \"" + name() + "\" (" + className + ") with strides "
            + Arrays.toString(strides) + " needs known spatial sizes, got input shape " + inputShape + ". Give the "
            + "model's Input a fixed size, or use strides=1.");
      }
    }
  }

  @Override
  KerasTensor convolve(KerasTensor x, KerasTensor kernel) {
    return Ops.convTranspose(x, kernel, strides(), padding(), outputPadding, "channels_last", dilationRate());
  }

  /** Applies the options a Keras config of a transposed convolution layer holds. */
  protected static <L extends BaseConvTranspose<L>> L configureTranspose(L layer, Config config) {
    configure(layer, config);
    return layer.outputPadding(config.has("output_padding") && config.get("output_padding") != null
        ? ConvArguments.ints(config, "output_padding", null) : null);
  }

  @Override
  public Map<String, Object> getConfig() {
    Map<String, Object> config = new LinkedHashMap<>();
    super.getConfig().forEach((key, value) -> {
      if (!key.equals("groups")) {
        config.put(key, value);
      }
      if (key.equals("padding")) {
        config.put("output_padding", outputPadding == null ? null : ConvArguments.list(outputPadding));
      }
    });
    return config;
  }
}
