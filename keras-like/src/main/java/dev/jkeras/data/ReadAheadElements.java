package dev.jkeras.data;

import java.util.List;
import java.util.NoSuchElementException;
import org.tensorflow.ndarray.NdArray;

/**
 * An {@link ElementIterator} that reads one element ahead (so {@link #hasNext} knows), and releases
 * what it reads from once the elements end, fail, or it is closed.
 */
abstract class ReadAheadElements implements ElementIterator {
  private List<NdArray<?>> ahead;
  private boolean done;

  /** The next element's components; null after the last one. */
  abstract List<NdArray<?>> read();

  /** Releases what the elements are read from; called once. */
  abstract void release();

  @Override
  public final synchronized boolean hasNext() {
    if (ahead == null && !done) {
      try {
        ahead = read();
      } finally {
        if (ahead == null) {
          close();
        }
      }
    }
    return ahead != null;
  }

  @Override
  public final synchronized List<NdArray<?>> next() {
    if (!hasNext()) {
      throw new NoSuchElementException("The dataset has no more elements");
    }
    List<NdArray<?>> element = ahead;
    ahead = null;
    return element;
  }

  @Override
  public final synchronized void close() {
    if (!done) {
      done = true;
      release();
    }
  }
}
