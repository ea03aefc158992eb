package dev.jkeras.trainers;

import dev.jkeras.backend.Feed;
import dev.jkeras.backend.GraphFunction;
import dev.jkeras.backend.ModelGraph;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.tensorflow.ndarray.NdArray;

/**
 * Data that fits one batch, run in one session run of a step traced for whole arrays
 * ({@link StepInputs#whole}): each array is copied into native memory once and fed as it is, with no
 * data adapter, batch indices or epoch in between.
 */
final class WholeArrays {
  private WholeArrays() {}

  /** Whether {@code samples} fit one batch of {@code batchSize}, so that one whole-array run does them all. */
  static boolean fitOneBatch(int samples, int batchSize) {
    return samples > 0 && samples <= batchSize;
  }

  /** Runs {@code function} on {@code arrays} fed in order; returns its outputs, copied to the Java heap. */
  static List<NdArray<?>> call(ModelGraph graph, GraphFunction function, List<NdArray<?>> arrays) {
    List<Feed> feeds = new ArrayList<>(arrays.size());
    try {
      for (NdArray<?> array : arrays) {
        feeds.add(graph.feed(array));
      }
      return function.call(feeds);
    } finally {
      feeds.forEach(Feed::close);
    }
  }

  /** Runs a train or test step on {@code arrays}; returns its logs by name. */
  static Map<String, Double> logs(ModelGraph graph, CompiledSteps.Whole step, List<NdArray<?>> arrays) {
    List<NdArray<?>> values = call(graph, step.function(), arrays);
    Map<String, Double> logs = new LinkedHashMap<>();
    for (int i = 0; i < step.names().size(); i++) {
      Trainer.putLog(logs, step.names().get(i), values.get(i));
    }
    return logs;
  }
}
