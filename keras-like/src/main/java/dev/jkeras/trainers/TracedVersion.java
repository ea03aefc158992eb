package dev.jkeras.trainers;

/**
 * The {@linkplain TrainableModel#weightsVersion weights version} a cache of traced steps was traced at:
 * when a layer adds or freezes weights after build, the cache forgets its steps, so that the next use
 * traces them again with the model's weights as they are now, as a recompile would.
 */
final class TracedVersion {
  private final TrainableModel model;
  /** Unknown until first asked (the model may be under construction when the cache is made). */
  private volatile long traced = Long.MIN_VALUE;

  TracedVersion(TrainableModel model) {
    this.model = model;
  }

  /** True (the first time, with nothing traced yet, too), once per change, when the model's weights changed since the last call; the caller then forgets its steps. */
  boolean changed() {
    long now = model.weightsVersion();
    if (now == traced) {
      return false;
    }
    synchronized (this) {
      if (now == traced) {
        return false;
      }
      traced = now;
      return true;
    }
  }
}
