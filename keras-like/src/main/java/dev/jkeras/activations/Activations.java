package dev.jkeras.activations;

import com.google.common.collect.ImmutableMap;
import dev.jkeras.KerasTensor;
import dev.jkeras.ops.Ops;
import dev.jkeras.utils.Identifiers;
import java.util.Map;

/** Keras's activation functions, by name ({@code "relu"}) or as methods. */
public final class Activations {
  private Activations() {}

  private static final Map<String, ActivationFunction> BY_NAME =
      ImmutableMap.<String, ActivationFunction>builder()
          .put("linear", Activations::linear)
          .put("relu", Activations::relu)
          .put("sigmoid", Activations::sigmoid)
          .put("tanh", Activations::tanh)
          .put("softmax", Activations::softmax)
          .put("softplus", Activations::softplus)
          .put("elu", Activations::elu)
          .put("selu", Activations::selu)
          .put("gelu", Activations::gelu)
          .put("swish", Activations::silu)
          .put("silu", Activations::silu)
          .put("leaky_relu", Activations::leakyRelu)
          .build();

  /** The activation Keras calls {@code name}; {@code null} means linear, as in Keras. */
  public static ActivationFunction get(String name) {
    return name == null ? Activations::linear : Identifiers.lookup("activation", name, BY_NAME);
  }

  public static KerasTensor linear(KerasTensor x) {
    return x;
  }

  public static KerasTensor relu(KerasTensor x) {
    return Ops.relu(x);
  }

  public static KerasTensor sigmoid(KerasTensor x) {
    return Ops.sigmoid(x);
  }

  public static KerasTensor tanh(KerasTensor x) {
    return Ops.tanh(x);
  }

  /** Softmax over the last axis. */
  public static KerasTensor softmax(KerasTensor x) {
    return Ops.softmax(x, -1);
  }

  public static KerasTensor softplus(KerasTensor x) {
    return Ops.softplus(x);
  }

  public static KerasTensor elu(KerasTensor x) {
    return Ops.elu(x);
  }

  public static KerasTensor selu(KerasTensor x) {
    return Ops.selu(x);
  }

  /** Exact GELU, Keras's default ({@code approximate=False}). */
  public static KerasTensor gelu(KerasTensor x) {
    return Ops.gelu(x, false);
  }

  public static KerasTensor silu(KerasTensor x) {
    return Ops.silu(x);
  }

  /** Leaky ReLU with Keras's default negative slope of 0.2. */
  public static KerasTensor leakyRelu(KerasTensor x) {
    return Ops.leakyRelu(x, 0.2);
  }

  /** The name a layer saves for its activation; a Java function given in place of a name cannot be saved. */
  public static String serialize(String name, Object layer) {
    if ("custom".equals(name)) {
      throw new IllegalArgumentException("Cannot save " + layer + ": its activation is a Java function, which a "
          + "file cannot hold. Use a named activation (e.g. \"relu\") or an Activation layer subclass annotated with "
          + "@RegisterSerializable.");
    }
    return name;
  }
}
