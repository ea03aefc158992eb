package dev.jkeras.saving;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Keras 3's rules for configs written by Keras 2 into legacy HDF5 files
 * ({@code keras/src/legacy/saving/saving_utils.py} and {@code serialization.py}): objects saved
 * without a {@code module} get the one Keras 3 looks them up in, {@code batch_input_shape} becomes
 * an InputLayer's {@code batch_shape} (another layer's {@code input_shape}), a one-item
 * {@code axis} list becomes an integer, and {@code training_config} becomes a {@code compile_config}.
 * Nothing here instantiates anything: the result goes through {@link Serialization} like any file.
 */
final class LegacyConfigs {
  private static final Set<String> MODELS = Set.of("Sequential", "Functional", "Model");
  /** Keras's {@code MeanMetricWrapper} functions that the name {@code "accuracy"} resolves to by output shape. */
  private static final Set<String> ACCURACY_FUNCTIONS =
      Set.of("accuracy", "binary_accuracy", "categorical_accuracy", "sparse_categorical_accuracy");

  private LegacyConfigs() {}

  /** A saved model (or layer) config in Keras 3's form. */
  static Map<String, Object> model(Map<String, Object> saved) {
    return layer(saved);
  }

  @SuppressWarnings("unchecked")
  private static Map<String, Object> layer(Map<String, ?> saved) {
    if (!(saved.get("config") instanceof Map<?, ?> rawConfig) || !(saved.get("class_name") instanceof String name)) {
      throw new IllegalArgumentException("The provided configuration is not a valid Keras configuration. Expected a "
          + "dictionary containing 'class_name' and 'config' keys. Received: config=" + abbreviate(saved));
    }
    Map<String, Object> result = new LinkedHashMap<>(saved);
    Map<String, Object> config = new LinkedHashMap<>((Map<String, Object>) rawConfig);
    Object batchInputShape = config.remove("batch_input_shape");
    if (batchInputShape != null) {
      config.put(name.equals("InputLayer") ? "batch_shape" : "input_shape", batchInputShape);
    }
    Object axis = config.get("axis");
    if (axis instanceof List<?> list && list.size() == 1) {
      config.put("axis", list.get(0));
    }
    for (Map.Entry<String, Object> entry : config.entrySet()) {
      entry.setValue(nested(entry.getKey(), entry.getValue()));
    }
    if (config.get("layers") instanceof List<?> layers) {
      List<Object> converted = new ArrayList<>();
      for (Object item : layers) {
        if (!(item instanceof Map<?, ?> map)) {
          throw new IllegalArgumentException("Expected a saved layer (a dictionary), got " + abbreviate(item));
        }
        converted.add(layer((Map<String, ?>) map));
      }
      if (name.equals("Sequential")) {
        addInputLayer(converted);
      }
      config.put("layers", converted);
    }
    result.put("config", config);
    if (saved.get("inbound_nodes") instanceof List<?> nodes) {
      result.put("inbound_nodes", nodes.stream().map(LegacyConfigs::node).toList());
    }
    result.putIfAbsent("module", MODELS.contains(name) ? "keras" : "keras.layers");
    if (!result.containsKey("registered_name")) {
      result.put("registered_name", name.contains(">") ? name : null);
    }
    return result;
  }

  /**
   * A Keras 2 call of a layer in a Functional config, {@code [[layer, node, tensor, kwargs], ...]}, as
   * Keras 3's {@code {"args": [...], "kwargs": {...}}}: one tensor is the call's argument, several
   * are passed as one list (a merge layer's), as Keras 3's Functional reads the legacy form.
   */
  private static Object node(Object saved) {
    if (!(saved instanceof List<?> tensors)) {
      return saved;
    }
    List<Object> args = new ArrayList<>();
    Object kwargs = Map.of();
    for (Object tensor : tensors) {
      if (!(tensor instanceof List<?> entry) || entry.size() < 3) {
        throw new IllegalArgumentException("A Keras 2 inbound node should list [layer, node index, tensor index, "
            + "kwargs] entries, got " + abbreviate(saved));
      }
      Map<String, Object> history = new LinkedHashMap<>();
      history.put("keras_history", List.of(entry.get(0), entry.get(1), entry.get(2)));
      Map<String, Object> keras3 = new LinkedHashMap<>();
      keras3.put("class_name", "__keras_tensor__");
      keras3.put("config", history);
      args.add(keras3);
      if (args.size() == 1 && entry.size() > 3 && entry.get(3) instanceof Map<?, ?> map) {
        kwargs = map;
      }
    }
    Map<String, Object> node = new LinkedHashMap<>();
    node.put("args", args.size() == 1 ? args : List.of(args));
    node.put("kwargs", kwargs);
    return node;
  }

  /**
   * A Sequential saved before Keras listed its InputLayer carries the input shape on its first layer:
   * Keras 3 builds from that {@code input_shape}; here it becomes the InputLayer Keras 3 would make.
   */
  @SuppressWarnings("unchecked")
  private static void addInputLayer(List<Object> layers) {
    if (layers.isEmpty()) {
      return;
    }
    Map<String, Object> first = (Map<String, Object>) layers.get(0);
    if ("InputLayer".equals(first.get("class_name"))) {
      return;
    }
    Map<String, Object> config = (Map<String, Object>) first.get("config");
    Object shape = config.get("input_shape");
    if (shape == null) {
      return;
    }
    Map<String, Object> inputConfig = new LinkedHashMap<>();
    inputConfig.put("batch_shape", shape);
    inputConfig.put("dtype", config.get("dtype") instanceof String dtype ? dtype : "float32");
    inputConfig.put("name", config.get("name") + "_input");
    Map<String, Object> input = new LinkedHashMap<>();
    input.put("module", "keras.layers");
    input.put("class_name", "InputLayer");
    input.put("config", inputConfig);
    input.put("registered_name", null);
    layers.add(0, input);
  }

  /** An initializer, regularizer or constraint saved without a module (Keras before 2.13) gets Keras's. */
  @SuppressWarnings("unchecked")
  private static Object nested(String key, Object value) {
    if (!(value instanceof Map<?, ?> map) || map.containsKey("module") || !(map.get("class_name") instanceof String)
        || !map.containsKey("config")) {
      return value;
    }
    String module = key.endsWith("initializer") ? "keras.initializers" : key.endsWith("regularizer")
        ? "keras.regularizers" : key.endsWith("constraint") ? "keras.constraints" : null;
    if (module == null) {
      return value;
    }
    Map<String, Object> result = new LinkedHashMap<>((Map<String, Object>) map);
    result.put("module", module);
    result.putIfAbsent("registered_name", null);
    return result;
  }

  /**
   * A legacy {@code training_config} as the {@code compile_config} Keras 3 compiles from
   * ({@code compile_args_from_training_config}): the optimizer from {@code optimizer_config} (Keras
   * 2.11+ saved built-ins as {@code Custom>Adam}), metrics per output flattened for one output.
   */
  @SuppressWarnings("unchecked")
  static Map<String, Object> compile(Map<String, Object> training) {
    Map<String, Object> compile = new LinkedHashMap<>();
    if (!(training.get("optimizer_config") instanceof Map<?, ?> optimizer)
        || !(optimizer.get("class_name") instanceof String optimizerClass)) {
      throw new IllegalArgumentException("The saved training_config has no optimizer_config: " + abbreviate(training));
    }
    Map<String, Object> serializedOptimizer = new LinkedHashMap<>();
    serializedOptimizer.put("module", "keras.optimizers");
    serializedOptimizer.put("class_name", optimizerClass.startsWith("Custom>")
        ? optimizerClass.substring("Custom>".length()) : optimizerClass);
    serializedOptimizer.put("config", optimizer.get("config") instanceof Map<?, ?> c ? c : Map.of());
    serializedOptimizer.put("registered_name", null);
    compile.put("optimizer", serializedOptimizer);
    compile.put("loss", training.get("loss"));
    compile.put("loss_weights", training.get("loss_weights"));
    compile.put("metrics", metrics(training.get("metrics")));
    compile.put("weighted_metrics", metrics(training.get("weighted_metrics")));
    return compile;
  }

  private static Object metrics(Object saved) {
    if (!(saved instanceof List<?> list)) {
      return saved;
    }
    List<?> single = list.size() == 1 && list.get(0) instanceof List<?> perOutput ? perOutput : list;
    List<Object> result = new ArrayList<>();
    for (Object metric : single) {
      result.add(metric(metric));
    }
    return result;
  }

  /** Keras 2's {@code MeanMetricWrapper(fn=binary_accuracy, name=accuracy)} is what {@code "accuracy"} compiles to. */
  private static Object metric(Object saved) {
    if (saved instanceof Map<?, ?> map && "MeanMetricWrapper".equals(map.get("class_name"))
        && map.get("config") instanceof Map<?, ?> config && config.get("fn") instanceof String fn) {
      Object name = config.get("name");
      if (ACCURACY_FUNCTIONS.contains(fn) && ("accuracy".equals(name) || "acc".equals(name))) {
        return name;
      }
      return fn;
    }
    return saved;
  }

  private static String abbreviate(Object value) {
    String text = String.valueOf(value);
    return text.length() > 300 ? text.substring(0, 300) + "..." : text;
  }
}
