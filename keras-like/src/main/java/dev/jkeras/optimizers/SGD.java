package dev.jkeras.optimizers;

import dev.jkeras.KerasTensor;
import dev.jkeras.backend.OptimizerKernels;
import dev.jkeras.backend.Update;
import dev.jkeras.backend.Variable;
import dev.jkeras.optimizers.schedules.LearningRateSchedule;
import dev.jkeras.saving.Config;
import java.util.List;
import java.util.Map;

/**
 * Gradient descent, with optional momentum: {@code m = momentum*m - lr*g; w += m}, or with Nesterov
 * {@code w += momentum*m - lr*g}. Keras's defaults: learning rate 0.01, no momentum.
 */
public class SGD extends FluentOptimizer<SGD> {
  private double momentum;
  private boolean nesterov;

  public SGD() {
    this(0.01);
  }

  public SGD(double learningRate) {
    this(learningRate, 0.0, false);
  }

  public SGD(double learningRate, double momentum, boolean nesterov) {
    super("SGD", learningRate);
    this.momentum = checkMomentum(momentum);
    this.nesterov = nesterov;
  }

  /** SGD whose rate follows {@code schedule}, e.g. {@code new SGD(new ExponentialDecay(0.01, 20, 0.1))}. */
  public SGD(LearningRateSchedule schedule) {
    this(schedule, 0.0, false);
  }

  public SGD(LearningRateSchedule schedule, double momentum, boolean nesterov) {
    super("SGD", schedule);
    this.momentum = checkMomentum(momentum);
    this.nesterov = nesterov;
  }

  private static double checkMomentum(double momentum) {
    if (momentum < 0 || momentum > 1) {
      throw new IllegalArgumentException("SGD momentum must be in [0, 1], got " + momentum);
    }
    return momentum;
  }

  /** The momentum that accelerates descent and dampens oscillations (default 0: none). */
  public SGD momentum(double momentum) {
    this.momentum = hyperparameter("momentum", momentum, momentum >= 0 && momentum <= 1, "0 <= momentum <= 1");
    return this;
  }

  /** Whether to apply Nesterov momentum (default false). */
  public SGD nesterov(boolean nesterov) {
    requireNoState("nesterov");
    this.nesterov = nesterov;
    return this;
  }

  public double momentum() {
    return momentum;
  }

  public boolean nesterov() {
    return nesterov;
  }

  @Override
  protected List<String> slotNames() {
    return momentum == 0 ? List.of() : List.of("momentum");
  }

  @Override
  protected Update update(OptimizerKernels kernels, Variable variable, List<Variable> slots,
      KerasTensor gradient, KerasTensor learningRate, KerasTensor step) {
    if (momentum == 0) {
      return kernels.gradientDescent(variable, learningRate, gradient);
    }
    return kernels.kerasMomentum(variable, slots.get(0), learningRate, gradient, constant(momentum), nesterov);
  }

  public static SGD fromConfig(Config config) {
    return withBaseConfig(new SGD(fixedLearningRate(config, 0.01), config.getDouble("momentum", 0),
        config.getBoolean("nesterov", false)), config);
  }

  @Override
  public Map<String, Object> getConfig() {
    Map<String, Object> config = super.getConfig();
    config.put("momentum", momentum);
    config.put("nesterov", nesterov);
    return config;
  }
}
