package dev.jkeras.layers;

import dev.jkeras.KerasTensor;
import dev.jkeras.Shape;
import dev.jkeras.ops.Ops;
import dev.jkeras.saving.Config;
import java.util.List;
import java.util.Map;

/**
 * Scales each sample to an L2 norm of 1 over {@code axis} (the last by default, or several axes), as
 * {@code keras.layers.UnitNormalization}: {@code x / max(||x||, 1e-12)}. No weights.
 */
public class UnitNormalization extends Layer {
  private int[] axis = {-1};
  private boolean axisIsList;

  public UnitNormalization() {}

  /** The axes to normalize across; several are saved as a list. */
  public UnitNormalization axis(int... axis) {
    checkNotBuilt("axis");
    if (axis.length == 0) {
      throw new IllegalArgumentException("Layer \"" + name() + "\" (UnitNormalization) needs at least one axis, got "
          + "none");
    }
    this.axis = axis.clone();
    this.axisIsList = axis.length > 1;
    return this;
  }

  public int[] axis() {
    return axis.clone();
  }

  @Override
  public UnitNormalization name(String name) {
    super.name(name);
    return this;
  }

  @Override
  public UnitNormalization inputShape(int... shape) {
    super.inputShape(shape);
    return this;
  }

  /** Passes the input's mask through, as Keras's {@code supports_masking = True}. */
  @Override
  public boolean supportsMasking() {
    return true;
  }

  @Override
  protected void build(Shape inputShape) {
    Axes.canonical(name(), "UnitNormalization", axis, inputShape);
  }

  @Override
  protected KerasTensor call(KerasTensor inputs, boolean training) {
    int[] axes = Axes.canonical(name(), "UnitNormalization", axis, inputs.shape());
    KerasTensor inverseNorm = Ops.rsqrt(Ops.sum(Ops.square(inputs), axes, true));
    return Ops.multiply(inputs, Ops.minimum(inverseNorm, 1e12));
  }

  public static UnitNormalization fromConfig(Config config) {
    UnitNormalization layer = new UnitNormalization();
    Object axis = config.get("axis");
    if (axis instanceof List<?>) {
      layer.axis(config.getIntArray("axis"));
      layer.axisIsList = true;
    } else if (axis != null) {
      layer.axis(config.getInt("axis", -1));
    }
    return layer;
  }

  @Override
  public Map<String, Object> getConfig() {
    Map<String, Object> config = super.getConfig();
    config.put("axis", axisIsList ? Axes.list(axis) : (Object) axis[0]);
    return config;
  }
}
