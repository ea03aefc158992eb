package dev.jkeras.models;

import dev.jkeras.losses.Loss;
import dev.jkeras.losses.Losses;
import dev.jkeras.metrics.MeanMetricWrapper;
import dev.jkeras.metrics.Metric;
import dev.jkeras.metrics.Metrics;
import dev.jkeras.saving.KerasSerializable;
import dev.jkeras.saving.Serialization;
import dev.jkeras.saving.UnknownObjectException;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * How a compiled model's losses and metrics are saved in {@code compile_config}, as Keras saves
 * them: a built-in by its name; a function ({@code Loss.of} lambda, a metric wrapping a function)
 * by its name as a registered function ({@code {"module": "builtins", "class_name": "function",
 * "config": name}}); a custom class with its module, class, config and registered name. Loading
 * looks names up in the {@code customObjects} in scope and the registered objects first, and fails,
 * as Keras does, when a custom one is nowhere to be found.
 */
final class CompiledObjects {
  private static final String LOSSES_PACKAGE = "dev.jkeras.losses";
  private static final String METRICS_PACKAGE = "dev.jkeras.metrics";

  private CompiledObjects() {}

  static Object serializeLoss(Loss loss) {
    Class<?> type = loss.getClass();
    if (type.isAnonymousClass() || type.isLocalClass() || type.isSynthetic()) {
      return Serialization.serializeFunction(loss.name());
    }
    if (type.getPackageName().equals(LOSSES_PACKAGE) && !type.isMemberClass() && hasDefaultOptions(loss)) {
      return loss.name();
    }
    return Serialization.serialize(loss);
  }

  /** True when {@code loss} is what its name alone gives, so Keras's string form says all of it. */
  private static boolean hasDefaultOptions(Loss loss) {
    return isBuiltInLoss(loss.name()) && Losses.get(loss.name()).getConfig().equals(loss.getConfig());
  }

  static Loss deserializeLoss(Object saved) {
    if (saved instanceof String name) {
      Object custom = Serialization.registeredObject(name);
      return custom != null ? asLoss(custom, name) : Losses.get(name);
    }
    if (Serialization.isFunction(saved)) {
      String name = (String) ((Map<?, ?>) saved).get("config");
      Object custom = Serialization.registeredObject(name);
      if (custom != null) {
        return asLoss(custom, name);
      }
      if (!name.contains(">") && isBuiltInLoss(name)) {
        return Losses.get(name);
      }
      throw missingFunction("loss", name, "Loss.of(\"" + name + "\", (yTrue, yPred) -> ...)");
    }
    if (saved instanceof Map<?, ?> map) {
      @SuppressWarnings("unchecked")
      Map<String, ?> typed = (Map<String, ?>) map;
      return Serialization.deserialize(typed, Loss.class);
    }
    throw new IllegalArgumentException("Unsupported saved loss " + saved);
  }

  static Object serializeMetric(Object metric) {
    if (!(metric instanceof Metric m)) {
      return metric;
    }
    Class<?> type = m.getClass();
    if (type.isAnonymousClass() || type.isLocalClass() || type.isSynthetic()
        || type == MeanMetricWrapper.class && !isBuiltInMetric(m.name())) {
      return Serialization.serializeFunction(m.name());
    }
    if (metric instanceof KerasSerializable serializable) {
      return Serialization.serialize(serializable);
    }
    if (type.getPackageName().equals(METRICS_PACKAGE) && !type.isMemberClass()) {
      return m.name();
    }
    Map<String, Object> config = new LinkedHashMap<>();
    config.put("name", m.name());
    config.put("dtype", "float32");
    return Serialization.serializeCustom(m, config);
  }

  /** A name stays a name (resolved against the outputs when compiled); custom ones become their object. */
  static Object deserializeMetric(Object saved) {
    if (saved instanceof String name) {
      Object custom = Serialization.registeredObject(name);
      return custom != null ? asMetric(custom, name) : Metrics.deserialize(name);
    }
    if (Serialization.isFunction(saved)) {
      String name = (String) ((Map<?, ?>) saved).get("config");
      Object custom = Serialization.registeredObject(name);
      if (custom != null) {
        return asMetric(custom, name);
      }
      if (!name.contains(">") && isBuiltInMetric(name)) {
        return name;
      }
      throw missingFunction("metric", name, "a Metric (e.g. new MeanMetricWrapper(\"" + name + "\", fn))");
    }
    if (saved instanceof Map<?, ?> map) {
      @SuppressWarnings("unchecked")
      Map<String, ?> typed = (Map<String, ?>) map;
      return Serialization.deserialize(typed, Metric.class);
    }
    return Metrics.deserialize(saved);
  }

  private static Loss asLoss(Object custom, String name) {
    if (custom instanceof Loss loss) {
      return loss;
    }
    throw new IllegalArgumentException("customObjects['" + name + "'] is " + custom + ", which is not a Loss");
  }

  private static Metric asMetric(Object custom, String name) {
    if (custom instanceof Metric metric) {
      return metric;
    }
    throw new IllegalArgumentException("customObjects['" + name + "'] is " + custom + ", which is not a Metric");
  }

  private static boolean isBuiltInLoss(String name) {
    try {
      Losses.get(name);
      return true;
    } catch (IllegalArgumentException e) {
      return false;
    }
  }

  private static boolean isBuiltInMetric(String name) {
    try {
      Metrics.requireKnown(name);
      return true;
    } catch (IllegalArgumentException e) {
      return false;
    }
  }

  private static UnknownObjectException missingFunction(String kind, String name, String example) {
    return new UnknownObjectException("Could not locate function '" + name + "' (the model was compiled with a "
        + "custom " + kind + " of that name). Pass it when loading: Models.loadModel(path, Map.of(\"" + name + "\", "
        + example + ")), or register it first: Serialization.register(\"" + name + "\", ...).");
  }
}
