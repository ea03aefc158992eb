package dev.jkeras.backend.tensorflow;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Supplier;
import org.tensorflow.Session;
import org.tensorflow.op.Op;

/**
 * The initial-value assignments of a graph's variables that have not run yet. They run together,
 * in one session run, the first time anything needs a variable's value: a session run after every
 * new node of a growing graph costs the session a pass over the whole graph, so one run per
 * variable made building a large model (ResNet50: 320 variables) take tens of seconds.
 *
 * <p>Each initializer runs exactly once, so seeded random initializers give the values they gave
 * in a run of their own (TensorFlow's seeded random kernels depend only on their seeds). An
 * initializer that reads another variable of the graph sees it initialized first.
 *
 * <p>Thread safety: adding and running take this object's monitor only (never the graph's build
 * lock), so a reader waits for a flush in progress but never for a build; {@link #runAll} is cheap
 * when nothing is pending.
 */
final class PendingInitializers {
  private record Assignment(TfVariable variable, Op op) {}

  private final Session session;
  private List<Assignment> assignments = new ArrayList<>();
  private volatile boolean any;
  /** Initializers being traced (on the building thread, under the build lock). */
  private int tracing;

  PendingInitializers(Session session) {
    this.session = session;
  }

  /** Traces an initializer, noting that reads of variables during it must see initialized values. */
  <T> T tracingInitializer(Supplier<T> trace) {
    tracing++;
    try {
      return trace.get();
    } finally {
      tracing--;
    }
  }

  boolean isTracingInitializer() {
    return tracing > 0;
  }

  synchronized void add(TfVariable variable, Op assign) {
    assignments.add(new Assignment(variable, assign));
    any = true;
  }

  /**
   * Runs every pending assignment in one session run. When that run fails, each runs alone so that
   * the error names the variable; the failing ones stay pending (every later use reports the same
   * error) and the others are initialized.
   *
   * @throws IllegalStateException naming the first variable whose initializer failed
   */
  void runAll() {
    if (!any) {
      return;
    }
    synchronized (this) {
      if (assignments.isEmpty()) {
        return;
      }
      List<Assignment> batch = assignments;
      assignments = new ArrayList<>();
      try {
        Session.Runner runner = session.runner();
        batch.forEach(a -> runner.addTarget(a.op()));
        runner.run().close();
        batch.forEach(a -> a.variable().markInitialized());
        any = false;
      } catch (RuntimeException e) {
        if (!ErrorMessages.isTensorFlow(e)) {
          assignments.addAll(0, batch);
          throw e;
        }
        runOneByOne(batch);
      }
    }
  }

  private void runOneByOne(List<Assignment> batch) {
    IllegalStateException first = null;
    for (int i = 0; i < batch.size(); i++) {
      Assignment assignment = batch.get(i);
      try {
        session.runner().addTarget(assignment.op()).run().close();
        assignment.variable().markInitialized();
      } catch (RuntimeException e) {
        if (!ErrorMessages.isTensorFlow(e)) {
          assignments.addAll(batch.subList(i, batch.size()));
          any = true;
          throw e;
        }
        assignments.add(assignment);
        if (first == null) {
          first = new IllegalStateException("The initializer of variable '" + assignment.variable().name()
              + "' failed: " + ErrorMessages.clean(e), e);
        }
      }
    }
    any = !assignments.isEmpty();
    if (first != null) {
      throw first;
    }
  }
}
