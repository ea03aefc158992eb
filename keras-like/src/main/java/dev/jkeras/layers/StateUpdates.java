package dev.jkeras.layers;

import dev.jkeras.KerasTensor;
import dev.jkeras.backend.Update;
import dev.jkeras.backend.Variable;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.function.Supplier;

/**
 * Collects the state updates layers make while a step is traced ({@link Layer#addUpdate}), so the
 * step runs them in its own session run: Keras's stateless-update mechanism for a traced graph.
 * Each thread has its own stack of collections; an update made while none is open is dropped.
 */
public final class StateUpdates {
  private static final ThreadLocal<Deque<List<Update>>> OPEN = ThreadLocal.withInitial(ArrayDeque::new);

  private StateUpdates() {}

  /** What a traced body returned, and the state updates layers made while it ran. */
  public record Collected<T>(T value, List<Update> updates) {}

  /** Runs {@code body} (a step being traced) and returns its result with the updates it made. */
  public static <T> Collected<T> collect(Supplier<T> body) {
    Deque<List<Update>> open = OPEN.get();
    List<Update> updates = new ArrayList<>();
    open.push(updates);
    try {
      T value = body.get();
      return new Collected<>(value, List.copyOf(updates));
    } finally {
      open.pop();
    }
  }

  /** True while a step is being traced on this thread, so updates are kept. */
  public static boolean collecting() {
    return !OPEN.get().isEmpty();
  }

  static void add(Variable variable, KerasTensor newValue) {
    Deque<List<Update>> open = OPEN.get();
    if (!open.isEmpty()) {
      open.peek().add(variable.assign(newValue));
    }
  }
}
