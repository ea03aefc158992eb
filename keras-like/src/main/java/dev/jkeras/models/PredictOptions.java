package dev.jkeras.models;

import dev.jkeras.callbacks.Callback;
import java.util.ArrayList;
import java.util.List;

/** The keyword arguments of {@code predict}, with Keras's defaults. */
public final class PredictOptions {
  private int batchSize = 32;
  private int verbose = 1;
  private boolean training;
  private final List<Callback> callbacks = new ArrayList<>();

  PredictOptions() {}

  public PredictOptions batchSize(int batchSize) {
    if (batchSize <= 0) {
      throw new IllegalArgumentException("batchSize must be positive, got " + batchSize);
    }
    this.batchSize = batchSize;
    return this;
  }

  /** 0 silent, 1 progress bar, 2 one line. */
  public PredictOptions verbose(int verbose) {
    if (verbose < 0 || verbose > 2) {
      throw new IllegalArgumentException("verbose must be 0, 1 or 2, got " + verbose);
    }
    this.verbose = verbose;
    return this;
  }

  /**
   * Runs the layers in training mode, as Keras's {@code model(x, training=True)}: dropout stays
   * active, for Monte Carlo dropout.
   */
  public PredictOptions training(boolean training) {
    this.training = training;
    return this;
  }

  public PredictOptions callbacks(Callback... callbacks) {
    this.callbacks.addAll(List.of(callbacks));
    return this;
  }

  int batchSize() {
    return batchSize;
  }

  int verbose() {
    return verbose;
  }

  boolean training() {
    return training;
  }

  List<Callback> callbacks() {
    return List.copyOf(callbacks);
  }
}
