package dev.jkeras.layers;

import dev.jkeras.DType;
import dev.jkeras.KerasTensor;
import dev.jkeras.Shape;
import dev.jkeras.backend.Variable;
import dev.jkeras.constraints.Constraint;
import dev.jkeras.initializers.Initializer;
import dev.jkeras.initializers.Initializers;
import dev.jkeras.ops.Ops;
import dev.jkeras.regularizers.Regularizer;
import dev.jkeras.saving.Config;
import java.util.List;
import java.util.Map;

/**
 * Normalizes each sample over {@code axis} (the last by default), independently of the batch:
 * {@code gamma * (x - mean) / sqrt(variance + epsilon) + beta}, with Keras's defaults (epsilon 1e-3,
 * center and scale on). The same computation in training and inference.
 */
public class LayerNormalization extends Layer {
  private int[] axis = {-1};
  private boolean axisIsList;
  private double epsilon = 1e-3;
  private boolean center = true;
  private boolean scale = true;
  private final WeightOptions betaOptions = new WeightOptions(this, "beta", Initializers.zeros());
  private final WeightOptions gammaOptions = new WeightOptions(this, "gamma", Initializers.ones());

  private Variable gamma;
  private Variable beta;
  private int[] builtAxes;

  public LayerNormalization() {}

  /** The axes to normalize over; may be negative (default -1). */
  public LayerNormalization axis(int... axis) {
    checkNotBuilt("axis");
    if (axis.length == 0) {
      throw new IllegalArgumentException("LayerNormalization needs at least one axis");
    }
    this.axis = axis.clone();
    this.axisIsList = axis.length > 1;
    return this;
  }

  public LayerNormalization epsilon(double epsilon) {
    checkNotBuilt("epsilon");
    this.epsilon = epsilon;
    return this;
  }

  public LayerNormalization center(boolean center) {
    checkNotBuilt("center");
    this.center = center;
    return this;
  }

  public LayerNormalization scale(boolean scale) {
    checkNotBuilt("scale");
    this.scale = scale;
    return this;
  }

  public LayerNormalization betaInitializer(Initializer initializer) {
    betaOptions.initializer(initializer);
    return this;
  }

  public LayerNormalization gammaInitializer(Initializer initializer) {
    gammaOptions.initializer(initializer);
    return this;
  }

  public LayerNormalization betaRegularizer(Regularizer regularizer) {
    betaOptions.regularizer(regularizer);
    return this;
  }

  public LayerNormalization gammaRegularizer(Regularizer regularizer) {
    gammaOptions.regularizer(regularizer);
    return this;
  }

  public LayerNormalization betaConstraint(Constraint constraint) {
    betaOptions.constraint(constraint);
    return this;
  }

  public LayerNormalization gammaConstraint(Constraint constraint) {
    gammaOptions.constraint(constraint);
    return this;
  }

  @Override
  public LayerNormalization name(String name) {
    super.name(name);
    return this;
  }

  @Override
  public LayerNormalization inputShape(int... shape) {
    super.inputShape(shape);
    return this;
  }

  @Override
  protected void build(Shape inputShape) {
    builtAxes = Axes.canonical(name(), "LayerNormalization", axis, inputShape);
    Shape shape = Axes.weightShape(name(), "LayerNormalization", builtAxes, inputShape);
    if (scale) {
      gamma = gammaOptions.addWeight("gamma", shape);
    }
    if (center) {
      beta = betaOptions.addWeight("beta", shape);
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
    KerasTensor[] moments = Ops.moments(x, builtAxes, true);
    Shape shape = x.shape();
    return Ops.batchNormalization(x, moments[0], moments[1],
        center ? Axes.broadcast(beta.value(), builtAxes, shape) : null,
        scale ? Axes.broadcast(gamma.value(), builtAxes, shape) : null,
        epsilon);
  }

  public static LayerNormalization fromConfig(Config config) {
    LayerNormalization layer = new LayerNormalization();
    Object axis = config.get("axis");
    if (axis instanceof Number n) {
      layer.axis(config.getInt("axis", n.intValue()));
    } else if (axis instanceof List<?>) {
      layer.axis(config.getIntArray("axis"));
      layer.axisIsList = true;
    }
    if (config.getBoolean("rms_scaling", false)) {
      throw new IllegalArgumentException("LayerNormalization with rms_scaling=True is not supported by jkeras");
    }
    layer.epsilon(config.getDouble("epsilon", 1e-3))
        .center(config.getBoolean("center", true))
        .scale(config.getBoolean("scale", true));
    WeightOptions.readAll(config, layer.betaOptions, layer.gammaOptions);
    return layer;
  }

  /** {@code axis} is saved as Keras saves it: once built, the sorted list of the axes as given (e.g. {@code [-1]}). */
  @Override
  public Map<String, Object> getConfig() {
    Map<String, Object> config = super.getConfig();
    if (builtAxes != null) {
      int[] sorted = axis.clone();
      java.util.Arrays.sort(sorted);
      config.put("axis", Axes.list(sorted));
    } else {
      config.put("axis", axisIsList ? Axes.list(axis) : (Object) axis[0]);
    }
    config.put("epsilon", epsilon);
    config.put("center", center);
    config.put("scale", scale);
    config.put("rms_scaling", false);
    WeightOptions.putInitializers(config, betaOptions, gammaOptions);
    WeightOptions.putRegularizers(config, betaOptions, gammaOptions);
    WeightOptions.putConstraints(config, betaOptions, gammaOptions);
    return config;
  }
}
