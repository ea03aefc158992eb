package dev.jkeras.metrics;

import com.google.common.collect.ImmutableMap;
import dev.jkeras.Shape;
import dev.jkeras.losses.MeanAbsoluteError;
import dev.jkeras.losses.MeanSquaredError;
import dev.jkeras.losses.TargetRule;
import dev.jkeras.utils.Identifiers;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;

/** Keras's metrics by name, including {@code "accuracy"} resolved from the shapes of targets and predictions. */
public final class Metrics {
  private Metrics() {}

  private static final Map<String, Function<String, Metric>> BY_NAME =
      ImmutableMap.<String, Function<String, Metric>>builder()
          .put("binary_accuracy", Metrics::binaryAccuracy)
          .put("categorical_accuracy", Metrics::categoricalAccuracy)
          .put("sparse_categorical_accuracy", Metrics::sparseCategoricalAccuracy)
          .put("mean_absolute_error", n -> new MeanMetricWrapper(n, new MeanAbsoluteError()::call, TargetRule.BROADCAST))
          .put("mae", n -> new MeanMetricWrapper(n, new MeanAbsoluteError()::call, TargetRule.BROADCAST))
          .put("mean_squared_error", n -> new MeanMetricWrapper(n, new MeanSquaredError()::call, TargetRule.BROADCAST))
          .put("mse", n -> new MeanMetricWrapper(n, new MeanSquaredError()::call, TargetRule.BROADCAST))
          // Streaming metrics (issue 6)
          .put("precision", Precision::new)
          .put("recall", Recall::new)
          .put("auc", AUC::new)
          .put("top_k_categorical_accuracy", n -> new TopKCategoricalAccuracy(5, n))
          .put("sparse_top_k_categorical_accuracy", n -> new SparseTopKCategoricalAccuracy(5, n))
          .put("root_mean_squared_error", RootMeanSquaredError::new)
          .put("mean_absolute_percentage_error", MeanAbsolutePercentageError::new)
          .put("mape", MeanAbsolutePercentageError::new)
          // issue 17: metrics (the classes Keras builds from a name without arguments)
          .put("f1_score", F1Score::new)
          .put("f_beta_score", FBetaScore::new)
          .put("r2_score", R2Score::new)
          .put("true_positives", TruePositives::new)
          .put("false_positives", FalsePositives::new)
          .put("true_negatives", TrueNegatives::new)
          .put("false_negatives", FalseNegatives::new)
          .build();

  /** Names resolved from the shapes of targets and predictions. */
  private static final Set<String> ACCURACY = Set.of("accuracy", "acc");

  /**
   * The metric Keras calls {@code name}, for targets and predictions of the given shapes;
   * {@code "accuracy"} becomes binary, sparse categorical or categorical accuracy as in Keras.
   */
  public static Metric get(String name, Shape yTrueShape, Shape yPredShape) {
    return get(name, name, yTrueShape, yPredShape);
  }

  /** As {@link #get(String, Shape, Shape)}, logging the metric under {@code logName}. */
  public static Metric get(String logName, String name, Shape yTrueShape, Shape yPredShape) {
    if (!ACCURACY.contains(name.toLowerCase(Locale.ROOT))) {
      return Identifiers.lookup("metric", name, BY_NAME, ACCURACY).apply(logName);
    }
    long predLast = yPredShape.rank() == 0 ? 1 : yPredShape.get(-1);
    long trueLast = yTrueShape.rank() == 0 ? 1 : yTrueShape.get(-1);
    boolean binary = predLast == 1;
    boolean sparse = yTrueShape.rank() < yPredShape.rank() || (trueLast == 1 && predLast > 1);
    if (binary) {
      return binaryAccuracy(logName);
    }
    return sparse ? sparseCategoricalAccuracy(logName) : categoricalAccuracy(logName);
  }

  /** Fails, listing the valid names, unless {@code name} is a metric Keras knows. */
  public static void requireKnown(String name) {
    if (name == null || !ACCURACY.contains(name.toLowerCase(Locale.ROOT))) {
      Identifiers.lookup("metric", name, BY_NAME, ACCURACY);
    }
  }

  /**
   * A metric from a saved {@code compile_config}: a name ({@code "accuracy"}, {@code "auc"}) is
   * returned as is, to be resolved against the outputs; a serialized metric object is rebuilt.
   */
  @SuppressWarnings("unchecked")
  public static Object deserialize(Object saved) {
    if (saved instanceof String name) {
      requireKnown(name);
      return name;
    }
    if (saved instanceof Map<?, ?> map) {
      return dev.jkeras.saving.Serialization.deserialize((Map<String, ?>) map, Metric.class);
    }
    throw new IllegalArgumentException("Expected a saved metric (a name or a saved object), got " + saved);
  }

  /** What {@code compile_config} holds for a metric: its name, or the serialized object when it has a config. */
  public static Object serialize(Object metric) {
    if (metric instanceof dev.jkeras.saving.KerasSerializable serializable) {
      return dev.jkeras.saving.Serialization.serialize(serializable);
    }
    return metric instanceof Metric m ? m.name() : metric;
  }

  public static Metric binaryAccuracy(String name) {
    return new MeanMetricWrapper(name, (t, p) -> MetricFunctions.binaryAccuracy(t, p, 0.5), TargetRule.BROADCAST);
  }

  public static Metric categoricalAccuracy(String name) {
    return new MeanMetricWrapper(name, MetricFunctions::categoricalAccuracy, TargetRule.CATEGORICAL_LABELS);
  }

  public static Metric sparseCategoricalAccuracy(String name) {
    return new MeanMetricWrapper(name, MetricFunctions::sparseCategoricalAccuracy, TargetRule.SPARSE_LABELS);
  }
}
