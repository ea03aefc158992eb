package dev.jkeras.ops;

import dev.jkeras.DType;
import dev.jkeras.KerasTensor;
import dev.jkeras.RaggedTensor;
import dev.jkeras.Shape;
import java.util.List;
import java.util.Map;
import org.tensorflow.ndarray.NdArray;

/**
 * NumPy-like tensor functions, the {@code keras.ops} analogue: one namespace re-exporting every
 * function of the op families, as {@code keras.ops} re-exports Keras's {@code core}, {@code math},
 * {@code nn}, {@code numpy}, {@code linalg}, {@code random} and {@code image} files ({@link CoreOps},
 * {@link MathOps}, {@link NnOps}, {@link NumpyOps}, {@link LinalgOps}, {@link RandomOps}, {@link ImageOps}),
 * and TensorFlow's {@code tf.io} ({@link IoOps}).
 *
 * <p>Each function works two ways: on {@link KerasTensor}s inside a layer's {@code call} it adds
 * operations to the model's graph; on {@link NdArray}s it runs at once (eagerly, in TensorFlow) and
 * returns a new array. A {@code ByteNdArray} is read as uint8, as Keras's image datasets are.
 */
public final class Ops {
  private Ops() {}

  // ---------------------------------------------------------------- core (CoreOps)

  /** As {@link CoreOps#convertToTensor(NdArray)}. */
  public static KerasTensor convertToTensor(NdArray<?> value) {
    return CoreOps.convertToTensor(value);
  }

  /** As {@link CoreOps#cast(NdArray, String)}. */
  public static NdArray<?> cast(NdArray<?> x, String dtype) {
    return CoreOps.cast(x, dtype);
  }

  /** As {@link CoreOps#cast(KerasTensor, DType)}. */
  public static KerasTensor cast(KerasTensor x, DType dtype) {
    return CoreOps.cast(x, dtype);
  }

  /** As {@link CoreOps#cast(KerasTensor, String)}. */
  public static KerasTensor cast(KerasTensor x, String dtype) {
    return CoreOps.cast(x, dtype);
  }

  /** As {@link CoreOps#scalar(double, DType)}. */
  public static KerasTensor scalar(double value, DType dtype) {
    return CoreOps.scalar(value, dtype);
  }

  /** As {@link CoreOps#shape(KerasTensor)}. */
  public static KerasTensor shape(KerasTensor x) {
    return CoreOps.shape(x);
  }

  /** As {@link CoreOps#stopGradient(KerasTensor)}. */
  public static KerasTensor stopGradient(KerasTensor x) {
    return CoreOps.stopGradient(x);
  }

  /** As {@link CoreOps#unstack(KerasTensor, int)}. */
  public static List<KerasTensor> unstack(KerasTensor x, int axis) {
    return CoreOps.unstack(x, axis);
  }

  // ---------------------------------------------------------------- math (MathOps)

  /** As {@link MathOps#erf(KerasTensor)}. */
  public static KerasTensor erf(KerasTensor x) {
    return MathOps.erf(x);
  }

  /** As {@link MathOps#rsqrt(KerasTensor)}. */
  public static KerasTensor rsqrt(KerasTensor x) {
    return MathOps.rsqrt(x);
  }

  // ---------------------------------------------------------------- nn (NnOps)

  /** As {@link NnOps#relu(KerasTensor)}. */
  public static KerasTensor relu(KerasTensor x) {
    return NnOps.relu(x);
  }

  /** As {@link NnOps#sigmoid(KerasTensor)}. */
  public static KerasTensor sigmoid(KerasTensor x) {
    return NnOps.sigmoid(x);
  }

  /** As {@link NnOps#softplus(KerasTensor)}. */
  public static KerasTensor softplus(KerasTensor x) {
    return NnOps.softplus(x);
  }

  /** As {@link NnOps#elu(KerasTensor)}. */
  public static KerasTensor elu(KerasTensor x) {
    return NnOps.elu(x);
  }

  /** As {@link NnOps#elu(KerasTensor, double)}. */
  public static KerasTensor elu(KerasTensor x, double alpha) {
    return NnOps.elu(x, alpha);
  }

  /** As {@link NnOps#selu(KerasTensor)}. */
  public static KerasTensor selu(KerasTensor x) {
    return NnOps.selu(x);
  }

  /** As {@link NnOps#gelu(KerasTensor, boolean)}. */
  public static KerasTensor gelu(KerasTensor x, boolean approximate) {
    return NnOps.gelu(x, approximate);
  }

  /** As {@link NnOps#silu(KerasTensor)}. */
  public static KerasTensor silu(KerasTensor x) {
    return NnOps.silu(x);
  }

  /** As {@link NnOps#leakyRelu(KerasTensor, double)}. */
  public static KerasTensor leakyRelu(KerasTensor x, double negativeSlope) {
    return NnOps.leakyRelu(x, negativeSlope);
  }

  /** As {@link NnOps#softmax(KerasTensor, int)}. */
  public static KerasTensor softmax(KerasTensor x, int axis) {
    return NnOps.softmax(x, axis);
  }

  /** As {@link NnOps#logSoftmax(KerasTensor, int)}. */
  public static KerasTensor logSoftmax(KerasTensor x, int axis) {
    return NnOps.logSoftmax(x, axis);
  }

  /** As {@link NnOps#oneHot(KerasTensor, int, DType)}. */
  public static KerasTensor oneHot(KerasTensor indices, int depth, DType dtype) {
    return NnOps.oneHot(indices, depth, dtype);
  }

  /** As {@link NnOps#relu6(KerasTensor)}. */
  public static KerasTensor relu6(KerasTensor x) {
    return NnOps.relu6(x);
  }

  /** As {@link NnOps#hardSigmoid(KerasTensor)}. */
  public static KerasTensor hardSigmoid(KerasTensor x) {
    return NnOps.hardSigmoid(x);
  }

  /** As {@link NnOps#hardSilu(KerasTensor)}. */
  public static KerasTensor hardSilu(KerasTensor x) {
    return NnOps.hardSilu(x);
  }

  /** As {@link NnOps#mish(KerasTensor)}. */
  public static KerasTensor mish(KerasTensor x) {
    return NnOps.mish(x);
  }

  /** As {@link NnOps#softsign(KerasTensor)}. */
  public static KerasTensor softsign(KerasTensor x) {
    return NnOps.softsign(x);
  }

  /** As {@link NnOps#logSigmoid(KerasTensor)}. */
  public static KerasTensor logSigmoid(KerasTensor x) {
    return NnOps.logSigmoid(x);
  }

  /** As {@link NnOps#hardTanh(KerasTensor)}. */
  public static KerasTensor hardTanh(KerasTensor x) {
    return NnOps.hardTanh(x);
  }

  /** As {@link NnOps#tanhShrink(KerasTensor)}. */
  public static KerasTensor tanhShrink(KerasTensor x) {
    return NnOps.tanhShrink(x);
  }

  /** As {@link NnOps#celu(KerasTensor, double)}. */
  public static KerasTensor celu(KerasTensor x, double alpha) {
    return NnOps.celu(x, alpha);
  }

  /** As {@link NnOps#softShrink(KerasTensor, double)}. */
  public static KerasTensor softShrink(KerasTensor x, double threshold) {
    return NnOps.softShrink(x, threshold);
  }

  /** As {@link NnOps#hardShrink(KerasTensor, double)}. */
  public static KerasTensor hardShrink(KerasTensor x, double threshold) {
    return NnOps.hardShrink(x, threshold);
  }

  /** As {@link NnOps#squareplus(KerasTensor, double)}. */
  public static KerasTensor squareplus(KerasTensor x, double b) {
    return NnOps.squareplus(x, b);
  }

  /** As {@link NnOps#sparsePlus(KerasTensor)}. */
  public static KerasTensor sparsePlus(KerasTensor x) {
    return NnOps.sparsePlus(x);
  }

  /** As {@link NnOps#sparseSigmoid(KerasTensor)}. */
  public static KerasTensor sparseSigmoid(KerasTensor x) {
    return NnOps.sparseSigmoid(x);
  }

  /** As {@link NnOps#moments(KerasTensor, int[], boolean)}. */
  public static KerasTensor[] moments(KerasTensor x, int[] axes, boolean keepDims) {
    return NnOps.moments(x, axes, keepDims);
  }

  /** As {@link NnOps#batchNormalization(KerasTensor, KerasTensor, KerasTensor, KerasTensor, KerasTensor, double)}. */
  public static KerasTensor batchNormalization(KerasTensor x, KerasTensor mean, KerasTensor variance, KerasTensor offset,
      KerasTensor scale, double epsilon) {
    return NnOps.batchNormalization(x, mean, variance, offset, scale, epsilon);
  }

  /** As {@link NnOps#conv(KerasTensor, KerasTensor, int[], String, int[])}. */
  public static KerasTensor conv(KerasTensor inputs, KerasTensor kernel, int[] strides,
      String padding, int[] dilationRate) {
    return NnOps.conv(inputs, kernel, strides, padding, dilationRate);
  }

  /** As {@link NnOps#conv(KerasTensor, KerasTensor)}. */
  public static KerasTensor conv(KerasTensor inputs, KerasTensor kernel) {
    return NnOps.conv(inputs, kernel);
  }

  /** As {@link NnOps#maxPool(KerasTensor, int[], int[], String)}. */
  public static KerasTensor maxPool(KerasTensor inputs, int[] poolSize, int[] strides, String padding) {
    return NnOps.maxPool(inputs, poolSize, strides, padding);
  }

  /** As {@link NnOps#averagePool(KerasTensor, int[], int[], String)}. */
  public static KerasTensor averagePool(KerasTensor inputs, int[] poolSize, int[] strides, String padding) {
    return NnOps.averagePool(inputs, poolSize, strides, padding);
  }

  // ---------------------------------------------------------------- numpy (NumpyOps)

  /** As {@link NumpyOps#add(NdArray, NdArray)}. */
  public static NdArray<?> add(NdArray<?> x, NdArray<?> y) {
    return NumpyOps.add(x, y);
  }

  /** As {@link NumpyOps#add(NdArray, double)}. */
  public static NdArray<?> add(NdArray<?> x, double y) {
    return NumpyOps.add(x, y);
  }

  /** As {@link NumpyOps#add(NdArray, long)}. */
  public static NdArray<?> add(NdArray<?> x, long y) {
    return NumpyOps.add(x, y);
  }

  /** As {@link NumpyOps#subtract(NdArray, NdArray)}. */
  public static NdArray<?> subtract(NdArray<?> x, NdArray<?> y) {
    return NumpyOps.subtract(x, y);
  }

  /** As {@link NumpyOps#subtract(NdArray, double)}. */
  public static NdArray<?> subtract(NdArray<?> x, double y) {
    return NumpyOps.subtract(x, y);
  }

  /** As {@link NumpyOps#subtract(NdArray, long)}. */
  public static NdArray<?> subtract(NdArray<?> x, long y) {
    return NumpyOps.subtract(x, y);
  }

  /** As {@link NumpyOps#multiply(NdArray, NdArray)}. */
  public static NdArray<?> multiply(NdArray<?> x, NdArray<?> y) {
    return NumpyOps.multiply(x, y);
  }

  /** As {@link NumpyOps#multiply(NdArray, double)}. */
  public static NdArray<?> multiply(NdArray<?> x, double y) {
    return NumpyOps.multiply(x, y);
  }

  /** As {@link NumpyOps#multiply(NdArray, long)}. */
  public static NdArray<?> multiply(NdArray<?> x, long y) {
    return NumpyOps.multiply(x, y);
  }

  /** As {@link NumpyOps#divide(NdArray, NdArray)}. */
  public static NdArray<?> divide(NdArray<?> x, NdArray<?> y) {
    return NumpyOps.divide(x, y);
  }

  /** As {@link NumpyOps#divide(NdArray, double)}. */
  public static NdArray<?> divide(NdArray<?> x, double y) {
    return NumpyOps.divide(x, y);
  }

  /** As {@link NumpyOps#reshape(NdArray, long[])}. */
  public static NdArray<?> reshape(NdArray<?> x, long... newShape) {
    return NumpyOps.reshape(x, newShape);
  }

  /** As {@link NumpyOps#expandDims(NdArray, int)}. */
  public static NdArray<?> expandDims(NdArray<?> x, int axis) {
    return NumpyOps.expandDims(x, axis);
  }

  /** As {@link NumpyOps#concatenate(List, int)}. */
  public static NdArray<?> concatenate(List<? extends NdArray<?>> xs, int axis) {
    return NumpyOps.concatenate(xs, axis);
  }

  /** As {@link NumpyOps#argmax(NdArray, int)}. */
  public static NdArray<?> argmax(NdArray<?> x, int axis) {
    return NumpyOps.argmax(x, axis);
  }

  /** As {@link NumpyOps#mean(NdArray, int[])}. */
  public static NdArray<?> mean(NdArray<?> x, int... axes) {
    return NumpyOps.mean(x, axes);
  }

  /** As {@link NumpyOps#std(NdArray, int[])}. */
  public static NdArray<?> std(NdArray<?> x, int... axes) {
    return NumpyOps.std(x, axes);
  }

  /** As {@link NumpyOps#sum(NdArray, int[])}. */
  public static NdArray<?> sum(NdArray<?> x, int... axes) {
    return NumpyOps.sum(x, axes);
  }

  /** As {@link NumpyOps#zerosArray(Shape, String)}. */
  public static NdArray<?> zerosArray(Shape shape, String dtype) {
    return NumpyOps.zerosArray(shape, dtype);
  }

  /** As {@link NumpyOps#onesArray(Shape, String)}. */
  public static NdArray<?> onesArray(Shape shape, String dtype) {
    return NumpyOps.onesArray(shape, dtype);
  }

  /** As {@link NumpyOps#add(KerasTensor, KerasTensor)}. */
  public static KerasTensor add(KerasTensor x, KerasTensor y) {
    return NumpyOps.add(x, y);
  }

  /** As {@link NumpyOps#add(KerasTensor, double)}. */
  public static KerasTensor add(KerasTensor x, double y) {
    return NumpyOps.add(x, y);
  }

  /** As {@link NumpyOps#add(KerasTensor, long)}. */
  public static KerasTensor add(KerasTensor x, long y) {
    return NumpyOps.add(x, y);
  }

  /** As {@link NumpyOps#subtract(KerasTensor, KerasTensor)}. */
  public static KerasTensor subtract(KerasTensor x, KerasTensor y) {
    return NumpyOps.subtract(x, y);
  }

  /** As {@link NumpyOps#subtract(KerasTensor, double)}. */
  public static KerasTensor subtract(KerasTensor x, double y) {
    return NumpyOps.subtract(x, y);
  }

  /** As {@link NumpyOps#subtract(KerasTensor, long)}. */
  public static KerasTensor subtract(KerasTensor x, long y) {
    return NumpyOps.subtract(x, y);
  }

  /** As {@link NumpyOps#subtract(double, KerasTensor)}. */
  public static KerasTensor subtract(double x, KerasTensor y) {
    return NumpyOps.subtract(x, y);
  }

  /** As {@link NumpyOps#subtract(long, KerasTensor)}. */
  public static KerasTensor subtract(long x, KerasTensor y) {
    return NumpyOps.subtract(x, y);
  }

  /** As {@link NumpyOps#multiply(KerasTensor, KerasTensor)}. */
  public static KerasTensor multiply(KerasTensor x, KerasTensor y) {
    return NumpyOps.multiply(x, y);
  }

  /** As {@link NumpyOps#multiply(KerasTensor, double)}. */
  public static KerasTensor multiply(KerasTensor x, double y) {
    return NumpyOps.multiply(x, y);
  }

  /** As {@link NumpyOps#multiply(KerasTensor, long)}. */
  public static KerasTensor multiply(KerasTensor x, long y) {
    return NumpyOps.multiply(x, y);
  }

  /** As {@link NumpyOps#divide(KerasTensor, KerasTensor)}. */
  public static KerasTensor divide(KerasTensor x, KerasTensor y) {
    return NumpyOps.divide(x, y);
  }

  /** As {@link NumpyOps#divide(KerasTensor, double)}. */
  public static KerasTensor divide(KerasTensor x, double y) {
    return NumpyOps.divide(x, y);
  }

  /** As {@link NumpyOps#divideNoNan(KerasTensor, KerasTensor)}. */
  public static KerasTensor divideNoNan(KerasTensor x, KerasTensor y) {
    return NumpyOps.divideNoNan(x, y);
  }

  /** As {@link NumpyOps#power(KerasTensor, KerasTensor)}. */
  public static KerasTensor power(KerasTensor x, KerasTensor y) {
    return NumpyOps.power(x, y);
  }

  /** As {@link NumpyOps#power(KerasTensor, double)}. */
  public static KerasTensor power(KerasTensor x, double y) {
    return NumpyOps.power(x, y);
  }

  /** As {@link NumpyOps#power(KerasTensor, long)}. */
  public static KerasTensor power(KerasTensor x, long y) {
    return NumpyOps.power(x, y);
  }

  /** As {@link NumpyOps#maximum(KerasTensor, KerasTensor)}. */
  public static KerasTensor maximum(KerasTensor x, KerasTensor y) {
    return NumpyOps.maximum(x, y);
  }

  /** As {@link NumpyOps#maximum(KerasTensor, double)}. */
  public static KerasTensor maximum(KerasTensor x, double y) {
    return NumpyOps.maximum(x, y);
  }

  /** As {@link NumpyOps#maximum(KerasTensor, long)}. */
  public static KerasTensor maximum(KerasTensor x, long y) {
    return NumpyOps.maximum(x, y);
  }

  /** As {@link NumpyOps#minimum(KerasTensor, KerasTensor)}. */
  public static KerasTensor minimum(KerasTensor x, KerasTensor y) {
    return NumpyOps.minimum(x, y);
  }

  /** As {@link NumpyOps#minimum(KerasTensor, double)}. */
  public static KerasTensor minimum(KerasTensor x, double y) {
    return NumpyOps.minimum(x, y);
  }

  /** As {@link NumpyOps#minimum(KerasTensor, long)}. */
  public static KerasTensor minimum(KerasTensor x, long y) {
    return NumpyOps.minimum(x, y);
  }

  /** As {@link NumpyOps#clip(KerasTensor, double, double)}. */
  public static KerasTensor clip(KerasTensor x, double min, double max) {
    return NumpyOps.clip(x, min, max);
  }

  /** As {@link NumpyOps#equal(KerasTensor, KerasTensor)}. */
  public static KerasTensor equal(KerasTensor x, KerasTensor y) {
    return NumpyOps.equal(x, y);
  }

  /** As {@link NumpyOps#notEqual(KerasTensor, KerasTensor)}. */
  public static KerasTensor notEqual(KerasTensor x, KerasTensor y) {
    return NumpyOps.notEqual(x, y);
  }

  /** As {@link NumpyOps#greater(KerasTensor, KerasTensor)}. */
  public static KerasTensor greater(KerasTensor x, KerasTensor y) {
    return NumpyOps.greater(x, y);
  }

  /** As {@link NumpyOps#greater(KerasTensor, double)}. */
  public static KerasTensor greater(KerasTensor x, double y) {
    return NumpyOps.greater(x, y);
  }

  /** As {@link NumpyOps#greaterEqual(KerasTensor, double)}. */
  public static KerasTensor greaterEqual(KerasTensor x, double y) {
    return NumpyOps.greaterEqual(x, y);
  }

  /** As {@link NumpyOps#less(KerasTensor, double)}. */
  public static KerasTensor less(KerasTensor x, double y) {
    return NumpyOps.less(x, y);
  }

  /** As {@link NumpyOps#lessEqual(KerasTensor, double)}. */
  public static KerasTensor lessEqual(KerasTensor x, double y) {
    return NumpyOps.lessEqual(x, y);
  }

  /** As {@link NumpyOps#logicalAnd(KerasTensor, KerasTensor)}. */
  public static KerasTensor logicalAnd(KerasTensor x, KerasTensor y) {
    return NumpyOps.logicalAnd(x, y);
  }

  /** As {@link NumpyOps#logicalOr(KerasTensor, KerasTensor)}. */
  public static KerasTensor logicalOr(KerasTensor x, KerasTensor y) {
    return NumpyOps.logicalOr(x, y);
  }

  /** As {@link NumpyOps#logicalNot(KerasTensor)}. */
  public static KerasTensor logicalNot(KerasTensor x) {
    return NumpyOps.logicalNot(x);
  }

  /** As {@link NumpyOps#where(KerasTensor, KerasTensor, KerasTensor)}. */
  public static KerasTensor where(KerasTensor condition, KerasTensor x, KerasTensor y) {
    return NumpyOps.where(condition, x, y);
  }

  /** As {@link NumpyOps#negative(KerasTensor)}. */
  public static KerasTensor negative(KerasTensor x) {
    return NumpyOps.negative(x);
  }

  /** As {@link NumpyOps#abs(KerasTensor)}. */
  public static KerasTensor abs(KerasTensor x) {
    return NumpyOps.abs(x);
  }

  /** As {@link NumpyOps#sign(KerasTensor)}. */
  public static KerasTensor sign(KerasTensor x) {
    return NumpyOps.sign(x);
  }

  /** As {@link NumpyOps#square(KerasTensor)}. */
  public static KerasTensor square(KerasTensor x) {
    return NumpyOps.square(x);
  }

  /** As {@link NumpyOps#sqrt(KerasTensor)}. */
  public static KerasTensor sqrt(KerasTensor x) {
    return NumpyOps.sqrt(x);
  }

  /** As {@link NumpyOps#exp(KerasTensor)}. */
  public static KerasTensor exp(KerasTensor x) {
    return NumpyOps.exp(x);
  }

  /** As {@link NumpyOps#log(KerasTensor)}. */
  public static KerasTensor log(KerasTensor x) {
    return NumpyOps.log(x);
  }

  /** As {@link NumpyOps#log1p(KerasTensor)}. */
  public static KerasTensor log1p(KerasTensor x) {
    return NumpyOps.log1p(x);
  }

  /** As {@link NumpyOps#floor(KerasTensor)}. */
  public static KerasTensor floor(KerasTensor x) {
    return NumpyOps.floor(x);
  }

  /** As {@link NumpyOps#round(KerasTensor)}. */
  public static KerasTensor round(KerasTensor x) {
    return NumpyOps.round(x);
  }

  /** As {@link NumpyOps#cos(KerasTensor)}. */
  public static KerasTensor cos(KerasTensor x) {
    return NumpyOps.cos(x);
  }

  /** As {@link NumpyOps#ceil(KerasTensor)}. */
  public static KerasTensor ceil(KerasTensor x) {
    return NumpyOps.ceil(x);
  }

  /** As {@link NumpyOps#sum(KerasTensor, int[])}. */
  public static KerasTensor sum(KerasTensor x, int... axes) {
    return NumpyOps.sum(x, axes);
  }

  /** As {@link NumpyOps#sum(KerasTensor, int[], boolean)}. */
  public static KerasTensor sum(KerasTensor x, int[] axes, boolean keepDims) {
    return NumpyOps.sum(x, axes, keepDims);
  }

  /** As {@link NumpyOps#mean(KerasTensor, int[])}. */
  public static KerasTensor mean(KerasTensor x, int... axes) {
    return NumpyOps.mean(x, axes);
  }

  /** As {@link NumpyOps#mean(KerasTensor, int[], boolean)}. */
  public static KerasTensor mean(KerasTensor x, int[] axes, boolean keepDims) {
    return NumpyOps.mean(x, axes, keepDims);
  }

  /** As {@link NumpyOps#max(KerasTensor, int[])}. */
  public static KerasTensor max(KerasTensor x, int... axes) {
    return NumpyOps.max(x, axes);
  }

  /** As {@link NumpyOps#max(KerasTensor, int[], boolean)}. */
  public static KerasTensor max(KerasTensor x, int[] axes, boolean keepDims) {
    return NumpyOps.max(x, axes, keepDims);
  }

  /** As {@link NumpyOps#min(KerasTensor, int[])}. */
  public static KerasTensor min(KerasTensor x, int... axes) {
    return NumpyOps.min(x, axes);
  }

  /** As {@link NumpyOps#var(KerasTensor, int[])}. */
  public static KerasTensor var(KerasTensor x, int... axes) {
    return NumpyOps.var(x, axes);
  }

  /** As {@link NumpyOps#std(KerasTensor, int[])}. */
  public static KerasTensor std(KerasTensor x, int... axes) {
    return NumpyOps.std(x, axes);
  }

  /** As {@link NumpyOps#argmax(KerasTensor, int)}. */
  public static KerasTensor argmax(KerasTensor x, int axis) {
    return NumpyOps.argmax(x, axis);
  }

  /** As {@link NumpyOps#matmul(KerasTensor, KerasTensor)}. */
  public static KerasTensor matmul(KerasTensor a, KerasTensor b) {
    return NumpyOps.matmul(a, b);
  }

  /** As {@link NumpyOps#tanh(KerasTensor)}. */
  public static KerasTensor tanh(KerasTensor x) {
    return NumpyOps.tanh(x);
  }

  /** As {@link NumpyOps#reshape(KerasTensor, long[])}. */
  public static KerasTensor reshape(KerasTensor x, long... newShape) {
    return NumpyOps.reshape(x, newShape);
  }

  /** As {@link NumpyOps#reshape(KerasTensor, KerasTensor)}. */
  public static KerasTensor reshape(KerasTensor x, KerasTensor shape) {
    return NumpyOps.reshape(x, shape);
  }

  /** As {@link NumpyOps#expandDims(KerasTensor, int)}. */
  public static KerasTensor expandDims(KerasTensor x, int axis) {
    return NumpyOps.expandDims(x, axis);
  }

  /** As {@link NumpyOps#squeeze(KerasTensor, int)}. */
  public static KerasTensor squeeze(KerasTensor x, int axis) {
    return NumpyOps.squeeze(x, axis);
  }

  /** As {@link NumpyOps#concatenate(KerasTensor[], int)}. */
  public static KerasTensor concatenate(KerasTensor[] xs, int axis) {
    return NumpyOps.concatenate(xs, axis);
  }

  /** As {@link NumpyOps#take(KerasTensor, KerasTensor)}. */
  public static KerasTensor take(KerasTensor x, KerasTensor indices) {
    return NumpyOps.take(x, indices);
  }

  /** As {@link NumpyOps#zeros(Shape, DType)}. */
  public static KerasTensor zeros(Shape shape, DType dtype) {
    return NumpyOps.zeros(shape, dtype);
  }

  /** As {@link NumpyOps#ones(Shape, DType)}. */
  public static KerasTensor ones(Shape shape, DType dtype) {
    return NumpyOps.ones(shape, dtype);
  }

  /** As {@link NumpyOps#full(Shape, double, DType)}. */
  public static KerasTensor full(Shape shape, double value, DType dtype) {
    return NumpyOps.full(shape, value, dtype);
  }

  /** As {@link NumpyOps#stack(List, int)}. */
  public static KerasTensor stack(List<KerasTensor> xs, int axis) {
    return NumpyOps.stack(xs, axis);
  }

  /** As {@link NumpyOps#split(KerasTensor, int, int)}. */
  public static List<KerasTensor> split(KerasTensor x, int sections, int axis) {
    return NumpyOps.split(x, sections, axis);
  }

  /** As {@link NumpyOps#zeros(KerasTensor, DType)}. */
  public static KerasTensor zeros(KerasTensor shape, DType dtype) {
    return NumpyOps.zeros(shape, dtype);
  }

  /** As {@link NumpyOps#transpose(KerasTensor, int[])}. */
  public static KerasTensor transpose(KerasTensor x, int... axes) {
    return NumpyOps.transpose(x, axes);
  }

  /** As {@link NumpyOps#pad(KerasTensor, int[][])}. */
  public static KerasTensor pad(KerasTensor x, int[][] padWidth) {
    return NumpyOps.pad(x, padWidth);
  }

  /** As {@link NumpyOps#repeat(KerasTensor, int, int)}. */
  public static KerasTensor repeat(KerasTensor x, int repeats, int axis) {
    return NumpyOps.repeat(x, repeats, axis);
  }

  /** As {@link NumpyOps#any(KerasTensor, int, boolean)}. */
  public static KerasTensor any(KerasTensor x, int axis, boolean keepDims) {
    return NumpyOps.any(x, axis, keepDims);
  }

  /** As {@link NumpyOps#all(KerasTensor, int, boolean)}. */
  public static KerasTensor all(KerasTensor x, int axis, boolean keepDims) {
    return NumpyOps.all(x, axis, keepDims);
  }

  /** As {@link NumpyOps#sin(KerasTensor)}. */
  public static KerasTensor sin(KerasTensor x) {
    return NumpyOps.sin(x);
  }

  /** As {@link NumpyOps#flip(KerasTensor, int)}. */
  public static KerasTensor flip(KerasTensor x, int axis) {
    return NumpyOps.flip(x, axis);
  }

  // ---------------------------------------------------------------- linalg (LinalgOps)

  /** As {@link LinalgOps#qr(KerasTensor)}. */
  public static List<KerasTensor> qr(KerasTensor x) {
    return LinalgOps.qr(x);
  }

  // ---------------------------------------------------------------- random (RandomOps)

  /** As {@link RandomOps#shuffle(NdArray, long)}. */
  public static NdArray<?> shuffle(NdArray<?> x, long seed) {
    return RandomOps.shuffle(x, seed);
  }

  /** As {@link RandomOps#randomUniformArray(Shape, double, double, long)}. */
  public static NdArray<?> randomUniformArray(Shape shape, double minval, double maxval, long seed) {
    return RandomOps.randomUniformArray(shape, minval, maxval, seed);
  }

  /** As {@link RandomOps#randomNormalArray(Shape, double, double, long)}. */
  public static NdArray<?> randomNormalArray(Shape shape, double mean, double stddev, long seed) {
    return RandomOps.randomNormalArray(shape, mean, stddev, seed);
  }

  /** As {@link RandomOps#randomUniform(Shape, double, double, DType, long)}. */
  public static KerasTensor randomUniform(Shape shape, double minval, double maxval, DType dtype, long seed) {
    return RandomOps.randomUniform(shape, minval, maxval, dtype, seed);
  }

  /** As {@link RandomOps#randomUniform(KerasTensor, double, double, DType, long)}. */
  public static KerasTensor randomUniform(KerasTensor shape, double minval, double maxval, DType dtype, long seed) {
    return RandomOps.randomUniform(shape, minval, maxval, dtype, seed);
  }

  /** As {@link RandomOps#randomNormal(Shape, double, double, DType, long)}. */
  public static KerasTensor randomNormal(Shape shape, double mean, double stddev, DType dtype, long seed) {
    return RandomOps.randomNormal(shape, mean, stddev, dtype, seed);
  }

  /** As {@link RandomOps#randomNormal(KerasTensor, double, double, DType, long)}. */
  public static KerasTensor randomNormal(KerasTensor shape, double mean, double stddev, DType dtype, long seed) {
    return RandomOps.randomNormal(shape, mean, stddev, dtype, seed);
  }

  /** As {@link RandomOps#truncatedNormal(Shape, double, double, DType, long)}. */
  public static KerasTensor truncatedNormal(Shape shape, double mean, double stddev, DType dtype, long seed) {
    return RandomOps.truncatedNormal(shape, mean, stddev, dtype, seed);
  }

  // ---------------------------------------------------------------- image (ImageOps)

  /** As {@link ImageOps#resize(KerasTensor, int, int)}. */
  public static KerasTensor resize(KerasTensor images, int height, int width) {
    return ImageOps.resize(images, height, width);
  }

  /** As {@link ImageOps#resize(KerasTensor, int, int, String)}. */
  public static KerasTensor resize(KerasTensor images, int height, int width, String interpolation) {
    return ImageOps.resize(images, height, width, interpolation);
  }

  /** As {@link ImageOps#resize(KerasTensor, int, int, String, boolean, boolean, boolean, String, double)}. */
  public static KerasTensor resize(KerasTensor images, int height, int width, String interpolation, boolean antialias, boolean cropToAspectRatio, boolean padToAspectRatio, String fillMode, double fillValue) {
    return ImageOps.resize(images, height, width, interpolation, antialias, cropToAspectRatio, padToAspectRatio, fillMode, fillValue);
  }

  /** As {@link ImageOps#resize(NdArray, int, int, String)}. */
  public static NdArray<?> resize(NdArray<?> images, int height, int width, String interpolation) {
    return ImageOps.resize(images, height, width, interpolation);
  }

  /** As {@link ImageOps#affineTransform(KerasTensor, KerasTensor)}. */
  public static KerasTensor affineTransform(KerasTensor images, KerasTensor transform) {
    return ImageOps.affineTransform(images, transform);
  }

  /** As {@link ImageOps#affineTransform(KerasTensor, KerasTensor, String, String, double)}. */
  public static KerasTensor affineTransform(KerasTensor images, KerasTensor transform, String interpolation, String fillMode, double fillValue) {
    return ImageOps.affineTransform(images, transform, interpolation, fillMode, fillValue);
  }

  /** As {@link ImageOps#affineTransform(NdArray, NdArray, String, String, double)}. */
  public static NdArray<?> affineTransform(NdArray<?> images, NdArray<?> transform, String interpolation, String fillMode, double fillValue) {
    return ImageOps.affineTransform(images, transform, interpolation, fillMode, fillValue);
  }

  /** As {@link ImageOps#cropImages(KerasTensor, int, int, int, int)}. */
  public static KerasTensor cropImages(KerasTensor images, int top, int left, int targetHeight, int targetWidth) {
    return ImageOps.cropImages(images, top, left, targetHeight, targetWidth);
  }

  /** As {@link ImageOps#cropImages(KerasTensor, KerasTensor, KerasTensor, int, int)}. */
  public static KerasTensor cropImages(KerasTensor images, KerasTensor top, KerasTensor left, int targetHeight, int targetWidth) {
    return ImageOps.cropImages(images, top, left, targetHeight, targetWidth);
  }

  /** As {@link ImageOps#readFile(KerasTensor)}. */
  public static KerasTensor readFile(KerasTensor filename) {
    return ImageOps.readFile(filename);
  }

  /** As {@link ImageOps#decodeImage(KerasTensor, int)}. */
  public static KerasTensor decodeImage(KerasTensor contents, int channels) {
    return ImageOps.decodeImage(contents, channels);
  }

  /** As {@link ImageOps#decodeImage(KerasTensor, int, boolean)}. */
  public static KerasTensor decodeImage(KerasTensor contents, int channels, boolean expandAnimations) {
    return ImageOps.decodeImage(contents, channels, expandAnimations);
  }

  /** As {@link ImageOps#decodePng(KerasTensor, int)}. */
  public static KerasTensor decodePng(KerasTensor contents, int channels) {
    return ImageOps.decodePng(contents, channels);
  }

  /** As {@link ImageOps#decodeJpeg(KerasTensor, int)}. */
  public static KerasTensor decodeJpeg(KerasTensor contents, int channels) {
    return ImageOps.decodeJpeg(contents, channels);
  }

  /** As {@link ImageOps#encodePng(KerasTensor)}. */
  public static KerasTensor encodePng(KerasTensor image) {
    return ImageOps.encodePng(image);
  }

  // ---------------------------------------------------------------- io (IoOps)

  /** As {@link IoOps#parseExample(KerasTensor, Map)}. */
  public static ParsedExample<KerasTensor> parseExample(KerasTensor serialized,
      Map<String, ? extends FeatureSpec> features) {
    return IoOps.parseExample(serialized, features);
  }

  /** As {@link IoOps#parseExample(NdArray, Map)}. */
  public static ParsedExample<NdArray<?>> parseExample(NdArray<?> serialized,
      Map<String, ? extends FeatureSpec> features) {
    return IoOps.parseExample(serialized, features);
  }

  /** As {@link IoOps#parseSingleExample(KerasTensor, Map)}. */
  public static ParsedExample<KerasTensor> parseSingleExample(KerasTensor serialized,
      Map<String, ? extends FeatureSpec> features) {
    return IoOps.parseSingleExample(serialized, features);
  }

  /** As {@link IoOps#parseSingleExample(NdArray, Map)}. */
  public static ParsedExample<NdArray<?>> parseSingleExample(NdArray<?> serialized,
      Map<String, ? extends FeatureSpec> features) {
    return IoOps.parseSingleExample(serialized, features);
  }

  /** As {@link IoOps#parseSingleExample(byte[], Map)}. */
  public static ParsedExample<NdArray<?>> parseSingleExample(byte[] serialized,
      Map<String, ? extends FeatureSpec> features) {
    return IoOps.parseSingleExample(serialized, features);
  }

  /** As {@link IoOps#parseSingleSequenceExample(KerasTensor, Map, Map)}. */
  public static ParsedSequenceExample<KerasTensor> parseSingleSequenceExample(KerasTensor serialized,
      Map<String, ? extends FeatureSpec> contextFeatures, Map<String, ? extends FeatureSpec> sequenceFeatures) {
    return IoOps.parseSingleSequenceExample(serialized, contextFeatures, sequenceFeatures);
  }

  /** As {@link IoOps#parseSingleSequenceExample(byte[], Map, Map)}. */
  public static ParsedSequenceExample<NdArray<?>> parseSingleSequenceExample(byte[] serialized,
      Map<String, ? extends FeatureSpec> contextFeatures, Map<String, ? extends FeatureSpec> sequenceFeatures) {
    return IoOps.parseSingleSequenceExample(serialized, contextFeatures, sequenceFeatures);
  }

  /** As {@link IoOps#decodeRaw(KerasTensor, DType)}. */
  public static KerasTensor decodeRaw(KerasTensor bytes, DType dtype) {
    return IoOps.decodeRaw(bytes, dtype);
  }

  /** As {@link IoOps#decodeRaw(NdArray, DType)}. */
  public static NdArray<?> decodeRaw(NdArray<?> bytes, DType dtype) {
    return IoOps.decodeRaw(bytes, dtype);
  }

  /** As {@link IoOps#decodeCsv(KerasTensor, List)}. */
  public static List<KerasTensor> decodeCsv(KerasTensor records, List<? extends NdArray<?>> recordDefaults) {
    return IoOps.decodeCsv(records, recordDefaults);
  }

  /** As {@link IoOps#decodeCsv(KerasTensor, List, String, boolean, String, List)}. */
  public static List<KerasTensor> decodeCsv(KerasTensor records, List<? extends NdArray<?>> recordDefaults,
      String fieldDelim, boolean useQuoteDelim, String naValue, List<Integer> selectCols) {
    return IoOps.decodeCsv(records, recordDefaults, fieldDelim, useQuoteDelim, naValue, selectCols);
  }

  /** As {@link IoOps#decodeCsv(NdArray, List)}. */
  public static List<NdArray<?>> decodeCsv(NdArray<?> records, List<? extends NdArray<?>> recordDefaults) {
    return IoOps.decodeCsv(records, recordDefaults);
  }

  /** As {@link IoOps#decodeCsv(NdArray, List, String, boolean, String, List)}. */
  public static List<NdArray<?>> decodeCsv(NdArray<?> records, List<? extends NdArray<?>> recordDefaults,
      String fieldDelim, boolean useQuoteDelim, String naValue, List<Integer> selectCols) {
    return IoOps.decodeCsv(records, recordDefaults, fieldDelim, useQuoteDelim, naValue, selectCols);
  }

  // ---------------------------------------------------------------- strings (StringOps)

  /** As {@link StringOps#lower(KerasTensor)}. */
  public static KerasTensor lower(KerasTensor x) {
    return StringOps.lower(x);
  }

  /** As {@link StringOps#lower(KerasTensor, String)}. */
  public static KerasTensor lower(KerasTensor x, String encoding) {
    return StringOps.lower(x, encoding);
  }

  /** As {@link StringOps#lower(NdArray)}. */
  public static NdArray<String> lower(NdArray<String> x) {
    return StringOps.lower(x);
  }

  /** As {@link StringOps#substr(KerasTensor, long, long)}. */
  public static KerasTensor substr(KerasTensor input, long pos, long len) {
    return StringOps.substr(input, pos, len);
  }

  /** As {@link StringOps#regexReplace(KerasTensor, String, String)}. */
  public static KerasTensor regexReplace(KerasTensor x, String pattern, String rewrite) {
    return StringOps.regexReplace(x, pattern, rewrite);
  }

  /** As {@link StringOps#regexReplace(NdArray, String, String)}. */
  public static NdArray<String> regexReplace(NdArray<String> x, String pattern, String rewrite) {
    return StringOps.regexReplace(x, pattern, rewrite);
  }

  /** As {@link StringOps#toHashBucketFast(KerasTensor, long)}. */
  public static KerasTensor toHashBucketFast(KerasTensor x, long numBuckets) {
    return StringOps.toHashBucketFast(x, numBuckets);
  }

  /** As {@link StringOps#toHashBucketFast(NdArray, long)}. */
  public static NdArray<?> toHashBucketFast(NdArray<String> x, long numBuckets) {
    return StringOps.toHashBucketFast(x, numBuckets);
  }

  /** As {@link StringOps#toHashBucketStrong(KerasTensor, long, long, long)}. */
  public static KerasTensor toHashBucketStrong(KerasTensor x, long numBuckets, long key0, long key1) {
    return StringOps.toHashBucketStrong(x, numBuckets, key0, key1);
  }

  /** As {@link StringOps#toHashBucketStrong(NdArray, long, long, long)}. */
  public static NdArray<?> toHashBucketStrong(NdArray<String> x, long numBuckets, long key0, long key1) {
    return StringOps.toHashBucketStrong(x, numBuckets, key0, key1);
  }

  /** As {@link StringOps#splitWhitespace(KerasTensor)}. */
  public static RaggedTensor splitWhitespace(KerasTensor x) {
    return StringOps.splitWhitespace(x);
  }

  /** As {@link StringOps#unicodeSplit(KerasTensor)}. */
  public static RaggedTensor unicodeSplit(KerasTensor x) {
    return StringOps.unicodeSplit(x);
  }

  /** As {@link StringOps#ngrams(RaggedTensor, long[], String)}. */
  public static RaggedTensor ngrams(RaggedTensor tokens, long[] widths, String separator) {
    return StringOps.ngrams(tokens, widths, separator);
  }

  /** As {@link StringOps#raggedToDense(RaggedTensor, KerasTensor, long)}. */
  public static KerasTensor raggedToDense(RaggedTensor rows, KerasTensor padding, long width) {
    return StringOps.raggedToDense(rows, padding, width);
  }

  /** As {@link StringOps#lookup(KerasTensor, LookupTable, long)}. */
  public static KerasTensor lookup(KerasTensor x, LookupTable table, long defaultValue) {
    return StringOps.lookup(x, table, defaultValue);
  }

  /** As {@link StringOps#lookup(KerasTensor, LookupTable, long, String)}. */
  public static KerasTensor lookup(KerasTensor x, LookupTable table, long defaultValue, String missingMessage) {
    return StringOps.lookup(x, table, defaultValue, missingMessage);
  }

  /** As {@link StringOps#lookup(NdArray, LookupTable, long)}. */
  public static NdArray<?> lookup(NdArray<?> x, LookupTable table, long defaultValue) {
    return StringOps.lookup(x, table, defaultValue);
  }

  /** As {@link StringOps#asString(KerasTensor)}. */
  public static KerasTensor asString(KerasTensor x) {
    return StringOps.asString(x);
  }

  // ---------------------------------------------------------------- category encodings (NnOps, NumpyOps)

  /** As {@link NnOps#multiHot(KerasTensor, int, DType)}. */
  public static KerasTensor multiHot(KerasTensor x, int numClasses, DType dtype) {
    return NnOps.multiHot(x, numClasses, dtype);
  }

  /** As {@link NnOps#categoryCount(KerasTensor, int, DType)}. */
  public static KerasTensor categoryCount(KerasTensor x, int numClasses, DType dtype) {
    return NnOps.categoryCount(x, numClasses, dtype);
  }

  /** As {@link NumpyOps#digitize(KerasTensor, float[])}. */
  public static KerasTensor digitize(KerasTensor x, float[] bins) {
    return NumpyOps.digitize(x, bins);
  }

  // ---------------------------------------------------------------- sequence ops (issue 16: CoreOps, MathOps, NumpyOps)

  /** As {@link CoreOps#slice(KerasTensor, int[], int[])}. */
  public static KerasTensor slice(KerasTensor x, int[] startIndices, int[] shape) {
    return CoreOps.slice(x, startIndices, shape);
  }

  /** As {@link CoreOps#sliceUpdate(KerasTensor, int[], KerasTensor)}. */
  public static KerasTensor sliceUpdate(KerasTensor x, int[] startIndices, KerasTensor updates) {
    return CoreOps.sliceUpdate(x, startIndices, updates);
  }

  /** As {@link CoreOps#slice(NdArray, int[], int[])}. */
  public static NdArray<?> slice(NdArray<?> x, int[] startIndices, int[] shape) {
    return CoreOps.slice(x, startIndices, shape);
  }

  /** As {@link CoreOps#sliceUpdate(NdArray, int[], NdArray)}. */
  public static NdArray<?> sliceUpdate(NdArray<?> x, int[] startIndices, NdArray<?> updates) {
    return CoreOps.sliceUpdate(x, startIndices, updates);
  }

  /** As {@link MathOps#topK(KerasTensor, int, boolean)}. */
  public static java.util.List<KerasTensor> topK(KerasTensor x, int k, boolean sorted) {
    return MathOps.topK(x, k, sorted);
  }

  /** As {@link MathOps#topK(KerasTensor, int)}. */
  public static java.util.List<KerasTensor> topK(KerasTensor x, int k) {
    return MathOps.topK(x, k);
  }

  /** As {@link NumpyOps#arange(long)}. */
  public static KerasTensor arange(long stop) {
    return NumpyOps.arange(stop);
  }

  /** As {@link NumpyOps#arange(long, long, long)}. */
  public static KerasTensor arange(long start, long stop, long step) {
    return NumpyOps.arange(start, stop, step);
  }

  /** As {@link NumpyOps#arange(double, double, double)}. */
  public static KerasTensor arange(double start, double stop, double step) {
    return NumpyOps.arange(start, stop, step);
  }

  /** As {@link NumpyOps#arange(double, double, double, DType)}. */
  public static KerasTensor arange(double start, double stop, double step, DType dtype) {
    return NumpyOps.arange(start, stop, step, dtype);
  }

  /** As {@link NumpyOps#arangeArray(double, double, double, String)}. */
  public static NdArray<?> arangeArray(double start, double stop, double step, String dtype) {
    return NumpyOps.arangeArray(start, stop, step, dtype);
  }

  /** As {@link NumpyOps#tile(KerasTensor, int[])}. */
  public static KerasTensor tile(KerasTensor x, int... repeats) {
    return NumpyOps.tile(x, repeats);
  }

  /** As {@link NumpyOps#tile(NdArray, int[])}. */
  public static NdArray<?> tile(NdArray<?> x, int... repeats) {
    return NumpyOps.tile(x, repeats);
  }

  /** As {@link NumpyOps#cumsum(KerasTensor)}. */
  public static KerasTensor cumsum(KerasTensor x) {
    return NumpyOps.cumsum(x);
  }

  /** As {@link NumpyOps#cumsum(KerasTensor, int)}. */
  public static KerasTensor cumsum(KerasTensor x, int axis) {
    return NumpyOps.cumsum(x, axis);
  }

  /** As {@link NumpyOps#cumsum(NdArray, int)}. */
  public static NdArray<?> cumsum(NdArray<?> x, int axis) {
    return NumpyOps.cumsum(x, axis);
  }

  /** As {@link NumpyOps#cumprod(KerasTensor)}. */
  public static KerasTensor cumprod(KerasTensor x) {
    return NumpyOps.cumprod(x);
  }

  /** As {@link NumpyOps#cumprod(KerasTensor, int)}. */
  public static KerasTensor cumprod(KerasTensor x, int axis) {
    return NumpyOps.cumprod(x, axis);
  }

  /** As {@link NumpyOps#swapaxes(KerasTensor, int, int)}. */
  public static KerasTensor swapaxes(KerasTensor x, int axis1, int axis2) {
    return NumpyOps.swapaxes(x, axis1, axis2);
  }

  /** As {@link NumpyOps#moveaxis(KerasTensor, int, int)}. */
  public static KerasTensor moveaxis(KerasTensor x, int source, int destination) {
    return NumpyOps.moveaxis(x, source, destination);
  }

  /** As {@link NumpyOps#roll(KerasTensor, int)}. */
  public static KerasTensor roll(KerasTensor x, int shift) {
    return NumpyOps.roll(x, shift);
  }

  /** As {@link NumpyOps#roll(KerasTensor, int, int)}. */
  public static KerasTensor roll(KerasTensor x, int shift, int axis) {
    return NumpyOps.roll(x, shift, axis);
  }

  /** As {@link NumpyOps#takeAlongAxis(KerasTensor, KerasTensor)}. */
  public static KerasTensor takeAlongAxis(KerasTensor x, KerasTensor indices) {
    return NumpyOps.takeAlongAxis(x, indices);
  }

  /** As {@link NumpyOps#takeAlongAxis(KerasTensor, KerasTensor, int)}. */
  public static KerasTensor takeAlongAxis(KerasTensor x, KerasTensor indices, int axis) {
    return NumpyOps.takeAlongAxis(x, indices, axis);
  }

  /** As {@link NumpyOps#takeAlongAxis(NdArray, NdArray, int)}. */
  public static NdArray<?> takeAlongAxis(NdArray<?> x, NdArray<?> indices, int axis) {
    return NumpyOps.takeAlongAxis(x, indices, axis);
  }

  /** As {@link NumpyOps#sort(KerasTensor, int)}. */
  public static KerasTensor sort(KerasTensor x, int axis) {
    return NumpyOps.sort(x, axis);
  }

  /** As {@link NumpyOps#argsort(KerasTensor, int)}. */
  public static KerasTensor argsort(KerasTensor x, int axis) {
    return NumpyOps.argsort(x, axis);
  }

  /** As {@link NumpyOps#sort(NdArray, int)}. */
  public static NdArray<?> sort(NdArray<?> x, int axis) {
    return NumpyOps.sort(x, axis);
  }

  /** As {@link NumpyOps#argsort(NdArray, int)}. */
  public static NdArray<?> argsort(NdArray<?> x, int axis) {
    return NumpyOps.argsort(x, axis);
  }

  /** As {@link NumpyOps#tril(KerasTensor, int)}. */
  public static KerasTensor tril(KerasTensor x, int k) {
    return NumpyOps.tril(x, k);
  }

  /** As {@link NumpyOps#triu(KerasTensor, int)}. */
  public static KerasTensor triu(KerasTensor x, int k) {
    return NumpyOps.triu(x, k);
  }

  /** As {@link NumpyOps#tril(NdArray, int)}. */
  public static NdArray<?> tril(NdArray<?> x, int k) {
    return NumpyOps.tril(x, k);
  }

  /** As {@link NumpyOps#triu(NdArray, int)}. */
  public static NdArray<?> triu(NdArray<?> x, int k) {
    return NumpyOps.triu(x, k);
  }

  /** As {@link NumpyOps#isnan(KerasTensor)}. */
  public static KerasTensor isnan(KerasTensor x) {
    return NumpyOps.isnan(x);
  }

  /** As {@link NumpyOps#isinf(KerasTensor)}. */
  public static KerasTensor isinf(KerasTensor x) {
    return NumpyOps.isinf(x);
  }

  /** As {@link NumpyOps#isfinite(KerasTensor)}. */
  public static KerasTensor isfinite(KerasTensor x) {
    return NumpyOps.isfinite(x);
  }

  /** As {@link NumpyOps#repeat(KerasTensor, int)}. */
  public static KerasTensor repeat(KerasTensor x, int repeats) {
    return NumpyOps.repeat(x, repeats);
  }

  /** As {@link NumpyOps#squeeze(KerasTensor)}. */
  public static KerasTensor squeeze(KerasTensor x) {
    return NumpyOps.squeeze(x);
  }

  /** As {@link NumpyOps#flip(KerasTensor)}. */
  public static KerasTensor flip(KerasTensor x) {
    return NumpyOps.flip(x);
  }

  /** As {@link NnOps#oneHot(KerasTensor, int, int, DType)}. */
  public static KerasTensor oneHot(KerasTensor indices, int numClasses, int axis, DType dtype) {
    return NnOps.oneHot(indices, numClasses, axis, dtype);
  }

  /** As {@link NumpyOps#take(KerasTensor, KerasTensor, int)}. */
  public static KerasTensor take(KerasTensor x, KerasTensor indices, int axis) {
    return NumpyOps.take(x, indices, axis);
  }

  // ---------------------------------------------------------------- attention ops (issue 16: AttentionOps)

  /** As {@link AttentionOps#einsum(String, KerasTensor...)}. */
  public static KerasTensor einsum(String subscripts, KerasTensor... operands) {
    return AttentionOps.einsum(subscripts, operands);
  }

  /** As {@link AttentionOps#einsum(String, NdArray...)}. */
  public static NdArray<?> einsum(String subscripts, NdArray<?>... operands) {
    return AttentionOps.einsum(subscripts, operands);
  }

  /**
   * As {@link AttentionOps#dotProductAttention(KerasTensor, KerasTensor, KerasTensor, KerasTensor,
   * KerasTensor, Double, boolean)}.
   */
  public static KerasTensor dotProductAttention(KerasTensor query, KerasTensor key, KerasTensor value,
      KerasTensor bias, KerasTensor mask, Double scale, boolean isCausal) {
    return AttentionOps.dotProductAttention(query, key, value, bias, mask, scale, isCausal);
  }

  /** As {@code dotProductAttention(query, key, value, null, null, null, false)}. */
  public static KerasTensor dotProductAttention(KerasTensor query, KerasTensor key, KerasTensor value) {
    return AttentionOps.dotProductAttention(query, key, value);
  }

  // ---------------------------------------------------------------- control flow (ControlFlowOps)

  /** As {@link ControlFlowOps#whileLoop(ControlFlowOps.Condition, ControlFlowOps.Body, List, Integer)}. */
  public static List<KerasTensor> whileLoop(ControlFlowOps.Condition cond, ControlFlowOps.Body body,
      List<KerasTensor> loopVars, Integer maximumIterations) {
    return ControlFlowOps.whileLoop(cond, body, loopVars, maximumIterations);
  }

  /** As {@link ControlFlowOps#whileLoop(ControlFlowOps.Condition, ControlFlowOps.Body, List)}. */
  public static List<KerasTensor> whileLoop(ControlFlowOps.Condition cond, ControlFlowOps.Body body,
      List<KerasTensor> loopVars) {
    return ControlFlowOps.whileLoop(cond, body, loopVars);
  }

  /** As {@link ControlFlowOps#foriLoop(int, int, ControlFlowOps.IndexedBody, List)}. */
  public static List<KerasTensor> foriLoop(int lower, int upper, ControlFlowOps.IndexedBody body,
      List<KerasTensor> initVal) {
    return ControlFlowOps.foriLoop(lower, upper, body, initVal);
  }

  /** As {@link ControlFlowOps#foriLoop(KerasTensor, KerasTensor, ControlFlowOps.IndexedBody, List)}. */
  public static List<KerasTensor> foriLoop(KerasTensor lower, KerasTensor upper, ControlFlowOps.IndexedBody body,
      List<KerasTensor> initVal) {
    return ControlFlowOps.foriLoop(lower, upper, body, initVal);
  }

  /** As {@link ControlFlowOps#scan(ControlFlowOps.ScanFunction, List, List, Integer, boolean)}. */
  public static ControlFlowOps.Scanned scan(ControlFlowOps.ScanFunction f, List<KerasTensor> init,
      List<KerasTensor> xs, Integer length, boolean reverse) {
    return ControlFlowOps.scan(f, init, xs, length, reverse);
  }

  /** As {@link ControlFlowOps#scan(ControlFlowOps.ScanFunction, List, List)}. */
  public static ControlFlowOps.Scanned scan(ControlFlowOps.ScanFunction f, List<KerasTensor> init,
      List<KerasTensor> xs) {
    return ControlFlowOps.scan(f, init, xs);
  }

  /** As {@link ControlFlowOps#cond(KerasTensor, java.util.function.Supplier, java.util.function.Supplier)}. */
  public static List<KerasTensor> cond(KerasTensor pred, java.util.function.Supplier<List<KerasTensor>> trueFn,
      java.util.function.Supplier<List<KerasTensor>> falseFn) {
    return ControlFlowOps.cond(pred, trueFn, falseFn);
  }

  // ---- convolutions (issue 17: Nn)

  /** As {@link NnOps#conv(KerasTensor, KerasTensor, int[], String, String, int[])}. */
  public static KerasTensor conv(KerasTensor inputs, KerasTensor kernel, int[] strides, String padding,
      String dataFormat, int[] dilationRate) {
    return NnOps.conv(inputs, kernel, strides, padding, dataFormat, dilationRate);
  }

  /** As {@link NnOps#depthwiseConv(KerasTensor, KerasTensor, int[], String, String, int[])}. */
  public static KerasTensor depthwiseConv(KerasTensor inputs, KerasTensor kernel, int[] strides, String padding,
      String dataFormat, int[] dilationRate) {
    return NnOps.depthwiseConv(inputs, kernel, strides, padding, dataFormat, dilationRate);
  }

  /** As {@link NnOps#separableConv(KerasTensor, KerasTensor, KerasTensor, int[], String, String, int[])}. */
  public static KerasTensor separableConv(KerasTensor inputs, KerasTensor depthwiseKernel,
      KerasTensor pointwiseKernel, int[] strides, String padding, String dataFormat, int[] dilationRate) {
    return NnOps.separableConv(inputs, depthwiseKernel, pointwiseKernel, strides, padding, dataFormat, dilationRate);
  }

  /** As {@link NnOps#convTranspose(KerasTensor, KerasTensor, int[], String, int[], String, int[])}. */
  public static KerasTensor convTranspose(KerasTensor inputs, KerasTensor kernel, int[] strides, String padding,
      int[] outputPadding, String dataFormat, int[] dilationRate) {
    return NnOps.convTranspose(inputs, kernel, strides, padding, outputPadding, dataFormat, dilationRate);
  }

  // ---- ctc_loss (issue 17: Nn)

  /** As {@link NnOps#ctcLoss(KerasTensor, KerasTensor, KerasTensor, KerasTensor, int)}. */
  public static KerasTensor ctcLoss(KerasTensor target, KerasTensor output, KerasTensor targetLength,
      KerasTensor outputLength, int maskIndex) {
    return NnOps.ctcLoss(target, output, targetLength, outputLength, maskIndex);
  }

  // ---- collectives across workers (issue 19: CollectiveOps)

  /** As {@link CollectiveOps#allReduceMean(List)}. */
  public static List<KerasTensor> allReduceMean(List<KerasTensor> tensors) {
    return CollectiveOps.allReduceMean(tensors);
  }

  /** As {@link CollectiveOps#allReduceMean(List, boolean)}. */
  public static List<KerasTensor> allReduceMean(List<KerasTensor> tensors, boolean packed) {
    return CollectiveOps.allReduceMean(tensors, packed);
  }

  /** As {@link CollectiveOps#allReduceSum(List)}. */
  public static List<KerasTensor> allReduceSum(List<KerasTensor> tensors) {
    return CollectiveOps.allReduceSum(tensors);
  }

  /** As {@link CollectiveOps#broadcastFromChief(List)}. */
  public static List<KerasTensor> broadcastFromChief(List<KerasTensor> tensors) {
    return CollectiveOps.broadcastFromChief(tensors);
  }

  // ---- checks (issue 18: pruning, ControlFlowOps)

  /** As {@link ControlFlowOps#checked(KerasTensor, KerasTensor, String)}. */
  public static KerasTensor checked(KerasTensor value, KerasTensor condition, String message) {
    return ControlFlowOps.checked(value, condition, message);
  }

  // ---- int8 quantization (issue 18: quantize)

  /** As {@link QuantizerOps#absMaxQuantize(KerasTensor, int[], int, int, double)}. */
  public static List<KerasTensor> absMaxQuantize(KerasTensor x, int[] axes, int min, int max, double epsilon) {
    return QuantizerOps.absMaxQuantize(x, axes, min, max, epsilon);
  }

  /** As {@link QuantizerOps#int8Matmul(KerasTensor, KerasTensor)}. */
  public static KerasTensor int8Matmul(KerasTensor a, KerasTensor b) {
    return QuantizerOps.int8Matmul(a, b);
  }
}
