package dev.jkeras.layers;

import dev.jkeras.DType;
import dev.jkeras.KerasTensor;
import dev.jkeras.Shape;
import dev.jkeras.backend.RandomSeeds;
import dev.jkeras.ops.Ops;
import dev.jkeras.saving.Config;
import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;

/**
 * Crops a random {@code height x width} window of images while training, the same window for a whole
 * batch, as Keras's {@code RandomCrop}. At inference, and in training when an image is not larger than
 * the target, it returns the largest centered window of the target's aspect ratio resized to the target,
 * as Keras documents (Keras 3.15's code returns inference inputs unchanged, of another shape than its
 * {@code compute_output_shape} says: keras-team/keras#21868). Outputs are float32.
 */
public class RandomCrop extends BaseImagePreprocessingLayer {
  private final int height;
  private final int width;
  private final long seed;

  /**
   * A layer cropping to {@code height x width}; without a seed it takes one as Keras does: the next
   * seed of the global sequence when {@link RandomSeeds} has one, else a random one, kept in its config.
   */
  public RandomCrop(int height, int width) {
    this(height, width, defaultSeed());
  }

  public RandomCrop(int height, int width, long seed) {
    if (height <= 0 || width <= 0) {
      throw new IllegalArgumentException("RandomCrop needs a positive height and width, got " + height + " and "
          + width);
    }
    this.height = height;
    this.width = width;
    this.seed = seed;
  }

  private static long defaultSeed() {
    long global = RandomSeeds.resolve(0);
    return global != 0 ? global : ThreadLocalRandom.current().nextLong(1, 1L << 30);
  }

  public long seed() {
    return seed;
  }

  @Override
  protected KerasTensor call(KerasTensor inputs, boolean training) {
    checkImages(inputs);
    KerasTensor images = toFloat(inputs);
    int rank = images.rank();
    long inputHeight = images.shape().get(rank - 3);
    long inputWidth = images.shape().get(rank - 2);
    if (inputHeight < 0 || inputWidth < 0) {
      throw new IllegalArgumentException("RandomCrop requires the input to have a fully defined height and width. "
          + "Received: images.shape=" + images.shape() + ". Resize the images to a fixed size first (Resizing).");
    }
    if (!training || inputHeight <= height || inputWidth <= width) {
      return Ops.resize(images, height, width, "bilinear", false, true, false, "constant", 0);
    }
    KerasTensor top = offset(inputHeight - height + 1, drawSeed(seed, 0));
    KerasTensor left = offset(inputWidth - width + 1, drawSeed(seed, 1));
    return Ops.cropImages(images, top, left, height, width);
  }

  /** A random int32 offset in {@code [0, bound)}. */
  private static KerasTensor offset(long bound, long seed) {
    return Ops.cast(Ops.randomUniform(Shape.scalar(), 0, bound, DType.FLOAT32, seed), DType.INT32);
  }

  public static RandomCrop fromConfig(Config config) {
    checkDataFormat(config);
    long seed = seed(config);
    return new RandomCrop(config.getInt("height", 0), config.getInt("width", 0), seed == 0 ? defaultSeed() : seed);
  }

  @Override
  public Map<String, Object> getConfig() {
    Map<String, Object> config = super.getConfig();
    config.put("height", height);
    config.put("width", width);
    config.put("seed", seed);
    return config;
  }
}
