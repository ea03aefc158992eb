package dev.jkeras.models;

import dev.jkeras.losses.Loss;
import dev.jkeras.losses.Losses;
import dev.jkeras.metrics.Metric;
import dev.jkeras.metrics.Metrics;
import dev.jkeras.optimizers.Optimizer;
import dev.jkeras.optimizers.Optimizers;
import java.util.ArrayList;
import java.util.List;

/** The keyword arguments of {@code compile}: {@code c -> c.optimizer("adam").loss("mse").metrics("mae")}. */
public final class CompileOptions {
  private Optimizer optimizer = Optimizers.get("rmsprop");
  private Loss loss;
  private final List<Object> metrics = new ArrayList<>();

  CompileOptions() {}

  /** An optimizer by name ({@code "sgd"}, {@code "rmsprop"}, {@code "adam"}); Keras's default is rmsprop. */
  public CompileOptions optimizer(String name) {
    return optimizer(Optimizers.get(name));
  }

  public CompileOptions optimizer(Optimizer optimizer) {
    if (optimizer == null) {
      throw new IllegalArgumentException("optimizer must not be null");
    }
    this.optimizer = optimizer;
    return this;
  }

  public CompileOptions loss(String name) {
    return loss(Losses.get(name));
  }

  public CompileOptions loss(Loss loss) {
    if (loss == null) {
      throw new IllegalArgumentException("loss must not be null");
    }
    this.loss = loss;
    return this;
  }

  /** Metrics by name ({@code "accuracy"}, {@code "mae"}, ...). */
  public CompileOptions metrics(String... names) {
    for (String name : names) {
      Metrics.requireKnown(name);
      metrics.add(name);
    }
    return this;
  }

  public CompileOptions metrics(Metric... metricObjects) {
    metrics.addAll(List.of(metricObjects));
    return this;
  }

  Optimizer optimizer() {
    return optimizer;
  }

  Loss loss() {
    return loss;
  }

  /** Names and metric objects, in the order given. */
  List<Object> metrics() {
    return List.copyOf(metrics);
  }
}
