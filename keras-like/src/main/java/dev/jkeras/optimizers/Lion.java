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
 * Lion (evolved sign momentum), as Keras's {@code Lion}: {@code w -= lr * sign(b1*m + (1-b1)*g);
 * m = b2*m + (1-b2)*g}. Every element moves by exactly {@code lr}, so Lion wants a learning rate 3-10
 * times smaller than Adam's. Keras's defaults: learning rate 0.001, beta1 0.9, beta2 0.99.
 */
public class Lion extends FluentOptimizer<Lion> {
  private double beta1;
  private double beta2;

  public Lion() {
    this(0.001);
  }

  public Lion(double learningRate) {
    this(learningRate, 0.9, 0.99);
  }

  /** Lion whose rate follows {@code schedule}. */
  public Lion(LearningRateSchedule schedule) {
    this();
    learningRate(schedule);
  }

  public Lion(double learningRate, double beta1, double beta2) {
    super("Lion", learningRate);
    this.beta1 = checkBeta1(beta1);
    this.beta2 = checkBeta2(beta2);
  }

  private static double checkBeta1(double beta1) {
    if (!(beta1 > 0 && beta1 <= 1)) {
      throw new IllegalArgumentException("Lion: argument `beta_1` must be in the (0, 1] range. Otherwise, the "
          + "optimizer degenerates to SignSGD. Received: beta_1=" + beta1 + ".");
    }
    return beta1;
  }

  private static double checkBeta2(double beta2) {
    if (!(beta2 >= 0 && beta2 <= 1)) {
      throw new IllegalArgumentException("Lion: argument `beta_2` must be in the [0, 1] range. Received: beta_2="
          + beta2 + ".");
    }
    return beta2;
  }

  /** The interpolation between momentum and gradient for the update's sign (default 0.9). */
  public Lion beta1(double beta1) {
    requireNoState("beta_1");
    this.beta1 = checkBeta1(beta1);
    return this;
  }

  /** The decay of the momentum (default 0.99). */
  public Lion beta2(double beta2) {
    requireNoState("beta_2");
    this.beta2 = checkBeta2(beta2);
    return this;
  }

  @Override
  protected List<String> slotNames() {
    return List.of("momentum");
  }

  @Override
  protected Update update(OptimizerKernels kernels, Variable variable, List<Variable> slots,
      KerasTensor gradient, KerasTensor learningRate, KerasTensor step) {
    Variable m = slots.get(0);
    KerasTensor direction = Ops.sign(Ops.add(Ops.multiply(m.value(), beta1), Ops.multiply(gradient, 1 - beta1)));
    return group(variable.assignAdd(Ops.negative(Ops.multiply(direction, learningRate))),
        m.assign(Ops.add(Ops.multiply(m.value(), beta2), Ops.multiply(gradient, 1 - beta2))));
  }

  public static Lion fromConfig(Config config) {
    return withBaseConfig(new Lion(fixedLearningRate(config, 0.001), config.getDouble("beta_1", 0.9),
        config.getDouble("beta_2", 0.99)), config);
  }

  @Override
  public Map<String, Object> getConfig() {
    Map<String, Object> config = super.getConfig();
    config.put("beta_1", beta1);
    config.put("beta_2", beta2);
    return config;
  }
}
