package dev.jkeras.trainers.adapters;

import dev.jkeras.DType;
import dev.jkeras.Shape;
import dev.jkeras.backend.Feed;
import dev.jkeras.backend.ModelGraph;
import dev.jkeras.backend.TensorSpec;
import dev.jkeras.backend.data.EndOfDataException;
import dev.jkeras.data.Dataset;
import dev.jkeras.data.GeneratorProducer;
import dev.jkeras.ops.Ops;
import java.util.ArrayList;
import java.util.List;
import org.tensorflow.ndarray.NdArray;

/**
 * Batches of a generator {@link Dataset} (Keras's {@code GeneratorDataAdapter}): each element the
 * generator makes, on its producer thread, is one batch, fed to the step as arrays (the step traced
 * for fed arrays of the same signature, so no retracing per call). The number of batches is unknown
 * until the generator ends; each epoch is a new pass of the generator. Closing the adapter stops the
 * producer thread.
 */
public final class GeneratorAdapter implements DataAdapter {
  private final ModelGraph graph;
  private final Dataset dataset;
  private final DatasetAdapter.DatasetLayout layout;
  private final DataSignature signature;
  private GeneratorProducer producer;

  public GeneratorAdapter(ModelGraph graph, Dataset dataset, DatasetAdapter.DatasetLayout layout) {
    if (!dataset.isGenerated()) {
      throw new IllegalArgumentException("Not a generator dataset: " + dataset);
    }
    this.graph = graph;
    this.dataset = dataset;
    this.layout = layout;
    List<TensorSpec> specs = dataset.elementSpec().components();
    this.signature = new DataSignature(types(specs, layout.xs()), samples(specs, layout.xs()),
        types(specs, layout.ys()), samples(specs, layout.ys()), layout.sampleWeight() >= 0);
  }

  private static List<DType> types(List<TensorSpec> specs, List<Integer> at) {
    return at.stream().map(i -> specs.get(i).dtype()).toList();
  }

  private static List<Shape> samples(List<TensorSpec> specs, List<Integer> at) {
    return at.stream().map(i -> specs.get(i).shape().dropFirst()).toList();
  }

  @Override
  public DataSignature signature() {
    return signature;
  }

  /** Unknown until the generator ends. */
  @Override
  public int numBatches() {
    return -1;
  }

  @Override
  public int batchSize() {
    return -1;
  }

  @Override
  public void onEpochBegin() {
    stop();
    producer = dataset.produce();
  }

  @Override
  public void continueOrStart() {
    if (producer == null) {
      onEpochBegin();
    }
  }

  @Override
  public void exhausted() {
    stop();
  }

  private void stop() {
    if (producer != null) {
      producer.close();
      producer = null;
    }
  }

  /** The producer of the pass running, or null; for tests that check it stops. */
  public GeneratorProducer producer() {
    return producer;
  }

  @Override
  public Batch batch(int index) {
    if (producer == null) {
      throw new IllegalStateException("The generator's pass has not started");
    }
    List<NdArray<?>> element = producer.next();
    if (element == null) {
      throw new EndOfDataException("The generator has no more elements");
    }
    List<NdArray<?>> arrays = new ArrayList<>();
    layout.xs().forEach(i -> arrays.add(element.get(i)));
    layout.ys().forEach(i -> arrays.add(element.get(i)));
    if (layout.sampleWeight() >= 0) {
      NdArray<?> weights = element.get(layout.sampleWeight());
      arrays.add(DType.of(weights) == DType.FLOAT32 ? weights : Ops.cast(weights, "float32"));
    }
    int rows = (int) arrays.get(0).shape().get(0);
    for (int i = 1; i < arrays.size(); i++) {
      if (arrays.get(i).shape().get(0) != rows) {
        throw new IllegalArgumentException("The generator's batch " + index + " has parts with different numbers of "
            + "samples: " + rows + " and " + arrays.get(i).shape().get(0) + "; every part of an element must have "
            + "one row per sample");
      }
    }
    List<Feed> feeds = new ArrayList<>();
    try {
      for (NdArray<?> array : arrays) {
        feeds.add(graph.feed(array));
      }
      int[] all = new int[rows];
      for (int i = 0; i < rows; i++) {
        all[i] = i;
      }
      feeds.add(graph.feed(all, 0, rows));
    } catch (RuntimeException e) {
      feeds.forEach(Feed::close);
      throw e;
    }
    return new Batch(-1, feeds, feeds);
  }

  /** One batch per session run: the number of batches is unknown. */
  @Override
  public Batch batches(int first, int count) {
    if (count != 1) {
      throw new IllegalArgumentException("A generator feeds one batch per session run, asked for " + count);
    }
    return batch(first);
  }

  @Override
  public void close() {
    stop();
  }
}
