package dev.jkeras.layers;

import dev.jkeras.KerasTensor;

/**
 * An augmentation layer that changes images at random while training and passes them through (as
 * float32) at inference, with a {@code seed} for its draws (0: the global seed's sequence, or unseeded).
 *
 * @param <L> the layer's own type, which the fluent setters return
 */
public abstract class BaseRandomAugmentation<L extends BaseRandomAugmentation<L>> extends BaseImagePreprocessingLayer {
  private long seed;

  protected BaseRandomAugmentation() {}

  @SuppressWarnings("unchecked")
  protected final L self() {
    return (L) this;
  }

  /** A fixed seed for the draws (0: the global seed's sequence, or unseeded). */
  public L seed(long seed) {
    checkNotBuilt("seed");
    this.seed = seed;
    return self();
  }

  protected long seed() {
    return seed;
  }

  /** The augmented float32 {@code images} (one image or a batch) of a training call. */
  protected abstract KerasTensor augment(KerasTensor images);

  @Override
  protected KerasTensor call(KerasTensor inputs, boolean training) {
    checkImages(inputs);
    KerasTensor images = toFloat(inputs);
    return training ? augment(images) : images;
  }
}
