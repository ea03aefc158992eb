package dev.jkeras.models;

import dev.jkeras.Shape;
import dev.jkeras.backend.Variable;
import dev.jkeras.saving.NamedValues;
import dev.jkeras.saving.SavedValues;
import dev.jkeras.saving.WeightsFile;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.tensorflow.ndarray.NdArray;

/**
 * A model's weights as files hold them: the current value of every variable by object path
 * ({@link SavedState}'s walk), and saved values assigned back only after every one was checked
 * against the model, so a file from another architecture changes nothing.
 */
final class SavedWeights {
  private static final System.Logger LOG = System.getLogger(Model.class.getName());

  private SavedWeights() {}

  /** The current value of every saved variable, by object path; builds the optimizer's state first. */
  static Map<String, WeightsFile.SavedObject> values(Model model, boolean withOptimizer) {
    model.claimWeights();
    model.buildOptimizerState();
    Map<String, WeightsFile.SavedObject> values = new LinkedHashMap<>();
    Map<String, Map<String, NdArray<?>>> named = new LinkedHashMap<>();
    SavedState.of(model, withOptimizer).forEach((path, entry) -> {
      named.put(path, new LinkedHashMap<>());
      if (entry.layer() instanceof NamedValues owner) {
        owner.saveNamedValues().forEach((key, value) -> {
          int slash = key.lastIndexOf('/');
          String object = slash < 0 ? path : join(path, key.substring(0, slash));
          named.computeIfAbsent(object, k -> new LinkedHashMap<>()).put(key.substring(slash + 1), value);
        });
      }
    });
    Map<String, SavedState.Entry> entries = SavedState.of(model, withOptimizer);
    named.forEach((path, byName) -> {
      SavedState.Entry entry = entries.get(path);
      List<NdArray<?>> variables = entry == null ? List.of()
          : entry.layer() != null && entry.variables().equals(entry.layer().savedVariables())
              ? entry.layer().savedValues()
              : entry.variables().stream().<NdArray<?>>map(Variable::read).toList();
      String name = entry == null ? path.substring(path.lastIndexOf('/') + 1) : entry.name();
      values.put(path, new WeightsFile.SavedObject(name, variables, byName));
    });
    return values;
  }

  private static String join(String path, String child) {
    return path.isEmpty() ? child : path + "/" + child;
  }

  /**
   * Assigns saved values to this model's variables, after checking every one fits; values saved by
   * name go to their layer ({@link NamedValues}) before any variable is written.
   */
  static void restore(Model model, Map<String, WeightsFile.SavedObject> savedObjects, String source) {
    Map<String, List<NdArray<?>>> saved = new LinkedHashMap<>();
    savedObjects.forEach((path, object) -> saved.put(path, object.values()));
    model.claimWeights();
    model.buildOptimizerState();
    Map<String, SavedState.Entry> expected = SavedState.of(model, true);
    List<Runnable> writes = new ArrayList<>();
    for (Map.Entry<String, SavedState.Entry> item : expected.entrySet()) {
      String path = item.getKey();
      List<Variable> variables = item.getValue().variables();
      List<NdArray<?>> values = saved.getOrDefault(path, List.of());
      if ((path.equals("optimizer") || path.startsWith("optimizer/")) && values.size() != variables.size()) {
        if (!values.isEmpty()) {
          LOG.log(System.Logger.Level.WARNING, "Skipping variable loading for optimizer '" + item.getValue().name()
              + "', because it has " + variables.size() + " variables whereas the saved optimizer has "
              + values.size() + " variables.");
        }
        continue;
      }
      if (values.size() != variables.size()) {
        throw new IllegalArgumentException("Layer '" + item.getValue().name() + "' expected " + variables.size()
            + " variables, but " + source + " has " + values.size() + " at '" + path + "'. The file was saved from "
            + "a model with a different architecture; it holds weights for " + savedPaths(saved));
      }
      for (int i = 0; i < values.size(); i++) {
        Variable variable = variables.get(i);
        NdArray<?> value = values.get(i);
        Shape shape = Shape.of(value.shape().asArray());
        if (!shape.equals(variable.shape())) {
          throw new IllegalArgumentException("Layer '" + item.getValue().name() + "' weight '" + variable.name()
              + "' has shape " + variable.shape() + ", but " + source + " holds shape " + shape + " at '" + path
              + "/vars/" + i + "'. The file was saved from a model with a different architecture.");
        }
        NdArray<?> converted = SavedValues.forVariable(value, variable, source + " at '" + path + "/vars/" + i + "'");
        writes.add(() -> variable.write(converted));
      }
    }
    for (Map.Entry<String, List<NdArray<?>>> item : saved.entrySet()) {
      boolean optimizerOfUncompiled = item.getKey().equals("optimizer") || item.getKey().startsWith("optimizer/");
      if (!item.getValue().isEmpty() && !expected.containsKey(item.getKey()) && !optimizerOfUncompiled) {
        throw new IllegalArgumentException(source + " holds weights at '" + item.getKey() + "', which model '"
            + model.name() + "' does not have: the file was saved from a model with a different architecture. "
            + "This model's objects are " + expected.keySet());
      }
    }
    restoreNamed(expected, savedObjects, source);
    writes.forEach(Runnable::run);
    expected.values().stream().filter(e -> e.layer() != null).forEach(e -> e.layer().afterLoad());
  }

  /**
   * Gives each {@link NamedValues} layer the values saved by name at its path ({@code name}) and
   * under it, at paths of objects it holds ({@code child/name}); values by name anywhere else are refused.
   */
  private static void restoreNamed(Map<String, SavedState.Entry> expected, Map<String, WeightsFile.SavedObject> saved,
      String source) {
    Map<String, Map<String, NdArray<?>>> byOwner = new LinkedHashMap<>();
    for (Map.Entry<String, WeightsFile.SavedObject> item : saved.entrySet()) {
      String path = item.getKey();
      if (item.getValue().named().isEmpty()) {
        continue;
      }
      String owner = owner(expected, path);
      if (owner == null) {
        SavedState.Entry entry = expected.get(path);
        throw new IllegalArgumentException(source + " holds values " + item.getValue().named().keySet() + " by name "
            + "at '" + path + "/vars', which " + (entry == null ? "this model does not have" : "layer '"
            + entry.name() + "' does not save") + ": the file was saved from a model with a different architecture");
      }
      String prefix = path.equals(owner) ? "" : path.substring(owner.isEmpty() ? 0 : owner.length() + 1) + "/";
      item.getValue().named().forEach((name, value) ->
          byOwner.computeIfAbsent(owner, k -> new LinkedHashMap<>()).put(prefix + name, value));
    }
    expected.forEach((path, entry) -> {
      if (entry.layer() instanceof NamedValues owner) {
        try {
          owner.loadNamedValues(byOwner.getOrDefault(path, Map.of()));
        } catch (IllegalArgumentException e) {
          throw new IllegalArgumentException(source + " at '" + path + "/vars': " + e.getMessage(), e);
        }
      }
    });
  }

  /** The path of the {@link NamedValues} layer at {@code path} or holding it, or null. */
  private static String owner(Map<String, SavedState.Entry> expected, String path) {
    for (String candidate = path; ; candidate = candidate.substring(0, candidate.lastIndexOf('/'))) {
      SavedState.Entry entry = expected.get(candidate);
      if (entry != null) {
        return entry.layer() instanceof NamedValues ? candidate : null;
      }
      if (candidate.lastIndexOf('/') < 0) {
        return null;
      }
    }
  }

  private static List<String> savedPaths(Map<String, List<NdArray<?>>> saved) {
    return saved.entrySet().stream().filter(e -> !e.getValue().isEmpty()).map(Map.Entry::getKey).toList();
  }
}
