package dev.jkeras.optimizers;

import dev.jkeras.KerasTensor;
import dev.jkeras.backend.Variable;
import dev.jkeras.ops.Ops;
import java.util.Map;

/**
 * The optimizers of Adam's family (Adam, AdamW, Adamax, Nadam, Lamb): a decay {@code beta_1} for the
 * first-moment average, a decay {@code beta_2} for the second moment (or norm), and an {@code epsilon}
 * for numerical stability, with Keras's names in the config.
 *
 * @param <T> the optimizer class itself
 */
public abstract class AdaptiveMomentOptimizer<T extends AdaptiveMomentOptimizer<T>> extends FluentOptimizer<T> {
  private double beta1;
  private double beta2;
  private double epsilon;

  protected AdaptiveMomentOptimizer(String name, double learningRate, double beta1, double beta2, double epsilon) {
    super(name, learningRate);
    if (!(beta1 >= 0 && beta1 < 1 && beta2 >= 0 && beta2 < 1 && epsilon >= 0)) {
      throw new IllegalArgumentException(name + " needs 0 <= beta1, beta2 < 1 and epsilon >= 0; got beta1="
          + beta1 + ", beta2=" + beta2 + ", epsilon=" + epsilon);
    }
    this.beta1 = beta1;
    this.beta2 = beta2;
    this.epsilon = epsilon;
  }

  /** The decay of the first-moment average (default 0.9). */
  public T beta1(double beta1) {
    this.beta1 = hyperparameter("beta_1", beta1, beta1 >= 0 && beta1 < 1, "0 <= beta_1 < 1");
    return self();
  }

  /** The decay of the second-moment average, or of the infinity norm in Adamax (default 0.999). */
  public T beta2(double beta2) {
    this.beta2 = hyperparameter("beta_2", beta2, beta2 >= 0 && beta2 < 1, "0 <= beta_2 < 1");
    return self();
  }

  /** The constant added for numerical stability (default 1e-7). */
  public T epsilon(double epsilon) {
    this.epsilon = hyperparameter("epsilon", epsilon, epsilon >= 0, "epsilon >= 0");
    return self();
  }

  protected final double beta1() {
    return beta1;
  }

  protected final double beta2() {
    return beta2;
  }

  protected final double epsilon() {
    return epsilon;
  }

  /** The first moment after this step's gradient: {@code m + (g - m)(1 - beta_1)}. */
  protected final KerasTensor nextMomentum(Variable m, KerasTensor gradient) {
    return Ops.add(m.value(), Ops.multiply(Ops.subtract(gradient, m.value()), 1 - beta1));
  }

  /** The second moment after this step's gradient: {@code v + (g^2 - v)(1 - beta_2)}. */
  protected final KerasTensor nextVelocity(Variable v, KerasTensor gradient) {
    return Ops.add(v.value(), Ops.multiply(Ops.subtract(Ops.square(gradient), v.value()), 1 - beta2));
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
