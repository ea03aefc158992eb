package dev.jkeras.data;

import java.util.List;
import java.util.NoSuchElementException;
import org.tensorflow.ndarray.NdArray;

/** The elements of a generator dataset read from Java, from its producer thread. */
final class GeneratedElements implements ElementIterator {
  private final GeneratorProducer producer;
  private List<NdArray<?>> ahead;
  private boolean done;

  GeneratedElements(GeneratorProducer producer) {
    this.producer = producer;
  }

  @Override
  public synchronized boolean hasNext() {
    if (ahead == null && !done) {
      try {
        ahead = producer.next();
      } finally {
        if (ahead == null) {
          close();
        }
      }
    }
    return ahead != null;
  }

  @Override
  public synchronized List<NdArray<?>> next() {
    if (!hasNext()) {
      throw new NoSuchElementException("The dataset has no more elements");
    }
    List<NdArray<?>> element = ahead;
    ahead = null;
    return element;
  }

  @Override
  public synchronized void close() {
    if (!done) {
      done = true;
      producer.close();
    }
  }
}
