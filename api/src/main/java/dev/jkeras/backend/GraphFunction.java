package dev.jkeras.backend;

import java.util.List;
import org.tensorflow.ndarray.NdArray;

/** A function traced into a {@link ModelGraph}; one call is one session run. */
public interface GraphFunction {
  /** Runs with {@code feeds} in the order of the function's inputs; returns copies of its outputs. */
  List<NdArray<?>> call(List<Feed> feeds);

  /** Runs without fetching outputs (only the updates). */
  void run(List<Feed> feeds);

  /**
   * The same function, its ops run one after another on the thread that calls it instead of being
   * handed to the backend's inter-op threads: no thread handoff per op or per call, which for a small
   * step (inference on a batch) costs more than the ops themselves; each op may still use several
   * threads itself. Not for steps whose speed comes from running independent branches side by side.
   */
  GraphFunction onCallingThread();
}
