package dev.jkeras.losses;

import dev.jkeras.KerasTensor;
import dev.jkeras.ops.Ops;

/** Quadratic for errors up to {@code delta} (default 1), linear beyond; averaged over the last axis. */
public class Huber extends Loss {
  private final double delta;

  public Huber() {
    this(1.0);
  }

  public Huber(double delta) {
    super("huber_loss");
    if (delta <= 0) {
      throw new IllegalArgumentException("Huber delta must be positive, got " + delta);
    }
    this.delta = delta;
  }

  @Override
  public KerasTensor call(KerasTensor yTrue, KerasTensor yPred) {
    KerasTensor error = Ops.abs(Ops.subtract(yPred, matchTargets(yTrue, yPred)));
    KerasTensor quadratic = Ops.minimum(error, delta);
    KerasTensor linear = Ops.subtract(error, quadratic);
    KerasTensor perElement = Ops.add(Ops.multiply(Ops.square(quadratic), 0.5), Ops.multiply(linear, delta));
    return Ops.mean(perElement, -1);
  }
}
