package dev.jkeras.models;

/** The validation data of one {@code fit}: its feeds and the sample indices to use. */
record Validation(DataFeeds feeds, int[] indices, Trainer.Signature signature, boolean ownsFeeds)
    implements AutoCloseable {

  /** From validationData, from the tail of the training feeds (validationSplit), or null. */
  static Validation of(Model model, FitOptions options, ModelData trainingData, DataFeeds training, int trainCount,
      int n) {
    if (options.validationX() != null) {
      ModelData data = model.modelData(options.validationX(), options.validationY(), "validationData");
      if (options.validationSampleWeight() != null) {
        data = data.withSampleWeights(SampleWeights.of(options.validationSampleWeight(), data.samples(),
            "validationData"));
      }
      return new Validation(DataFeeds.of(model.graph(), data.arrays()), Model.range(0, data.samples()),
          data.signature(), true);
    }
    if (trainCount < n) {
      return new Validation(training, Model.range(trainCount, n), trainingData.signature(), false);
    }
    return null;
  }

  @Override
  public void close() {
    if (ownsFeeds) {
      feeds.close();
    }
  }
}
