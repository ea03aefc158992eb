package dev.jkeras.models;

import dev.jkeras.callbacks.Callback;
import java.util.ArrayList;
import java.util.List;

/** The keyword arguments of {@code evaluate} and {@code predict}, with Keras's defaults. */
public final class EvaluateOptions {
  private int batchSize = 32;
  private int verbose = 1;
  private final List<Callback> callbacks = new ArrayList<>();

  EvaluateOptions() {}

  public EvaluateOptions batchSize(int batchSize) {
    if (batchSize <= 0) {
      throw new IllegalArgumentException("batchSize must be positive, got " + batchSize);
    }
    this.batchSize = batchSize;
    return this;
  }

  /** 0 silent, 1 progress bar, 2 one line. */
  public EvaluateOptions verbose(int verbose) {
    if (verbose < 0 || verbose > 2) {
      throw new IllegalArgumentException("verbose must be 0, 1 or 2, got " + verbose);
    }
    this.verbose = verbose;
    return this;
  }

  public EvaluateOptions callbacks(Callback... callbacks) {
    this.callbacks.addAll(List.of(callbacks));
    return this;
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
