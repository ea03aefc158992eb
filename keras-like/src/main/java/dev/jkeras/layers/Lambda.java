package dev.jkeras.layers;

import dev.jkeras.KerasTensor;
import dev.jkeras.Shape;
import dev.jkeras.activations.ActivationFunction;
import dev.jkeras.saving.Config;
import dev.jkeras.saving.Serialization;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

/**
 * A Java function over symbolic tensors as a layer, as {@code keras.layers.Lambda}:
 * {@code new Lambda(x -> Ops.multiply(x, 2))}. The function runs when the model is traced, so it
 * should compute with {@link dev.jkeras.ops.Ops}; it has no weights.
 *
 * <p>Saving: a file cannot hold Java code, so a Lambda is saved by the name of its function, as
 * Keras saves a function registered with {@code register_keras_serializable}
 * ({@code new Lambda("Custom>double", fn)}; a name without a package is saved as given). Loading
 * finds the function under that name among the custom objects: register it first with
 * {@code Serialization.register("Custom>double", fn)}, or pass it in
 * {@code Models.loadModel(path, Map.of("Custom>double", fn))}. A Lambda whose function Keras saved
 * as Python bytecode (a Python {@code lambda}) cannot be loaded: Keras itself refuses that by default
 * ({@code safe_mode}), as running code from a file is unsafe.
 */
public class Lambda extends Layer {
  private final Function<KerasTensor, KerasTensor> function;
  private final String functionName;
  private int[] declaredOutputShape;

  /** An unnamed function: the layer works, but a model holding it cannot be saved. */
  public Lambda(Function<KerasTensor, KerasTensor> function) {
    this(null, function);
  }

  /** A function saved as {@code functionName} (Keras's registered name, e.g. {@code "Custom>double"}). */
  public Lambda(String functionName, Function<KerasTensor, KerasTensor> function) {
    if (function == null) {
      throw new IllegalArgumentException("Lambda layer \"" + name() + "\" needs a function, got null");
    }
    if (functionName != null && functionName.isBlank()) {
      throw new IllegalArgumentException("Lambda layer \"" + name() + "\": the function's name must not be blank");
    }
    this.function = function;
    this.functionName = functionName;
  }

  /** The name the function is saved under, or null. */
  public String functionName() {
    return functionName;
  }

  /**
   * The shape of one output sample (without the batch axis), Keras's {@code output_shape}: the
   * traced output must agree with it (-1 for a size left unknown).
   */
  public Lambda outputShape(int... shape) {
    checkNotBuilt("outputShape");
    this.declaredOutputShape = shape == null ? null : shape.clone();
    return this;
  }

  @Override
  public Lambda name(String name) {
    super.name(name);
    return this;
  }

  @Override
  public Lambda inputShape(int... shape) {
    super.inputShape(shape);
    return this;
  }

  @Override
  protected KerasTensor call(KerasTensor inputs, boolean training) {
    KerasTensor output = function.apply(inputs);
    if (output == null) {
      throw new IllegalStateException("The function of Lambda layer \"" + name() + "\" returned null; it must "
          + "return a tensor computed from its input");
    }
    if (declaredOutputShape != null && !agrees(output.shape())) {
      throw new IllegalArgumentException("The function of Lambda layer \"" + name() + "\" returned shape "
          + output.shape() + ", but the layer declares output_shape " + Arrays.toString(declaredOutputShape)
          + " (per sample). Fix the function or the declared shape.");
    }
    return output;
  }

  private boolean agrees(Shape actual) {
    if (actual.rank() != declaredOutputShape.length + 1) {
      return false;
    }
    for (int i = 0; i < declaredOutputShape.length; i++) {
      long size = actual.get(i + 1);
      if (declaredOutputShape[i] >= 0 && size != Shape.UNKNOWN && size != declaredOutputShape[i]) {
        return false;
      }
    }
    return true;
  }

  public static Lambda fromConfig(Config config) {
    String layerName = config.getString("name", "lambda");
    Lambda layer = new Lambda(nameOf(config.get("function"), layerName, "function"),
        resolve(config.get("function"), layerName));
    Object shape = config.get("output_shape");
    if (shape != null) {
      if (!(shape instanceof List<?>)) {
        throw new IllegalArgumentException("Lambda layer \"" + layerName + "\" was saved with a function as "
            + "output_shape (" + shape + "); jkeras reads output_shape only as a list of sizes");
      }
      int[] sizes = config.getIntArray("output_shape");
      layer.outputShape(sizes);
    }
    if (config.get("mask") != null) {
      throw new IllegalArgumentException("Lambda layer \"" + layerName + "\" was saved with a mask ("
          + config.get("mask") + "), which jkeras's Lambda does not support; write a Layer subclass that overrides "
          + "computeMask");
    }
    Object arguments = config.get("arguments");
    if (arguments instanceof Map<?, ?> map && !map.isEmpty()) {
      throw new IllegalArgumentException("Lambda layer \"" + layerName + "\" was saved with arguments " + arguments
          + ", which jkeras's Lambda does not take: register a Java function that has them built in");
    }
    return layer;
  }

  private static String nameOf(Object saved, String layerName, String what) {
    if (saved instanceof Map<?, ?> map && "__lambda__".equals(map.get("class_name"))) {
      throw new IllegalArgumentException("Lambda layer \"" + layerName + "\" holds its " + what + " as Python "
          + "bytecode (Keras saved a Python lambda). jkeras never runs code from a file, and Keras itself refuses to "
          + "deserialize such a Lambda by default (safe_mode) because it can execute arbitrary code. Save the model "
          + "with a named function (@keras.saving.register_keras_serializable) and register the Java equivalent "
          + "under that name, e.g. Serialization.register(\"Custom>double\", x -> Ops.multiply(x, 2)).");
    }
    if (saved instanceof String name) {
      return name;
    }
    if (Serialization.isFunction(saved) || saved instanceof Map<?, ?> m && m.get("config") instanceof String) {
      return (String) ((Map<?, ?>) saved).get("config");
    }
    throw new IllegalArgumentException("Lambda layer \"" + layerName + "\" has no saved function name, got "
        + saved);
  }

  @SuppressWarnings("unchecked")
  private static Function<KerasTensor, KerasTensor> resolve(Object saved, String layerName) {
    String name = nameOf(saved, layerName, "function");
    Object found = Serialization.registeredObject(name);
    if (found == null && name.contains(">")) {
      found = Serialization.registeredObject(name.substring(name.lastIndexOf('>') + 1));
    }
    if (found instanceof ActivationFunction activation) {
      return activation::apply;
    }
    if (found instanceof Function<?, ?> registered) {
      return (Function<KerasTensor, KerasTensor>) registered;
    }
    if (found != null) {
      throw new IllegalArgumentException("Lambda layer \"" + layerName + "\" calls the function \"" + name
          + "\", but the object registered under that name is a " + found.getClass().getName()
          + ", not a Function<KerasTensor, KerasTensor>");
    }
    throw new IllegalArgumentException("Lambda layer \"" + layerName + "\" calls the function \"" + name
        + "\", which is not registered. A file holds only the function's name: register the same Java function "
        + "before loading, Serialization.register(\"" + name + "\", x -> ...), or pass it to the loader, "
        + "Models.loadModel(path, Map.of(\"" + name + "\", fn)). (Keras, too, loads functions only by their "
        + "registered name, and refuses Python lambdas by default.)");
  }

  @Override
  public Map<String, Object> getConfig() {
    if (functionName == null) {
      throw new IllegalArgumentException("Cannot save Lambda layer \"" + name() + "\": its function is an unnamed "
          + "Java lambda, which a file cannot hold. Give it the name it is saved and registered under: "
          + "new Lambda(\"Custom>my_function\", fn), and register fn under that name before loading.");
    }
    Map<String, Object> config = new LinkedHashMap<>(super.getConfig());
    config.put("function", Serialization.serializeFunction(functionName));
    if (declaredOutputShape != null) {
      config.put("output_shape", ConvArguments.list(declaredOutputShape));
    }
    config.put("arguments", new LinkedHashMap<>());
    return config;
  }
}
