package dev.jkeras.layers;

import dev.jkeras.KerasTensor;
import dev.jkeras.activations.ActivationFunction;
import dev.jkeras.activations.Activations;
import dev.jkeras.saving.Config;
import java.util.Map;

/** Applies an activation function, e.g. {@code new Activation("relu")}. */
public class Activation extends Layer {
  private final ActivationFunction function;
  private final String functionName;

  public Activation(String name) {
    this.function = Activations.get(name);
    this.functionName = name;
  }

  public Activation(ActivationFunction function) {
    this.function = function;
    this.functionName = "custom";
  }

  public String activationName() {
    return functionName;
  }

  /** Passes the input's mask through, as Keras's {@code supports_masking = True}. */
  @Override
  public boolean supportsMasking() {
    return true;
  }

  @Override
  protected KerasTensor call(KerasTensor inputs, boolean training) {
    return function.apply(inputs);
  }

  public static Activation fromConfig(Config config) {
    return new Activation(config.getString("activation", "linear"));
  }

  @Override
  public Map<String, Object> getConfig() {
    Map<String, Object> config = super.getConfig();
    config.put("activation", Activations.serialize(functionName, this));
    return config;
  }
}
