package dev.jkeras.data;

import dev.jkeras.ops.ImageOps;
import java.util.List;

/**
 * The options of {@code imageDatasetFromDirectory}, as Keras's {@code image_dataset_from_directory}
 * arguments, immutable: {@code ImageDatasetOptions.defaults().imageSize(28, 28).validationSplit(0.2)
 * .subset("both").seed(42)}. Defaults as Keras: inferred labels, {@code "int"} labels, {@code "rgb"},
 * batches of 32, 256x256 images, shuffled, bilinear.
 */
public final class ImageDatasetOptions extends DirectoryDatasetOptions<ImageDatasetOptions> {
  /** The color modes and the channels they decode to. */
  static final List<String> COLOR_MODES = List.of("grayscale", "rgb", "rgba");

  private final String colorMode;
  private final int height;
  private final int width;
  private final String interpolation;
  private final boolean cropToAspectRatio;
  private final boolean padToAspectRatio;

  private ImageDatasetOptions(DirectorySettings settings, String colorMode, int height, int width,
      String interpolation, boolean cropToAspectRatio, boolean padToAspectRatio) {
    super(settings);
    this.colorMode = colorMode;
    this.height = height;
    this.width = width;
    this.interpolation = interpolation;
    this.cropToAspectRatio = cropToAspectRatio;
    this.padToAspectRatio = padToAspectRatio;
  }

  public static ImageDatasetOptions defaults() {
    return new ImageDatasetOptions(DirectorySettings.defaults(), "rgb", 256, 256, "bilinear", false, false);
  }

  @Override
  ImageDatasetOptions with(DirectorySettings changed) {
    return new ImageDatasetOptions(changed, colorMode, height, width, interpolation, cropToAspectRatio,
        padToAspectRatio);
  }

  /** {@code "grayscale"} (1 channel), {@code "rgb"} (3, the default) or {@code "rgba"} (4). */
  public ImageDatasetOptions colorMode(String mode) {
    if (!COLOR_MODES.contains(mode)) {
      throw new IllegalArgumentException("`color_mode` must be one of {\"rgb\", \"rgba\", \"grayscale\"}. Received: "
          + "color_mode=" + mode);
    }
    return new ImageDatasetOptions(settings, mode, height, width, interpolation, cropToAspectRatio, padToAspectRatio);
  }

  /** The size every image is resized to (default 256x256). */
  public ImageDatasetOptions imageSize(int height, int width) {
    if (height <= 0 || width <= 0) {
      throw new IllegalArgumentException("Invalid `image_size` value. Expected a tuple of 2 positive integers. "
          + "Received: image_size=(" + height + ", " + width + ")");
    }
    return new ImageDatasetOptions(settings, colorMode, height, width, interpolation, cropToAspectRatio,
        padToAspectRatio);
  }

  /** How images are resized: bilinear (default), nearest, bicubic, area, lanczos3 or lanczos5. */
  public ImageDatasetOptions interpolation(String interpolation) {
    String lower = interpolation.toLowerCase(java.util.Locale.ROOT);
    if (!ImageOps.RESIZE_INTERPOLATIONS.contains(lower)) {
      throw new IllegalArgumentException("Argument `interpolation` should be one of "
          + DirectoryIndex.pythonList(ImageOps.RESIZE_INTERPOLATIONS) + ". Received: interpolation=" + interpolation
          + (List.of("gaussian", "mitchellcubic").contains(lower) ? " (Keras's " + lower + " has no kernel in "
              + "jkeras's image ops yet)" : ""));
    }
    return new ImageDatasetOptions(settings, colorMode, height, width, lower, cropToAspectRatio, padToAspectRatio);
  }

  /** Resizes without distortion by cropping the largest centered window of the target's aspect ratio. */
  public ImageDatasetOptions cropToAspectRatio(boolean crop) {
    return new ImageDatasetOptions(settings, colorMode, height, width, interpolation, crop, padToAspectRatio);
  }

  /** Resizes without distortion by padding (with zeros) to the target's aspect ratio. */
  public ImageDatasetOptions padToAspectRatio(boolean pad) {
    return new ImageDatasetOptions(settings, colorMode, height, width, interpolation, cropToAspectRatio, pad);
  }

  int channels() {
    return switch (colorMode) {
      case "grayscale" -> 1;
      case "rgba" -> 4;
      default -> 3;
    };
  }

  int height() {
    return height;
  }

  int width() {
    return width;
  }

  String interpolationName() {
    return interpolation;
  }

  boolean crop() {
    return cropToAspectRatio;
  }

  boolean pad() {
    return padToAspectRatio;
  }
}
