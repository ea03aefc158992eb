package dev.jkeras.ops;

import static dev.jkeras.ops.OpSupport.backend;

import dev.jkeras.DType;
import dev.jkeras.KerasTensor;
import dev.jkeras.Shape;
import dev.jkeras.backend.BinaryOp;
import dev.jkeras.backend.ops.ControlFlowBackend;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Supplier;

/**
 * Symbolic control flow, as Keras's {@code keras.ops.while_loop}, {@code fori_loop}, {@code scan}
 * and {@code cond}. {@link Ops} re-exports every function here.
 *
 * <p>Inside a layer's {@code call} the loops become one TensorFlow while loop whose number of steps
 * is known only when it runs (a sequence of unknown length, a condition on the values), and {@code
 * cond} a TensorFlow {@code If} that runs one branch. Both are differentiable: gradients flow to the
 * initial values, the scanned sequences and every tensor the functions use from outside (weights
 * included). The functions are traced a few times (as {@code tf.function} traces a body), so they
 * must build the same ops each time; Java side effects in them run at trace time. On eager tensors
 * the loops run as Java loops.
 */
public final class ControlFlowOps {
  private ControlFlowOps() {}

  /** A loop's condition: a scalar bool tensor from the loop variables. */
  @FunctionalInterface
  public interface Condition {
    KerasTensor test(List<KerasTensor> loopVars);
  }

  /** A loop's body: the next loop variables (as many, of the same dtypes and shapes) from the current ones. */
  @FunctionalInterface
  public interface Body {
    List<KerasTensor> apply(List<KerasTensor> loopVars);
  }

  /** {@code fori_loop}'s body: the next value from the int32 index {@code i} and the current value. */
  @FunctionalInterface
  public interface IndexedBody {
    List<KerasTensor> apply(KerasTensor i, List<KerasTensor> value);
  }

  /** {@code scan}'s function: the next carry and this step's outputs from the carry and the step's slices of {@code xs}. */
  @FunctionalInterface
  public interface ScanFunction {
    Scanned apply(List<KerasTensor> carry, List<KerasTensor> x);
  }

  /**
   * A carry with outputs: what a {@link ScanFunction} returns for one step ({@code ys} the step's
   * outputs), and what {@link #scan} returns (the final carry and the outputs stacked on a new first axis).
   */
  public record Scanned(List<KerasTensor> carry, List<KerasTensor> ys) {
    public Scanned {
      carry = List.copyOf(carry);
      ys = List.copyOf(ys);
    }
  }

  /**
   * Runs {@code body} while {@code cond} holds, from {@code loopVars}, at most {@code
   * maximumIterations} times (null: no limit), as {@code keras.ops.while_loop}; returns the final
   * loop variables.
   *
   * @throws IllegalArgumentException when the body does not return as many loop variables, of the same
   *     dtypes and shapes, or the condition is not a scalar bool
   */
  public static List<KerasTensor> whileLoop(Condition cond, Body body, List<KerasTensor> loopVars,
      Integer maximumIterations) {
    List<KerasTensor> init = checkValues("while_loop", "loop_vars", loopVars);
    if (maximumIterations != null && maximumIterations < 0) {
      throw new IllegalArgumentException("while_loop: maximum_iterations must be >= 0 or null, got " + maximumIterations);
    }
    return backend().controlFlow().loop("while_loop's body", (carry, slices) -> {
      List<KerasTensor> next = body.apply(carry);
      checkSameStructure("while_loop's body", "loop variable", init, next);
      return next;
    }, carry -> checkPredicate("while_loop's cond", cond.test(carry)), init, List.of(),
        maximumIterations == null ? null : CoreOps.scalar(maximumIterations, DType.INT32)).carry();
  }

  /** As {@link #whileLoop(Condition, Body, List, Integer)} without an iteration limit. */
  public static List<KerasTensor> whileLoop(Condition cond, Body body, List<KerasTensor> loopVars) {
    return whileLoop(cond, body, loopVars, null);
  }

  /**
   * Runs {@code body} for {@code i} from {@code lower} (inclusive) to {@code upper} (exclusive),
   * int32 scalars, as {@code keras.ops.fori_loop}; returns the final value.
   */
  public static List<KerasTensor> foriLoop(KerasTensor lower, KerasTensor upper, IndexedBody body,
      List<KerasTensor> initVal) {
    KerasTensor lo = index("lower", lower);
    KerasTensor hi = index("upper", upper);
    List<KerasTensor> init = checkValues("fori_loop", "init_val", initVal);
    List<KerasTensor> vars = new ArrayList<>();
    vars.add(lo);
    vars.addAll(init);
    List<KerasTensor> result = whileLoop(
        v -> backend().numpy().binary(BinaryOp.LESS, v.get(0), hi),
        v -> {
          List<KerasTensor> value = body.apply(v.get(0), v.subList(1, v.size()));
          checkSameStructure("fori_loop's body", "value", init, value);
          List<KerasTensor> next = new ArrayList<>();
          next.add(NumpyOps.add(v.get(0), 1L));
          next.addAll(value);
          return next;
        }, vars, null);
    return result.subList(1, result.size());
  }

  /** As {@link #foriLoop(KerasTensor, KerasTensor, IndexedBody, List)} with Java bounds. */
  public static List<KerasTensor> foriLoop(int lower, int upper, IndexedBody body, List<KerasTensor> initVal) {
    return foriLoop(CoreOps.scalar(lower, DType.INT32), CoreOps.scalar(upper, DType.INT32), body, initVal);
  }

  /**
   * Scans {@code f} over the first axis of {@code xs} (or {@code length} times without {@code xs}),
   * carrying {@code init}, as {@code keras.ops.scan}; with {@code reverse} from the last slice to the
   * first (the stacked outputs keep the slices' order). Returns the final carry and the stacked outputs.
   *
   * @param length the number of steps (null: the first dimension of {@code xs})
   */
  public static Scanned scan(ScanFunction f, List<KerasTensor> init, List<KerasTensor> xs, Integer length,
      boolean reverse) {
    List<KerasTensor> carry = checkValues("scan", "init", init);
    List<KerasTensor> seqs = xs == null ? List.of() : List.copyOf(xs);
    if (seqs.isEmpty() && length == null) {
      throw new IllegalArgumentException("scan: got no `xs` to scan over and `length` not provided; "
          + "pass the sequences as xs or the number of steps as length");
    }
    if (length != null && length < 0) {
      throw new IllegalArgumentException("scan: length must be >= 0, got " + length);
    }
    long known = Shape.UNKNOWN;
    for (KerasTensor x : seqs) {
      if (x == null || x.rank() < 1) {
        throw new IllegalArgumentException("scan: each of xs must have at least one dimension (the steps), got "
            + (x == null ? "null" : "shape " + x.shape()));
      }
      long n = x.shape().get(0);
      if (n != Shape.UNKNOWN && known != Shape.UNKNOWN && n != known) {
        throw new IllegalArgumentException("scan: all of xs must have the same first dimension, got " + known
            + " and " + n);
      }
      known = n == Shape.UNKNOWN ? known : n;
    }
    if (length != null && known != Shape.UNKNOWN && length != known) {
      throw new IllegalArgumentException("scan: length (" + length + ") does not match the first dimension of xs ("
          + known + ")");
    }
    List<KerasTensor> sequences = reverse ? seqs.stream().map(x -> NumpyOps.flip(x, 0)).toList() : seqs;
    List<Shape> firstYs = new ArrayList<>();
    List<DType> firstTypes = new ArrayList<>();
    ControlFlowBackend.Loop loop = backend().controlFlow().loop("scan's f", (c, slices) -> {
      Scanned step = f.apply(c, slices);
      if (step == null) {
        throw new IllegalArgumentException("scan's f must return the next carry and the step's outputs, returned null");
      }
      checkSameStructure("scan's f", "carry", carry, step.carry());
      checkOutputs(step.ys(), firstYs, firstTypes);
      List<KerasTensor> all = new ArrayList<>(step.carry());
      all.addAll(step.ys());
      return all;
    }, null, carry, sequences, length == null ? null : CoreOps.scalar(length, DType.INT32));
    List<KerasTensor> ys = reverse ? loop.outputs().stream().map(y -> NumpyOps.flip(y, 0)).toList() : loop.outputs();
    return new Scanned(loop.carry(), ys);
  }

  /** As {@link #scan(ScanFunction, List, List, Integer, boolean)} forwards over all of {@code xs}. */
  public static Scanned scan(ScanFunction f, List<KerasTensor> init, List<KerasTensor> xs) {
    return scan(f, init, xs, null, false);
  }

  /**
   * {@code trueFn}'s results where the scalar bool {@code pred} holds, else {@code falseFn}'s, as
   * {@code keras.ops.cond}; in a graph only the chosen branch runs. Both branches must return as
   * many tensors, of the same dtypes.
   */
  public static List<KerasTensor> cond(KerasTensor pred, Supplier<List<KerasTensor>> trueFn,
      Supplier<List<KerasTensor>> falseFn) {
    if (trueFn == null || falseFn == null) {
      throw new IllegalArgumentException("cond needs both a true_fn and a false_fn");
    }
    return backend().controlFlow().cond(checkPredicate("cond's pred", pred), () -> branch("true_fn", trueFn),
        () -> branch("false_fn", falseFn));
  }

  // ------------------------------------------------------------------ checks

  private static List<KerasTensor> branch(String name, Supplier<List<KerasTensor>> fn) {
    List<KerasTensor> out = fn.get();
    if (out == null || out.stream().anyMatch(t -> t == null)) {
      throw new IllegalArgumentException("cond's " + name + " must return a list of tensors, returned " + out);
    }
    return out;
  }

  private static List<KerasTensor> checkValues(String op, String name, List<KerasTensor> values) {
    if (values == null || values.isEmpty() || values.stream().anyMatch(v -> v == null)) {
      throw new IllegalArgumentException(op + ": " + name + " must be a non-empty list of tensors, got " + values);
    }
    return List.copyOf(values);
  }

  private static KerasTensor index(String name, KerasTensor bound) {
    if (bound == null || bound.rank() != 0 || !(bound.dtype() == DType.INT32 || bound.dtype() == DType.INT64)) {
      throw new IllegalArgumentException("fori_loop: " + name + " must be an int32 scalar, got "
          + (bound == null ? "null" : bound.dtype() + " of shape " + bound.shape()));
    }
    return bound.dtype() == DType.INT32 ? bound : CoreOps.cast(bound, DType.INT32);
  }

  private static KerasTensor checkPredicate(String what, KerasTensor pred) {
    if (pred == null || pred.dtype() != DType.BOOL || pred.rank() != 0) {
      throw new IllegalArgumentException(what + " must be a scalar bool tensor, got "
          + (pred == null ? "null" : pred.dtype().kerasName() + " of shape " + pred.shape())
          + "; reduce it (e.g. Ops.all / Ops.any) or compare it (e.g. Ops.less) to a scalar bool");
    }
    return pred;
  }

  private static void checkSameStructure(String what, String noun, List<KerasTensor> given, List<KerasTensor> got) {
    if (got == null || got.size() != given.size() || got.stream().anyMatch(t -> t == null)) {
      throw new IllegalArgumentException(what + " must return " + given.size() + " " + noun + "(s), as many as "
          + "it receives; it returned " + (got == null ? "null" : got.size() + " value(s)"));
    }
    for (int i = 0; i < given.size(); i++) {
      KerasTensor a = given.get(i);
      KerasTensor b = got.get(i);
      if (a.dtype() != b.dtype() || !a.shape().isCompatibleWith(b.shape())) {
        throw new IllegalArgumentException(what + " returned " + noun + " " + i + " as " + b.dtype().kerasName()
            + " of shape " + b.shape() + ", but it is " + a.dtype().kerasName() + " of shape " + a.shape()
            + "; each " + noun + " must keep its dtype and shape from step to step (cast or reshape it)");
      }
    }
  }

  private static void checkOutputs(List<KerasTensor> ys, List<Shape> first, List<DType> types) {
    if (ys.stream().anyMatch(y -> y == null)) {
      throw new IllegalArgumentException("scan's f returned a null output; return an empty ys for none");
    }
    if (first.isEmpty() && types.isEmpty()) {
      ys.forEach(y -> {
        first.add(y.shape());
        types.add(y.dtype());
      });
      if (ys.isEmpty()) {
        types.add(null);
      }
      return;
    }
    int expected = types.size() == 1 && types.get(0) == null ? 0 : types.size();
    if (ys.size() != expected) {
      throw new IllegalArgumentException("scan's f returned " + ys.size() + " output(s) at one step and " + expected
          + " at another; it must return the same outputs at every step");
    }
    for (int i = 0; i < ys.size(); i++) {
      if (ys.get(i).dtype() != types.get(i) || !ys.get(i).shape().isCompatibleWith(first.get(i))) {
        throw new IllegalArgumentException("scan's f returned output " + i + " as " + ys.get(i).dtype().kerasName()
            + " of shape " + ys.get(i).shape() + " at one step and " + types.get(i).kerasName() + " of shape "
            + first.get(i) + " at another; each output must keep its dtype and shape");
      }
    }
  }

  /**
   * {@code value} as it is, where every element of the bool tensor {@code condition} holds when it
   * runs; otherwise the run fails with an {@link IllegalArgumentException} carrying {@code message}
   * (as {@code tf.debugging.assert_*} under {@code tf.control_dependencies}). Whatever is computed
   * from the result runs only after the check.
   */
  public static KerasTensor checked(KerasTensor value, KerasTensor condition, String message) {
    if (value == null || condition == null) {
      throw new IllegalArgumentException("checked needs a value and a bool condition, got " + value + " and " + condition);
    }
    if (condition.dtype() != DType.BOOL) {
      throw new IllegalArgumentException("checked: the condition must be a bool tensor, got dtype " + condition.dtype());
    }
    return backend().controlFlow().checked(value, condition, message == null ? "check failed" : message);
  }
}
