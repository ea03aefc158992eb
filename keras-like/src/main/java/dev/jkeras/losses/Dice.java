package dev.jkeras.losses;

import dev.jkeras.KerasTensor;
import dev.jkeras.ops.Ops;
import dev.jkeras.saving.Config;
import java.util.Map;

/**
 * The Dice loss of segmentation masks: {@code 1 - 2 * sum(y * p) / (sum(y) + sum(p) + 1e-7)}, summed over
 * {@code axis} (by default every axis, giving one value for the whole batch, as in Keras).
 */
public class Dice extends Loss {
  private int[] axis;

  public Dice() {
    this("dice");
  }

  /** Logged and saved as {@code name}, as Keras's {@code name=} argument. */
  public Dice(String name) {
    super(name);
  }

  /** Keras's {@code axis=}: the axes summed over (e.g. {@code 1, 2} for one value per image); none for all. */
  public Dice axis(int... axis) {
    this.axis = axis == null || axis.length == 0 ? null : axis.clone();
    return this;
  }

  public static Dice fromConfig(Config config) {
    return withSavedReduction(config, new Dice(nameFrom(config, "dice")).axis(Overlap.read(config)));
  }

  /** Keras's config: name, reduction, axis. */
  @Override
  public Map<String, Object> getConfig() {
    Map<String, Object> config = super.getConfig();
    config.put("axis", Overlap.saved(axis));
    return config;
  }

  @Override
  public TargetRule targetRule() {
    return TargetRule.BROADCAST;
  }

  @Override
  public KerasTensor call(KerasTensor yTrue, KerasTensor yPred) {
    KerasTensor target = matchTargets(yTrue, yPred);
    KerasTensor intersection = Overlap.sum(Ops.multiply(target, yPred), axis);
    KerasTensor total = Ops.add(Ops.add(Overlap.sum(target, axis), Overlap.sum(yPred, axis)), EPSILON);
    return Ops.subtract(1.0, Ops.divide(Ops.multiply(intersection, 2.0), total));
  }
}
