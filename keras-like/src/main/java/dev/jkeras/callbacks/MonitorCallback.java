package dev.jkeras.callbacks;

import java.util.HashSet;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * What {@link EarlyStopping} and {@link ReduceLROnPlateau} share, as Keras 3's
 * {@code MonitorCallback}: the monitored log, the mode that says whether lower or higher is better,
 * and {@code minDelta}, the least change that counts as an improvement.
 */
abstract class MonitorCallback extends Callback {
  private static final System.Logger LOG = System.getLogger(MonitorCallback.class.getName());

  /** Keras's accuracy-like built-ins, whose direction is "up"; every other built-in metric is "down". */
  private static final Set<String> HIGHER_IS_BETTER = Set.of("accuracy", "acc", "binary_accuracy",
      "categorical_accuracy", "sparse_categorical_accuracy", "top_k_categorical_accuracy",
      "sparse_top_k_categorical_accuracy", "auc", "precision", "recall", "f1_score", "fbeta_score", "r2_score",
      "cosine_similarity", "pearson_correlation", "concordance_correlation", "iou", "mean_iou");
  private static final Set<String> LOWER_IS_BETTER = Set.of("loss", "mean_squared_error", "mse",
      "mean_absolute_error", "mae", "mean_absolute_percentage_error", "mape", "mean_squared_logarithmic_error",
      "msle", "root_mean_squared_error", "log_cosh_error", "hinge", "squared_hinge", "categorical_hinge",
      "binary_crossentropy", "categorical_crossentropy", "sparse_categorical_crossentropy", "kl_divergence",
      "poisson");

  /** {@code "auto"}, {@code "min"} or {@code "max"}. */
  enum Mode { AUTO, MIN, MAX }

  String monitor = "val_loss";
  Mode mode = Mode.AUTO;
  double minDelta;
  private Boolean lowerIsBetter;
  private final Set<String> warned = new HashSet<>();

  MonitorCallback(double minDelta) {
    this.minDelta = Math.abs(minDelta);
  }

  static Mode parseMode(String mode) {
    return switch (mode == null ? "" : mode.toLowerCase(Locale.ROOT)) {
      case "auto" -> Mode.AUTO;
      case "min" -> Mode.MIN;
      case "max" -> Mode.MAX;
      default -> throw new IllegalArgumentException("mode must be \"auto\", \"min\" or \"max\", got \"" + mode + "\"");
    };
  }

  static String checkMonitor(String monitor) {
    if (monitor == null || monitor.isEmpty()) {
      throw new IllegalArgumentException("monitor must name a log, e.g. \"val_loss\"");
    }
    return monitor;
  }

  /** Decides whether lower is better, once, at the first epoch end, as Keras's {@code _set_monitor_op}. */
  void ensureDirection() {
    if (lowerIsBetter == null) {
      lowerIsBetter = resolveDirection();
    }
  }

  /**
   * Keras's {@code _is_improvement}: {@code current} beats {@code reference} (none yet: always) by
   * more than {@code minDelta} in the mode's direction.
   */
  boolean isImprovement(double current, Double reference) {
    ensureDirection();
    if (reference == null) {
      return true;
    }
    return lowerIsBetter ? current + minDelta < reference : current - minDelta > reference;
  }

  /**
   * Keras's {@code auto} mode: {@code loss} (and {@code val_loss}) is minimized, accuracy-like
   * metrics maximized, other built-in metrics minimized; anything else needs an explicit mode. As a
   * jkeras leniency, a multi-output model's {@code <output>_} prefix is looked through.
   */
  private boolean resolveDirection() {
    if (mode != Mode.AUTO) {
      return mode == Mode.MIN;
    }
    String name = monitor.startsWith("val_") ? monitor.substring("val_".length()) : monitor;
    if (model() != null && model().isCompiled()) {
      for (String output : model().outputNames()) {
        if (name.startsWith(output + "_") && name.length() > output.length() + 1) {
          name = name.substring(output.length() + 1);
          break;
        }
      }
    }
    if (LOWER_IS_BETTER.contains(name) || name.endsWith("_loss")) {
      return true;
    }
    if (HIGHER_IS_BETTER.contains(name)) {
      return false;
    }
    throw new IllegalArgumentException(getClass().getSimpleName() + " callback received monitor=" + monitor
        + ", but jkeras isn't able to automatically determine whether that metric should be maximized or "
        + "minimized. Pass mode(\"max\") in order to monitor based on the highest metric value, or pass "
        + "mode(\"min\") in order to use the lowest value.");
  }

  /** The monitored value, or null after a warning (once per message, as Python's warnings) if it is not logged. */
  Double monitorValue(Map<String, Double> logs, String what) {
    Double value = logs.get(monitor);
    if (value == null) {
      String message = what + " conditioned on metric `" + monitor + "` which is not available. Available metrics are: "
          + String.join(",", logs.keySet());
      if (warned.add(message)) {
        LOG.log(System.Logger.Level.WARNING, message);
      }
    }
    return value;
  }
}
