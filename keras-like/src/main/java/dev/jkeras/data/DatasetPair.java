package dev.jkeras.data;

/** The training and the validation dataset of one directory, as Keras returns them for {@code subset="both"}. */
public record DatasetPair(Dataset training, Dataset validation) {}
