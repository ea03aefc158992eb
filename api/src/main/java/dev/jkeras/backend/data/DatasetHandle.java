package dev.jkeras.backend.data;

import dev.jkeras.backend.TensorSpec;
import java.util.List;

/**
 * A dataset built in a graph by a {@link DatasetBackend} (for TensorFlow, a tf.data variant tensor):
 * opaque above the backend except for the spec of each component of its elements, in order.
 */
public interface DatasetHandle {

  /** The dtype and static shape of each component of an element ({@code Shape.UNKNOWN} where free). */
  List<TensorSpec> componentSpecs();
}
