package dev.jkeras.layers;

import dev.jkeras.saving.Config;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Keras's quantized dtype policies and int8 quantization configs as saved configs hold them: the
 * layer's {@code dtype} ({@code QuantizedDTypePolicy} with {@code mode} and {@code source_name}, or
 * the name {@code "int8_from_float32"}) and its {@code quantization_config}
 * ({@code Int8QuantizationConfig} with its {@code AbsMaxQuantizer} for the inputs).
 */
final class QuantizedPolicies {
  private static final List<String> OTHER_QUANTIZED = List.of("QuantizedFloat8DTypePolicy", "Int4DTypePolicy",
      "GPTQDTypePolicy", "AWQDTypePolicy");

  private QuantizedPolicies() {}

  /** The quantization mode the saved {@code dtype} of layer {@code layerName} names, or null for a float policy. */
  static String modeOf(Config config, String layerName) {
    Object dtype = config.get("dtype");
    if (dtype instanceof String name) {
      return modeOfName(name, layerName);
    }
    if (!(dtype instanceof Map<?, ?> policy)) {
      return null;
    }
    Object className = policy.get("class_name");
    Object policyConfig = policy.get("config");
    if ("QuantizedDTypePolicy".equals(className)) {
      Object mode = policyConfig instanceof Map<?, ?> c ? c.get("mode") : null;
      Object source = policyConfig instanceof Map<?, ?> c ? c.get("source_name") : null;
      if (!"int8".equals(mode)) {
        throw new IllegalArgumentException("Layer '" + layerName + "' was saved with a QuantizedDTypePolicy of mode "
            + mode + "; jkeras loads mode 'int8' (Keras's model.quantize(\"int8\"))");
      }
      checkSource(source, layerName);
      return "int8";
    }
    if (OTHER_QUANTIZED.contains(className)) {
      throw new IllegalArgumentException("Layer '" + layerName + "' was saved with the dtype policy " + className
          + ", which jkeras cannot load: jkeras loads int8-quantized layers (QuantizedDTypePolicy, mode 'int8')");
    }
    Object name = policyConfig instanceof Map<?, ?> c ? c.get("name") : null;
    return name instanceof String n ? modeOfName(n, layerName) : null;
  }

  private static String modeOfName(String name, String layerName) {
    int from = name.indexOf("_from_");
    if (from < 0) {
      return null;
    }
    String mode = name.substring(0, from);
    if (!mode.equals("int8")) {
      throw new IllegalArgumentException("Layer '" + layerName + "' was saved with the dtype policy '" + name
          + "'; jkeras loads the quantization mode 'int8' ('int8_from_float32')");
    }
    checkSource(name.substring(from + "_from_".length()), layerName);
    return mode;
  }

  private static void checkSource(Object source, String layerName) {
    if (!"float32".equals(source)) {
      throw new IllegalArgumentException("Layer '" + layerName + "' was quantized from the dtype policy " + source
          + "; jkeras computes in float32 and loads layers quantized from 'float32'");
    }
  }

  /** The inputs' quantizer of an int8 layer: abs-max over the last axis within [min, max], or none (weight-only). */
  record InputQuantizer(int min, int max, double epsilon) {
    static final InputQuantizer DEFAULT = new InputQuantizer(-127, 127, 1e-7);
  }

  /**
   * The inputs' quantizer a saved {@code quantization_config} names: the default when there is none,
   * null when its {@code activation_quantizer} is None (Keras's weight-only int8).
   */
  static InputQuantizer inputQuantizerOf(Config config, String layerName) {
    Map<String, Object> quantization = config.getMap("quantization_config");
    if (quantization == null) {
      return InputQuantizer.DEFAULT;
    }
    if (!"Int8QuantizationConfig".equals(quantization.get("class_name"))) {
      throw new IllegalArgumentException("Layer '" + layerName + "' has quantization_config of class "
          + quantization.get("class_name") + "; jkeras loads Int8QuantizationConfig");
    }
    Map<?, ?> inner = quantization.get("config") instanceof Map<?, ?> m ? m : Map.of();
    Object activation = inner.get("activation_quantizer");
    if (activation == null) {
      return null;
    }
    if (!(activation instanceof Map<?, ?> quantizer) || !"AbsMaxQuantizer".equals(quantizer.get("class_name"))) {
      throw new IllegalArgumentException("Layer '" + layerName + "' quantizes its inputs with " + activation
          + "; jkeras supports Keras's AbsMaxQuantizer");
    }
    Map<?, ?> options = quantizer.get("config") instanceof Map<?, ?> m ? m : Map.of();
    Object range = options.get("value_range");
    Object epsilon = options.get("epsilon");
    Object axis = options.get("axis");
    if (axis != null && !(axis instanceof List<?> axes && axes.size() == 1 && Integer.valueOf(-1).equals(axes.get(0)))) {
      throw new IllegalArgumentException("Layer '" + layerName + "' quantizes its inputs along axis " + axis
          + "; jkeras quantizes them per sample along the last axis, as Keras's default");
    }
    if (!(range instanceof List<?> bounds) || bounds.size() != 2 || !(bounds.get(0) instanceof Number low)
        || !(bounds.get(1) instanceof Number high) || low.intValue() < -128 || high.intValue() > 127
        || low.intValue() >= high.intValue()) {
      throw new IllegalArgumentException("Layer '" + layerName + "' has an AbsMaxQuantizer with value_range " + range
          + "; expected two integers within [-128, 127], e.g. [-127, 127]");
    }
    if (!(epsilon instanceof Number eps) || !(eps.doubleValue() >= 0)) {
      throw new IllegalArgumentException("Layer '" + layerName + "' has an AbsMaxQuantizer with epsilon " + epsilon
          + "; expected a non-negative number such as 1e-07");
    }
    return new InputQuantizer(low.intValue(), high.intValue(), eps.doubleValue());
  }

  /** Keras's serialized {@code Int8QuantizationConfig} with {@code inputs} as its activation quantizer. */
  static Map<String, Object> int8Config(InputQuantizer inputs) {
    Map<String, Object> config = new LinkedHashMap<>();
    config.put("weight_quantizer", null);
    if (inputs == null) {
      config.put("activation_quantizer", null);
    } else {
      Map<String, Object> options = new LinkedHashMap<>();
      options.put("value_range", List.of(inputs.min(), inputs.max()));
      options.put("epsilon", inputs.epsilon());
      options.put("output_dtype", "int8");
      config.put("activation_quantizer", serialized("AbsMaxQuantizer", options));
    }
    return serialized("Int8QuantizationConfig", config);
  }

  private static Map<String, Object> serialized(String className, Map<String, Object> config) {
    Map<String, Object> object = new LinkedHashMap<>();
    object.put("module", "keras.quantizers");
    object.put("class_name", className);
    object.put("config", config);
    object.put("registered_name", null);
    return object;
  }
}
