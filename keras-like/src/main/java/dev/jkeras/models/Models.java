package dev.jkeras.models;

import dev.jkeras.Shape;
import dev.jkeras.layers.Layer;
import dev.jkeras.layers.Layers;
import dev.jkeras.saving.Config;
import dev.jkeras.saving.CustomObjects;
import dev.jkeras.saving.KerasArchive;
import dev.jkeras.saving.KerasTwoFiles;
import dev.jkeras.saving.LegacyH5;
import dev.jkeras.saving.Shapes;
import dev.jkeras.saving.UnknownObjectException;
import dev.jkeras.saving.WeightsFile;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/** Loading saved models, as {@code keras.models.load_model}. */
public final class Models {
  private static final System.Logger LOG = System.getLogger(Models.class.getName());

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
    return loadModel(path, Map.of());
  }

  public static Model loadModel(String path, Map<String, ?> customObjects) {
    return loadModel(Path.of(path), customObjects);
  }

  /**
   * As {@link #loadModel(Path)}, with Keras's {@code custom_objects}: names the file uses mapped to a
   * class (a custom layer, loss, metric, activation, initializer, regularizer or constraint) or to an
   * object (a {@code Loss.of} lambda, a metric), looked up before the registered classes. Also loads
   * Keras's legacy HDF5 model files ({@code model.save("x.h5")} in Keras 2 or 3) as Keras 3 does.
   */
  public static Model loadModel(Path path, Map<String, ?> customObjects) {
    CustomObjects custom = CustomObjects.of(customObjects);
    if (Files.isRegularFile(path) && LegacyH5.isHdf5(path)) {
      return LegacyModels.load(path, custom);
    }
    try (KerasArchive.Reader archive = KerasArchive.open(path)) {
      Map<String, Object> config = archive.config();
      KerasTwoFiles.checkLoadable(path, archive.metadata(), config);
      Layer layer = custom.within(() -> Layers.deserialize(config));
      if (!(layer instanceof Model model)) {
        throw new IllegalArgumentException(path + " holds a " + layer.getClass().getSimpleName() + ", not a model");
      }
      try {
        build(model, config.get("build_config"));
        Object compileConfig = config.get("compile_config");
        if (compileConfig instanceof Map<?, ?> map && !map.isEmpty()) {
          compile(model, map, path, custom);
        }
        model.restore(archive.weights(WeightsFile.maxBytes(model.weights())), path.toString());
        SavedAssets.restore(model, archive.assets(KerasArchive.MAX_ASSET_BYTES));
        return model;
      } catch (RuntimeException e) {
        model.close();
        throw e;
      }
    }
  }

  /**
   * A new model with {@code model}'s architecture and configuration and new layers with freshly
   * initialized weights, as {@code keras.models.clone_model(model)}: built as the original was, and
   * compiled from its compile configuration when the original was compiled (a fresh optimizer). Works
   * for Sequential and Functional models and for subclassed models whose {@code getConfig} and
   * {@code fromConfig} rebuild them, registered or not.
   */
  public static Model cloneModel(Model model) {
    if (model == null) {
      throw new IllegalArgumentException("cloneModel needs a model, got null");
    }
    Map<String, Object> serialized = model.isBuilt() ? model.serialize() : unbuiltSerialized(model);
    CustomObjects custom = CustomObjects.of(Map.of(String.valueOf(serialized.get("class_name")), model.getClass()));
    Layer layer = custom.within(() -> Layers.deserialize(serialized));
    if (!(layer instanceof Model clone)) {
      throw new IllegalStateException(model.getClass().getName() + " rebuilt from its config as a "
          + layer.getClass().getName() + ", not a model; its fromConfig must return a model");
    }
    try {
      build(clone, serialized.get("build_config"));
      if (serialized.get("compile_config") instanceof Map<?, ?> compileConfig && !compileConfig.isEmpty()) {
        compile(clone, compileConfig, Path.of("clone of " + model.name()), custom);
      }
      return clone;
    } catch (RuntimeException e) {
      clone.close();
      throw e;
    }
  }

  private static Map<String, Object> unbuiltSerialized(Model model) {
    Map<String, Object> serialized = dev.jkeras.saving.Serialization.serialize(model);
    if (model.isCompiled()) {
      serialized.put("compile_config", model.serialize().get("compile_config"));
    }
    return serialized;
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
  static void compile(Model model, Map<?, ?> compileConfig, Path path, CustomObjects custom) {
    try {
      custom.within(() -> {
        model.compileFromConfig(new Config("compile_config", (Map<String, ?>) compileConfig));
        return null;
      });
    } catch (UnknownObjectException e) {
      throw new UnknownObjectException(path + ": " + e.getMessage());
    } catch (IllegalArgumentException e) {
      LOG.log(System.Logger.Level.WARNING, path + ": could not compile the loaded model as it was saved ("
          + e.getMessage() + "); it is returned uncompiled. Call compile() before fit or evaluate.");
    }
  }
}
