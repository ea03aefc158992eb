package dev.jkeras.layers;

import dev.jkeras.DType;
import dev.jkeras.KerasTensor;
import dev.jkeras.Shape;
import dev.jkeras.activations.ActivationFunction;
import dev.jkeras.activations.Activations;
import dev.jkeras.backend.Variable;
import dev.jkeras.constraints.Constraint;
import dev.jkeras.initializers.Initializer;
import dev.jkeras.initializers.Initializers;
import dev.jkeras.ops.Ops;
import dev.jkeras.regularizers.Regularizer;
import dev.jkeras.saving.Config;
import java.util.List;
import java.util.Map;
import org.tensorflow.ndarray.NdArray;

/** A densely connected layer: {@code activation(inputs . kernel + bias)}. */
public class Dense extends Layer implements LoraLayer {
  private final int units;
  private String activationName = "linear";
  private ActivationFunction activation = Activations::linear;
  private boolean useBias = true;
  private final WeightOptions kernelOptions = new WeightOptions(this, "kernel", Initializers.get("glorot_uniform"));
  private final WeightOptions biasOptions = new WeightOptions(this, "bias", Initializers.zeros());

  private Variable kernel;
  private Variable bias;
  private Variable kernelScale;
  private final LoraOptions lora = new LoraOptions(this, kernelOptions, () -> kernel, false);
  private QuantizedPolicies.InputQuantizer inputsQuantizer = QuantizedPolicies.InputQuantizer.DEFAULT;

  public Dense(int units) {
    if (units <= 0) {
      throw new IllegalArgumentException("Dense units must be positive, got " + units);
    }
    this.units = units;
  }

  /** {@code new Dense(300, "relu")}, as {@code Dense(300, activation="relu")}. */
  public Dense(int units, String activation) {
    this(units);
    activation(activation);
  }

  public int units() {
    return units;
  }

  public String activationName() {
    return activationName;
  }

  public Dense activation(String name) {
    checkNotBuilt("activation");
    this.activation = Activations.get(name);
    this.activationName = name == null ? "linear" : name;
    return this;
  }

  public Dense activation(ActivationFunction function) {
    checkNotBuilt("activation");
    this.activation = function;
    this.activationName = "custom";
    return this;
  }

  public Dense useBias(boolean useBias) {
    checkNotBuilt("useBias");
    this.useBias = useBias;
    return this;
  }

  public Dense kernelInitializer(String name) {
    kernelOptions.initializer(name);
    return this;
  }

  public Dense kernelInitializer(Initializer initializer) {
    kernelOptions.initializer(initializer);
    return this;
  }

  public Dense biasInitializer(String name) {
    biasOptions.initializer(name);
    return this;
  }

  public Dense biasInitializer(Initializer initializer) {
    biasOptions.initializer(initializer);
    return this;
  }

  public Dense kernelRegularizer(Regularizer regularizer) {
    kernelOptions.regularizer(regularizer);
    return this;
  }

  public Dense biasRegularizer(Regularizer regularizer) {
    biasOptions.regularizer(regularizer);
    return this;
  }

  /** A constraint applied to the kernel after each optimizer update, e.g. {@code new MaxNorm(1)}. */
  public Dense kernelConstraint(Constraint constraint) {
    kernelOptions.constraint(constraint);
    return this;
  }

  /** A constraint by Keras's name, e.g. {@code "max_norm"}, {@code "non_neg"}. */
  public Dense kernelConstraint(String name) {
    kernelOptions.constraint(name);
    return this;
  }

  /** A constraint applied to the bias after each optimizer update. */
  public Dense biasConstraint(Constraint constraint) {
    biasOptions.constraint(constraint);
    return this;
  }

  public Dense biasConstraint(String name) {
    biasOptions.constraint(name);
    return this;
  }

  /**
   * Keras's {@code lora_rank}: when built, the kernel is frozen and LoRA's trainable {@code lora_kernel_a}
   * {@code (input_dim, rank)} and {@code lora_kernel_b} {@code (rank, units)} are added, the kernel used being
   * {@code kernel + (lora_alpha / rank) * (a @ b)}. As Keras's Dense, the build enables LoRA with the rank alone,
   * so {@code lora_alpha} becomes the rank. On a built layer, {@link #enableLora(int)}.
   */
  public Dense loraRank(int rank) {
    lora.rank(rank);
    return this;
  }

  /** Keras's {@code lora_alpha} (saved in the config; Keras's Dense build resets it to the rank). */
  public Dense loraAlpha(int alpha) {
    lora.alpha(alpha);
    return this;
  }

  @Override
  public LoraOptions loraOptions() {
    return lora;
  }

  @Override
  public Dense name(String name) {
    super.name(name);
    return this;
  }

  @Override
  public Dense inputShape(int... shape) {
    super.inputShape(shape);
    return this;
  }

  @Override
  protected void build(Shape inputShape) {
    if (inputShape.rank() < 2) {
      throw new IllegalArgumentException("Layer \"" + name() + "\" (Dense) expects inputs of rank 2 or more "
          + "(batch, ..., features), got shape " + inputShape);
    }
    long inputDim = inputShape.get(-1);
    if (inputDim == Shape.UNKNOWN) {
      throw new IllegalArgumentException("Layer \"" + name() + "\" (Dense) needs a known last input dimension, got "
          + inputShape);
    }
    if ("int8".equals(quantizationMode())) {
      kernel = addWeight("kernel", Shape.of(inputDim, units), DType.INT8, Int8Layers.ZEROS, false);
      kernelScale = addWeight("kernel_scale", Shape.of(units), DType.FLOAT32, Initializers.ones(), false);
    } else {
      lora.checkBuild();
      kernel = kernelOptions.addWeight("kernel", Shape.of(inputDim, units));
    }
    if (useBias) {
      bias = biasOptions.addWeight("bias", Shape.of(units));
    }
    lora.build();
  }

  @Override
  public boolean supportsQuantization(String mode) {
    return "int8".equals(mode) && getClass() == Dense.class;
  }

  /**
   * Keras's int8 {@code quantize}: the kernel per output unit (axis 0), the bias unchanged; with LoRA, the
   * kernel without the update (Keras quantizes {@code _kernel}) and LoRA's weights kept.
   */
  @Override
  protected List<NdArray<?>> quantizedValues(String mode) {
    Int8Weights q = Int8Weights.of(kernel.read(), true);
    return lora.withAdapterValues(LoraOptions.saved(q.values(), bias == null ? null : bias.read(), q.scale()));
  }

  /** Keras's saving order ({@code kernel, bias}, when quantized {@code kernel_scale} after them), then LoRA's. */
  @Override
  public List<Variable> ownVariables() {
    return plain() ? super.ownVariables() : lora.withAdapter(LoraOptions.saved(kernel, bias, kernelScale));
  }

  /** Neither quantized nor with LoRA (or not built): the variables are saved as the layer lists them. */
  private boolean plain() {
    return !isBuilt() || kernelScale == null && !lora.enabled();
  }

  /** Keras's {@code save_own_variables}: {@code kernel, bias} and, when quantized, {@code kernel_scale}. */
  @Override
  public List<Variable> savedVariables() {
    return plain() ? super.savedVariables() : LoraOptions.saved(kernel, bias, kernelScale);
  }

  /**
   * Keras's {@code _get_kernel_with_merged_lora}: the kernel with LoRA's update merged into it; an int8 kernel
   * is dequantized, merged and quantized again (a new {@code kernel_scale}).
   */
  @Override
  public List<NdArray<?>> savedValues() {
    LoraAdapter adapter = lora.adapter();
    if (adapter == null) {
      return super.savedValues();
    }
    NdArray<?> biasValue = bias == null ? null : bias.read();
    if (kernelScale == null) {
      return LoraOptions.saved(adapter.mergedValue(kernel.read()), biasValue, null);
    }
    Int8Weights q = Int8Weights.of(adapter.mergedValue(Int8Weights.dequantize(kernel.read(), kernelScale.read(),
        true)), true);
    return LoraOptions.saved(q.values(), biasValue, q.scale());
  }

  @Override
  public void afterLoad() {
    lora.afterLoad();
  }

  @Override
  public void resetBuild() {
    super.resetBuild();
    lora.reset();
    kernel = null;
    bias = null;
    kernelScale = null;
  }

  /** Passes the input's mask through, as Keras's {@code supports_masking = True}. */
  @Override
  public boolean supportsMasking() {
    return true;
  }

  @Override
  protected KerasTensor call(KerasTensor inputs, boolean training) {
    KerasTensor x = Ops.cast(inputs, DType.FLOAT32);
    KerasTensor outputs;
    if (kernelScale == null) {
      outputs = product(x, lora.merged(kernel.value()), Ops::matmul);
    } else {
      outputs = int8Product(x);
      if (lora.enabled()) {
        // Keras's int8 call adds the LoRA term computed in float32.
        outputs = Ops.add(outputs, product(x, lora.adapter().delta(), Ops::matmul));
      }
    }
    if (useBias) {
      outputs = Ops.add(outputs, bias.value());
    }
    return activation.apply(outputs);
  }

  /**
   * Keras's {@code _int8_call}: the inputs quantized per sample (abs-max along the last axis), the
   * exact integer product with the int8 kernel, divided by {@code kernel_scale * inputs_scale}.
   * Without an inputs quantizer (weight-only), the float inputs times the kernel over {@code kernel_scale}.
   */
  private KerasTensor int8Product(KerasTensor x) {
    KerasTensor scale = kernelScale.value();
    if (inputsQuantizer == null) {
      return Ops.divide(product(x, Ops.cast(kernel.value(), DType.FLOAT32), Ops::matmul), scale);
    }
    List<KerasTensor> quantized = Ops.absMaxQuantize(x, new int[] {-1}, inputsQuantizer.min(), inputsQuantizer.max(),
        inputsQuantizer.epsilon());
    KerasTensor outputScale = Ops.multiply(scale, quantized.get(1));
    return Ops.divide(product(quantized.get(0), kernel.value(), Ops::int8Matmul), outputScale);
  }

  /** {@code x} times {@code matrix} along {@code x}'s last axis, for inputs of any rank. */
  private KerasTensor product(KerasTensor x, KerasTensor matrix,
      java.util.function.BinaryOperator<KerasTensor> matmul) {
    KerasTensor outputs;
    if (x.rank() == 2) {
      outputs = matmul.apply(x, matrix);
    } else {
      // Keras applies the kernel along the last axis of inputs of any rank: (batch, ..., units).
      long[] dims = x.shape().asArray();
      outputs = matmul.apply(Ops.reshape(x, -1, dims[dims.length - 1]), matrix);
      boolean known = java.util.Arrays.stream(dims, 1, dims.length - 1).noneMatch(d -> d == Shape.UNKNOWN);
      if (known) {
        dims[0] = -1;
        dims[dims.length - 1] = units;
        outputs = Ops.reshape(outputs, dims);
      } else {
        // Sizes known only when it runs, e.g. (batch, timesteps, features) of unknown length.
        KerasTensor leading = Ops.slice(Ops.shape(x), new int[] {0}, new int[] {dims.length - 1});
        outputs = Ops.reshape(outputs, Ops.concatenate(new KerasTensor[] {leading,
            Ops.convertToTensor(org.tensorflow.ndarray.NdArrays.vectorOf(Math.toIntExact(units)))}, 0));
      }
    }
    return outputs;
  }

  public static Dense fromConfig(Config config) {
    Dense dense = new Dense(config.getInt("units", 0));
    dense.activation(config.getString("activation", "linear"));
    dense.useBias(config.getBoolean("use_bias", true));
    WeightOptions.readAll(config, dense.kernelOptions, dense.biasOptions);
    dense.lora.readConfig(config);
    dense.inputsQuantizer = QuantizedPolicies.inputQuantizerOf(config, config.getString("name", dense.name()));
    return dense;
  }

  @Override
  public Map<String, Object> getConfig() {
    Map<String, Object> config = super.getConfig();
    config.put("units", units);
    config.put("activation", Activations.serialize(activationName, this));
    config.put("use_bias", useBias);
    WeightOptions.putInitializers(config, kernelOptions, biasOptions);
    WeightOptions.putRegularizers(config, kernelOptions, biasOptions);
    WeightOptions.putConstraints(config, kernelOptions, biasOptions);
    config.put("quantization_config", quantizationMode() == null ? null : QuantizedPolicies.int8Config(inputsQuantizer));
    lora.putConfig(config);
    return config;
  }
}
