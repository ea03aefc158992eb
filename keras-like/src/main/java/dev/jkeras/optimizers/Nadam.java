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
 * Nadam (Adam with Nesterov momentum), Keras 3's rule with Dozat's momentum schedule
 * {@code u_t = beta1 * (1 - 0.5 * 0.96^t)} and its running product {@code u_product}:
 * {@code m += (g - m)(1-b1); v += (g^2 - v)(1-b2);
 * mHat = u_{t+1} m / (1 - u_product u_{t+1}) + (1 - u_t) g / (1 - u_product);
 * w -= lr * mHat / (sqrt(v / (1 - b2^t)) + epsilon)}. TensorFlow has no kernel for it, so it is
 * composed of ops. Keras's defaults: learning rate 0.001, beta1 0.9, beta2 0.999, epsilon 1e-7.
 */
public class Nadam extends FluentOptimizer<Nadam> {
  private static final String U_PRODUCT = "u_product";
  private double beta1;
  private double beta2;
  private double epsilon;

  // Per-trace values shared by the variables' updates of one step.
  private KerasTensor uT;
  private KerasTensor uNext;
  private KerasTensor uProduct;
  private KerasTensor beta2Power;

  public Nadam() {
    this(0.001);
  }

  public Nadam(double learningRate) {
    this(learningRate, 0.9, 0.999, 1e-7);
  }

  /** Nadam whose rate follows {@code schedule}. */
  public Nadam(LearningRateSchedule schedule) {
    this();
    learningRate(schedule);
  }

  public Nadam(double learningRate, double beta1, double beta2, double epsilon) {
    super("Nadam", learningRate);
    if (beta1 < 0 || beta1 >= 1 || beta2 < 0 || beta2 >= 1 || epsilon < 0) {
      throw new IllegalArgumentException("Nadam needs 0 <= beta1, beta2 < 1 and epsilon >= 0; got beta1="
          + beta1 + ", beta2=" + beta2 + ", epsilon=" + epsilon);
    }
    this.beta1 = beta1;
    this.beta2 = beta2;
    this.epsilon = epsilon;
  }

  /** The decay of the first-moment average (default 0.9). */
  public Nadam beta1(double beta1) {
    this.beta1 = hyperparameter("beta_1", beta1, beta1 >= 0 && beta1 < 1, "0 <= beta_1 < 1");
    return this;
  }

  /** The decay of the second-moment average (default 0.999). */
  public Nadam beta2(double beta2) {
    this.beta2 = hyperparameter("beta_2", beta2, beta2 >= 0 && beta2 < 1, "0 <= beta_2 < 1");
    return this;
  }

  /** The constant added for numerical stability (default 1e-7). */
  public Nadam epsilon(double epsilon) {
    this.epsilon = hyperparameter("epsilon", epsilon, epsilon >= 0, "epsilon >= 0");
    return this;
  }

  @Override
  protected List<String> slotNames() {
    return List.of("momentum", "velocity");
  }

  @Override
  protected Map<String, Double> globalVariables() {
    return Map.of(U_PRODUCT, 1.0);
  }

  private KerasTensor momentumSchedule(KerasTensor t) {
    return Ops.multiply(Ops.subtract(1, Ops.multiply(Ops.power(constant(0.96), t), 0.5)), beta1);
  }

  @Override
  protected void beginStep(KerasTensor step) {
    uT = momentumSchedule(step);
    uNext = momentumSchedule(Ops.add(step, 1));
    uProduct = Ops.multiply(globalVariable(U_PRODUCT).value(), uT);
    beta2Power = Ops.power(constant(beta2), step);
  }

  @Override
  protected Update update(OptimizerKernels kernels, Variable variable, List<Variable> slots,
      KerasTensor gradient, KerasTensor learningRate, KerasTensor step) {
    Variable m = slots.get(0);
    Variable v = slots.get(1);
    KerasTensor mNew = Ops.add(m.value(), Ops.multiply(Ops.subtract(gradient, m.value()), 1 - beta1));
    KerasTensor vNew = Ops.add(v.value(), Ops.multiply(Ops.subtract(Ops.square(gradient), v.value()), 1 - beta2));
    KerasTensor mHat = Ops.add(
        Ops.divide(Ops.multiply(uNext, mNew), Ops.subtract(1, Ops.multiply(uProduct, uNext))),
        Ops.divide(Ops.multiply(Ops.subtract(1, uT), gradient), Ops.subtract(1, uProduct)));
    KerasTensor vHat = Ops.divide(vNew, Ops.subtract(1, beta2Power));
    KerasTensor delta = Ops.divide(Ops.multiply(mHat, learningRate), Ops.add(Ops.sqrt(vHat), epsilon));
    return group(m.assign(mNew), v.assign(vNew), variable.assignAdd(Ops.negative(delta)));
  }

  @Override
  protected Update finishStep() {
    return globalVariable(U_PRODUCT).assign(uProduct);
  }

  public static Nadam fromConfig(Config config) {
    return withBaseConfig(new Nadam(fixedLearningRate(config, 0.001), config.getDouble("beta_1", 0.9),
        config.getDouble("beta_2", 0.999), config.getDouble("epsilon", 1e-7)), config);
  }

  @Override
  public Map<String, Object> getConfig() {
    Map<String, Object> config = super.getConfig();
    config.put("beta_1", beta1);
    config.put("beta_2", beta2);
    config.put("epsilon", epsilon);
    return config;
  }
}
