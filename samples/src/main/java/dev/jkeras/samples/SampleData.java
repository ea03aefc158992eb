package dev.jkeras.samples;

import dev.jkeras.datasets.Dataset;
import dev.jkeras.datasets.FashionMnist;
import dev.jkeras.datasets.TrainTestData;
import org.tensorflow.ndarray.index.Indices;

/**
 * Fashion-MNIST for the samples: the full data set where it is found (Keras's cache, the Debian
 * package, jkeras's cache or a download), otherwise the subset shipped with the samples; smoke
 * runs take a small slice of either.
 */
record SampleData(Dataset train, Dataset test, String description, int validationSize) {
  static final String SUBSET_RESOURCE = "/datasets/fashion-mnist-subset";
  private static final int SMOKE_TRAIN = 1000;
  private static final int SMOKE_TEST = 200;

  static SampleData fashionMnist(SampleArgs args) {
    TrainTestData data;
    String description;
    if (args.subset()) {
      data = FashionMnist.fromClasspath(SUBSET_RESOURCE);
      description = "the Fashion-MNIST subset shipped with jkeras";
    } else {
      try {
        data = FashionMnist.loadData();
        description = "full Fashion-MNIST from " + data.source();
      } catch (IllegalStateException notFound) {
        System.out.println("Full Fashion-MNIST not found (" + firstLine(notFound.getMessage()) + ");"
            + " using the subset shipped with jkeras.");
        data = FashionMnist.fromClasspath(SUBSET_RESOURCE);
        description = "the Fashion-MNIST subset shipped with jkeras";
      }
    }
    Dataset train = data.train();
    Dataset test = data.test();
    if (args.smoke()) {
      train = head(train, SMOKE_TRAIN);
      test = head(test, SMOKE_TEST);
      description += " (smoke: " + SMOKE_TRAIN + " train, " + SMOKE_TEST + " test)";
    }
    System.out.println("Data: " + description + ": " + train.size() + " training and " + test.size() + " test images");
    int validationSize = (int) Math.min(5000, train.size() / 12);
    return new SampleData(train, test, description, validationSize);
  }

  private static Dataset head(Dataset d, int count) {
    long n = Math.min(count, d.size());
    return new Dataset(d.x().slice(Indices.range(0, n)), d.y().slice(Indices.range(0, n)));
  }

  private static String firstLine(String message) {
    int newline = message.indexOf('\n');
    return newline < 0 ? message : message.substring(0, newline);
  }
}
