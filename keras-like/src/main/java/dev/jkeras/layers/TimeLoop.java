package dev.jkeras.layers;

import dev.jkeras.DType;
import dev.jkeras.KerasTensor;
import dev.jkeras.ops.ControlFlowOps.Scanned;
import dev.jkeras.ops.Ops;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/**
 * The loop over time of a {@link Recurrent} layer, two ways with the same results: unrolled into the
 * graph (one copy of the step per time step, for short sequences of known length) or as one
 * TensorFlow while loop ({@code Ops.scan}, for sequences of unknown or long length).
 *
 * <p>With a mask, a masked step carries the states over unchanged and outputs the previous step's
 * output (zeros before the first unmasked step, or always with {@code zeroOutputForMask}).
 */
final class TimeLoop {
  private TimeLoop() {}

  /** One step of the cell: the new states (the first is the output) from the projected input and the states. */
  @FunctionalInterface
  interface Cell {
    List<KerasTensor> step(KerasTensor projectedInput, List<KerasTensor> states);
  }

  /** How the loop runs: the options of {@link Recurrent} that shape it. */
  record Options(boolean goBackwards, boolean returnSequences, boolean zeroOutputForMask) {}

  /** The layer's output (the last step's, or every step's) and the final states. */
  record Result(KerasTensor output, List<KerasTensor> states) {}

  /**
   * Unrolls the loop over the {@code timesteps} steps of {@code projected} {@code (batch, timesteps,
   * width)}; {@code mask} is {@code (batch, timesteps)} bool, or null.
   */
  static Result unrolled(Cell cell, KerasTensor projected, int timesteps, List<KerasTensor> initial, KerasTensor mask,
      Options options) {
    List<KerasTensor> steps = new ArrayList<>(Ops.unstack(projected, 1));
    List<KerasTensor> stepMasks = null;
    if (mask != null) {
      stepMasks = new ArrayList<>();
      for (KerasTensor m : Ops.unstack(mask, 1)) {
        stepMasks.add(Ops.expandDims(m, 1));
      }
    }
    if (options.goBackwards()) {
      Collections.reverse(steps);
      if (stepMasks != null) {
        Collections.reverse(stepMasks);
      }
    }
    List<KerasTensor> states = initial;
    KerasTensor zeroOutput = stepMasks == null ? null : Ops.zeros(Ops.shape(initial.get(0)), DType.FLOAT32);
    List<KerasTensor> outputs = new ArrayList<>();
    for (int t = 0; t < timesteps; t++) {
      List<KerasTensor> newStates = cell.step(steps.get(t), states);
      if (stepMasks == null) {
        states = newStates;
        outputs.add(newStates.get(0));
        continue;
      }
      KerasTensor keep = stepMasks.get(t);
      KerasTensor previous = outputs.isEmpty() || options.zeroOutputForMask() ? zeroOutput
          : outputs.get(outputs.size() - 1);
      outputs.add(Ops.where(keep, newStates.get(0), previous));
      states = keptWhere(keep, newStates, states);
    }
    KerasTensor output = options.returnSequences() ? Ops.stack(outputs, 1) : outputs.get(outputs.size() - 1);
    return new Result(output, states);
  }

  /**
   * Runs the loop as one while loop over the steps of {@code projected} {@code (batch, timesteps,
   * width)}, whose number of steps may be unknown until it runs.
   */
  static Result whileLoop(Cell cell, KerasTensor projected, List<KerasTensor> initial, KerasTensor mask,
      Options options) {
    List<KerasTensor> xs = new ArrayList<>();
    xs.add(Ops.transpose(projected, 1, 0, 2));
    if (mask != null) {
      xs.add(Ops.transpose(Ops.expandDims(mask, 2), 1, 0, 2));
    }
    if (options.goBackwards()) {
      xs.replaceAll(x -> Ops.flip(x, 0));
    }
    int k = initial.size();
    List<KerasTensor> init = new ArrayList<>(initial);
    if (mask != null) {
      init.add(Ops.zeros(Ops.shape(initial.get(0)), DType.FLOAT32));
    }
    Scanned scanned = Ops.scan((carry, slices) -> {
      List<KerasTensor> states = carry.subList(0, k);
      List<KerasTensor> newStates = cell.step(slices.get(0), states);
      if (mask == null) {
        return new Scanned(newStates, options.returnSequences() ? List.of(newStates.get(0)) : List.of());
      }
      KerasTensor keep = slices.get(1);
      KerasTensor previous = options.zeroOutputForMask() ? Ops.zeros(Ops.shape(newStates.get(0)), DType.FLOAT32)
          : carry.get(k);
      KerasTensor output = Ops.where(keep, newStates.get(0), previous);
      List<KerasTensor> next = keptWhere(keep, newStates, states);
      next.add(output);
      return new Scanned(next, options.returnSequences() ? List.of(output) : List.of());
    }, init, xs, null, false);
    List<KerasTensor> carry = scanned.carry();
    KerasTensor output = options.returnSequences() ? Ops.transpose(scanned.ys().get(0), 1, 0, 2)
        : carry.get(mask == null ? 0 : k);
    return new Result(output, carry.subList(0, k));
  }

  private static List<KerasTensor> keptWhere(KerasTensor keep, List<KerasTensor> updated, List<KerasTensor> old) {
    List<KerasTensor> kept = new ArrayList<>(updated.size());
    for (int i = 0; i < updated.size(); i++) {
      kept.add(Ops.where(keep, updated.get(i), old.get(i)));
    }
    return kept;
  }
}
