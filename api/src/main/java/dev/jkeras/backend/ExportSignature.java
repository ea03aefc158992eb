package dev.jkeras.backend;

import dev.jkeras.KerasTensor;
import java.util.Map;

/** A signature to export: its key (e.g. {@code serving_default}) and its named inputs and outputs. */
public record ExportSignature(String key, Map<String, KerasTensor> inputs, Map<String, KerasTensor> outputs) {
  public ExportSignature {
    inputs = Map.copyOf(inputs);
    outputs = Map.copyOf(outputs);
  }
}
