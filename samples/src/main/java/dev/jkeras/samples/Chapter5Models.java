package dev.jkeras.samples;

import dev.jkeras.layers.Dense;
import dev.jkeras.layers.Layer;
import dev.jkeras.models.Sequential;
import dev.jkeras.optimizers.Optimizer;
import dev.jkeras.optimizers.RMSprop;

/** The models of Deep Learning with Python chapter 5 (seeds 000 and 003), compiled as the seeds do. */
final class Chapter5Models {
  private Chapter5Models() {}

  /** The seeds' {@code get_model()}: Dense(512, relu), Dense(10, softmax), RMSprop, sparse CE, accuracy. */
  static Sequential mnistModel() {
    return mnistModel(new RMSprop());
  }

  /** {@link #mnistModel()} with another optimizer, e.g. {@code RMSprop(1.)}. */
  static Sequential mnistModel(Optimizer optimizer) {
    var model = new Sequential(
        new Dense(512, "relu"),
        new Dense(10, "softmax"));
    model.compile(optimizer, "sparse_categorical_crossentropy", "accuracy");
    return model;
  }

  /** A binary classifier of the IMDB experiments, compiled with rmsprop, binary crossentropy and accuracy. */
  static Sequential binaryModel(Layer... layers) {
    var model = new Sequential(layers);
    model.compile("rmsprop", "binary_crossentropy", "accuracy");
    return model;
  }

  /** The IMDB "original model": Dense(16, relu), Dense(16, relu), Dense(1, sigmoid). */
  static Sequential originalModel() {
    return binaryModel(
        new Dense(16, "relu"),
        new Dense(16, "relu"),
        new Dense(1, "sigmoid"));
  }
}
