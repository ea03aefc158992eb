package dev.jkeras.models;

/** The keyword arguments of {@code predict}: {@code p -> p.batchSize(64).verbose(0).training(true)}. */
public final class PredictOptions extends LoopOptions<PredictOptions> {
  private boolean training;

  PredictOptions() {}

  /**
   * Runs the layers in training mode, as Keras's {@code model(x, training=True)}: dropout stays
   * active, for Monte Carlo dropout.
   */
  public PredictOptions training(boolean training) {
    this.training = training;
    return this;
  }

  boolean training() {
    return training;
  }
}
