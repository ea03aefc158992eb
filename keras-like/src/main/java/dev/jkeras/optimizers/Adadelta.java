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
 * Adadelta: {@code a = rho*a + (1-rho)*g^2; d = sqrt(D + eps) / sqrt(a + eps) * g;
 * D = rho*D + (1-rho)*d^2; w -= lr*d}, with TensorFlow's fused kernel. Keras's defaults: learning
 * rate 0.001, rho 0.95, epsilon 1e-7.
 */
public class Adadelta extends FluentOptimizer<Adadelta> {
  private double rho;
  private double epsilon;

  public Adadelta() {
    this(0.001);
  }

  public Adadelta(double learningRate) {
    this(learningRate, 0.95, 1e-7);
  }

  /** Adadelta whose rate follows {@code schedule}. */
  public Adadelta(LearningRateSchedule schedule) {
    this();
    learningRate(schedule);
  }

  public Adadelta(double learningRate, double rho, double epsilon) {
    super("Adadelta", learningRate);
    if (rho < 0 || rho > 1 || epsilon < 0) {
      throw new IllegalArgumentException("Adadelta needs 0 <= rho <= 1 and epsilon >= 0; got rho=" + rho
          + ", epsilon=" + epsilon);
    }
    this.rho = rho;
    this.epsilon = epsilon;
  }

  /** The decay rate of the accumulators (default 0.95). */
  public Adadelta rho(double rho) {
    this.rho = hyperparameter("rho", rho, rho >= 0 && rho <= 1, "0 <= rho <= 1");
    return this;
  }

  /** The constant added for numerical stability (default 1e-7). */
  public Adadelta epsilon(double epsilon) {
    this.epsilon = hyperparameter("epsilon", epsilon, epsilon >= 0, "epsilon >= 0");
    return this;
  }

  @Override
  protected List<String> slotNames() {
    return List.of("accumulated_grad", "accumulated_delta_var");
  }

  @Override
  protected Update update(OptimizerKernels kernels, Variable variable, List<Variable> slots,
      KerasTensor gradient, KerasTensor learningRate, KerasTensor step) {
    return kernels.adadelta(variable, slots.get(0), slots.get(1), learningRate, constant(rho), constant(epsilon),
        gradient);
  }

  public static Adadelta fromConfig(Config config) {
    return withBaseConfig(new Adadelta(fixedLearningRate(config, 0.001), config.getDouble("rho", 0.95),
        config.getDouble("epsilon", 1e-7)), config);
  }

  @Override
  public Map<String, Object> getConfig() {
    Map<String, Object> config = super.getConfig();
    config.put("rho", rho);
    config.put("epsilon", epsilon);
    return config;
  }
}
