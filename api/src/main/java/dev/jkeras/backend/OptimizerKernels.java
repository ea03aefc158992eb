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

  // Adamax, Adadelta, Ftrl

  /**
   * Adamax: {@code m += (grad - m)*(1-beta1); v = max(beta2*v, |grad|);
   * var -= lr/(1-beta1Power) * m/(v + epsilon)}.
   */
  Update adaMax(
      Variable var, Variable m, Variable v, KerasTensor beta1Power, KerasTensor lr, KerasTensor beta1,
      KerasTensor beta2, KerasTensor epsilon, KerasTensor grad);

  /**
   * Adadelta: {@code accum = rho*accum + (1-rho)*grad^2;
   * update = sqrt(accumUpdate + eps)/sqrt(accum + eps) * grad;
   * accumUpdate = rho*accumUpdate + (1-rho)*update^2; var -= lr*update}.
   */
  Update adadelta(
      Variable var, Variable accum, Variable accumUpdate, KerasTensor lr, KerasTensor rho,
      KerasTensor epsilon, KerasTensor grad);

  /**
   * FTRL-proximal with L2 shrinkage (TensorFlow's {@code ApplyFtrlV2}): {@code g' = grad + 2*l2Shrinkage*var;
   * n' = accum + grad^2; linear += g' - (n'^-p - accum^-p)/lr * var;
   * var = (clip(linear, -l1, l1) - linear) / (n'^-p/lr + 2*l2); accum = n'} with {@code p = lrPower}.
   */
  Update ftrl(
      Variable var, Variable accum, Variable linear, KerasTensor grad, KerasTensor lr, KerasTensor l1,
      KerasTensor l2, KerasTensor l2Shrinkage, KerasTensor lrPower);
}
