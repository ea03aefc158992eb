package dev.jkeras.samples;

import dev.jkeras.callbacks.Callback;
import dev.jkeras.layers.Dense;
import dev.jkeras.layers.Flatten;
import dev.jkeras.models.Sequential;
import dev.jkeras.utils.Utils;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** The models of <i>Hands-On ML</i> ch. 11's experiments (seed 004), and what the samples log while they train. */
final class Chapter11Models {
  private Chapter11Models() {}

  /**
   * The notebook's {@code build_model(seed=42)}: Flatten, three Dense(100, relu, he_normal), Dense(10,
   * softmax); the random seed is reset first so every optimizer or schedule starts from the same weights.
   */
  static Sequential mlp() {
    Utils.setRandomSeed(42);
    return new Sequential(
        new Flatten().inputShape(28, 28),
        new Dense(100).activation("relu").kernelInitializer("he_normal"),
        new Dense(100).activation("relu").kernelInitializer("he_normal"),
        new Dense(100).activation("relu").kernelInitializer("he_normal"),
        new Dense(10, "softmax"));
  }

  /** Records the optimizer's learning rate at the start of each epoch (schedules included). */
  static final class LearningRateLog extends Callback {
    private final List<Double> rates = new ArrayList<>();

    @Override
    public void onEpochBegin(int epoch, Map<String, Double> logs) {
      rates.add(model().optimizer().learningRate());
    }

    List<Double> rates() {
      return List.copyOf(rates);
    }
  }
}
