package dev.jkeras.backend.data;

import dev.jkeras.KerasTensor;
import dev.jkeras.backend.Update;
import java.util.List;

/**
 * An iterator over a {@link DatasetHandle}, living in the graph it was built in. {@link #initialize()}
 * (re)starts it at the dataset's first element; each {@link #next()} is a new op that, when run, takes
 * the next element. A session run whose {@code next()} finds the dataset exhausted fails with {@link
 * EndOfDataException}.
 */
public interface DatasetIterator {

  /** The update that starts (or restarts) iteration at the first element, re-running the pipeline's sources. */
  Update initialize();

  /** A symbolic next element, one tensor per component, built in the current context. */
  default List<KerasTensor> next() {
    return next(List.of());
  }

  /**
   * As {@link #next()}, taking its element only after the tensors {@code after} were computed (an
   * earlier {@code next()} of the same run), so several reads in one session run take the elements
   * in order.
   */
  List<KerasTensor> next(List<KerasTensor> after);

  /**
   * The update that destroys the iterator's resource (and the pipeline it runs), releasing what the
   * pipeline holds while the session is still open; the iterator is unusable until initialized again.
   */
  Update release();

  /** The dataset this iterator reads. */
  DatasetHandle dataset();
}
