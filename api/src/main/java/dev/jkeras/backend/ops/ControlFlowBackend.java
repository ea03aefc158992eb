package dev.jkeras.backend.ops;

import dev.jkeras.KerasTensor;
import java.util.List;
import java.util.function.Function;
import java.util.function.Supplier;

/**
 * Symbolic control flow (Keras's {@code while_loop}, {@code scan}, {@code cond}): loops whose number
 * of steps is known only when they run, and branches chosen at run time, both differentiable. On
 * eager tensors they run as Java loops and branches.
 */
public interface ControlFlowBackend {

  /** One step of a loop: the new carry, then the step's outputs, from the carry and the step's slices. */
  @FunctionalInterface
  interface Step {
    List<KerasTensor> apply(List<KerasTensor> carry, List<KerasTensor> slices);
  }

  /** The final carry and the per-step outputs, stacked along a new first axis. */
  record Loop(List<KerasTensor> carry, List<KerasTensor> outputs) {}

  /**
   * Runs {@code step} from {@code carry} while {@code cond} (null: always) holds on the carry, one
   * step per slice of {@code sequences} along their first axis (when given) and at most {@code
   * maxSteps} (an int32 scalar, or null) times. The step must return each carried value with the
   * dtype and shape it receives; {@code what} names the step in errors.
   */
  Loop loop(String what, Step step, Function<List<KerasTensor>, KerasTensor> cond, List<KerasTensor> carry,
      List<KerasTensor> sequences, KerasTensor maxSteps);

  /** {@code trueFn}'s results where the scalar bool {@code pred} holds, else {@code falseFn}'s; only one runs. */
  List<KerasTensor> cond(KerasTensor pred, Supplier<List<KerasTensor>> trueFn, Supplier<List<KerasTensor>> falseFn);

  /**
   * {@code value}, passed on only once the bool tensor {@code condition} holds everywhere when it runs;
   * otherwise the run fails with {@code message} (TensorFlow's {@code Assert}).
   */
  KerasTensor checked(KerasTensor value, KerasTensor condition, String message);
}
