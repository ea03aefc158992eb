package dev.jkeras.models;

import dev.jkeras.Shape;
import dev.jkeras.layers.Layer;
import dev.jkeras.layers.Layers;
import dev.jkeras.saving.Config;
import dev.jkeras.saving.KerasArchive;
import dev.jkeras.saving.Shapes;
import dev.jkeras.saving.WeightsFile;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/** Loading saved models, as {@code keras.models.load_model}. */
public final class Models {
  private Models() {}

  /**
   * Loads a model saved with {@link Model#save} (or by Keras 3 with layers jkeras has): rebuilds the
   * architecture, compiles it as it was compiled when saved, and restores the weights and the
   * optimizer's state. Custom classes must be annotated with
   * {@link dev.jkeras.saving.RegisterSerializable} or registered first.
   */
  public static Model loadModel(String path) {
    return loadModel(Path.of(path));
  }

  public static Model loadModel(Path path) {
    try (KerasArchive.Reader archive = KerasArchive.open(path)) {
      Map<String, Object> config = archive.config();
      Layer layer = Layers.deserialize(config);
      if (!(layer instanceof Model model)) {
        throw new IllegalArgumentException(path + " holds a " + layer.getClass().getSimpleName() + ", not a model");
      }
      try {
        build(model, config.get("build_config"));
        Object compileConfig = config.get("compile_config");
        if (compileConfig instanceof Map<?, ?> map && !map.isEmpty()) {
          compile(model, map, path);
        }
        model.restore(archive.weights(WeightsFile.maxBytes(model.weights())), path.toString());
        return model;
      } catch (RuntimeException e) {
        model.close();
        throw e;
      }
    }
  }

  private static void build(Model model, Object buildConfig) {
    if (model.isBuilt() || !(buildConfig instanceof Map<?, ?> map)) {
      return;
    }
    Object inputShape = map.get("input_shape");
    if (inputShape instanceof List<?> list && !list.isEmpty() && list.get(0) instanceof List<?>) {
      model.build(list.stream().map(Shapes::fromJson).toList());
    } else if (inputShape != null) {
      Shape shape = Shapes.fromJson(inputShape);
      model.build(shape);
    }
  }

  @SuppressWarnings("unchecked")
  private static void compile(Model model, Map<?, ?> compileConfig, Path path) {
    try {
      model.compileFromConfig(new Config("compile_config", (Map<String, ?>) compileConfig));
    } catch (IllegalArgumentException e) {
      System.err.println("WARNING: " + path + ": could not compile the loaded model as it was saved ("
          + e.getMessage() + "); it is returned uncompiled. Call compile() before fit or evaluate.");
    }
  }
}
