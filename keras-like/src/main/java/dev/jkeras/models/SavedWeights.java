package dev.jkeras.models;

import dev.jkeras.Shape;
import dev.jkeras.backend.Variable;
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
    SavedState.of(model, withOptimizer).forEach((path, entry) -> values.put(path,
        new WeightsFile.SavedObject(entry.name(), entry.variables().stream().<NdArray<?>>map(Variable::read).toList())));
    return values;
  }

  /** Assigns saved values to this model's variables, after checking every one fits. */
  static void restore(Model model, Map<String, List<NdArray<?>>> saved, String source) {
    model.claimWeights();
    model.buildOptimizerState();
    Map<String, SavedState.Entry> expected = SavedState.of(model, true);
    List<Runnable> writes = new ArrayList<>();
    for (Map.Entry<String, SavedState.Entry> item : expected.entrySet()) {
      String path = item.getKey();
      List<Variable> variables = item.getValue().variables();
      List<NdArray<?>> values = saved.getOrDefault(path, List.of());
      if (path.equals("optimizer") && values.size() != variables.size()) {
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
      boolean optimizerOfUncompiled = item.getKey().equals("optimizer");
      if (!item.getValue().isEmpty() && !expected.containsKey(item.getKey()) && !optimizerOfUncompiled) {
        throw new IllegalArgumentException(source + " holds weights at '" + item.getKey() + "', which model '"
            + model.name() + "' does not have: the file was saved from a model with a different architecture. "
            + "This model's objects are " + expected.keySet());
      }
    }
    writes.forEach(Runnable::run);
  }

  private static List<String> savedPaths(Map<String, List<NdArray<?>>> saved) {
    return saved.entrySet().stream().filter(e -> !e.getValue().isEmpty()).map(Map.Entry::getKey).toList();
  }
}
