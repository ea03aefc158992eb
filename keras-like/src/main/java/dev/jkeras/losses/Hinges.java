package dev.jkeras.losses;

import dev.jkeras.KerasTensor;
import dev.jkeras.ops.Ops;

/** What the hinge losses share. */
final class Hinges {
  private Hinges() {}

  /** Keras's {@code convert_binary_labels_to_hinge}: when every target is 0 or 1, {@code 2 * y - 1}; else the targets. */
  static KerasTensor signedTargets(KerasTensor target) {
    KerasTensor flat = Ops.reshape(target, -1);
    KerasTensor binary = Ops.logicalOr(Ops.equal(flat, Ops.zeros(dev.jkeras.Shape.scalar(), flat.dtype())),
        Ops.equal(flat, Ops.ones(dev.jkeras.Shape.scalar(), flat.dtype())));
    KerasTensor allBinary = Ops.all(binary, 0, false);
    return Ops.where(allBinary, Ops.subtract(Ops.multiply(target, 2.0), 1.0), target);
  }
}
