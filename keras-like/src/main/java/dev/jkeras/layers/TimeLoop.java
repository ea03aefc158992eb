package dev.jkeras.layers;

import dev.jkeras.DType;
import dev.jkeras.KerasTensor;
import dev.jkeras.Shape;
import dev.jkeras.ops.ControlFlowOps.Scanned;
import dev.jkeras.ops.Ops;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import org.tensorflow.ndarray.NdArrays;

/**
 * The loop over time of a recurrent layer ({@link Recurrent} and {@link RNN}), two ways with the same
 * results: unrolled into the graph (one copy of the step per time step, for short sequences of known
 * length) or as one TensorFlow while loop ({@code Ops.scan}, for sequences of unknown or long length).
 * {@link #runsAsWhileLoop(long, boolean)} is the rule between the two.
 *
 * <p>With a mask, a masked step carries the states over unchanged and outputs the previous step's
 * output (zeros before the first unmasked step, or always with {@code zeroOutputForMask}).
 *
 * <p>What every step shares (weights, dropout masks) is made before the loop: a step that makes a
 * random mask itself would draw a new one at every step of the while loop.
 */
final class TimeLoop {
  private TimeLoop() {}

  /** One step of the cell: the step's output and the new states from the step's input and the states. */
  @FunctionalInterface
  interface Cell {
    RNNCell.Output step(KerasTensor input, List<KerasTensor> states);
  }

  /** How the loop runs: the layer's options that shape it, and the width of the step's output. */
  record Options(boolean goBackwards, boolean returnSequences, boolean zeroOutputForMask, int outputSize) {}

  /** The layer's output (the last step's, or every step's) and the final states. */
  record Result(KerasTensor output, List<KerasTensor> states) {}

  /**
   * Whether the loop runs as one TensorFlow while loop rather than unrolled into the graph: always
   * when the number of time steps is unknown, and when it is above {@link Recurrent#UNROLL_LIMIT}
   * unless {@code unroll} (Keras's {@code unroll=True}) asks for the unroll.
   */
  static boolean runsAsWhileLoop(long timesteps, boolean unroll) {
    return timesteps == Shape.UNKNOWN || (!unroll && timesteps > Recurrent.UNROLL_LIMIT);
  }

  /**
   * Runs the loop over the {@code timesteps} steps ({@link Shape#UNKNOWN} when unknown) of
   * {@code inputs} {@code (batch, timesteps, width)}, the way {@link #runsAsWhileLoop(long, boolean)}
   * picks; {@code mask} is {@code (batch, timesteps)} bool, or null.
   */
  static Result run(Cell cell, KerasTensor inputs, long timesteps, List<KerasTensor> initial, KerasTensor mask,
      Options options, boolean unroll) {
    return runsAsWhileLoop(timesteps, unroll) ? whileLoop(cell, inputs, initial, mask, options)
        : unrolled(cell, inputs, Math.toIntExact(timesteps), initial, mask, options);
  }

  /** Unrolls the loop over the {@code timesteps} steps of {@code inputs} {@code (batch, timesteps, width)}. */
  static Result unrolled(Cell cell, KerasTensor inputs, int timesteps, List<KerasTensor> initial, KerasTensor mask,
      Options options) {
    List<KerasTensor> steps = new ArrayList<>(Ops.unstack(inputs, 1));
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
    KerasTensor zeroOutput = stepMasks == null ? null : zeroOutput(initial, options);
    List<KerasTensor> outputs = new ArrayList<>();
    for (int t = 0; t < timesteps; t++) {
      RNNCell.Output step = cell.step(steps.get(t), states);
      if (stepMasks == null) {
        states = step.states();
        outputs.add(step.output());
        continue;
      }
      KerasTensor keep = stepMasks.get(t);
      KerasTensor previous = outputs.isEmpty() || options.zeroOutputForMask() ? zeroOutput
          : outputs.get(outputs.size() - 1);
      outputs.add(Ops.where(keep, step.output(), previous));
      states = keptWhere(keep, step.states(), states);
    }
    KerasTensor output = options.returnSequences() ? Ops.stack(outputs, 1) : outputs.get(outputs.size() - 1);
    return new Result(output, states);
  }

  /**
   * Runs the loop as one while loop over the steps of {@code inputs} {@code (batch, timesteps,
   * width)}, whose number of steps may be unknown until it runs. The carry is the states, and with a
   * mask the last output too (a masked step repeats it). Without a mask the last output is the
   * final state the step returns as its output (every built-in cell's output is its first state),
   * or else the last of the per-step outputs: a carry less to save and to differentiate at each step.
   */
  static Result whileLoop(Cell cell, KerasTensor inputs, List<KerasTensor> initial, KerasTensor mask,
      Options options) {
    List<KerasTensor> xs = new ArrayList<>();
    xs.add(Ops.transpose(inputs, 1, 0, 2));
    if (mask != null) {
      xs.add(Ops.transpose(Ops.expandDims(mask, 2), 1, 0, 2));
    }
    if (options.goBackwards()) {
      xs.replaceAll(x -> Ops.flip(x, 0));
    }
    int k = initial.size();
    KerasTensor zeroOutput = mask == null ? null : zeroOutput(initial, options);
    List<KerasTensor> init = new ArrayList<>(initial);
    if (mask != null) {
      init.add(zeroOutput);
    }
    int[] outputState = {-1};
    Scanned scanned = Ops.scan((carry, slices) -> {
      List<KerasTensor> states = carry.subList(0, k);
      RNNCell.Output step = cell.step(slices.get(0), states);
      if (mask == null) {
        outputState[0] = step.states().indexOf(step.output());
        boolean perStep = options.returnSequences() || outputState[0] < 0;
        return new Scanned(new ArrayList<>(step.states()), perStep ? List.of(step.output()) : List.of());
      }
      KerasTensor keep = slices.get(1);
      KerasTensor output = Ops.where(keep, step.output(), options.zeroOutputForMask() ? zeroOutput : carry.get(k));
      List<KerasTensor> next = keptWhere(keep, step.states(), states);
      next.add(output);
      return new Scanned(next, options.returnSequences() ? List.of(output) : List.of());
    }, init, xs, null, false);
    List<KerasTensor> carry = scanned.carry();
    KerasTensor output;
    if (options.returnSequences()) {
      output = Ops.transpose(scanned.ys().get(0), 1, 0, 2);
    } else if (mask != null) {
      output = carry.get(k);
    } else if (outputState[0] >= 0) {
      output = carry.get(outputState[0]);
    } else {
      KerasTensor outputs = scanned.ys().get(0);
      KerasTensor last = Ops.subtract(Ops.take(Ops.shape(outputs), Ops.convertToTensor(NdArrays.scalarOf(0))), 1);
      output = Ops.take(outputs, last, 0);
    }
    long timesteps = inputs.shape().rank() == 3 ? inputs.shape().get(1) : Shape.UNKNOWN;
    if (options.returnSequences() && timesteps != Shape.UNKNOWN) {
      // The loop's outputs do not know their number of steps; a known length keeps it, as the unroll does.
      output = Ops.reshape(output, -1, timesteps, options.outputSize());
    }
    return new Result(output, carry.subList(0, k));
  }

  /** Zeros of the step's output shape {@code (batch, outputSize)}, the batch taken from the first state. */
  private static KerasTensor zeroOutput(List<KerasTensor> initial, Options options) {
    KerasTensor batch = Ops.take(Ops.shape(initial.get(0)), Ops.convertToTensor(NdArrays.vectorOf(0)));
    KerasTensor shape = Ops.concatenate(
        new KerasTensor[] {batch, Ops.convertToTensor(NdArrays.vectorOf(options.outputSize()))}, 0);
    return Ops.zeros(shape, DType.FLOAT32);
  }

  private static List<KerasTensor> keptWhere(KerasTensor keep, List<KerasTensor> updated, List<KerasTensor> old) {
    List<KerasTensor> kept = new ArrayList<>(updated.size());
    for (int i = 0; i < updated.size(); i++) {
      kept.add(Ops.where(keep, updated.get(i), old.get(i)));
    }
    return kept;
  }
}
