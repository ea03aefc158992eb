package dev.jkeras.backend.ops;

import dev.jkeras.KerasTensor;

/**
 * The image operations a backend runs (Keras's {@code backend/image}), on channels-last batches
 * {@code (batch, height, width, channels)}; {@link dev.jkeras.ops.ImageOps} validates arguments,
 * handles unbatched images and calls these. Strings name Keras's options ({@code "bilinear"},
 * {@code "reflect"}, ...), already checked.
 */
public interface ImageBackend {

  /**
   * {@code images} resized to {@code (height, width)} with {@code interpolation} (bilinear, nearest,
   * bicubic, area, lanczos3, lanczos5), optionally after a centered crop ({@code cropToAspectRatio}) or
   * a centered padding with {@code fillValue} ({@code padToAspectRatio}) to the target's aspect ratio.
   * Float32 output, except nearest, which keeps the dtype.
   */
  KerasTensor resize(KerasTensor images, int height, int width, String interpolation, boolean antialias,
      boolean cropToAspectRatio, boolean padToAspectRatio, double fillValue);

  /**
   * {@code images} sampled through projective {@code transforms} {@code (batch, 8)} or {@code (1, 8)}
   * mapping output to input coordinates, as TensorFlow's {@code ImageProjectiveTransformV3}.
   */
  KerasTensor affineTransform(KerasTensor images, KerasTensor transforms, String interpolation, String fillMode,
      double fillValue);

  /** The window of {@code height} by {@code width} pixels starting at the (int32 scalar) {@code top} and {@code left}. */
  KerasTensor crop(KerasTensor images, KerasTensor top, KerasTensor left, int height, int width);

  /** A PNG, JPEG, GIF or BMP image (a string scalar) as uint8 {@code (height, width, channels)}; 0 channels keeps the file's. */
  KerasTensor decodeImage(KerasTensor contents, int channels, boolean expandAnimations);

  /** A PNG image (a string scalar) as uint8 {@code (height, width, channels)}. */
  KerasTensor decodePng(KerasTensor contents, int channels);

  /** A JPEG image (a string scalar) as uint8 {@code (height, width, channels)}. */
  KerasTensor decodeJpeg(KerasTensor contents, int channels);

  /** A uint8 {@code (height, width, channels)} image as PNG bytes (a string scalar). */
  KerasTensor encodePng(KerasTensor image);

  /** The bytes of the file a string scalar names, as a string scalar (TensorFlow's {@code ReadFile}). */
  KerasTensor readFile(KerasTensor filename);
}
