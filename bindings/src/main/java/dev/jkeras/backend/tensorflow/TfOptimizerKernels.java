package dev.jkeras.backend.tensorflow;

import static dev.jkeras.backend.tensorflow.TfOperands.operand;

import dev.jkeras.KerasTensor;
import dev.jkeras.backend.OptimizerKernels;
import dev.jkeras.backend.Update;
import dev.jkeras.backend.Variable;
import org.tensorflow.Operand;
import org.tensorflow.op.Ops;
import org.tensorflow.op.train.ResourceApplyKerasMomentum;

/** Keras's update rules as TensorFlow's fused {@code ResourceApply*} kernels. */
@SuppressWarnings({"rawtypes", "unchecked"})
final class TfOptimizerKernels implements OptimizerKernels {

  private static Ops tf() {
    return Context.current().stateful();
  }

  private static Operand handle(Variable v) {
    return ((TfVariable) v.in(Context.currentGraph())).handle();
  }

  @Override
  public Update gradientDescent(Variable var, KerasTensor lr, KerasTensor grad) {
    return new TfUpdate(tf().train.resourceApplyGradientDescent(handle(var), operand(lr), operand(grad)));
  }

  @Override
  public Update kerasMomentum(Variable var, Variable accumulator, KerasTensor lr, KerasTensor grad,
      KerasTensor momentum, boolean nesterov) {
    return new TfUpdate(tf().train.resourceApplyKerasMomentum(handle(var), handle(accumulator),
        operand(lr), operand(grad), operand(momentum), ResourceApplyKerasMomentum.useNesterov(nesterov)));
  }

  @Override
  public Update rmsProp(Variable var, Variable meanSquare, Variable meanGrad, Variable moment,
      KerasTensor lr, KerasTensor rho, KerasTensor momentum, KerasTensor epsilon, KerasTensor grad,
      boolean centered) {
    if (centered) {
      return new TfUpdate(tf().train.resourceApplyCenteredRmsProp(handle(var), handle(meanGrad),
          handle(meanSquare), handle(moment), operand(lr), operand(rho), operand(momentum),
          operand(epsilon), operand(grad)));
    }
    return new TfUpdate(tf().train.resourceApplyRmsProp(handle(var), handle(meanSquare), handle(moment),
        operand(lr), operand(rho), operand(momentum), operand(epsilon), operand(grad)));
  }

  @Override
  public Update adam(Variable var, Variable m, Variable v, Variable vHat, KerasTensor beta1Power,
      KerasTensor beta2Power, KerasTensor lr, KerasTensor beta1, KerasTensor beta2,
      KerasTensor epsilon, KerasTensor grad) {
    if (vHat != null) {
      return new TfUpdate(tf().train.resourceApplyAdamWithAmsgrad(handle(var), handle(m), handle(v),
          handle(vHat), operand(beta1Power), operand(beta2Power), operand(lr), operand(beta1),
          operand(beta2), operand(epsilon), operand(grad)));
    }
    return new TfUpdate(tf().train.resourceApplyAdam(handle(var), handle(m), handle(v),
        operand(beta1Power), operand(beta2Power), operand(lr), operand(beta1), operand(beta2),
        operand(epsilon), operand(grad)));
  }

  // Adamax, Adadelta, Ftrl

  @Override
  public Update adaMax(Variable var, Variable m, Variable v, KerasTensor beta1Power, KerasTensor lr,
      KerasTensor beta1, KerasTensor beta2, KerasTensor epsilon, KerasTensor grad) {
    return new TfUpdate(tf().train.resourceApplyAdaMax(handle(var), handle(m), handle(v), operand(beta1Power),
        operand(lr), operand(beta1), operand(beta2), operand(epsilon), operand(grad)));
  }

  @Override
  public Update adadelta(Variable var, Variable accum, Variable accumUpdate, KerasTensor lr, KerasTensor rho,
      KerasTensor epsilon, KerasTensor grad) {
    return new TfUpdate(tf().train.resourceApplyAdadelta(handle(var), handle(accum), handle(accumUpdate),
        operand(lr), operand(rho), operand(epsilon), operand(grad)));
  }

  @Override
  public Update ftrl(Variable var, Variable accum, Variable linear, KerasTensor grad, KerasTensor lr,
      KerasTensor l1, KerasTensor l2, KerasTensor l2Shrinkage, KerasTensor lrPower) {
    return new TfUpdate(tf().train.resourceApplyFtrl(handle(var), handle(accum), handle(linear), operand(grad),
        operand(lr), operand(l1), operand(l2), operand(l2Shrinkage), operand(lrPower)));
  }
}
