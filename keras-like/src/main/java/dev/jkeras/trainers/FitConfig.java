package dev.jkeras.trainers;

/** How {@code fit} loops: epochs to reach, batch size, whether to reshuffle each epoch, the first epoch. */
public record FitConfig(int epochs, int batchSize, boolean shuffle, int initialEpoch) {}
