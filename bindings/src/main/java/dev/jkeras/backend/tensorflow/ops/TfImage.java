package dev.jkeras.backend.tensorflow.ops;

import static dev.jkeras.backend.tensorflow.TfOperands.operand;
import static dev.jkeras.backend.tensorflow.TfOperands.tf;
import static dev.jkeras.backend.tensorflow.TfOperands.wrap;
import static dev.jkeras.backend.tensorflow.ops.TfSupport.ints;
import static dev.jkeras.backend.tensorflow.ops.TfSupport.scalarOperand;

import dev.jkeras.KerasTensor;
import dev.jkeras.Shape;
import dev.jkeras.backend.ops.ImageBackend;
import java.util.List;
import org.tensorflow.Operand;
import org.tensorflow.op.Ops;
import org.tensorflow.op.image.DecodeImage;
import org.tensorflow.op.image.DecodeJpeg;
import org.tensorflow.op.image.DecodePng;
import org.tensorflow.op.image.ImageProjectiveTransformV3;
import org.tensorflow.op.image.ResizeBilinear;
import org.tensorflow.op.image.ResizeNearestNeighbor;
import org.tensorflow.op.image.ScaleAndTranslate;
import org.tensorflow.types.TFloat32;
import org.tensorflow.types.TInt32;
import org.tensorflow.types.TUint8;

/**
 * The image family in TensorFlow (Keras's {@code backend/tensorflow/image.py}): resizing by TF's
 * resize kernels ({@code ResizeBilinear} and {@code ResizeNearestNeighbor} with half-pixel centers,
 * {@code ResizeArea}, {@code ScaleAndTranslate} for bicubic, Lanczos and antialiasing),
 * {@code ImageProjectiveTransformV3}, and the image codecs.
 */
@SuppressWarnings({"rawtypes", "unchecked"})
public final class TfImage implements ImageBackend {

  @Override
  public KerasTensor resize(KerasTensor images, int height, int width, String interpolation, boolean antialias,
      boolean cropToAspectRatio, boolean padToAspectRatio, double fillValue) {
    Ops tf = tf();
    Operand x = operand(images);
    if (cropToAspectRatio) {
      x = cropToAspectRatio(tf, x, height, width);
    } else if (padToAspectRatio) {
      x = padToAspectRatio(tf, x, height, width, scalarOperand(fillValue, images.dtype()));
    }
    Operand<TInt32> size = ints(height, width);
    Operand resized = switch (interpolation) {
      case "nearest" -> tf.image.resizeNearestNeighbor(x, size, ResizeNearestNeighbor.halfPixelCenters(true));
      case "area" -> tf.image.resizeArea(x, size);
      case "bilinear" -> antialias ? scaleAndTranslate(tf, x, size, "triangle", true)
          : tf.image.resizeBilinear(x, size, ResizeBilinear.halfPixelCenters(true));
      // ScaleAndTranslate rather than ResizeBicubic: it renormalizes the taps at the borders as Keras's numpy and
      // JAX backends do (ResizeBicubic replicates the edge pixels instead)
      case "bicubic" -> scaleAndTranslate(tf, x, size, "keyscubic", antialias);
      case "lanczos3", "lanczos5" -> scaleAndTranslate(tf, x, size, interpolation, antialias);
      default -> throw new IllegalArgumentException("Unknown interpolation " + interpolation);
    };
    if (cropToAspectRatio || padToAspectRatio) {
      // the window's size is known only at run time; the output's batch and channels are the input's
      Shape in = images.shape();
      resized = tf.ensureShape(resized, org.tensorflow.ndarray.Shape.of(in.get(0), height, width, in.get(3)));
    }
    return wrap(resized);
  }

  /** TensorFlow's {@code tf.image.resize} by {@code ScaleAndTranslate}: scale {@code size / input size}, no translation. */
  private static Operand scaleAndTranslate(Ops tf, Operand x, Operand<TInt32> size, String kernel, boolean antialias) {
    Operand<TFloat32> inputSize = tf.dtypes.cast(heightAndWidth(tf, x), TFloat32.class);
    Operand<TFloat32> scale = tf.math.div(tf.dtypes.cast(size, TFloat32.class), inputSize);
    return tf.image.scaleAndTranslate(x, size, scale, tf.constant(new float[] {0, 0}),
        ScaleAndTranslate.kernelType(kernel), ScaleAndTranslate.antialias(antialias));
  }

  private static Operand<TInt32> heightAndWidth(Ops tf, Operand x) {
    return tf.slice(tf.shape(x), ints(1), ints(2));
  }

  private static Operand<TInt32> dim(Ops tf, Operand x, int axis) {
    return tf.squeeze(tf.slice(tf.shape(x), ints(axis), ints(1)));
  }

  /** {@code (int) ((float) (a * b) / c)}, Keras's integer arithmetic of the aspect-ratio window. */
  private static Operand<TInt32> scaled(Ops tf, Operand<TInt32> a, int b, int c) {
    Operand<TFloat32> product = tf.dtypes.cast(tf.math.mul(a, tf.constant(b)), TFloat32.class);
    return tf.dtypes.cast(tf.math.div(product, tf.constant((float) c)), TInt32.class);
  }

  private static Operand<TInt32> half(Ops tf, Operand<TInt32> a) {
    return tf.dtypes.cast(tf.math.div(tf.dtypes.cast(a, TFloat32.class), tf.constant(2f)), TInt32.class);
  }

  /** The largest centered window of the target's aspect ratio, as Keras's {@code crop_to_aspect_ratio}. */
  private static Operand cropToAspectRatio(Ops tf, Operand x, int targetHeight, int targetWidth) {
    Operand<TInt32> height = dim(tf, x, 1);
    Operand<TInt32> width = dim(tf, x, 2);
    Operand<TInt32> one = tf.constant(1);
    Operand<TInt32> cropHeight = tf.math.maximum(tf.math.minimum(height, scaled(tf, width, targetHeight, targetWidth)),
        one);
    Operand<TInt32> cropWidth = tf.math.maximum(tf.math.minimum(width, scaled(tf, height, targetWidth, targetHeight)),
        one);
    Operand<TInt32> top = half(tf, tf.math.sub(height, cropHeight));
    Operand<TInt32> left = half(tf, tf.math.sub(width, cropWidth));
    Operand<TInt32> zero = tf.constant(0);
    Operand<TInt32> all = tf.constant(-1);
    return tf.slice(x, tf.stack(List.of(zero, top, left, zero)), tf.stack(List.of(all, cropHeight, cropWidth, all)));
  }

  /** The image centered on a canvas of the target's aspect ratio filled with {@code fill}, as Keras's {@code pad_to_aspect_ratio}. */
  private static Operand padToAspectRatio(Ops tf, Operand x, int targetHeight, int targetWidth, Operand fill) {
    Operand<TInt32> height = dim(tf, x, 1);
    Operand<TInt32> width = dim(tf, x, 2);
    Operand<TInt32> padHeight = tf.math.maximum(height, scaled(tf, width, targetHeight, targetWidth));
    Operand<TInt32> padWidth = tf.math.maximum(width, scaled(tf, height, targetWidth, targetHeight));
    Operand<TInt32> top = half(tf, tf.math.sub(padHeight, height));
    Operand<TInt32> left = half(tf, tf.math.sub(padWidth, width));
    Operand<TInt32> zero = tf.constant(0);
    Operand<TInt32> paddings = tf.reshape(tf.stack(List.of(zero, zero, top, top, left, left, zero, zero)),
        ints(4, 2));
    return tf.pad(x, paddings, fill);
  }

  @Override
  public KerasTensor affineTransform(KerasTensor images, KerasTensor transforms, String interpolation,
      String fillMode, double fillValue) {
    Ops tf = tf();
    Operand x = operand(images);
    Shape shape = images.shape();
    Operand<TInt32> outputShape = shape.get(1) >= 0 && shape.get(2) >= 0
        ? ints(Math.toIntExact(shape.get(1)), Math.toIntExact(shape.get(2)))
        : heightAndWidth(tf, x);
    Operand<TFloat32> matrices = tf.dtypes.cast(operand(transforms), TFloat32.class);
    return wrap(tf.image.imageProjectiveTransformV3(x, matrices, outputShape, tf.constant((float) fillValue),
        interpolation.toUpperCase(java.util.Locale.ROOT),
        ImageProjectiveTransformV3.fillMode(fillMode.toUpperCase(java.util.Locale.ROOT))));
  }

  @Override
  public KerasTensor crop(KerasTensor images, KerasTensor top, KerasTensor left, int height, int width) {
    Ops tf = tf();
    Operand<TInt32> zero = tf.constant(0);
    Operand<TInt32> begin = tf.stack(List.of(zero, tf.dtypes.cast(operand(top), TInt32.class),
        tf.dtypes.cast(operand(left), TInt32.class), zero));
    return wrap(tf.slice(operand(images), begin, ints(-1, height, width, -1)));
  }

  @Override
  public KerasTensor decodeImage(KerasTensor contents, int channels, boolean expandAnimations) {
    return wrap(tf().image.decodeImage(operand(contents), TUint8.class, DecodeImage.channels((long) channels),
        DecodeImage.expandAnimations(expandAnimations)));
  }

  @Override
  public KerasTensor decodePng(KerasTensor contents, int channels) {
    return wrap(tf().image.decodePng(operand(contents), TUint8.class, DecodePng.channels((long) channels)));
  }

  @Override
  public KerasTensor decodeJpeg(KerasTensor contents, int channels) {
    return wrap(tf().image.decodeJpeg(operand(contents), DecodeJpeg.channels((long) channels)));
  }

  @Override
  public KerasTensor encodePng(KerasTensor image) {
    return wrap(tf().image.encodePng(operand(image)));
  }

  @Override
  public KerasTensor readFile(KerasTensor filename) {
    return wrap(tf().io.readFile(operand(filename)));
  }
}
