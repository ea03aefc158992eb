package dev.jkeras.datasets;

import java.util.Objects;

/**
 * What Keras's {@code load_data()} returns, {@code (x_train, y_train), (x_test, y_test)}, plus where
 * it came from.
 *
 * @param train the training split
 * @param test the test split
 * @param source where the files were read from
 */
public record TrainTestData(Dataset train, Dataset test, DataSource source) {

  /** Checks that no part is null. */
  public TrainTestData {
    Objects.requireNonNull(train, "train");
    Objects.requireNonNull(test, "test");
    Objects.requireNonNull(source, "source");
  }
}
