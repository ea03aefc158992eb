package dev.jkeras.trainers;

import dev.jkeras.layers.Layer;

/**
 * The {@linkplain TrainableModel#weightsVersion weights version} a cache of traced steps was traced at:
 * when a layer adds or freezes weights after build, the cache forgets its steps, so that the next use
 * traces them again with the model's weights as they are now, as a recompile would.
 */
final class TracedVersion {
  private final TrainableModel model;
  /** Unknown until first asked (the model may be under construction when the cache is made). */
  private volatile long traced = Long.MIN_VALUE;
  /** {@link Layer#weightChanges()} when {@link #traced} was last confirmed: while it stays, no model's version moved. */
  private volatile long confirmedAt = Long.MIN_VALUE;

  TracedVersion(TrainableModel model) {
    this.model = model;
  }

  /** True (the first time, with nothing traced yet, too), once per change, when the model's weights changed since the last call; the caller then forgets its steps. */
  boolean changed() {
    long changes = Layer.weightChanges();
    if (changes == confirmedAt) {
      return false;
    }
    long now = model.weightsVersion();
    if (now == traced) {
      confirmedAt = changes;
      return false;
    }
    synchronized (this) {
      if (now == traced) {
        return false;
      }
      traced = now;
      confirmedAt = changes;
      return true;
    }
  }
}
