package dev.jkeras.backend.tensorflow;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.function.Supplier;
import org.tensorflow.op.Op;
import org.tensorflow.op.Ops;

/**
 * Where tensor operations are built on this thread: the graph being traced or an eager session.
 * Contexts nest; the innermost wins.
 *
 * <p>A context may hold two kinds of ordering. {@link #tf} adds its control dependencies to every
 * op it builds. The <em>state dependencies</em> order only the ops that read or write a variable
 * (and the fused optimizer kernels): the ops a step runs after the previous step's updates. Pure
 * ops of that step (gathering its batch, encoding its labels, constants) carry no such edges, so
 * TensorFlow may run them while the previous step still computes.
 */
final class Context {
  private static final ThreadLocal<Deque<Context>> STACK = ThreadLocal.withInitial(ArrayDeque::new);

  private final Ops tf;
  private final TfModelGraph graph;
  private final boolean freshReads;
  private final List<Op> controls;
  private final List<Op> stateDependencies;
  private final Capture capture;
  private final Context home;

  private Context(Ops tf, TfModelGraph graph, boolean freshReads, List<Op> controls, List<Op> stateDependencies) {
    this(tf, graph, freshReads, controls, stateDependencies, null, null);
  }

  private Context(Ops tf, TfModelGraph graph, boolean freshReads, List<Op> controls, List<Op> stateDependencies,
      Capture capture, Context home) {
    this.capture = capture;
    this.home = home;
    this.tf = tf;
    this.graph = graph;
    this.freshReads = freshReads;
    this.controls = List.copyOf(controls);
    this.stateDependencies = List.copyOf(stateDependencies);
  }

  /**
   * Runs {@code body} with {@code tf} (whose scope has no control dependencies); inside a step that
   * follows another on the same graph, variable reads and writes still wait for the previous step.
   */
  static <T> T with(Ops tf, TfModelGraph graph, Supplier<T> body) {
    Context outer = STACK.get().peek();
    List<Op> inherited = outer != null && outer.graph == graph && graph != null ? outer.stateDependencies : List.of();
    return push(new Context(tf, graph, false, List.of(), inherited), body);
  }

  /**
   * Runs {@code body} with every op built after {@code dependencies} as well as the current
   * context's own; with {@code freshReads}, variables read anew instead of sharing the trace's one
   * read (so reads placed after updates see the updated values).
   */
  static <T> T after(TfModelGraph graph, List<Op> dependencies, boolean freshReads, Supplier<T> body) {
    Context outer = current();
    List<Op> all = new ArrayList<>(outer.controls);
    all.addAll(dependencies);
    return push(new Context(graph.baseOps().withControlDependencies(all), graph, freshReads, all,
        outer.stateDependencies), body);
  }

  /**
   * Runs {@code body} as a new step that follows {@code previousUpdates}: its variable reads and
   * writes wait for them, its other ops do not.
   */
  static <T> T nextStep(TfModelGraph graph, List<Op> previousUpdates, Supplier<T> body) {
    return push(new Context(graph.baseOps(), graph, false, List.of(), previousUpdates), body);
  }

  /**
   * Runs {@code body} building into a graph function traced with {@code capture}: tensors of the
   * graphs around it become the function's arguments, variables are read in the model graph.
   */
  static <T> T inFunction(Ops tf, Capture capture, Supplier<T> body) {
    Context outer = current();
    Context home = outer.home();
    return push(new Context(tf, home.graph, false, List.of(), List.of(), capture, home), body);
  }

  /** The context a graph function's trace started from (this one outside any function). */
  Context home() {
    return home == null ? this : home;
  }

  /** The capture of the function being traced on this thread, or null. */
  static Capture currentCapture() {
    Context context = STACK.get().peek();
    return context == null ? null : context.capture;
  }

  /** {@code operand} as the innermost function being traced sees it (see {@link Capture}). */
  static org.tensorflow.Operand<?> resolve(org.tensorflow.Operand<?> operand) {
    Capture capture = currentCapture();
    return capture == null ? operand : capture.resolve(operand);
  }

  private static <T> T push(Context context, Supplier<T> body) {
    Deque<Context> stack = STACK.get();
    stack.push(context);
    try {
      return body.get();
    } finally {
      stack.pop();
    }
  }

  /** The innermost context; fails when tensor operations are used outside any. */
  static Context current() {
    Context context = STACK.get().peek();
    if (context == null) {
      throw new IllegalStateException(
          "Symbolic tensor operations run only while a model is traced (inside a layer's call); "
              + "to compute on arrays, pass NdArrays to Ops.");
    }
    return context;
  }

  static TfModelGraph currentGraph() {
    Context context = STACK.get().peek();
    return context == null ? null : context.graph;
  }

  Ops tf() {
    return tf;
  }

  /** Ops for reading or writing variables: {@link #tf} plus this context's state dependencies. */
  Ops stateful() {
    if (stateDependencies.isEmpty()) {
      return tf;
    }
    List<Op> all = new ArrayList<>(controls);
    all.addAll(stateDependencies);
    return graph.baseOps().withControlDependencies(all);
  }

  TfModelGraph graph() {
    return graph;
  }

  boolean freshReads() {
    return freshReads;
  }
}
