package dev.jkeras.models;

import dev.jkeras.callbacks.Callback;
import java.util.ArrayList;
import java.util.List;

/** The options fit, evaluate and predict share: batch size, verbosity and callbacks, with Keras's defaults. */
public abstract class LoopOptions<T extends LoopOptions<T>> {
  private int batchSize = 32;
  private int verbose = 1;
  private final List<Callback> callbacks = new ArrayList<>();

  LoopOptions() {}

  @SuppressWarnings("unchecked")
  private T self() {
    return (T) this;
  }

  public T batchSize(int batchSize) {
    if (batchSize <= 0) {
      throw new IllegalArgumentException("batchSize must be positive, got " + batchSize);
    }
    this.batchSize = batchSize;
    return self();
  }

  /** 0 silent, 1 progress bar, 2 one line per epoch. */
  public T verbose(int verbose) {
    if (verbose < 0 || verbose > 2) {
      throw new IllegalArgumentException("verbose must be 0, 1 or 2, got " + verbose);
    }
    this.verbose = verbose;
    return self();
  }

  public T callbacks(Callback... callbacks) {
    this.callbacks.addAll(List.of(callbacks));
    return self();
  }

  public T callbacks(List<? extends Callback> callbacks) {
    this.callbacks.addAll(callbacks);
    return self();
  }

  int batchSize() {
    return batchSize;
  }

  int verbose() {
    return verbose;
  }

  List<Callback> callbacks() {
    return List.copyOf(callbacks);
  }
}
