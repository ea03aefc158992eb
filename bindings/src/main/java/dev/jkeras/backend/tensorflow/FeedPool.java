package dev.jkeras.backend.tensorflow;

import dev.jkeras.DType;
import dev.jkeras.backend.Feed;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.Iterator;
import org.tensorflow.Tensor;
import org.tensorflow.ndarray.NdArray;

/**
 * Native tensors for whole data sets, kept for reuse: feeding the same shapes again (the next fit
 * or evaluate) copies into memory TensorFlow has already touched instead of allocating anew, which
 * costs several times the copy. A few idle tensors are kept; the rest are freed.
 */
final class FeedPool implements AutoCloseable {
  private static final int MAX_IDLE = 4;

  private final Deque<Tensor> idle = new ArrayDeque<>();

  /** A native copy of {@code array}; concurrent calls copy at the same time, only the pool itself is locked. */
  Feed feed(NdArray<?> array) {
    DType dtype = DType.of(array);
    if (dtype == DType.STRING) {
      return new TfFeed(Tensors.toTensor(array));
    }
    Tensor tensor = take(dtype, array.shape());
    try {
      Tensors.copyInto(array, tensor);
    } catch (RuntimeException e) {
      tensor.close();
      throw e;
    }
    return new PooledFeed(tensor);
  }

  private synchronized Tensor take(DType dtype, org.tensorflow.ndarray.Shape shape) {
    for (Iterator<Tensor> it = idle.iterator(); it.hasNext(); ) {
      Tensor candidate = it.next();
      if (candidate.shape().equals(shape) && Tensors.dtypeOf(candidate) == dtype) {
        it.remove();
        return candidate;
      }
    }
    return Tensors.allocate(dtype, shape);
  }

  private synchronized void giveBack(Tensor tensor) {
    idle.addFirst(tensor);
    while (idle.size() > MAX_IDLE) {
      idle.removeLast().close();
    }
  }

  @Override
  public synchronized void close() {
    idle.forEach(Tensor::close);
    idle.clear();
  }

  /** A feed whose tensor returns to the pool when closed. */
  private final class PooledFeed extends TfFeed {
    private boolean closed;

    PooledFeed(Tensor tensor) {
      super(tensor);
    }

    @Override
    public void close() {
      if (!closed) {
        closed = true;
        giveBack(tensor());
      }
    }
  }
}
