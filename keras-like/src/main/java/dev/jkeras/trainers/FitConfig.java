package dev.jkeras.trainers;

/**
 * How {@code fit} loops: epochs to reach, batch size, whether to reshuffle each epoch, the first
 * epoch, and for streamed data the steps per epoch and validation steps (0: one pass over the data).
 */
public record FitConfig(int epochs, int batchSize, boolean shuffle, int initialEpoch, int stepsPerEpoch,
    int validationSteps) {

  public FitConfig(int epochs, int batchSize, boolean shuffle, int initialEpoch) {
    this(epochs, batchSize, shuffle, initialEpoch, 0, 0);
  }
}
