package dev.jkeras.layers;

import dev.jkeras.DType;
import dev.jkeras.KerasTensor;
import dev.jkeras.Shape;
import dev.jkeras.backend.Variable;
import dev.jkeras.initializers.Initializers;
import dev.jkeras.ops.Ops;
import dev.jkeras.saving.Config;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

/**
 * Root-mean-square normalization, as {@code keras.layers.RMSNormalization}:
 * {@code x * rsqrt(mean(x^2) + epsilon) * scale} over {@code axis} (the last by default), with a weight
 * {@code scale} (ones at first) shaped as the input's dimensions on those axes. Once built, {@code axis} is saved as a
 * sorted list, as Keras saves it.
 */
public class RMSNormalization extends Layer {
  private int[] axis = {-1};
  private boolean axisIsList;
  private double epsilon = 1e-6;
  private Variable scale;
  private int[] builtAxes;

  public RMSNormalization() {}

  /** The axes to normalize over; default -1. */
  public RMSNormalization axis(int... axis) {
    checkNotBuilt("axis");
    if (axis.length == 0) {
      throw new IllegalArgumentException("Layer \"" + name() + "\" (RMSNormalization) needs at least one axis, got "
          + "none");
    }
    this.axis = axis.clone();
    this.axisIsList = axis.length > 1;
    return this;
  }

  /** Added to the mean square; default 1e-6. */
  public RMSNormalization epsilon(double epsilon) {
    checkNotBuilt("epsilon");
    if (!(epsilon >= 0)) {
      throw new IllegalArgumentException("Layer \"" + name() + "\" (RMSNormalization): epsilon must be >= 0, got "
          + epsilon);
    }
    this.epsilon = epsilon;
    return this;
  }

  public double epsilon() {
    return epsilon;
  }

  @Override
  public RMSNormalization name(String name) {
    super.name(name);
    return this;
  }

  @Override
  public RMSNormalization inputShape(int... shape) {
    super.inputShape(shape);
    return this;
  }

  @Override
  protected void build(Shape inputShape) {
    builtAxes = Axes.canonical(name(), "RMSNormalization", axis, inputShape);
    Shape shape = Axes.weightShape(name(), "RMSNormalization", builtAxes, inputShape);
    scale = addWeight("scale", shape, Initializers.ones(), true);
  }

  @Override
  protected KerasTensor call(KerasTensor inputs, boolean training) {
    KerasTensor x = Ops.cast(inputs, DType.FLOAT32);
    KerasTensor meanSquare = Ops.mean(Ops.square(x), builtAxes, true);
    KerasTensor normalized = Ops.multiply(x, Ops.rsqrt(Ops.add(meanSquare, epsilon)));
    return Ops.multiply(normalized, Axes.broadcast(scale.value(), builtAxes, x.shape()));
  }

  public static RMSNormalization fromConfig(Config config) {
    RMSNormalization layer = new RMSNormalization();
    Object axis = config.get("axis");
    if (axis instanceof List<?>) {
      layer.axis(config.getIntArray("axis"));
      layer.axisIsList = true;
    } else if (axis != null) {
      layer.axis(config.getInt("axis", -1));
    }
    return layer.epsilon(config.getDouble("epsilon", 1e-6));
  }

  @Override
  public Map<String, Object> getConfig() {
    Map<String, Object> config = super.getConfig();
    if (builtAxes != null) {
      int[] sorted = axis.clone();
      Arrays.sort(sorted);
      config.put("axis", Axes.list(sorted));
    } else {
      config.put("axis", axisIsList ? Axes.list(axis) : (Object) axis[0]);
    }
    config.put("epsilon", epsilon);
    return config;
  }
}
