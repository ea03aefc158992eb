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
 * RMSprop: {@code v = rho*v + (1-rho)*g^2; w -= lr*g / sqrt(v + epsilon)} (with momentum and the
 * centered variant as in Keras). Keras's defaults: learning rate 0.001, rho 0.9, momentum 0,
 * epsilon 1e-7.
 */
public class RMSprop extends FluentOptimizer<RMSprop> {
  private double rho;
  private double momentum;
  private double epsilon;
  private boolean centered;

  public RMSprop() {
    this(0.001);
  }

  public RMSprop(double learningRate) {
    this(learningRate, 0.9, 0.0, 1e-7, false);
  }

  /** RMSprop whose rate follows {@code schedule}. */
  public RMSprop(LearningRateSchedule schedule) {
    this(0.001);
    learningRate(schedule);
  }

  public RMSprop(double learningRate, double rho, double momentum, double epsilon, boolean centered) {
    super("RMSprop", learningRate);
    if (rho < 0 || rho >= 1 || momentum < 0 || epsilon < 0) {
      throw new IllegalArgumentException("RMSprop needs 0 <= rho < 1, momentum >= 0 and epsilon >= 0; got rho="
          + rho + ", momentum=" + momentum + ", epsilon=" + epsilon);
    }
    this.rho = rho;
    this.momentum = momentum;
    this.epsilon = epsilon;
    this.centered = centered;
  }

  /** The discounting factor of the gradient history (default 0.9). */
  public RMSprop rho(double rho) {
    this.rho = hyperparameter("rho", rho, rho >= 0 && rho < 1, "0 <= rho < 1");
    return this;
  }

  /** The momentum (default 0: none). */
  public RMSprop momentum(double momentum) {
    this.momentum = hyperparameter("momentum", momentum, momentum >= 0, "momentum >= 0");
    return this;
  }

  /** The constant added for numerical stability (default 1e-7). */
  public RMSprop epsilon(double epsilon) {
    this.epsilon = hyperparameter("epsilon", epsilon, epsilon >= 0, "epsilon >= 0");
    return this;
  }

  /** Whether to normalize by the estimated variance of the gradient (default false). */
  public RMSprop centered(boolean centered) {
    requireNoState("centered");
    this.centered = centered;
    return this;
  }

  @Override
  protected List<String> slotNames() {
    // TensorFlow's kernel always keeps a momentum accumulator; with momentum 0 it holds lr*g/sqrt(v+eps).
    return centered ? List.of("velocity", "momentum", "average_gradient") : List.of("velocity", "momentum");
  }

  @Override
  protected Update update(OptimizerKernels kernels, Variable variable, List<Variable> slots,
      KerasTensor gradient, KerasTensor learningRate, KerasTensor step) {
    return kernels.rmsProp(variable, slots.get(0), centered ? slots.get(2) : null, slots.get(1), learningRate,
        constant(rho), constant(momentum), constant(epsilon), gradient, centered);
  }

  /** Keras keeps a momentum slot only when momentum > 0; with 0, TensorFlow's accumulator holds no state. */
  @Override
  protected List<List<String>> savedSlotGroups() {
    List<List<String>> groups = new java.util.ArrayList<>();
    groups.add(List.of("velocity"));
    if (momentum > 0) {
      groups.add(List.of("momentum"));
    }
    if (centered) {
      groups.add(List.of("average_gradient"));
    }
    return groups;
  }

  public static RMSprop fromConfig(Config config) {
    return withBaseConfig(new RMSprop(fixedLearningRate(config, 0.001), config.getDouble("rho", 0.9),
        config.getDouble("momentum", 0), config.getDouble("epsilon", 1e-7), config.getBoolean("centered", false)),
        config);
  }

  @Override
  public Map<String, Object> getConfig() {
    Map<String, Object> config = super.getConfig();
    config.put("rho", rho);
    config.put("momentum", momentum);
    config.put("epsilon", epsilon);
    config.put("centered", centered);
    return config;
  }
}
