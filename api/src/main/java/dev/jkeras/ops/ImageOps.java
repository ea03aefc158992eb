package dev.jkeras.ops;

import static dev.jkeras.ops.OpSupport.backend;
import static dev.jkeras.ops.OpSupport.eager;

import dev.jkeras.DType;
import dev.jkeras.KerasTensor;
import java.util.List;
import java.util.function.Function;
import org.tensorflow.ndarray.NdArray;

/**
 * Image operations, as Keras's {@code keras.ops.image}: resizing, affine transforms, cropping, and the
 * decoding of image files for input pipelines. Images are channels-last, batched {@code (batch, height,
 * width, channels)} or single {@code (height, width, channels)}. {@link Ops} re-exports every function here.
 */
public final class ImageOps {
  /** The interpolations of {@link #resize}, as Keras's TensorFlow backend names them. */
  public static final List<String> RESIZE_INTERPOLATIONS =
      List.of("bilinear", "nearest", "lanczos3", "lanczos5", "bicubic", "area");
  /** The interpolations of {@link #affineTransform}. */
  public static final List<String> AFFINE_TRANSFORM_INTERPOLATIONS = List.of("nearest", "bilinear");
  /** How {@link #affineTransform} fills points outside the input. */
  public static final List<String> AFFINE_TRANSFORM_FILL_MODES = List.of("constant", "nearest", "wrap", "reflect");

  private ImageOps() {}

  // ------------------------------------------------------------------ resize

  /** {@code images} resized to {@code (height, width)} by bilinear interpolation. */
  public static KerasTensor resize(KerasTensor images, int height, int width) {
    return resize(images, height, width, "bilinear");
  }

  /** {@code images} resized to {@code (height, width)} by {@code interpolation} (one of {@link #RESIZE_INTERPOLATIONS}). */
  public static KerasTensor resize(KerasTensor images, int height, int width, String interpolation) {
    return resize(images, height, width, interpolation, false, false, false, "constant", 0);
  }

  /**
   * As {@code keras.ops.image.resize(images, size, interpolation, antialias, crop_to_aspect_ratio,
   * pad_to_aspect_ratio, fill_mode, fill_value)}: {@code cropToAspectRatio} first crops the largest
   * centered window of the target's aspect ratio, {@code padToAspectRatio} instead pads the image
   * (centered) with {@code fillValue}, so that it is not distorted. The result is float32, except with
   * {@code "nearest"}, which keeps the input's dtype.
   */
  public static KerasTensor resize(KerasTensor images, int height, int width, String interpolation,
      boolean antialias, boolean cropToAspectRatio, boolean padToAspectRatio, String fillMode, double fillValue) {
    checkResizeArguments(height, width, interpolation, cropToAspectRatio, padToAspectRatio, fillMode);
    return batched(images, x -> backend().image().resize(x, height, width, interpolation, antialias,
        cropToAspectRatio, padToAspectRatio, fillValue));
  }

  /** {@link #resize(KerasTensor, int, int, String)} on an array, at once. */
  public static NdArray<?> resize(NdArray<?> images, int height, int width, String interpolation) {
    return eager(t -> resize(t.get(0), height, width, interpolation), images);
  }

  /** The checks of Keras's {@code resize}, before any op is built. */
  static void checkResizeArguments(int height, int width, String interpolation, boolean cropToAspectRatio,
      boolean padToAspectRatio, String fillMode) {
    checkOneOf("interpolation", interpolation, RESIZE_INTERPOLATIONS);
    if (!"constant".equals(fillMode)) {
      throw new IllegalArgumentException("Invalid value for argument `fill_mode`. Only `'constant'` is supported. "
          + "Received: fill_mode=" + fillMode);
    }
    if (cropToAspectRatio && padToAspectRatio) {
      throw new IllegalArgumentException(
          "Only one of `pad_to_aspect_ratio` & `crop_to_aspect_ratio` can be `True`.");
    }
    if (height <= 0 || width <= 0) {
      throw new IllegalArgumentException("The target size must be positive, got (height, width) = (" + height
          + ", " + width + ")");
    }
  }

  // ------------------------------------------------------------------ affine transforms

  /** {@link #affineTransform(KerasTensor, KerasTensor, String, String, double)} bilinear, filling with zeros. */
  public static KerasTensor affineTransform(KerasTensor images, KerasTensor transform) {
    return affineTransform(images, transform, "bilinear", "constant", 0);
  }

  /**
   * As {@code keras.ops.image.affine_transform}: each output pixel {@code (x, y)} takes the input at
   * {@code ((a0 x + a1 y + a2) / k, (b0 x + b1 y + b2) / k)} with {@code k = c0 x + c1 y + 1}, where
   * {@code transform} holds {@code [a0, a1, a2, b0, b1, b2, c0, c1]} (one row per image, or one for all);
   * points outside the input are filled by {@code fillMode} (constant: {@code fillValue}).
   */
  public static KerasTensor affineTransform(KerasTensor images, KerasTensor transform, String interpolation,
      String fillMode, double fillValue) {
    checkOneOf("interpolation", interpolation, AFFINE_TRANSFORM_INTERPOLATIONS);
    checkOneOf("fill_mode", fillMode, AFFINE_TRANSFORM_FILL_MODES);
    checkImagesRank(images);
    if (transform.rank() != 1 && transform.rank() != 2) {
      throw new IllegalArgumentException("Invalid transform rank: expected rank 1 (single transform) or rank 2 "
          + "(batch of transforms). Received input with shape: transform.shape=" + transform.shape());
    }
    if (transform.shape().get(transform.rank() - 1) != 8 && transform.shape().get(transform.rank() - 1) >= 0) {
      throw new IllegalArgumentException("A transform has 8 values [a0, a1, a2, b0, b1, b2, c0, c1]; got "
          + "transform.shape=" + transform.shape());
    }
    KerasTensor rows = transform.rank() == 1 ? NumpyOps.expandDims(transform, 0) : transform;
    return batched(images, x -> backend().image().affineTransform(x, rows, interpolation, fillMode, fillValue));
  }

  /** {@link #affineTransform(KerasTensor, KerasTensor, String, String, double)} on arrays, at once. */
  public static NdArray<?> affineTransform(NdArray<?> images, NdArray<?> transform, String interpolation,
      String fillMode, double fillValue) {
    return eager(t -> affineTransform(t.get(0), t.get(1), interpolation, fillMode, fillValue), images, transform);
  }

  // ------------------------------------------------------------------ cropping

  /** The {@code targetHeight} by {@code targetWidth} window whose top-left pixel is {@code (top, left)}. */
  public static KerasTensor cropImages(KerasTensor images, int top, int left, int targetHeight, int targetWidth) {
    checkImagesRank(images);
    long height = images.shape().get(images.rank() - 3);
    long width = images.shape().get(images.rank() - 2);
    if (top < 0 || left < 0 || (height >= 0 && top + targetHeight > height)
        || (width >= 0 && left + targetWidth > width)) {
      throw new IllegalArgumentException("The window of " + targetHeight + "x" + targetWidth + " pixels at (" + top
          + ", " + left + ") does not fit in images of shape " + images.shape());
    }
    return cropImages(images, CoreOps.scalar(top, DType.INT32), CoreOps.scalar(left, DType.INT32), targetHeight,
        targetWidth);
  }

  /** The {@code targetHeight} by {@code targetWidth} window at the run-time offsets {@code top} and {@code left} (int scalars). */
  public static KerasTensor cropImages(KerasTensor images, KerasTensor top, KerasTensor left, int targetHeight,
      int targetWidth) {
    checkImagesRank(images);
    return batched(images, x -> backend().image().crop(x, top, left, targetHeight, targetWidth));
  }

  // ------------------------------------------------------------------ files and codecs

  /** The bytes of the file a string scalar names, as a string scalar, as {@code tf.io.read_file}. */
  public static KerasTensor readFile(KerasTensor filename) {
    checkStringScalar("readFile", filename);
    return backend().image().readFile(filename);
  }

  /**
   * A BMP, GIF, JPEG or PNG image (the bytes in a string scalar) as uint8 {@code (height, width,
   * channels)}, as {@code tf.io.decode_image(contents, channels, expand_animations=False)}: a GIF gives
   * its first frame; {@code channels} 0 keeps the file's channels, 1 converts to grayscale, 3 to RGB.
   */
  public static KerasTensor decodeImage(KerasTensor contents, int channels) {
    return decodeImage(contents, channels, false);
  }

  /** As {@link #decodeImage(KerasTensor, int)}; {@code expandAnimations} gives all the frames of a GIF, 4-D. */
  public static KerasTensor decodeImage(KerasTensor contents, int channels, boolean expandAnimations) {
    checkStringScalar("decodeImage", contents);
    checkChannels(channels);
    return backend().image().decodeImage(contents, channels, expandAnimations);
  }

  /** A PNG image (a string scalar) as uint8 {@code (height, width, channels)}. */
  public static KerasTensor decodePng(KerasTensor contents, int channels) {
    checkStringScalar("decodePng", contents);
    checkChannels(channels);
    return backend().image().decodePng(contents, channels);
  }

  /** A JPEG image (a string scalar) as uint8 {@code (height, width, channels)}. */
  public static KerasTensor decodeJpeg(KerasTensor contents, int channels) {
    checkStringScalar("decodeJpeg", contents);
    checkChannels(channels);
    return backend().image().decodeJpeg(contents, channels);
  }

  /** A uint8 {@code (height, width, channels)} image (1 to 4 channels) as the bytes of a PNG file, a string scalar. */
  public static KerasTensor encodePng(KerasTensor image) {
    if (image.rank() != 3 || image.dtype() != DType.UINT8) {
      throw new IllegalArgumentException("encodePng takes one uint8 image of shape (height, width, channels); got "
          + image.dtype().kerasName() + " " + image.shape() + ". Cast pixels to uint8 (values 0-255) first.");
    }
    return backend().image().encodePng(image);
  }

  // ------------------------------------------------------------------ shared checks

  /** Fails unless {@code images} is one image (rank 3) or a batch (rank 4), with Keras's message. */
  private static void checkImagesRank(KerasTensor images) {
    if (images.rank() != 3 && images.rank() != 4) {
      throw new IllegalArgumentException("Invalid images rank: expected rank 3 (single image) or rank 4 (batch of "
          + "images). Received input with shape: images.shape=" + images.shape());
    }
  }

  private static void checkOneOf(String argument, String value, List<String> allowed) {
    if (!allowed.contains(value)) {
      throw new IllegalArgumentException("Invalid value for argument `" + argument + "`. Expected of one "
          + allowed + ". Received: " + argument + "=" + value);
    }
  }

  private static void checkStringScalar(String op, KerasTensor x) {
    if (x.dtype() != DType.STRING || x.rank() != 0) {
      throw new IllegalArgumentException(op + " takes a string scalar, got " + x.dtype().kerasName() + " "
          + x.shape() + "; map it over the elements of a dataset to handle many");
    }
  }

  private static void checkChannels(int channels) {
    if (channels < 0 || channels > 4 || channels == 2) {
      throw new IllegalArgumentException("channels must be 0 (as in the file), 1 (grayscale), 3 (RGB) or 4 (RGBA), "
          + "got " + channels);
    }
  }

  /** Applies {@code fn} to {@code images} as a batch: a single image gets a batch axis, removed again after. */
  private static KerasTensor batched(KerasTensor images, Function<KerasTensor, KerasTensor> fn) {
    checkImagesRank(images);
    if (images.rank() == 4) {
      return fn.apply(images);
    }
    return NumpyOps.squeeze(fn.apply(NumpyOps.expandDims(images, 0)), 0);
  }
}
