package dev.jkeras.layers;

import dev.jkeras.KerasTensor;
import dev.jkeras.Shape;
import dev.jkeras.ops.Ops;
import dev.jkeras.saving.Config;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Transposed 1-D convolution (sometimes called deconvolution), as {@code keras.layers.Conv1DTranspose}:
 * inputs {@code (batch, steps, channels)}, kernel {@code (k, filters, channels)}, outputs
 * {@code (batch, newSteps, filters)} where, without {@code outputPadding}, {@code newSteps} is
 * {@code steps * strides} for {@code "same"} padding and {@code steps * strides + max(k' - strides, 0)}
 * for {@code "valid"} ({@code k'} the dilated kernel size). It maps a convolution's output shape back to
 * its input shape, e.g. to upsample in a decoder.
 *
 * <p>It computes what Keras's backends compute: the inputs with {@code strides - 1} zeros between their
 * steps, padded as Keras pads them, convolved (stride 1, with the dilation) with the kernel reversed
 * along the steps. Strides above 1 need a known number of steps.
 */
public class Conv1DTranspose extends BaseConv<Conv1DTranspose> {
  private int[] outputPadding;

  public Conv1DTranspose(int filters, int kernelSize) {
    super(1, filters, kernelSize);
  }

  /**
   * The extra steps at the end of the output (Keras's {@code output_padding}), each less than the
   * stride; the default (none) gives the sizes above.
   */
  public Conv1DTranspose outputPadding(int... outputPadding) {
    checkNotBuilt("outputPadding");
    this.outputPadding = outputPadding == null || outputPadding.length == 0 ? null
        : ConvArguments.tuple(name(), "output_padding", 1, true, outputPadding);
    return this;
  }

  /** The output padding, or null for Keras's default. */
  public int[] outputPadding() {
    return outputPadding == null ? null : outputPadding.clone();
  }

  @Override
  long[] kernelShape(long channels) {
    return new long[] {kernelSize()[0], filters(), channels};
  }

  @Override
  void checkOutputSize(Shape inputShape) {
    int stride = strides()[0];
    if (outputPadding != null && outputPadding[0] >= stride) {
      throw new IllegalArgumentException("Layer \"" + name() + "\" (Conv1DTranspose): `output_padding` must be "
          + "strictly less than `strides`, got output_padding=" + Arrays.toString(outputPadding) + " and strides="
          + Arrays.toString(strides()) + ". Use a smaller output_padding or larger strides.");
    }
    if (stride > 1 && inputShape.get(1) == Shape.UNKNOWN) {
      throw new IllegalArgumentException("Layer \"" + name() + "\" (Conv1DTranspose) with strides " + stride
          + " needs a known number of steps, got input shape " + inputShape + ". Give the model's Input a fixed "
          + "length, or use strides=1.");
    }
  }

  @Override
  KerasTensor convolve(KerasTensor x, KerasTensor kernel) {
    int stride = strides()[0];
    int dilation = dilationRate()[0];
    int dilatedKernel = (kernelSize()[0] - 1) * dilation + 1;
    int[] pads = padding(dilatedKernel, stride);
    KerasTensor spread = stride == 1 ? x : spread(x, stride);
    // spread ends with stride - 1 zeros after the last step: they count toward the right padding.
    int right = pads[1] - (stride - 1);
    KerasTensor padded = Ops.pad(spread, new int[][] {{0, 0}, {pads[0], Math.max(right, 0)}, {0, 0}});
    if (right < 0) {
      long length = padded.shape().get(1) + right;
      KerasTensor image = Ops.expandDims(padded, 1);
      padded = Ops.squeeze(Ops.cropImages(image, 0, 0, 1, Math.toIntExact(length)), 1);
    }
    KerasTensor reversed = Ops.flip(Ops.transpose(kernel, 0, 2, 1), 0);
    return Ops.conv(padded, reversed, new int[] {1}, "valid", new int[] {dilation});
  }

  /** Keras's left and right padding of the spread inputs (its JAX backend's arguments). */
  private int[] padding(int dilatedKernel, int stride) {
    if (padding().equals("valid")) {
      int extra = outputPadding == null ? Math.max(dilatedKernel, stride) - dilatedKernel : outputPadding[0];
      return new int[] {dilatedKernel - 1, dilatedKernel - 1 + extra};
    }
    int total = outputPadding == null ? stride + dilatedKernel - 2
        : dilatedKernel + dilatedKernel % 2 - 2 + outputPadding[0];
    int left = Math.min(total / 2 + total % 2, dilatedKernel - 1);
    return new int[] {left, total - left};
  }

  /** {@code stride - 1} zeros after every step: {@code (batch, steps * stride, channels)}. */
  private static KerasTensor spread(KerasTensor x, int stride) {
    long steps = x.shape().get(1);
    long channels = x.shape().get(2);
    KerasTensor widened = Ops.pad(Ops.expandDims(x, 2), new int[][] {{0, 0}, {0, 0}, {0, stride - 1}, {0, 0}});
    return Ops.reshape(widened, -1, steps * stride, channels);
  }

  public static Conv1DTranspose fromConfig(Config config) {
    int[] kernelSize = ConvArguments.ints(config, "kernel_size", new int[] {0});
    Conv1DTranspose layer = configure(new Conv1DTranspose(config.getInt("filters", 0), kernelSize[0]), config);
    return layer.outputPadding(config.has("output_padding") ? ConvArguments.ints(config, "output_padding", null) : null);
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
