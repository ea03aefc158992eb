package dev.jkeras.optimizers;

import dev.jkeras.KerasTensor;
import dev.jkeras.backend.Update;
import dev.jkeras.backend.Variable;
import dev.jkeras.ops.Ops;
import dev.jkeras.saving.Config;
import java.util.List;
import java.util.Map;
import java.util.function.BinaryOperator;

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

  /** The slots of most of the family: the first moment ({@code momentum}) and the second ({@code velocity}). */
  @Override
  protected List<String> slotNames() {
    return List.of("momentum", "velocity");
  }

  /**
   * The update of a variable by the moments: the slots {@code momentum} and {@code velocity} take this step's
   * gradient ({@link #nextMomentum}, {@link #nextVelocity}), and the variable moves by {@code -delta} of the
   * new moments.
   */
  protected final Update momentsUpdate(Variable variable, List<Variable> slots, KerasTensor gradient,
      BinaryOperator<KerasTensor> delta) {
    Variable m = slots.get(0);
    Variable v = slots.get(1);
    KerasTensor mNew = nextMomentum(m, gradient);
    KerasTensor vNew = nextVelocity(v, gradient);
    KerasTensor move = Ops.negative(delta.apply(mNew, vNew));
    return group(m.assign(mNew), v.assign(vNew), variable.assignAdd(move));
  }

  /** A constructor of the family's {@code (learningRate, beta1, beta2, epsilon)} form. */
  protected interface Constructor<O> {
    O of(double learningRate, double beta1, double beta2, double epsilon);
  }

  /** The optimizer of a saved config, with Keras's defaults (learning rate 0.001, 0.9, 0.999, 1e-7). */
  protected static <O extends AdaptiveMomentOptimizer<O>> O fromSavedConfig(Config config,
      Constructor<O> constructor) {
    return withBaseConfig(constructor.of(fixedLearningRate(config, 0.001), config.getDouble("beta_1", 0.9),
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
