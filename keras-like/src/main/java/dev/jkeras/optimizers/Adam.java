package dev.jkeras.optimizers;

import dev.jkeras.KerasTensor;
import dev.jkeras.backend.OptimizerKernels;
import dev.jkeras.backend.Update;
import dev.jkeras.backend.Variable;
import dev.jkeras.ops.Ops;
import dev.jkeras.optimizers.schedules.LearningRateSchedule;
import dev.jkeras.saving.Config;
import java.util.List;
import java.util.Map;

/**
 * Adam: {@code m = b1*m + (1-b1)*g; v = b2*v + (1-b2)*g^2;
 * w -= lr*sqrt(1-b2^t)/(1-b1^t) * m / (sqrt(v) + epsilon)}; with AMSGrad, the running maximum of
 * {@code v} is used. Keras's defaults: learning rate 0.001, beta1 0.9, beta2 0.999, epsilon 1e-7.
 */
public class Adam extends AdaptiveMomentOptimizer<Adam> {
  private boolean amsgrad;

  public Adam() {
    this(0.001);
  }

  public Adam(double learningRate) {
    this(learningRate, 0.9, 0.999, 1e-7, false);
  }

  /** Adam whose rate follows {@code schedule}. */
  public Adam(LearningRateSchedule schedule) {
    this(0.001);
    learningRate(schedule);
  }

  public Adam(double learningRate, double beta1, double beta2, double epsilon, boolean amsgrad) {
    this("Adam", learningRate, beta1, beta2, epsilon, amsgrad);
  }

  /** For optimizers that are Adam under another name (AdamW). */
  protected Adam(String name, double learningRate, double beta1, double beta2, double epsilon, boolean amsgrad) {
    super(name, learningRate, beta1, beta2, epsilon);
    this.amsgrad = amsgrad;
  }

  /** Whether to use the AMSGrad variant (default false). */
  public Adam amsgrad(boolean amsgrad) {
    requireNoState("amsgrad");
    this.amsgrad = amsgrad;
    return this;
  }

  public boolean amsgrad() {
    return amsgrad;
  }

  @Override
  protected List<String> slotNames() {
    return amsgrad ? List.of("momentum", "velocity", "velocity_hat") : List.of("momentum", "velocity");
  }

  @Override
  protected Update update(OptimizerKernels kernels, Variable variable, List<Variable> slots,
      KerasTensor gradient, KerasTensor learningRate, KerasTensor step) {
    KerasTensor beta1Power = Ops.power(constant(beta1()), step);
    KerasTensor beta2Power = Ops.power(constant(beta2()), step);
    return kernels.adam(variable, slots.get(0), slots.get(1), amsgrad ? slots.get(2) : null, beta1Power,
        beta2Power, learningRate, constant(beta1()), constant(beta2()), constant(epsilon()), gradient);
  }

  @Override
  protected List<List<String>> savedSlotGroups() {
    return amsgrad ? List.of(List.of("momentum", "velocity"), List.of("velocity_hat"))
        : List.of(List.of("momentum", "velocity"));
  }

  public static Adam fromConfig(Config config) {
    return withBaseConfig(new Adam(fixedLearningRate(config, 0.001), config.getDouble("beta_1", 0.9),
        config.getDouble("beta_2", 0.999), config.getDouble("epsilon", 1e-7), config.getBoolean("amsgrad", false)),
        config);
  }

  @Override
  public Map<String, Object> getConfig() {
    Map<String, Object> config = super.getConfig();
    config.put("amsgrad", amsgrad);
    return config;
  }
}
