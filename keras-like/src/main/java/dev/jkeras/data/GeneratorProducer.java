package dev.jkeras.data;

import java.util.Iterator;
import java.util.List;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.tensorflow.ndarray.NdArray;

/**
 * One pass of a generator dataset on a background thread: the elements, checked against the spec,
 * wait in a bounded queue (so the generator runs at most that far ahead of training); the stream it
 * reads is closed when the pass ends, fails or is closed. A failure of the generator is rethrown by
 * {@link #next()} with the generator's exception as its cause. {@link #close()} stops the thread.
 */
public final class GeneratorProducer implements AutoCloseable {
  private static final Object END = new Object();
  private static final java.util.concurrent.atomic.AtomicInteger THREADS = new java.util.concurrent.atomic.AtomicInteger();

  private record Failure(Throwable error, long index) {}

  private final GeneratorSource source;
  private final BlockingQueue<Object> queue;
  private final Thread thread;
  private volatile boolean closed;
  private boolean finished;

  GeneratorProducer(GeneratorSource source) {
    this.source = source;
    this.queue = new ArrayBlockingQueue<>(source.queueSize());
    this.thread = new Thread(this::produce, "jkeras-dataset-generator-" + THREADS.incrementAndGet());
    thread.setDaemon(true);
    thread.start();
  }

  private void produce() {
    long index = 0;
    try (Stream<?> elements = source.elements().get()) {
      Iterator<?> it = elements.iterator();
      while (!closed && it.hasNext()) {
        queue.put(source.check(it.next(), index));
        index++;
      }
      queue.put(END);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    } catch (Throwable t) {
      try {
        // After the elements already made, as the consumer would meet the failure.
        queue.put(new Failure(t, index));
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }
  }

  /**
   * The next element's flat components, waiting for the generator; null after the last one.
   *
   * @throws IllegalStateException when the generator failed (its exception is the cause)
   */
  public synchronized List<NdArray<?>> next() {
    if (finished) {
      return null;
    }
    Object item;
    try {
      item = queue.take();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("Interrupted while waiting for the generator's next element", e);
    }
    if (item == END) {
      finished = true;
      return null;
    }
    if (item instanceof Failure failure) {
      finished = true;
      Throwable error = failure.error();
      if (error instanceof IllegalArgumentException bad && bad.getMessage() != null
          && bad.getMessage().startsWith("The generator's element")) {
        throw new IllegalArgumentException(bad.getMessage(), bad);
      }
      throw new IllegalStateException("The dataset's generator failed at element " + failure.index() + ": " + error,
          error);
    }
    @SuppressWarnings("unchecked")
    List<NdArray<?>> element = (List<NdArray<?>>) item;
    return element;
  }

  /** Whether the producing thread is still running. */
  public boolean isRunning() {
    return thread.isAlive();
  }

  /** Stops the producer: the thread is interrupted and awaited (for a generator that ignores interrupts, up to 10 s). */
  @Override
  public void close() {
    closed = true;
    thread.interrupt();
    queue.clear();
    try {
      thread.join(TimeUnit.SECONDS.toMillis(10));
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
