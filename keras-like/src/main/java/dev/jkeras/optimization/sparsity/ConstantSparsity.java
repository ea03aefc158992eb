package dev.jkeras.optimization.sparsity;

import dev.jkeras.DType;
import dev.jkeras.KerasTensor;
import dev.jkeras.ops.Ops;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * One sparsity throughout, as {@code tfmot.sparsity.keras.ConstantSparsity(target_sparsity,
 * begin_step, end_step=-1, frequency=100)}: at every pruning step the weights are pruned to
 * {@code targetSparsity}.
 */
public final class ConstantSparsity extends PruningSchedule {
  private final double targetSparsity;

  /** From {@code beginStep} on, with no end, every 100 steps. */
  public ConstantSparsity(double targetSparsity, long beginStep) {
    this(targetSparsity, beginStep, -1, 100);
  }

  public ConstantSparsity(double targetSparsity, long beginStep, long endStep, long frequency) {
    super(beginStep, endStep, frequency, true);
    this.targetSparsity = checkSparsity(targetSparsity, "target_sparsity");
  }

  public double targetSparsity() {
    return targetSparsity;
  }

  @Override
  public float sparsity(long step) {
    return (float) targetSparsity;
  }

  @Override
  public KerasTensor sparsity(KerasTensor step) {
    return Ops.scalar((float) targetSparsity, DType.FLOAT32);
  }

  @Override
  public Map<String, Object> getConfig() {
    Map<String, Object> config = new LinkedHashMap<>();
    config.put("target_sparsity", targetSparsity);
    config.put("begin_step", beginStep());
    config.put("end_step", endStep());
    config.put("frequency", frequency());
    return Map.of("class_name", "ConstantSparsity", "config", config);
  }

  @Override
  public String toString() {
    return "ConstantSparsity(target_sparsity=" + targetSparsity + ", begin_step=" + beginStep() + ", end_step="
        + endStep() + ", frequency=" + frequency() + ")";
  }
}
