package dev.jkeras.layers;

import dev.jkeras.DType;
import dev.jkeras.KerasTensor;
import dev.jkeras.Shape;
import dev.jkeras.saving.Config;
import dev.jkeras.saving.Shapes;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The entry point of a model: declares the shape (and dtype) of one input sample, e.g.
 * {@code new InputLayer(28, 28)} in a Sequential model; {@link Input#of} makes one for Functional
 * models. Passes inputs through.
 */
public class InputLayer extends Layer {
  private final DType dtype;

  public InputLayer(int... shape) {
    this(DType.FLOAT32, shape);
  }

  public InputLayer(DType dtype, int... shape) {
    this.dtype = dtype;
    inputShape(shape);
    Shape batchShape = Shape.of(shape).prepend(Shape.UNKNOWN);
    markBuilt(batchShape, batchShape);
  }

  /** Renames the input; allowed at any time, as an input layer holds no weights. */
  @Override
  public InputLayer name(String name) {
    if (name == null || name.isBlank()) {
      throw new IllegalArgumentException("A layer name must not be empty");
    }
    rename(name);
    return this;
  }

  /** The dtype of the inputs. */
  public DType dtype() {
    return dtype;
  }

  @Override
  protected KerasTensor call(KerasTensor inputs, boolean training) {
    return inputs;
  }

  public static InputLayer fromConfig(Config config) {
    int[] batchShape = config.getIntArray(config.has("batch_shape") ? "batch_shape" : "batch_input_shape");
    return new InputLayer(DType.of(config.getString("dtype", "float32")),
        java.util.Arrays.copyOfRange(batchShape, 1, batchShape.length));
  }

  /** Keras's InputLayer config: the batch shape, dtype and name (no trainable flag). */
  @Override
  public Map<String, Object> getConfig() {
    return config(builtInputShape(), dtype, name());
  }

  private static Map<String, Object> config(Shape batchShape, DType dtype, String name) {
    Map<String, Object> config = new LinkedHashMap<>();
    config.put("batch_shape", Shapes.toJson(batchShape));
    config.put("dtype", dtype.toString());
    config.put("sparse", false);
    config.put("ragged", false);
    config.put("optional", false);
    config.put("name", name);
    return config;
  }

  /** An InputLayer as Keras serializes it, without creating one (which would take a layer name). */
  public static Map<String, Object> serialized(Shape batchShape, DType dtype, String name) {
    Map<String, Object> serialized = new LinkedHashMap<>();
    serialized.put("module", "keras.layers");
    serialized.put("class_name", "InputLayer");
    serialized.put("config", config(batchShape, dtype, name));
    serialized.put("registered_name", null);
    return serialized;
  }
}
