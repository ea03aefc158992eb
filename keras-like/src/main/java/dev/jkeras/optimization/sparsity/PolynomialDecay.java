package dev.jkeras.optimization.sparsity;

import dev.jkeras.DType;
import dev.jkeras.KerasTensor;
import dev.jkeras.ops.Ops;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Sparsity rising fast, then levelling off, as {@code tfmot.sparsity.keras.PolynomialDecay(
 * initial_sparsity, final_sparsity, begin_step, end_step, power=3, frequency=100)} (Zhu and Gupta,
 * arXiv:1710.01878):
 * <pre>
 * p        = min(1, max(0, (step - begin_step) / (end_step - begin_step)))
 * sparsity = (initial_sparsity - final_sparsity) * (1 - p)^power + final_sparsity
 * </pre>
 * in float32, the difference of the sparsities taken in double first, as tfmot's graph does.
 */
public final class PolynomialDecay extends PruningSchedule {
  private final double initialSparsity;
  private final double finalSparsity;
  private final double power;

  /** With tfmot's defaults {@code power=3, frequency=100}. */
  public PolynomialDecay(double initialSparsity, double finalSparsity, long beginStep, long endStep) {
    this(initialSparsity, finalSparsity, beginStep, endStep, 3, 100);
  }

  public PolynomialDecay(double initialSparsity, double finalSparsity, long beginStep, long endStep, double power,
      long frequency) {
    super(beginStep, endStep, frequency, false);
    this.initialSparsity = checkSparsity(initialSparsity, "initial_sparsity");
    this.finalSparsity = checkSparsity(finalSparsity, "final_sparsity");
    if (!Double.isFinite(power)) {
      throw new IllegalArgumentException("PolynomialDecay power must be a finite number, got " + power);
    }
    this.power = power;
  }

  public double initialSparsity() {
    return initialSparsity;
  }

  public double finalSparsity() {
    return finalSparsity;
  }

  public double power() {
    return power;
  }

  @Override
  public float sparsity(long step) {
    float p = Math.min(1f, Math.max(0f, (float) (step - beginStep()) / (float) (endStep() - beginStep())));
    return (float) (initialSparsity - finalSparsity) * (float) Math.pow(1f - p, (float) power) + (float) finalSparsity;
  }

  @Override
  public KerasTensor sparsity(KerasTensor step) {
    KerasTensor fraction = Ops.divide(Ops.cast(Ops.subtract(step, beginStep()), DType.FLOAT32),
        Ops.scalar((float) (endStep() - beginStep()), DType.FLOAT32));
    KerasTensor p = Ops.minimum(Ops.maximum(fraction, 0.0), 1.0);
    KerasTensor decayed = Ops.power(Ops.subtract(1.0, p), Ops.scalar((float) power, DType.FLOAT32));
    return Ops.add(Ops.multiply(decayed, Ops.scalar((float) (initialSparsity - finalSparsity), DType.FLOAT32)),
        Ops.scalar((float) finalSparsity, DType.FLOAT32));
  }

  @Override
  public Map<String, Object> getConfig() {
    Map<String, Object> config = new LinkedHashMap<>();
    config.put("initial_sparsity", initialSparsity);
    config.put("final_sparsity", finalSparsity);
    config.put("power", power);
    config.put("begin_step", beginStep());
    config.put("end_step", endStep());
    config.put("frequency", frequency());
    return Map.of("class_name", "PolynomialDecay", "config", config);
  }

  @Override
  public String toString() {
    return "PolynomialDecay(initial_sparsity=" + initialSparsity + ", final_sparsity=" + finalSparsity + ", begin_step="
        + beginStep() + ", end_step=" + endStep() + ", power=" + power + ", frequency=" + frequency() + ")";
  }
}
