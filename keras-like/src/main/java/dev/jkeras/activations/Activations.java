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
          .put("relu6", Activations::relu6)
          .put("mish", Activations::mish)
          .put("hard_sigmoid", Activations::hardSigmoid)
          .put("hard_silu", Activations::hardSilu)
          .put("hard_swish", Activations::hardSilu)
          .put("exponential", Activations::exponential)
          .put("log_softmax", Activations::logSoftmax)
          .put("softsign", Activations::softsign)
          .put("log_sigmoid", Activations::logSigmoid)
          .put("hard_tanh", Activations::hardTanh)
          .put("tanh_shrink", Activations::tanhShrink)
          .put("celu", Activations::celu)
          .put("soft_shrink", Activations::softShrink)
          .put("hard_shrink", Activations::hardShrink)
          .put("squareplus", Activations::squareplus)
          .put("sparse_plus", Activations::sparsePlus)
          .put("sparse_sigmoid", Activations::sparseSigmoid)
          .build();

  /**
   * The activation Keras calls {@code name}; {@code null} means linear, as in Keras. A name that is
   * not Keras's may be a custom activation registered with {@code Serialization.register(name, fn)}
   * or passed in {@code customObjects} when loading.
   */
  public static ActivationFunction get(String name) {
    if (name != null && !BY_NAME.containsKey(name)
        && dev.jkeras.saving.Serialization.registeredObject(name) instanceof ActivationFunction custom) {
      return custom;
    }
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

  /** {@code min(max(x, 0), 6)}. */
  public static KerasTensor relu6(KerasTensor x) {
    return Ops.relu6(x);
  }

  /** {@code x * tanh(softplus(x))}. */
  public static KerasTensor mish(KerasTensor x) {
    return Ops.mish(x);
  }

  /** Keras 3's piecewise-linear sigmoid {@code relu6(x + 3) / 6}. */
  public static KerasTensor hardSigmoid(KerasTensor x) {
    return Ops.hardSigmoid(x);
  }

  /** {@code x * hard_sigmoid(x)}, also called {@code hard_swish}. */
  public static KerasTensor hardSilu(KerasTensor x) {
    return Ops.hardSilu(x);
  }

  /** {@code exp(x)}. */
  public static KerasTensor exponential(KerasTensor x) {
    return Ops.exp(x);
  }

  /** Log-softmax over the last axis. */
  public static KerasTensor logSoftmax(KerasTensor x) {
    return Ops.logSoftmax(x, -1);
  }

  /** {@code x / (|x| + 1)}. */
  public static KerasTensor softsign(KerasTensor x) {
    return Ops.softsign(x);
  }

  /** {@code log(sigmoid(x))}. */
  public static KerasTensor logSigmoid(KerasTensor x) {
    return Ops.logSigmoid(x);
  }

  /** {@code clip(x, -1, 1)}. */
  public static KerasTensor hardTanh(KerasTensor x) {
    return Ops.hardTanh(x);
  }

  /** {@code x - tanh(x)}. */
  public static KerasTensor tanhShrink(KerasTensor x) {
    return Ops.tanhShrink(x);
  }

  /** CELU with Keras's default {@code alpha} of 1. */
  public static KerasTensor celu(KerasTensor x) {
    return Ops.celu(x, 1.0);
  }

  /** Soft shrinkage with Keras's default threshold of 0.5. */
  public static KerasTensor softShrink(KerasTensor x) {
    return Ops.softShrink(x, 0.5);
  }

  /** Hard shrinkage with Keras's default threshold of 0.5. */
  public static KerasTensor hardShrink(KerasTensor x) {
    return Ops.hardShrink(x, 0.5);
  }

  /** Squareplus with Keras's default {@code b} of 4. */
  public static KerasTensor squareplus(KerasTensor x) {
    return Ops.squareplus(x, 4);
  }

  public static KerasTensor sparsePlus(KerasTensor x) {
    return Ops.sparsePlus(x);
  }

  public static KerasTensor sparseSigmoid(KerasTensor x) {
    return Ops.sparseSigmoid(x);
  }

  /**
   * The name a layer saves for its activation, Keras's name for the function (an alias such as
   * {@code "swish"} saves as {@code "silu"}); a Java function given in place of a name cannot be saved.
   */
  public static String serialize(String name, Object layer) {
    if ("custom".equals(name)) {
      throw new IllegalArgumentException("Cannot save " + layer + ": its activation is a Java function, which a "
          + "file cannot hold. Use a named activation (e.g. \"relu\") or an Activation layer subclass annotated with "
          + "@RegisterSerializable.");
    }
    return SAVED_NAMES.getOrDefault(name, name);
  }

  /** Aliases Keras saves under the function's own name. */
  private static final Map<String, String> SAVED_NAMES = Map.of("swish", "silu", "hard_swish", "hard_silu");
}
