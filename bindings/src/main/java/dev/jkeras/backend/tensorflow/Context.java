package dev.jkeras.backend.tensorflow;

import java.util.ArrayDeque;
import java.util.Deque;
import java.util.function.Supplier;
import org.tensorflow.op.Ops;

/**
 * Where tensor operations are built on this thread: the graph being traced or an eager session.
 * Contexts nest; the innermost wins.
 */
final class Context {
  private static final ThreadLocal<Deque<Context>> STACK = ThreadLocal.withInitial(ArrayDeque::new);

  private final Ops tf;
  private final TfModelGraph graph;
  private final boolean freshReads;

  private Context(Ops tf, TfModelGraph graph, boolean freshReads) {
    this.tf = tf;
    this.graph = graph;
    this.freshReads = freshReads;
  }

  static <T> T with(Ops tf, TfModelGraph graph, Supplier<T> body) {
    return with(tf, graph, false, body);
  }

  /**
   * Runs {@code body} in a new context; with {@code freshReads}, variables read anew instead of
   * sharing the trace's one read (so reads placed after updates see the updated values).
   */
  static <T> T with(Ops tf, TfModelGraph graph, boolean freshReads, Supplier<T> body) {
    Deque<Context> stack = STACK.get();
    stack.push(new Context(tf, graph, freshReads));
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

  TfModelGraph graph() {
    return graph;
  }

  boolean freshReads() {
    return freshReads;
  }
}
