package dev.jkeras.models;

import dev.jkeras.backend.Feed;

/** The validation data of one {@code fit}: its feeds and the sample indices to use. */
record Validation(Feed x, Feed y, int[] indices, boolean ownsFeeds) implements AutoCloseable {

  /** From validationData, from the tail of the training feeds (validationSplit), or null. */
  static Validation of(Model model, FitOptions options, Feed xTrain, Feed yTrain, int trainCount, int n) {
    if (options.validationX() != null) {
      int count = DataChecks.samples(options.validationX(), options.validationY());
      Feed x = model.graph().feed(options.validationX());
      Feed y = model.graph().feed(options.validationY());
      return new Validation(x, y, Model.range(0, count), true);
    }
    if (trainCount < n) {
      return new Validation(xTrain, yTrain, Model.range(trainCount, n), false);
    }
    return null;
  }

  @Override
  public void close() {
    if (ownsFeeds) {
      x.close();
      y.close();
    }
  }
}
