package dev.jkeras.optimizers;

import dev.jkeras.KerasTensor;
import dev.jkeras.backend.OptimizerKernels;
import dev.jkeras.backend.Update;
import dev.jkeras.backend.Variable;
import dev.jkeras.ops.Ops;
import dev.jkeras.optimizers.schedules.LearningRateSchedule;
import dev.jkeras.saving.Config;
import java.util.List;

/**
 * Adamax, Adam with the infinity norm: {@code m += (g - m)(1-b1); u = max(b2*u, |g|);
 * w -= lr * m / ((1 - b1^t) * (u + epsilon))}, with TensorFlow's fused kernel. Keras's defaults:
 * learning rate 0.001, beta1 0.9, beta2 0.999, epsilon 1e-7.
 */
public class Adamax extends AdaptiveMomentOptimizer<Adamax> {

  public Adamax() {
    this(0.001);
  }

  public Adamax(double learningRate) {
    this(learningRate, 0.9, 0.999, 1e-7);
  }

  /** Adamax whose rate follows {@code schedule}. */
  public Adamax(LearningRateSchedule schedule) {
    this();
    learningRate(schedule);
  }

  public Adamax(double learningRate, double beta1, double beta2, double epsilon) {
    super("Adamax", learningRate, beta1, beta2, epsilon);
  }

  @Override
  protected List<String> slotNames() {
    return List.of("momentum", "norm");
  }

  @Override
  protected Update update(OptimizerKernels kernels, Variable variable, List<Variable> slots,
      KerasTensor gradient, KerasTensor learningRate, KerasTensor step) {
    return kernels.adaMax(variable, slots.get(0), slots.get(1), Ops.power(constant(beta1()), step), learningRate,
        constant(beta1()), constant(beta2()), constant(epsilon()), gradient);
  }

  public static Adamax fromConfig(Config config) {
    return fromSavedConfig(config, Adamax::new);
  }
}
