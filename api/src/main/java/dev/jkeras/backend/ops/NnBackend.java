package dev.jkeras.backend.ops;

import dev.jkeras.DType;
import dev.jkeras.KerasTensor;
import dev.jkeras.backend.PoolMode;
import java.util.Optional;

/** The neural-network kernels a backend runs: activations, softmax, one-hot, convolution, pooling (Keras's {@code backend/nn}). */
public interface NnBackend {

  KerasTensor relu(KerasTensor x);

  KerasTensor sigmoid(KerasTensor x);

  KerasTensor softplus(KerasTensor x);

  /** ELU with {@code alpha} = 1. */
  KerasTensor elu(KerasTensor x);

  KerasTensor selu(KerasTensor x);

  KerasTensor leakyRelu(KerasTensor x, double negativeSlope);

  /** Softmax over {@code axis}, which must be the last. */
  KerasTensor softmax(KerasTensor x, int axis);

  /** Log-softmax over {@code axis}, which must be the last. */
  KerasTensor logSoftmax(KerasTensor x, int axis);

  KerasTensor oneHot(KerasTensor indices, int depth, DType dtype);

  /**
   * The logits {@code x} was computed from when {@code x} is the output of a softmax (last axis),
   * so cross-entropy can use them as Keras's TensorFlow backend does; empty otherwise.
   */
  Optional<KerasTensor> softmaxLogits(KerasTensor x);

  /** The logits {@code x} was computed from when {@code x} is the output of a sigmoid; empty otherwise. */
  Optional<KerasTensor> sigmoidLogits(KerasTensor x);

  /**
   * Convolution of channels-last {@code x} of rank 3 (1-D), 4 (2-D) or 5 (3-D) with {@code kernel} of shape
   * {@code (spatial..., inChannels / groups, outChannels)}: when the kernel's input channels are a proper
   * divisor of {@code x}'s, the convolution is grouped. {@code padding} is {@code "valid"} or {@code "same"};
   * {@code strides} and {@code dilationRate} have one entry per spatial axis.
   */
  KerasTensor conv(KerasTensor x, KerasTensor kernel, int[] strides, String padding, int[] dilationRate);

  /**
   * Depthwise convolution of channels-last {@code x} of rank 3 (1-D) or 4 (2-D) with {@code kernel} of
   * shape {@code (spatial..., channels, depthMultiplier)}: output channel {@code c * depthMultiplier + m}
   * is input channel {@code c} convolved with {@code kernel[..., c, m]}.
   */
  KerasTensor depthwiseConv(KerasTensor x, KerasTensor kernel, int[] strides, String padding, int[] dilationRate);

  /**
   * Transposed convolution of channels-last {@code x} of rank 3, 4 or 5 with {@code kernel} of shape
   * {@code (spatial..., outChannels, inChannels)}, TensorFlow's {@code conv_transpose}: the gradient of a
   * convolution (strides, {@code "valid"} or {@code "same"} padding, the kernel dilated by
   * {@code dilationRate}) whose inputs have the spatial sizes {@code outputSizes}.
   */
  KerasTensor convTranspose(KerasTensor x, KerasTensor kernel, long[] outputSizes, int[] strides, String padding,
      int[] dilationRate);

  /** Max or average pooling of channels-last {@code x} of rank 3 (1-D) or 4 (2-D). */
  KerasTensor pool(PoolMode mode, KerasTensor x, int[] poolSize, int[] strides, String padding);

  /**
   * How often each value in {@code [0, depth)} occurs in {@code x} (in each row when {@code x} is 2-D),
   * or whether it occurs when {@code binary}; other values are ignored. Shape {@code (depth,)} or
   * {@code (rows, depth)}.
   */
  KerasTensor bincount(KerasTensor x, int depth, boolean binary, DType dtype);
}
