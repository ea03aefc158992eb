package dev.jkeras.layers;

import dev.jkeras.data.Dataset;
import dev.jkeras.data.ElementIterator;
import dev.jkeras.data.ElementStructure;
import java.util.List;
import java.util.function.Consumer;
import org.tensorflow.ndarray.NdArray;

/**
 * The batches a preprocessing layer's {@code adapt(dataset[, steps])} reads, as Keras's adapt loops
 * over a {@code tf.data.Dataset}: every element is one batch, read until the data ends or for
 * {@code steps} batches. A dataset that repeats forever needs {@code steps}.
 */
final class AdaptBatches {
  private final String layer;
  private final Dataset data;
  private final Long steps;
  private final boolean inputsOfTuples;

  /**
   * @param layer how errors name the layer, e.g. {@code "Layer 'text_vectorization' (TextVectorization)"}
   * @param inputsOfTuples whether an {@code (x, y[, sample_weight])} element gives its {@code x}, as
   *     Keras's Normalization does; the other layers take elements of one tensor only
   */
  AdaptBatches(String layer, Dataset data, Long steps, boolean inputsOfTuples) {
    if (data == null) {
      throw new IllegalArgumentException(layer + " cannot adapt to a null dataset");
    }
    if (steps != null && steps <= 0) {
      throw new IllegalArgumentException(layer + ": `steps` must be a positive number of batches, got " + steps);
    }
    this.layer = layer;
    this.data = data;
    this.steps = steps;
    this.inputsOfTuples = inputsOfTuples;
  }

  /** How errors name {@code layer}: {@code Layer 'name' (KerasClass)}. */
  static String describe(Layer layer) {
    return "Layer '" + layer.name() + "' (" + layer.kerasClassName() + ")";
  }

  /** The position among an element's flat components of the tensor the layer adapts to. */
  private int inputComponent() {
    ElementStructure structure = data.structure();
    if (structure instanceof ElementStructure.Single) {
      return 0;
    }
    if (inputsOfTuples && structure instanceof ElementStructure.Tuple tuple
        && tuple.items().size() <= 3 && tuple.items().get(0) instanceof ElementStructure.Single) {
      return 0;
    }
    throw new IllegalArgumentException(layer + " adapts to a dataset whose elements are batches of its input (one "
        + "tensor), but this dataset's elements are " + structure + ". Give it the inputs only, e.g. "
        + "adapt(dataset.map((x, y) -> x))");
  }

  /** Gives every batch to {@code update}, in order; returns how many there were. */
  long forEach(Consumer<NdArray<?>> update) {
    int component = inputComponent();
    if (steps == null && data.cardinality() == Dataset.INFINITE_CARDINALITY) {
      throw new IllegalArgumentException(layer + " cannot adapt to a dataset that repeats forever without a number "
          + "of steps: it would never end. Give the number of batches to read, adapt(dataset, steps), or end the "
          + "dataset with take(n)");
    }
    long read = 0;
    try (ElementIterator elements = data.iterator()) {
      while ((steps == null || read < steps) && elements.hasNext()) {
        List<NdArray<?>> element = elements.next();
        update.accept(element.get(component));
        read++;
      }
    }
    return read;
  }
}
