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
public class Nadam extends AdaptiveMomentOptimizer<Nadam> {
  private static final String U_PRODUCT = "u_product";

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
    super("Nadam", learningRate, beta1, beta2, epsilon);
  }

  @Override
  protected Map<String, Double> globalVariables() {
    return Map.of(U_PRODUCT, 1.0);
  }

  private KerasTensor momentumSchedule(KerasTensor t) {
    return Ops.multiply(Ops.subtract(1, Ops.multiply(Ops.power(constant(0.96), t), 0.5)), beta1());
  }

  @Override
  protected void beginStep(KerasTensor step) {
    uT = momentumSchedule(step);
    uNext = momentumSchedule(Ops.add(step, 1));
    uProduct = Ops.multiply(globalVariable(U_PRODUCT).value(), uT);
    beta2Power = Ops.power(constant(beta2()), step);
  }

  @Override
  protected Update update(OptimizerKernels kernels, Variable variable, List<Variable> slots,
      KerasTensor gradient, KerasTensor learningRate, KerasTensor step) {
    return momentsUpdate(variable, slots, gradient, (mNew, vNew) -> {
      KerasTensor mHat = Ops.add(
          Ops.divide(Ops.multiply(uNext, mNew), Ops.subtract(1, Ops.multiply(uProduct, uNext))),
          Ops.divide(Ops.multiply(Ops.subtract(1, uT), gradient), Ops.subtract(1, uProduct)));
      KerasTensor vHat = Ops.divide(vNew, Ops.subtract(1, beta2Power));
      return Ops.divide(Ops.multiply(mHat, learningRate), Ops.add(Ops.sqrt(vHat), epsilon()));
    });
  }

  @Override
  protected Update finishStep() {
    return globalVariable(U_PRODUCT).assign(uProduct);
  }

  public static Nadam fromConfig(Config config) {
    return fromSavedConfig(config, Nadam::new);
  }
}
