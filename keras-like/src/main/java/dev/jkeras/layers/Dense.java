package dev.jkeras.layers;

import dev.jkeras.DType;
import dev.jkeras.KerasTensor;
import dev.jkeras.Shape;
import dev.jkeras.activations.ActivationFunction;
import dev.jkeras.activations.Activations;
import dev.jkeras.backend.Variable;
import dev.jkeras.constraints.Constraint;
import dev.jkeras.constraints.Constraints;
import dev.jkeras.initializers.Initializer;
import dev.jkeras.initializers.Initializers;
import dev.jkeras.ops.Ops;
import dev.jkeras.regularizers.Regularizer;
import dev.jkeras.regularizers.Regularizers;
import dev.jkeras.saving.Config;
import dev.jkeras.saving.Serialization;
import java.util.Map;

/** A densely connected layer: {@code activation(inputs . kernel + bias)}. */
public class Dense extends Layer {
  private final int units;
  private String activationName = "linear";
  private ActivationFunction activation = Activations::linear;
  private boolean useBias = true;
  private Initializer kernelInitializer = Initializers.get("glorot_uniform");
  private Initializer biasInitializer = Initializers.zeros();
  private Regularizer kernelRegularizer;
  private Regularizer biasRegularizer;
  private Constraint kernelConstraint;
  private Constraint biasConstraint;

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
    return kernelInitializer(Initializers.get(name));
  }

  public Dense kernelInitializer(Initializer initializer) {
    checkNotBuilt("kernelInitializer");
    this.kernelInitializer = initializer;
    return this;
  }

  public Dense biasInitializer(String name) {
    return biasInitializer(Initializers.get(name));
  }

  public Dense biasInitializer(Initializer initializer) {
    checkNotBuilt("biasInitializer");
    this.biasInitializer = initializer;
    return this;
  }

  public Dense kernelRegularizer(Regularizer regularizer) {
    checkNotBuilt("kernelRegularizer");
    this.kernelRegularizer = regularizer;
    return this;
  }

  public Dense biasRegularizer(Regularizer regularizer) {
    checkNotBuilt("biasRegularizer");
    this.biasRegularizer = regularizer;
    return this;
  }

  /** A constraint applied to the kernel after each optimizer update, e.g. {@code new MaxNorm(1)}. */
  public Dense kernelConstraint(Constraint constraint) {
    checkNotBuilt("kernelConstraint");
    this.kernelConstraint = constraint;
    return this;
  }

  /** A constraint by Keras's name, e.g. {@code "max_norm"}, {@code "non_neg"}. */
  public Dense kernelConstraint(String name) {
    return kernelConstraint(Constraints.get(name));
  }

  /** A constraint applied to the bias after each optimizer update. */
  public Dense biasConstraint(Constraint constraint) {
    checkNotBuilt("biasConstraint");
    this.biasConstraint = constraint;
    return this;
  }

  public Dense biasConstraint(String name) {
    return biasConstraint(Constraints.get(name));
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
    for (int i = 1; i < inputShape.rank() - 1; i++) {
      if (inputShape.get(i) == Shape.UNKNOWN) {
        throw new IllegalArgumentException("Layer \"" + name() + "\" (Dense) needs known sizes between the batch "
            + "and the last dimension, got shape " + inputShape);
      }
    }
    long inputDim = inputShape.get(-1);
    if (inputDim == Shape.UNKNOWN) {
      throw new IllegalArgumentException("Layer \"" + name() + "\" (Dense) needs a known last input dimension, got "
          + inputShape);
    }
    kernel = addWeight("kernel", Shape.of(inputDim, units), kernelInitializer, true, kernelRegularizer,
        kernelConstraint);
    if (useBias) {
      bias = addWeight("bias", Shape.of(units), biasInitializer, true, biasRegularizer, biasConstraint);
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
      dims[0] = -1;
      dims[dims.length - 1] = units;
      outputs = Ops.reshape(outputs, dims);
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
    if (config.get("kernel_initializer") != null) {
      dense.kernelInitializer(Initializers.deserialize(config.get("kernel_initializer")));
    }
    if (config.get("bias_initializer") != null) {
      dense.biasInitializer(Initializers.deserialize(config.get("bias_initializer")));
    }
    dense.kernelRegularizer(Regularizers.deserialize(config.get("kernel_regularizer")));
    dense.biasRegularizer(Regularizers.deserialize(config.get("bias_regularizer")));
    dense.kernelConstraint(Constraints.deserialize(config.get("kernel_constraint")));
    dense.biasConstraint(Constraints.deserialize(config.get("bias_constraint")));
    return dense;
  }

  @Override
  public Map<String, Object> getConfig() {
    Map<String, Object> config = super.getConfig();
    config.put("units", units);
    config.put("activation", Activations.serialize(activationName, this));
    config.put("use_bias", useBias);
    config.put("kernel_initializer", Serialization.serialize(kernelInitializer));
    config.put("bias_initializer", Serialization.serialize(biasInitializer));
    config.put("kernel_regularizer", Serialization.serialize(kernelRegularizer));
    config.put("bias_regularizer", Serialization.serialize(biasRegularizer));
    config.put("kernel_constraint", Serialization.serialize(kernelConstraint));
    config.put("bias_constraint", Serialization.serialize(biasConstraint));
    config.put("quantization_config", null);
    return config;
  }
}
