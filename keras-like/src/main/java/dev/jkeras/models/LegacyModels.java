package dev.jkeras.models;

import dev.jkeras.Shape;
import dev.jkeras.backend.Variable;
import dev.jkeras.layers.Layer;
import dev.jkeras.layers.Layers;
import dev.jkeras.saving.CustomObjects;
import dev.jkeras.backend.AtomicFiles;
import dev.jkeras.saving.LegacyH5;
import dev.jkeras.saving.LegacyH5Writer;
import dev.jkeras.saving.WeightsFile;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.IdentityHashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.tensorflow.ndarray.NdArray;

/**
 * Models and weights from Keras's legacy HDF5 files ({@code .h5}), loaded as Keras 3's
 * {@code legacy_h5_format} loads them: the architecture from {@code model_config} (with Keras 3's
 * legacy config rules), the weights layer by layer in order (each layer's trainable weights first),
 * compiled from {@code training_config}, and the optimizer's state restored when it fits the
 * optimizer Keras 3 builds, otherwise a fresh optimizer with Keras's warning (Keras 2 optimizers
 * saved no {@code learning_rate} variable, so their state never fits).
 */
final class LegacyModels {
  private static final System.Logger LOG = System.getLogger(LegacyModels.class.getName());

  private LegacyModels() {}

  static Model load(Path path, CustomObjects customObjects) {
    try (LegacyH5 file = LegacyH5.open(path)) {
      Map<String, Object> config = file.modelConfig();
      Layer layer = customObjects.within(() -> Layers.deserialize(config));
      if (!(layer instanceof Model model)) {
        throw new IllegalArgumentException(path + " holds a " + layer.getClass().getSimpleName() + ", not a model");
      }
      try {
        if (!model.isBuilt()) {
          throw new IllegalArgumentException(path + " holds a model whose input shape its config does not give, "
              + "so its weights cannot be placed");
        }
        Map<String, Object> compileConfig = file.compileConfig();
        if (compileConfig == null) {
          LOG.log(System.Logger.Level.WARNING, "No training configuration found in the save file, so the model was *not* "
              + "compiled. Compile it manually.");
        } else {
          Models.compile(model, compileConfig, path, customObjects);
        }
        assign(model, file.weights(WeightsFile.maxBytes(model.weights())), path.toString(), true);
        return model;
      } catch (RuntimeException e) {
        model.close();
        throw e;
      }
    }
  }

  /**
   * {@code model.save("x.h5")}: Keras's legacy HDF5 model file, with Keras 3's warning that the
   * format is legacy. Written under a temporary name and moved into place.
   */
  static void save(Model model, Path path) {
    LOG.log(System.Logger.Level.WARNING, "You are saving your model as an HDF5 file via `model.save()`. This file format is "
        + "considered legacy. We recommend using instead the native Keras format, e.g. `model.save('my_model.keras')`.");
    refuseMergedLayers(model, path);
    model.claimWeights();
    model.buildOptimizerState();
    Map<String, Object> serialized = model.serialize();
    Map<String, Object> modelConfig = new LinkedHashMap<>();
    modelConfig.put("class_name", serialized.get("class_name"));
    modelConfig.put("config", serialized.get("config"));
    Map<String, Object> training = null;
    if (serialized.get("compile_config") instanceof Map<?, ?> compile) {
      training = new LinkedHashMap<>();
      for (Map.Entry<?, ?> entry : compile.entrySet()) {
        if (!"optimizer".equals(entry.getKey())) {
          training.put(String.valueOf(entry.getKey()), entry.getValue());
        }
      }
      Map<String, Object> optimizer = new LinkedHashMap<>();
      optimizer.put("class_name", model.optimizer().kerasClassName());
      optimizer.put("config", model.optimizer().getConfig());
      training.put("optimizer_config", optimizer);
    }
    List<LegacyH5Writer.LayerValues> layers = new ArrayList<>();
    for (Layer layer : model.layers()) {
      if (!layer.weights().isEmpty()) {
        layers.add(new LegacyH5Writer.LayerValues(layer.name(), named(model.name() + "/", layer.weights())));
      }
    }
    List<LegacyH5Writer.NamedValue> optimizer = model.isCompiled()
        ? named(model.optimizer().name() + "/", model.optimizer().variables()) : List.of();
    Map<String, Object> trainingConfig = training;
    AtomicFiles.write(path, staging -> LegacyH5Writer.write(staging, modelConfig, trainingConfig, layers, optimizer));
  }

  /**
   * Refuses layers whose saved variables are not their weights (LoRA's, whose {@code .keras} file holds
   * the merged kernel): jkeras writes and reads them only in Keras's native format.
   */
  private static void refuseMergedLayers(Model model, Path path) {
    List<Layer> leaves = new ArrayList<>();
    Quantization.collectLeaves(model, leaves);
    for (Layer layer : leaves) {
      if (layer.isBuilt() && !layer.savedVariables().equals(layer.ownVariables())) {
        throw new UnsupportedOperationException("Layer '" + layer.name() + "' (" + layer.getClass().getSimpleName()
            + ") has LoRA weights, which jkeras does not write to or read from legacy HDF5 files (" + path + "): "
            + "save it as a .keras file, which holds the kernel with LoRA merged into it, as Keras does");
      }
    }
  }

  /** The variables' values under unique names (Keras 3 names them by path: {@code model/layer/kernel}). */
  private static List<LegacyH5Writer.NamedValue> named(String prefix, List<Variable> variables) {
    List<LegacyH5Writer.NamedValue> values = new ArrayList<>();
    java.util.Set<String> used = new java.util.HashSet<>();
    for (Variable variable : variables) {
      String base = prefix + variable.name().replace('/', '_').replace(':', '_');
      String name = base;
      for (int n = 1; !used.add(name); n++) {
        name = base + "_" + n;
      }
      values.add(new LegacyH5Writer.NamedValue(name, variable.read()));
    }
    return values;
  }

  /** {@code model.load_weights("x.h5")} for a legacy weights file (or a legacy full-model file's weights). */
  static void loadWeights(Model model, Path path) {
    try (LegacyH5 file = LegacyH5.open(path)) {
      assign(model, file.weights(WeightsFile.maxBytes(model.weights())), path.toString(), false);
    }
  }

  /**
   * True when {@code path} is an HDF5 file in Keras's legacy layout rather than a Keras 3 weights file;
   * as Keras, a {@code .weights.h5} name always means the Keras 3 layout. A file that cannot be
   * read as either is left to the Keras 3 reader, which says what is wrong with it.
   */
  static boolean isLegacyWeights(Path path) {
    String name = path.getFileName().toString();
    if (name.endsWith(".weights.h5") || !LegacyH5.isHdf5(path)) {
      return false;
    }
    try (LegacyH5 file = LegacyH5.open(path)) {
      return file.hasLegacyWeights();
    } catch (IllegalArgumentException e) {
      return false;
    }
  }

  /**
   * Puts the saved values where {@link Model#restore} expects them (by object path), after Keras's
   * order-based checks: the same number of layers with weights, the same count and shapes in each.
   */
  private static void assign(Model model, LegacyH5.Weights saved, String source, boolean withOptimizer) {
    refuseMergedLayers(model, Path.of(source));
    model.claimWeights();
    model.buildOptimizerState();
    Map<String, SavedState.Entry> entries = SavedState.of(model, true);
    Map<Variable, int[]> where = new IdentityHashMap<>();
    Map<String, NdArray<?>[]> byPath = new LinkedHashMap<>();
    List<String> paths = new ArrayList<>(entries.keySet());
    for (int p = 0; p < paths.size(); p++) {
      List<Variable> variables = entries.get(paths.get(p)).variables();
      byPath.put(paths.get(p), new NdArray<?>[variables.size()]);
      for (int i = 0; i < variables.size(); i++) {
        where.put(variables.get(i), new int[] {p, i});
      }
    }
    List<Layer> layers = model.layers().stream().filter(layer -> !layer.weights().isEmpty()).toList();
    if (layers.size() != saved.layers().size()) {
      throw new IllegalArgumentException("Layer count mismatch when loading weights from file " + source + ". Model "
          + "expected " + layers.size() + " layers, found " + saved.layers().size() + " saved layers.");
    }
    for (int k = 0; k < layers.size(); k++) {
      Layer layer = layers.get(k);
      LegacyH5.LayerWeights layerWeights = saved.layers().get(k);
      List<Variable> symbolic = layer.weights();
      if (symbolic.size() != layerWeights.values().size()) {
        throw new IllegalArgumentException("Weight count mismatch for layer #" + k + " (named " + layer.name()
            + " in the current model, " + layerWeights.name() + " in the save file " + source + "). Layer expects "
            + symbolic.size() + " weight(s). Received " + layerWeights.values().size() + " saved weight(s)");
      }
      place(symbolic, layerWeights.values(), "layer #" + k + " (named " + layer.name() + ")", where, paths, byPath);
    }
    List<Variable> own = entries.get("").variables();
    if (!saved.topLevel().isEmpty() || !own.isEmpty()) {
      if (own.size() != saved.topLevel().size()) {
        throw new IllegalArgumentException("Weight count mismatch for top-level weights when loading weights from "
            + "file " + source + ". Model expects " + own.size() + " top-level weight(s). Received "
            + saved.topLevel().size() + " saved top-level weight(s)");
      }
      place(own, saved.topLevel(), "top-level model", where, paths, byPath);
    }
    Map<String, WeightsFile.SavedObject> values = new LinkedHashMap<>();
    byPath.forEach((path, array) -> {
      if (!path.equals("optimizer") && !path.startsWith("optimizer/")) {
        for (int i = 0; i < array.length; i++) {
          if (array[i] == null) {
            throw new IllegalArgumentException(source + " holds no value for weight "
                + entries.get(path).variables().get(i).name() + " of model '" + model.name() + "'");
          }
        }
        values.put(path, new WeightsFile.SavedObject(entries.get(path).name(), List.of(array)));
      }
    });
    if (withOptimizer && entries.containsKey("optimizer") && !saved.optimizer().isEmpty()) {
      List<Variable> slots = entries.get("optimizer").variables();
      if (fits(slots, saved.optimizer())) {
        values.put("optimizer", new WeightsFile.SavedObject("optimizer", saved.optimizer()));
      } else {
        LOG.log(System.Logger.Level.WARNING, "Error in loading the saved optimizer state (" + source + " holds "
            + saved.optimizer().size() + " optimizer variables, the optimizer has " + slots.size() + "). As a "
            + "result, your model is starting with a freshly initialized optimizer.");
      }
    }
    model.restore(values, source);
  }

  private static void place(List<Variable> symbolic, List<NdArray<?>> values, String name, Map<Variable, int[]> where,
      List<String> paths, Map<String, NdArray<?>[]> byPath) {
    for (int i = 0; i < values.size(); i++) {
      Variable variable = symbolic.get(i);
      Shape received = Shape.of(values.get(i).shape().asArray());
      if (!received.equals(variable.shape())) {
        throw new IllegalArgumentException("Shape mismatch in " + name + " for weight " + variable.name()
            + ". Weight expects shape " + variable.shape() + ". Received saved weight with shape " + received);
      }
      int[] location = where.get(variable);
      if (location == null) {
        throw new IllegalStateException("Weight " + variable.name() + " of " + name + " is not among the model's "
            + "saved variables");
      }
      byPath.get(paths.get(location[0]))[location[1]] = values.get(i);
    }
  }

  private static boolean fits(List<Variable> variables, List<NdArray<?>> values) {
    if (variables.size() != values.size()) {
      return false;
    }
    for (int i = 0; i < values.size(); i++) {
      if (!Shape.of(values.get(i).shape().asArray()).equals(variables.get(i).shape())) {
        return false;
      }
    }
    return true;
  }
}
