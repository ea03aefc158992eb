package dev.jkeras.models;

import dev.jkeras.KerasTensor;
import dev.jkeras.backend.ExportSignature;
import dev.jkeras.backend.ModelGraph;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** The model's forward pass for serving, traced with inputs and outputs named as the model names them. */
final class ServingSignature {
  private ServingSignature() {}

  static ExportSignature trace(Model model, String key, ExportOptions.Endpoint endpoint) {
    ModelGraph g = model.graph();
    List<String> inputNames = model.inputNames();
    List<String> outputNames = model.outputNames();
    for (String wanted : endpoint.outputs()) {
      if (!outputNames.contains(wanted)) {
        throw new IllegalArgumentException("Export signature '" + key + "' asks for output '" + wanted
            + "', but model '" + model.name() + "' has outputs " + outputNames);
      }
    }
    return g.trace(() -> {
      Map<String, KerasTensor> inputs = new LinkedHashMap<>();
      List<KerasTensor> placeholders = new ArrayList<>();
      for (int i = 0; i < inputNames.size(); i++) {
        KerasTensor placeholder = g.placeholder(inputNames.get(i), model.inputDtype(i), model.inputShapes().get(i));
        placeholders.add(placeholder);
        inputs.put(inputNames.get(i), placeholder);
      }
      List<KerasTensor> results = model.applyAll(placeholders, endpoint.training());
      Map<String, KerasTensor> outputs = new LinkedHashMap<>();
      for (int i = 0; i < results.size(); i++) {
        if (endpoint.outputs().isEmpty() || endpoint.outputs().contains(outputNames.get(i))) {
          outputs.put(outputNames.get(i), results.get(i));
        }
      }
      return new ExportSignature(key, inputs, outputs);
    });
  }
}
