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
 * LAMB (layer-wise adaptive moments), as Keras's {@code Lamb}: Adam's moments, with each variable's
 * step rescaled by the trust ratio {@code ||w|| / ||u||} where {@code u = m_hat / (sqrt(v_hat) + epsilon)}
 * (1 when either norm is 0): {@code w -= ratio * lr * u}. Keras's defaults: learning rate 0.001,
 * beta1 0.9, beta2 0.999, epsilon 1e-7.
 */
public class Lamb extends AdaptiveMomentOptimizer<Lamb> {

  public Lamb() {
    this(0.001);
  }

  public Lamb(double learningRate) {
    this(learningRate, 0.9, 0.999, 1e-7);
  }

  /** Lamb whose rate follows {@code schedule}. */
  public Lamb(LearningRateSchedule schedule) {
    this();
    learningRate(schedule);
  }

  public Lamb(double learningRate, double beta1, double beta2, double epsilon) {
    super("Lamb", learningRate, beta1, beta2, epsilon);
  }

  @Override
  protected Update update(OptimizerKernels kernels, Variable variable, List<Variable> slots,
      KerasTensor gradient, KerasTensor learningRate, KerasTensor step) {
    return momentsUpdate(variable, slots, gradient, (mNew, vNew) -> {
      KerasTensor mHat = Ops.divide(mNew, Ops.subtract(1, Ops.power(constant(beta1()), step)));
      KerasTensor vSqrt = Ops.add(Ops.sqrt(Ops.divide(vNew, Ops.subtract(1, Ops.power(constant(beta2()), step)))),
          epsilon());
      KerasTensor u = Ops.divide(mHat, vSqrt);
      KerasTensor wNorm = Ops.sqrt(Ops.sum(Ops.square(variable.value())));
      KerasTensor uNorm = Ops.sqrt(Ops.sum(Ops.square(u)));
      KerasTensor one = constant(1);
      KerasTensor ratio = Ops.where(Ops.greater(wNorm, 0),
          Ops.where(Ops.greater(uNorm, 0), Ops.divide(wNorm, uNorm), one), one);
      return Ops.multiply(Ops.multiply(ratio, learningRate), u);
    });
  }

  public static Lamb fromConfig(Config config) {
    return fromSavedConfig(config, Lamb::new);
  }
}
