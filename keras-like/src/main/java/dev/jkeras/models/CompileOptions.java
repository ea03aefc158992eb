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
import java.util.Objects;
import java.util.Set;
import java.util.function.Consumer;

/**
 * The keyword arguments of {@code compile}:
 * {@code c -> c.optimizer("sgd").loss("mse", "mse").lossWeights(0.9, 0.1).metrics("mae")}.
 *
 * <p>With several outputs, give one loss per output (in order, or by output name), or one loss for
 * all; metrics given once apply to every output, or give them by output name with
 * {@link #metricsByOutput}.
 */
public final class CompileOptions {
  private static final String DEFAULT_OPTIMIZER = "rmsprop";
  private static final CompileOptions DEFAULTS = new CompileOptions();

  private String optimizerName = DEFAULT_OPTIMIZER;
  private Optimizer optimizer;
  private List<Loss> losses = List.of();
  private Map<String, Loss> lossesByOutput = Map.of();
  private double[] lossWeights;
  private Map<String, Double> lossWeightsByOutput;
  private List<Object> metrics = List.of();
  private Map<String, List<Object>> metricsByOutput = Map.of();
  private List<Object> weightedMetrics = List.of();
  private Map<String, List<Object>> weightedMetricsByOutput = Map.of();
  private Object lossConfig;
  private int stepsPerExecution = 1;

  private CompileOptions() {}

  private CompileOptions(CompileOptions other) {
    optimizerName = other.optimizerName;
    optimizer = other.optimizer;
    losses = other.losses;
    lossesByOutput = other.lossesByOutput;
    lossWeights = other.lossWeights;
    lossWeightsByOutput = other.lossWeightsByOutput;
    metrics = other.metrics;
    metricsByOutput = other.metricsByOutput;
    weightedMetrics = other.weightedMetrics;
    weightedMetricsByOutput = other.weightedMetricsByOutput;
    lossConfig = other.lossConfig;
    stepsPerExecution = other.stepsPerExecution;
  }

  /** Keras's defaults: the rmsprop optimizer, no loss (give one), no metrics. */
  public static CompileOptions defaults() {
    return DEFAULTS;
  }

  private CompileOptions with(Consumer<CompileOptions> change) {
    CompileOptions copy = new CompileOptions(this);
    change.accept(copy);
    return copy;
  }

  /**
   * An optimizer by name ({@code "sgd"}, {@code "rmsprop"}, {@code "adam"}); Keras's default is
   * rmsprop. Each compile with these options makes its own optimizer of that name.
   */
  public CompileOptions optimizer(String name) {
    Optimizers.get(name);
    return with(copy -> {
      copy.optimizerName = name;
      copy.optimizer = null;
    });
  }

  /** This optimizer object; every model compiled with these options trains with it. */
  public CompileOptions optimizer(Optimizer optimizer) {
    if (optimizer == null) {
      throw new IllegalArgumentException("optimizer must not be null");
    }
    return with(copy -> {
      copy.optimizerName = null;
      copy.optimizer = optimizer;
    });
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
    List<Object> saved = Arrays.stream(losses).map(CompiledObjects::serializeLoss).toList();
    return with(copy -> {
      copy.losses = List.of(losses);
      copy.lossesByOutput = Map.of();
      copy.lossConfig = saved.size() == 1 ? saved.get(0) : saved;
    });
  }

  /**
   * Losses by output name, each a name or a {@link Loss} (Keras's {@code loss={"main": "mse", "aux":
   * MeanAbsoluteError()}}): {@code lossByOutput(Map.of("main", "mse", "aux", new MeanAbsoluteError()))}.
   */
  public CompileOptions lossByOutput(Map<String, ?> lossesByName) {
    if (lossesByName == null || lossesByName.isEmpty()) {
      throw new IllegalArgumentException("lossByOutput needs a loss for at least one output, got " + lossesByName);
    }
    Map<String, Loss> byOutput = new LinkedHashMap<>();
    Map<String, Object> saved = new LinkedHashMap<>();
    lossesByName.forEach((output, loss) -> {
      if (loss instanceof String name) {
        byOutput.put(output, Losses.get(name));
        saved.put(output, name);
      } else if (loss instanceof Loss object) {
        byOutput.put(output, object);
        saved.put(output, CompiledObjects.serializeLoss(object));
      } else {
        throw new IllegalArgumentException("The loss of output '" + output + "' should be a loss name or a Loss, got "
            + loss);
      }
    });
    return with(copy -> {
      copy.losses = List.of();
      copy.lossesByOutput = Collections.unmodifiableMap(byOutput);
      copy.lossConfig = Collections.unmodifiableMap(saved);
    });
  }

  /** Weights of each output's loss in the total loss, in output order. */
  public CompileOptions lossWeights(double... weights) {
    double[] kept = weights.clone();
    return with(copy -> {
      copy.lossWeights = kept;
      copy.lossWeightsByOutput = null;
    });
  }

  public CompileOptions lossWeights(Map<String, Double> weightsByOutput) {
    Map<String, Double> kept = Map.copyOf(weightsByOutput);
    return with(copy -> {
      copy.lossWeights = null;
      copy.lossWeightsByOutput = kept;
    });
  }

  /** Adds metrics by name ({@code "accuracy"}, {@code "mae"}, ...). */
  public CompileOptions metrics(String... names) {
    return metrics((Object[]) names);
  }

  /** Adds metric objects. */
  public CompileOptions metrics(Metric... metricObjects) {
    return metrics((Object[]) metricObjects);
  }

  /**
   * Adds metrics, names and {@link Metric} objects mixed as Keras takes them:
   * {@code metrics("accuracy", new Precision())}.
   */
  public CompileOptions metrics(Object... namesOrMetrics) {
    List<Object> checked = checkedMetrics(namesOrMetrics, "metrics");
    if (!metricsByOutput.isEmpty()) {
      throw new IllegalArgumentException("Metrics are already given by output " + metricsByOutput.keySet()
          + "; add " + checked + " to metricsByOutput instead of metrics(...)");
    }
    return with(copy -> copy.metrics = appended(metrics, checked.toArray()));
  }

  /**
   * Metrics by output name, as Keras's {@code metrics={"main": ["mae", RootMeanSquaredError()],
   * "aux": ["mae"]}}: names and {@link Metric} objects, logged as {@code <output>_<metric>}; an
   * output not named gets none. Replaces metrics given for all outputs.
   */
  public CompileOptions metricsByOutput(Map<String, ? extends List<?>> metricsByName) {
    Map<String, List<Object>> byOutput = byOutput(metricsByName, metrics, "metrics");
    return with(copy -> copy.metricsByOutput = byOutput);
  }

  /**
   * Weighted metrics by output name, as Keras's {@code weighted_metrics={"main": ["mae"]}}: weighted
   * by the sample weights given to {@code fit} and {@code evaluate}, logged as {@code <output>_<metric>}
   * ({@code <output>_weighted_<metric>} beside an unweighted one of that name); an output not named gets
   * none. Replaces weighted metrics given for all outputs.
   */
  public CompileOptions weightedMetricsByOutput(Map<String, ? extends List<?>> metricsByName) {
    Map<String, List<Object>> byOutput = byOutput(metricsByName, weightedMetrics, "weightedMetrics");
    return with(copy -> copy.weightedMetricsByOutput = byOutput);
  }

  private static Map<String, List<Object>> byOutput(Map<String, ? extends List<?>> metricsByName, List<Object> forAll,
      String what) {
    if (metricsByName == null) {
      throw new IllegalArgumentException(what + "ByOutput needs a map from output names to metric lists, got null");
    }
    if (!forAll.isEmpty()) {
      throw new IllegalArgumentException(what + " are already given for all outputs " + forAll
          + "; give them either for all outputs or by output");
    }
    Map<String, List<Object>> byOutput = new LinkedHashMap<>();
    metricsByName.forEach((output, list) -> byOutput.put(output, checkedMetrics(
        list == null ? null : list.toArray(), what + " of output '" + output + "'")));
    return Collections.unmodifiableMap(byOutput);
  }

  private static List<Object> checkedMetrics(Object[] items, String what) {
    if (items == null) {
      throw new IllegalArgumentException(what + " must be a list of metric names or Metric objects, got null");
    }
    for (Object item : items) {
      if (item instanceof String name) {
        Metrics.requireKnown(name);
      } else if (!(item instanceof Metric)) {
        throw new IllegalArgumentException(what + " should hold metric names or Metric objects, got " + item
            + (item == null ? "" : " (" + item.getClass().getSimpleName() + ")"));
      }
    }
    return List.of(items);
  }

  /** The metrics given by output name (names and objects); empty when given for all outputs. */
  public Map<String, List<Object>> metricsByOutput() {
    return metricsByOutput;
  }

  /**
   * Adds metrics weighted by the sample (or class) weights given to {@code fit} and {@code evaluate},
   * as Keras's {@code weighted_metrics}; a name also in {@link #metrics} is logged as
   * {@code weighted_<name>}.
   */
  public CompileOptions weightedMetrics(String... names) {
    return weightedMetrics((Object[]) names);
  }

  public CompileOptions weightedMetrics(Metric... metricObjects) {
    return weightedMetrics((Object[]) metricObjects);
  }

  /** Adds weighted metrics, names and {@link Metric} objects mixed. */
  public CompileOptions weightedMetrics(Object... namesOrMetrics) {
    List<Object> checked = checkedMetrics(namesOrMetrics, "weightedMetrics");
    if (!weightedMetricsByOutput.isEmpty()) {
      throw new IllegalArgumentException("Weighted metrics are already given by output "
          + weightedMetricsByOutput.keySet() + "; add " + checked + " to weightedMetricsByOutput instead");
    }
    return with(copy -> copy.weightedMetrics = appended(weightedMetrics, checked.toArray()));
  }

  /** The weighted metrics given by output name; empty when given for all outputs. */
  public Map<String, List<Object>> weightedMetricsByOutput() {
    return weightedMetricsByOutput;
  }

  private static List<Object> appended(List<Object> list, Object[] more) {
    List<Object> all = new ArrayList<>(list);
    for (Object item : more) {
      all.add(Objects.requireNonNull(item, "metrics must not contain null"));
    }
    return List.copyOf(all);
  }

  /**
   * The number of batches each session run of {@code fit}, {@code evaluate} and {@code predict} runs
   * (Keras's {@code steps_per_execution}; default 1). Running several batches per run pays the
   * per-run overhead once for them, which speeds up small models. Callbacks' batch methods are then
   * called once per run: {@code onTrainBatchBegin(first batch)} and {@code onTrainBatchEnd(first batch
   * + steps - 1)} with the logs after its last batch, and a stop requested by a callback takes effect
   * after the run. An epoch's last run trains the batches left. Training gives the same result as one
   * batch per run.
   */
  public CompileOptions stepsPerExecution(int steps) {
    if (steps < 1) {
      throw new IllegalArgumentException("Argument `steps_per_execution` must be a positive integer (the number "
          + "of batches run per session run; 1 runs one batch at a time). Received: steps_per_execution=" + steps);
    }
    return with(copy -> copy.stepsPerExecution = steps);
  }

  /** The number of batches per session run (Keras's {@code steps_per_execution}). */
  public int stepsPerExecution() {
    return stepsPerExecution;
  }

  /** Weighted metrics (names and objects), in the order given. */
  public List<Object> weightedMetrics() {
    return weightedMetrics;
  }

  /**
   * The optimizer given as an object; for one given by name (or the default rmsprop), a new
   * optimizer of that name at each call.
   */
  public Optimizer optimizer() {
    return optimizer != null ? optimizer : Optimizers.get(optimizerName);
  }

  /** These options with the optimizer made, so that a compile trains with one optimizer throughout. */
  CompileOptions withOptimizerMade() {
    return optimizer != null ? this : optimizer(Optimizers.get(optimizerName));
  }

  /** Whether a loss was given; compile needs one. */
  public boolean hasLoss() {
    return !losses.isEmpty() || !lossesByOutput.isEmpty();
  }

  /** The loss of each output, in order. */
  public List<Loss> lossesFor(List<String> outputNames) {
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
  public double[] weightsFor(List<String> outputNames) {
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
  public List<Object> metrics() {
    return metrics;
  }

  /** Keras's {@code compile_config}: what {@link #fromConfig} needs to compile a loaded model the same way. */
  Map<String, Object> toConfig() {
    Map<String, Object> config = new LinkedHashMap<>();
    config.put("optimizer", optimizer != null ? Serialization.serialize(optimizer) : optimizerName);
    config.put("loss", lossConfig);
    config.put("loss_weights", lossWeightsByOutput != null ? lossWeightsByOutput
        : lossWeights == null ? null : Arrays.stream(lossWeights).boxed().toList());
    config.put("metrics", metricsByOutput.isEmpty()
        ? metrics.stream().map(CompiledObjects::serializeMetric).toList() : serializedByOutput(metricsByOutput));
    config.put("weighted_metrics", !weightedMetricsByOutput.isEmpty() ? serializedByOutput(weightedMetricsByOutput)
        : weightedMetrics.isEmpty() ? null : weightedMetrics.stream().map(CompiledObjects::serializeMetric).toList());
    config.put("run_eagerly", false);
    config.put("steps_per_execution", stepsPerExecution);
    config.put("jit_compile", false);
    return config;
  }

  private static Map<String, Object> serializedByOutput(Map<String, List<Object>> byOutput) {
    Map<String, Object> serialized = new LinkedHashMap<>();
    byOutput.forEach((output, list) -> serialized.put(output, list.stream().map(CompiledObjects::serializeMetric)
        .toList()));
    return serialized;
  }

  private static Map<String, List<Object>> deserializedByOutput(Map<?, ?> map) {
    Map<String, List<Object>> byOutput = new LinkedHashMap<>();
    map.forEach((output, list) -> byOutput.put(String.valueOf(output), list instanceof List<?> saved
        ? saved.stream().map(CompiledObjects::deserializeMetric).toList()
        : List.of(CompiledObjects.deserializeMetric(list))));
    return byOutput;
  }

  /** The options a saved {@code compile_config} holds. */
  static CompileOptions fromConfig(Config config) {
    CompileOptions options = defaults().optimizer(Optimizers.deserialize(config.get("optimizer")));
    Object loss = config.get("loss");
    if (loss instanceof String || loss instanceof Map<?, ?> map && map.containsKey("class_name")) {
      options = options.loss(CompiledObjects.deserializeLoss(loss));
    } else if (loss instanceof List<?> saved) {
      options = options.loss(saved.stream().map(CompiledObjects::deserializeLoss).toArray(Loss[]::new));
    } else if (loss instanceof Map<?, ?> byOutput) {
      Map<String, Object> saved = new LinkedHashMap<>();
      byOutput.forEach((output, each) -> saved.put(String.valueOf(output),
          each instanceof String name && Serialization.registeredObject(name) == null
              ? name : CompiledObjects.deserializeLoss(each)));
      options = options.lossByOutput(saved);
    } else if (loss != null) {
      throw new IllegalArgumentException("Unsupported saved loss " + loss);
    }
    Object weights = config.get("loss_weights");
    if (weights instanceof List<?> list) {
      options = options.lossWeights(list.stream().mapToDouble(w -> ((Number) w).doubleValue()).toArray());
    } else if (weights instanceof Map<?, ?> map) {
      Map<String, Double> byOutput = new LinkedHashMap<>();
      map.forEach((output, w) -> byOutput.put(String.valueOf(output), ((Number) w).doubleValue()));
      options = options.lossWeights(byOutput);
    }
    if (config.get("metrics") instanceof List<?> list) {
      Object[] saved = list.stream().map(CompiledObjects::deserializeMetric).toArray();
      options = options.with(copy -> copy.metrics = appended(copy.metrics, saved));
    }
    if (config.get("metrics") instanceof Map<?, ?> map) {
      options = options.metricsByOutput(deserializedByOutput(map));
    }
    if (config.get("weighted_metrics") instanceof List<?> list) {
      Object[] saved = list.stream().map(CompiledObjects::deserializeMetric).toArray();
      options = options.with(copy -> copy.weightedMetrics = appended(copy.weightedMetrics, saved));
    }
    if (config.get("weighted_metrics") instanceof Map<?, ?> map) {
      options = options.weightedMetricsByOutput(deserializedByOutput(map));
    }
    if (config.get("steps_per_execution") instanceof Number steps) {
      options = options.stepsPerExecution(steps.intValue());
    }
    return options;
  }

  /** Equal when they compile the same way: the same Keras {@code compile_config}. */
  @Override
  public boolean equals(Object o) {
    return o instanceof CompileOptions other && toConfig().equals(other.toConfig());
  }

  @Override
  public int hashCode() {
    return toConfig().hashCode();
  }

  /** The options as Keras's {@code compile_config}. */
  @Override
  public String toString() {
    return "CompileOptions" + toConfig();
  }
}
