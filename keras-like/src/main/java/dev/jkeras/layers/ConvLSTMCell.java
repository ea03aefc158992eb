package dev.jkeras.layers;

import dev.jkeras.DType;
import dev.jkeras.KerasTensor;
import dev.jkeras.Shape;
import dev.jkeras.activations.ActivationFunction;
import dev.jkeras.activations.Activations;
import dev.jkeras.backend.Variable;
import dev.jkeras.initializers.Initializer;
import dev.jkeras.initializers.Initializers;
import dev.jkeras.ops.Ops;
import java.util.ArrayList;
import java.util.List;

/**
 * Keras's {@code ConvLSTMCell}, the step of {@link ConvLSTM}: an LSTM step whose input and recurrent transforms are
 * convolutions. With {@code z = conv(x_t, kernel) + bias + conv_same(h_{t-1}, recurrent_kernel)} split along its
 * channels into gates {@code i, f, c', o}: {@code c_t = sigmoid(f) * c_{t-1} + sigmoid(i) * tanh(c')},
 * {@code h_t = sigmoid(o) * tanh(c_t)}. Weights: kernel {@code (kernel_size..., channels, 4 filters)},
 * recurrent_kernel {@code (kernel_size..., filters, 4 filters)}, bias {@code (4 filters)}.
 *
 * <p>The layer's time loop ({@link TimeLoop}) runs over flat steps: a step's input arrives as
 * {@code (batch, spatial... * channels)} and the states {@code h, c} are {@code (batch, out_spatial... * filters)},
 * all channels-last; the cell unflattens them around its convolutions. Dropout, as Keras's, draws four masks of the
 * step's input and four of {@code h} (one per gate) once per sequence.
 */
final class ConvLSTMCell extends Layer {
  final int rank;
  final int filters;
  final int[] kernelSize;
  int[] strides;
  int[] dilationRate;
  String padding = "valid";
  String activationName = "tanh";
  ActivationFunction activation = Activations::tanh;
  String recurrentActivationName = "sigmoid";
  ActivationFunction recurrentActivation = Activations::sigmoid;
  boolean useBias = true;
  boolean unitForgetBias = true;
  final WeightOptions kernelOptions = new WeightOptions(this, "kernel", Initializers.get("glorot_uniform"));
  final WeightOptions recurrentOptions = new WeightOptions(this, "recurrent", Initializers.get("orthogonal"));
  final WeightOptions biasOptions = new WeightOptions(this, "bias", Initializers.zeros());
  double dropout;
  double recurrentDropout;
  long seed;

  private Variable kernel;
  private Variable recurrentKernel;
  private Variable bias;
  private long[] inputDims;
  private long[] outputDims;
  private List<KerasTensor> inputMasks;
  private List<KerasTensor> recurrentMasks;

  ConvLSTMCell(String layer, int rank, int filters, int... kernelSize) {
    super("conv_lstm_cell");
    if (filters <= 0) {
      throw new IllegalArgumentException("Layer \"" + layer + "\": `filters` must be a positive integer, got "
          + filters);
    }
    this.rank = rank;
    this.filters = filters;
    this.kernelSize = ConvArguments.tuple(layer, "kernel_size", rank, false, kernelSize);
    this.strides = ConvArguments.tuple(layer, "strides", rank, false, 1);
    this.dilationRate = ConvArguments.tuple(layer, "dilation_rate", rank, false, 1);
  }

  /** The size of a flat step input: spatial sizes times channels. */
  long inputWidth() {
    return product(inputDims);
  }

  /** The size of a flat state: output spatial sizes times filters. */
  long stateWidth() {
    return product(outputDims);
  }

  /** The output's spatial sizes then the filters, channels-last. */
  long[] outputDims() {
    return outputDims.clone();
  }

  private static long product(long[] dims) {
    long n = 1;
    for (long d : dims) {
      n *= d;
    }
    return n;
  }

  /** Builds for a channels-last step {@code (batch, spatial..., channels)}, which the layer checked. */
  @Override
  protected void build(Shape step) {
    long[] outputSpatial = ConvArguments.outputSizes(name(), "ConvLSTMCell", step, kernelSize, strides, dilationRate,
        padding, "kernel_size");
    long channels = step.get(rank + 1);
    inputDims = new long[rank + 1];
    outputDims = new long[rank + 1];
    for (int i = 0; i < rank; i++) {
      inputDims[i] = step.get(i + 1);
      outputDims[i] = outputSpatial[i];
    }
    inputDims[rank] = channels;
    outputDims[rank] = filters;
    long[] kernelShape = new long[rank + 2];
    long[] recurrentShape = new long[rank + 2];
    for (int i = 0; i < rank; i++) {
      kernelShape[i] = kernelSize[i];
      recurrentShape[i] = kernelSize[i];
    }
    kernelShape[rank] = channels;
    kernelShape[rank + 1] = 4L * filters;
    recurrentShape[rank] = filters;
    recurrentShape[rank + 1] = 4L * filters;
    kernel = kernelOptions.addWeight("kernel", Shape.of(kernelShape));
    recurrentKernel = recurrentOptions.addWeight("recurrent_kernel", Shape.of(recurrentShape));
    if (useBias) {
      bias = biasOptions.addWeight("bias", Shape.of(4L * filters), biasInitializerForBuild());
    }
  }

  private Initializer biasInitializerForBuild() {
    Initializer given = biasOptions.initializer();
    if (!unitForgetBias) {
      return given;
    }
    long f = filters;
    return (shape, dtype) -> Ops.concatenate(new KerasTensor[] {
        given.apply(Shape.of(f), dtype), Initializers.ones().apply(Shape.of(f), dtype),
        given.apply(Shape.of(2 * f), dtype)}, 0);
  }

  /** Draws the sequence's dropout masks before the time loop; both shapes are {@code (batch, width)}. */
  void startSequence(KerasTensor inputShape, KerasTensor stateShape, boolean training) {
    inputMasks = training && dropout > 0 && dropout < 1 ? masks(inputShape, dropout, seed) : null;
    recurrentMasks = training && recurrentDropout > 0 && recurrentDropout < 1
        ? masks(stateShape, recurrentDropout, seed == 0 ? 0 : seed + 4) : null;
  }

  private static List<KerasTensor> masks(KerasTensor shape, double rate, long seed) {
    List<KerasTensor> masks = new ArrayList<>(4);
    for (int g = 0; g < 4; g++) {
      KerasTensor noise = Ops.randomUniform(shape, 0, 1, DType.FLOAT32, seed == 0 ? 0 : seed + g);
      masks.add(Ops.divide(Ops.cast(Ops.greaterEqual(noise, rate), DType.FLOAT32), 1 - rate));
    }
    return masks;
  }

  /**
   * One step on flat tensors: the input {@code (batch, inputWidth)}, the states {@code [h, c]} each
   * {@code (batch, stateWidth)}.
   */
  RNNCell.Output step(KerasTensor input, List<KerasTensor> states) {
    KerasTensor h = states.get(0);
    List<KerasTensor> zx = gates(input, inputDims, inputMasks, kernel.value(), strides, padding, dilationRate);
    List<KerasTensor> zh = gates(h, outputDims, recurrentMasks, recurrentKernel.value(), ones(), "same", ones());
    List<KerasTensor> biases = useBias ? Ops.split(bias.value(), 4, 0) : null;
    KerasTensor[] z = new KerasTensor[4];
    for (int g = 0; g < 4; g++) {
      z[g] = Ops.add(zx.get(g), zh.get(g));
      if (biases != null) {
        z[g] = Ops.add(z[g], biases.get(g));
      }
    }
    KerasTensor c = Ops.reshape(states.get(1), unflat(outputDims));
    KerasTensor i = recurrentActivation.apply(z[0]);
    KerasTensor f = recurrentActivation.apply(z[1]);
    KerasTensor newC = Ops.add(Ops.multiply(f, c), Ops.multiply(i, activation.apply(z[2])));
    KerasTensor o = recurrentActivation.apply(z[3]);
    KerasTensor newH = Ops.multiply(o, activation.apply(newC));
    KerasTensor flatH = Ops.reshape(newH, -1, stateWidth());
    return RNNCell.Output.of(flatH, flatH, Ops.reshape(newC, -1, stateWidth()));
  }

  /**
   * The four gates' convolutions of the flat {@code x}: one convolution split by channels, or four of masked
   * copies.
   */
  private List<KerasTensor> gates(KerasTensor x, long[] dims, List<KerasTensor> masks, KerasTensor k, int[] s,
      String pad, int[] d) {
    if (masks == null) {
      KerasTensor z = Ops.conv(Ops.reshape(x, unflat(dims)), k, s, pad, d);
      return Ops.split(z, 4, rank + 1);
    }
    List<KerasTensor> kernels = Ops.split(k, 4, rank + 1);
    List<KerasTensor> z = new ArrayList<>(4);
    for (int g = 0; g < 4; g++) {
      z.add(Ops.conv(Ops.reshape(Ops.multiply(x, masks.get(g)), unflat(dims)), kernels.get(g), s, pad, d));
    }
    return z;
  }

  private static long[] unflat(long[] dims) {
    long[] shape = new long[dims.length + 1];
    shape[0] = -1;
    System.arraycopy(dims, 0, shape, 1, dims.length);
    return shape;
  }

  private int[] ones() {
    return ConvArguments.tuple(name(), "strides", rank, false, 1);
  }

  /** A cell sees flat steps, not the shape it was built for. */
  @Override
  protected boolean checksInputShape() {
    return false;
  }
}
