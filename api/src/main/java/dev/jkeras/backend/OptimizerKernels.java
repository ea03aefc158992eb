package dev.jkeras.backend;

import dev.jkeras.KerasTensor;

/**
 * TensorFlow's fused training kernels, each updating a variable in place in one op. Scalars
 * (learning rate, decay rates) are tensors so they can change while training.
 */
public interface OptimizerKernels {
  /** {@code var -= lr * grad}. */
  Update gradientDescent(Variable var, KerasTensor lr, KerasTensor grad);

  /** Keras's momentum: {@code m = momentum*m - lr*grad; var += m} (or the Nesterov form). */
  Update kerasMomentum(
      Variable var, Variable accumulator, KerasTensor lr, KerasTensor grad, KerasTensor momentum,
      boolean nesterov);

  /** RMSprop; {@code centered} uses {@code meanGrad} (may be null otherwise). */
  Update rmsProp(
      Variable var, Variable meanSquare, Variable meanGrad, Variable moment, KerasTensor lr,
      KerasTensor rho, KerasTensor momentum, KerasTensor epsilon, KerasTensor grad, boolean centered);

  /** Adam; with {@code vHat} non-null, AMSGrad. */
  Update adam(
      Variable var, Variable m, Variable v, Variable vHat, KerasTensor beta1Power,
      KerasTensor beta2Power, KerasTensor lr, KerasTensor beta1, KerasTensor beta2,
      KerasTensor epsilon, KerasTensor grad);
}
