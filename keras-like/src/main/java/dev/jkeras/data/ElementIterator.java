package dev.jkeras.data;

import java.util.Iterator;
import java.util.List;
import org.tensorflow.ndarray.NdArray;

/**
 * The elements of a dataset read from Java, each as its flat components; closing it (done on its
 * own after the last element) releases what reads them: a graph, or a generator's thread.
 */
public interface ElementIterator extends Iterator<List<NdArray<?>>>, AutoCloseable {
  @Override
  void close();
}
