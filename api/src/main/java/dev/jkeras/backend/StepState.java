package dev.jkeras.backend;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Deque;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Set;
import java.util.function.Supplier;

/**
 * The state updates of the step being traced, in one place (Keras's {@code StatelessScope}): the
 * layers' updates (moving statistics), the optimizer's update and what re-applies constraints after
 * it, and the metrics' updates are each recorded here while a trainer traces a train or test step,
 * and the step runs all of them in its session run, each once.
 *
 * <p>A trainer opens a scope around the step it traces; outside any scope nothing is recorded, and
 * whoever made an update (e.g. a metric's {@code updateState} called directly) gets it back to run
 * as they choose. Scopes are per thread.
 */
public final class StepState implements AutoCloseable {
  private static final ThreadLocal<Deque<StepState>> OPEN = ThreadLocal.withInitial(ArrayDeque::new);

  private final ModelGraph graph;
  private final List<Update> updates = new ArrayList<>();
  private final Set<Update> recorded = Collections.newSetFromMap(new IdentityHashMap<>());
  private boolean closed;

  private StepState(ModelGraph graph) {
    this.graph = graph;
  }

  /** Opens the scope of a step traced in {@code graph}; close it when the step is traced. */
  public static StepState open(ModelGraph graph) {
    StepState scope = new StepState(graph);
    OPEN.get().push(scope);
    return scope;
  }

  /** The innermost open scope on this thread, or null outside any step. */
  public static StepState current() {
    return OPEN.get().peek();
  }

  /** True while a step is being traced on this thread, so updates made now are part of it. */
  public static boolean active() {
    return current() != null;
  }

  /** Records {@code update} in the open step (once, however often it is recorded); returns it. */
  public static Update record(Update update) {
    StepState scope = current();
    if (scope != null) {
      scope.add(update);
    }
    return update;
  }

  /**
   * Traces {@code body} so that it reads state after every update recorded so far in the open step
   * (as a step's statements run in order); outside a step, simply runs it.
   */
  public static <T> T afterUpdates(Supplier<T> body) {
    StepState scope = current();
    return scope == null || scope.updates.isEmpty() ? body.get() : scope.graph.after(scope.updates(), body);
  }

  private void add(Update update) {
    if (closed) {
      throw new IllegalStateException("This step's scope is closed; its updates were already collected");
    }
    if (recorded.add(update)) {
      updates.add(update);
    }
  }

  /** The graph the step is traced in. */
  public ModelGraph graph() {
    return graph;
  }

  /** The updates recorded so far, in the order they were made. */
  public List<Update> updates() {
    return List.copyOf(updates);
  }

  @Override
  public void close() {
    if (!closed) {
      closed = true;
      Deque<StepState> open = OPEN.get();
      open.remove(this);
      if (open.isEmpty()) {
        OPEN.remove();
      }
    }
  }
}
