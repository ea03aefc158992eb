package dev.jkeras.backend;

import java.util.List;
import org.tensorflow.ndarray.NdArray;

/** A function traced into a {@link ModelGraph}; one call is one session run. */
public interface GraphFunction {
  /** Runs with {@code feeds} in the order of the function's inputs; returns copies of its outputs. */
  List<NdArray<?>> call(List<Feed> feeds);

  /** Runs without fetching outputs (only the updates). */
  void run(List<Feed> feeds);
}
