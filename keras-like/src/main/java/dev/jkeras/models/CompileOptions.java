package dev.jkeras.models;

import dev.jkeras.losses.Loss;
import dev.jkeras.losses.Losses;
import dev.jkeras.metrics.Metric;
import dev.jkeras.metrics.Metrics;
import dev.jkeras.optimizers.Optimizer;
import dev.jkeras.optimizers.Optimizers;
import dev.jkeras.saving.Config;
import dev.jkeras.saving.Serialization;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The keyword arguments of {@code compile}:
 * {@code c -> c.optimizer("sgd").loss("mse", "mse").lossWeights(0.9, 0.1).metrics("mae")}.
 *
 * <p>With several outputs, give one loss per output (in order, or by output name), or one loss for
 * all; metrics given once apply to every output.
 */
public final class CompileOptions {
  private Optimizer optimizer = Optimizers.get("rmsprop");
  private final List<Loss> losses = new ArrayList<>();
  private final Map<String, Loss> lossesByOutput = new LinkedHashMap<>();
  private double[] lossWeights;
  private Map<String, Double> lossWeightsByOutput;
  private final List<Object> metrics = new ArrayList<>();
  private final List<Object> weightedMetrics = new ArrayList<>();
  private Object lossConfig;

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

  /** One loss for all outputs, or one per output in order: {@code loss("mse", "mse")}. */
  public CompileOptions loss(String... names) {
    return loss(Arrays.stream(names).map(Losses::get).toArray(Loss[]::new));
  }

  public CompileOptions loss(Loss... losses) {
    for (Loss loss : losses) {
      if (loss == null) {
        throw new IllegalArgumentException("loss must not be null");
      }
    }
    this.losses.clear();
    this.losses.addAll(List.of(losses));
    List<Object> saved = Arrays.stream(losses).map(CompiledObjects::serializeLoss).toList();
    this.lossConfig = saved.size() == 1 ? saved.get(0) : saved;
    return this;
  }

  /** Losses by output name: {@code lossByOutput(Map.of("main_output", "mse", "aux_output", "mse"))}. */
  public CompileOptions lossByOutput(Map<String, String> names) {
    lossesByOutput.clear();
    names.forEach((output, name) -> lossesByOutput.put(output, Losses.get(name)));
    lossConfig = new LinkedHashMap<>(names);
    return this;
  }

  /** Weights of each output's loss in the total loss, in output order. */
  public CompileOptions lossWeights(double... weights) {
    this.lossWeights = weights.clone();
    return this;
  }

  public CompileOptions lossWeights(Map<String, Double> weightsByOutput) {
    this.lossWeightsByOutput = Map.copyOf(weightsByOutput);
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

  /**
   * Metrics weighted by the sample (or class) weights given to {@code fit} and {@code evaluate},
   * as Keras's {@code weighted_metrics}; a name also in {@link #metrics} is logged as
   * {@code weighted_<name>}.
   */
  public CompileOptions weightedMetrics(String... names) {
    for (String name : names) {
      Metrics.requireKnown(name);
      weightedMetrics.add(name);
    }
    return this;
  }

  public CompileOptions weightedMetrics(Metric... metricObjects) {
    weightedMetrics.addAll(List.of(metricObjects));
    return this;
  }

  /** Weighted metrics (names and objects), in the order given. */
  List<Object> weightedMetrics() {
    return List.copyOf(weightedMetrics);
  }

  Optimizer optimizer() {
    return optimizer;
  }

  boolean hasLoss() {
    return !losses.isEmpty() || !lossesByOutput.isEmpty();
  }

  /** The loss of each output, in order. */
  List<Loss> lossesFor(List<String> outputNames) {
    if (!lossesByOutput.isEmpty()) {
      checkKeys("loss", lossesByOutput.keySet(), outputNames);
      return outputNames.stream().map(name -> {
        Loss loss = lossesByOutput.get(name);
        if (loss == null) {
          throw new IllegalArgumentException("No loss given for output '" + name + "'; outputs: " + outputNames);
        }
        return loss;
      }).toList();
    }
    if (losses.size() == 1) {
      return Collections.nCopies(outputNames.size(), losses.get(0));
    }
    if (losses.size() != outputNames.size()) {
      throw new IllegalArgumentException("The model has " + outputNames.size() + " outputs " + outputNames
          + " but " + losses.size() + " losses were given");
    }
    return List.copyOf(losses);
  }

  /** The weight of each output's loss, in order (1 by default). */
  double[] weightsFor(List<String> outputNames) {
    double[] weights = new double[outputNames.size()];
    Arrays.fill(weights, 1.0);
    if (lossWeightsByOutput != null) {
      checkKeys("lossWeights", lossWeightsByOutput.keySet(), outputNames);
      for (int i = 0; i < weights.length; i++) {
        weights[i] = lossWeightsByOutput.getOrDefault(outputNames.get(i), 1.0);
      }
    } else if (lossWeights != null) {
      if (lossWeights.length != weights.length) {
        throw new IllegalArgumentException("The model has " + weights.length + " outputs " + outputNames
            + " but " + lossWeights.length + " loss weights were given");
      }
      System.arraycopy(lossWeights, 0, weights, 0, weights.length);
    }
    return weights;
  }

  private static void checkKeys(String what, Set<String> keys, List<String> outputNames) {
    for (String key : keys) {
      if (!outputNames.contains(key)) {
        throw new IllegalArgumentException(what + " names output '" + key + "', but the model's outputs are "
            + outputNames);
      }
    }
  }

  /** Names and metric objects, in the order given. */
  List<Object> metrics() {
    return List.copyOf(metrics);
  }

  /** Keras's {@code compile_config}: what {@link #fromConfig} needs to compile a loaded model the same way. */
  Map<String, Object> toConfig() {
    Map<String, Object> config = new LinkedHashMap<>();
    config.put("optimizer", Serialization.serialize(optimizer));
    config.put("loss", lossConfig);
    config.put("loss_weights", lossWeightsByOutput != null ? lossWeightsByOutput
        : lossWeights == null ? null : Arrays.stream(lossWeights).boxed().toList());
    config.put("metrics", metrics.stream().map(CompiledObjects::serializeMetric).toList());
    config.put("weighted_metrics", weightedMetrics.isEmpty() ? null
        : weightedMetrics.stream().map(CompiledObjects::serializeMetric).toList());
    config.put("run_eagerly", false);
    config.put("steps_per_execution", 1);
    config.put("jit_compile", false);
    return config;
  }

  /** Sets the options a saved {@code compile_config} holds. */
  @SuppressWarnings("unchecked")
  void fromConfig(Config config) {
    optimizer(Optimizers.deserialize(config.get("optimizer")));
    Object loss = config.get("loss");
    if (loss instanceof String || loss instanceof Map<?, ?> map && map.containsKey("class_name")) {
      loss(CompiledObjects.deserializeLoss(loss));
    } else if (loss instanceof List<?> saved) {
      loss(saved.stream().map(CompiledObjects::deserializeLoss).toArray(Loss[]::new));
    } else if (loss instanceof Map<?, ?> byOutput) {
      Map<String, String> names = new LinkedHashMap<>();
      byOutput.forEach((output, name) -> names.put(String.valueOf(output), String.valueOf(name)));
      lossByOutput(names);
    } else if (loss != null) {
      throw new IllegalArgumentException("Unsupported saved loss " + loss);
    }
    Object weights = config.get("loss_weights");
    if (weights instanceof List<?> list) {
      lossWeights(list.stream().mapToDouble(w -> ((Number) w).doubleValue()).toArray());
    } else if (weights instanceof Map<?, ?> map) {
      Map<String, Double> byOutput = new LinkedHashMap<>();
      map.forEach((output, w) -> byOutput.put(String.valueOf(output), ((Number) w).doubleValue()));
      lossWeights(byOutput);
    }
    if (config.get("metrics") instanceof List<?> list) {
      list.forEach(saved -> metrics.add(CompiledObjects.deserializeMetric(saved)));
    }
    if (config.get("weighted_metrics") instanceof List<?> list) {
      list.forEach(saved -> weightedMetrics.add(CompiledObjects.deserializeMetric(saved)));
    }
  }
}
