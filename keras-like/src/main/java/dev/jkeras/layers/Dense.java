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
import java.util.Map;

/** A densely connected layer: {@code activation(inputs . kernel + bias)}. */
public class Dense extends Layer {
  private final int units;
  private String activationName = "linear";
  private ActivationFunction activation = Activations::linear;
  private boolean useBias = true;
  private final WeightOptions kernelOptions = new WeightOptions(this, "kernel", Initializers.get("glorot_uniform"));
  private final WeightOptions biasOptions = new WeightOptions(this, "bias", Initializers.zeros());

  private Variable kernel;
  private Variable bias;

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
    kernel = kernelOptions.addWeight("kernel", Shape.of(inputDim, units));
    if (useBias) {
      bias = biasOptions.addWeight("bias", Shape.of(units));
    }
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
    if (x.rank() == 2) {
      outputs = Ops.matmul(x, kernel.value());
    } else {
      // Keras applies the kernel along the last axis of inputs of any rank: (batch, ..., units).
      long[] dims = x.shape().asArray();
      outputs = Ops.matmul(Ops.reshape(x, -1, dims[dims.length - 1]), kernel.value());
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
    if (useBias) {
      outputs = Ops.add(outputs, bias.value());
    }
    return activation.apply(outputs);
  }

  public static Dense fromConfig(Config config) {
    Dense dense = new Dense(config.getInt("units", 0));
    dense.activation(config.getString("activation", "linear"));
    dense.useBias(config.getBoolean("use_bias", true));
    WeightOptions.readAll(config, dense.kernelOptions, dense.biasOptions);
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
    config.put("quantization_config", null);
    return config;
  }
}
