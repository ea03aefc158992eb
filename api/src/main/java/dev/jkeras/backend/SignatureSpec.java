package dev.jkeras.backend;

import java.util.Map;

/** A SavedModel signature: a named function with named, typed inputs and outputs. */
public record SignatureSpec(String name, String methodName, Map<String, TensorSpec> inputs,
    Map<String, TensorSpec> outputs) {
  public SignatureSpec {
    inputs = Map.copyOf(inputs);
    outputs = Map.copyOf(outputs);
  }
}
