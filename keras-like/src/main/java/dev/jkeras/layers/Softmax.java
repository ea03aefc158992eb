package dev.jkeras.layers;

import dev.jkeras.DType;
import dev.jkeras.KerasTensor;
import dev.jkeras.Shape;
import dev.jkeras.ops.Ops;
import dev.jkeras.saving.Config;
import java.util.List;
import java.util.Map;

/**
 * The softmax layer, as {@code keras.layers.Softmax}: {@code exp(x) / sum(exp(x))} over {@code axis} (the last by
 * default, or several axes). With a mask (the input's, broadcastable to it: each mask axis 1 or the input's size,
 * aligned from the last axis), masked positions take no part and give 0.
 */
public class Softmax extends Layer {
  /** Keras's stand-in for minus infinity at masked positions. */
  private static final double LARGE_NEGATIVE = -1e9;

  private int[] axis = {-1};
  private boolean axisIsList;

  public Softmax() {}

  /** The axis of the softmax; default -1. */
  public Softmax(int axis) {
    this.axis = new int[] {axis};
  }

  /** The axes the softmax normalizes over together (saved as a list, as Keras saves a tuple). */
  public Softmax axis(int... axis) {
    checkNotBuilt("axis");
    if (axis.length == 0) {
      throw new IllegalArgumentException("Layer \"" + name() + "\" (Softmax) needs at least one axis, got none");
    }
    this.axis = axis.clone();
    this.axisIsList = true;
    return this;
  }

  public int[] axis() {
    return axis.clone();
  }

  @Override
  public Softmax name(String name) {
    super.name(name);
    return this;
  }

  @Override
  public Softmax inputShape(int... shape) {
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
    Axes.canonical(name(), "Softmax", axis, inputShape);
  }

  @Override
  protected KerasTensor call(KerasTensor inputs, boolean training) {
    return call(inputs, training, null);
  }

  @Override
  protected KerasTensor call(KerasTensor inputs, boolean training, KerasTensor mask) {
    KerasTensor keep = mask == null ? null : keepMask(inputs, mask);
    KerasTensor x = keep == null ? inputs : Ops.where(keep, inputs, Ops.scalar(LARGE_NEGATIVE, inputs.dtype()));
    KerasTensor outputs;
    if (axis.length == 1) {
      outputs = Ops.softmax(x, axis[0]);
    } else {
      int[] axes = Axes.canonical(name(), "Softmax", axis, inputs.shape());
      KerasTensor shifted = Ops.exp(Ops.subtract(x, Ops.stopGradient(Ops.max(x, axes, true))));
      outputs = Ops.divide(shifted, Ops.sum(shifted, axes, true));
    }
    return keep == null ? outputs : Ops.where(keep, outputs, Ops.scalar(0, outputs.dtype()));
  }

  /** The mask as booleans, checked to broadcast against the inputs (a non-boolean mask keeps values > 0.5). */
  private KerasTensor keepMask(KerasTensor inputs, KerasTensor mask) {
    Shape in = inputs.shape();
    Shape m = mask.shape();
    boolean fits = m.rank() <= in.rank();
    for (int i = 1; fits && i <= m.rank(); i++) {
      long md = m.get(m.rank() - i);
      long id = in.get(in.rank() - i);
      fits = md == Shape.UNKNOWN || id == Shape.UNKNOWN || md == 1 || md == id;
    }
    if (!fits) {
      throw new IllegalArgumentException("Layer \"" + name() + "\" (Softmax): the `mask` must be broadcastable to "
          + "`inputs`: each mask dimension, from the last, must be 1 or match the input's, and the mask must not have "
          + "more dimensions. Received: inputs.shape=" + in + ", mask.shape=" + m + ". Give a mask of the inputs' "
          + "shape (or with size-1 axes), or apply the softmax on inputs whose trailing axes the mask covers.");
    }
    return mask.dtype() == DType.BOOL ? mask : Ops.greater(mask, 0.5);
  }

  public static Softmax fromConfig(Config config) {
    Object axis = config.get("axis");
    if (axis instanceof List<?>) {
      return new Softmax().axis(config.getIntArray("axis"));
    }
    return new Softmax(axis == null ? -1 : config.getInt("axis", -1));
  }

  @Override
  public Map<String, Object> getConfig() {
    Map<String, Object> config = super.getConfig();
    config.put("axis", axisIsList ? Axes.list(axis) : (Object) axis[0]);
    return config;
  }
}
