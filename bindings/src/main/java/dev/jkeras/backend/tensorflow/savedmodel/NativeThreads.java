package dev.jkeras.backend.tensorflow.savedmodel;

import java.time.Duration;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Threads with a large stack for the native work of SavedModels. TensorFlow's graph import, its
 * optimizations and its first run of a graph recurse along chains of dependent ops in the calling
 * thread; on a Java thread's default stack (1 MiB) a chain of about 5,000 ops overflows it and the
 * process dies with SIGSEGV, which no Java code can catch. Work run here has {@link #STACK_BYTES} of
 * stack, enough for {@link dev.jkeras.backend.SavedModelOptions#MAX_GRAPH_DEPTH} (the stack is
 * reserved address space; only the pages used take memory). Waiting with a timeout also gives calls
 * a deadline the caller sees even when a native op does not stop.
 */
final class NativeThreads {
  /** 1 GiB: measured, a chain of 100,000 Identity ops loads and runs on it (5,000 overflow 1 MiB, 50,000 run on 512 MiB). */
  static final long STACK_BYTES = 1L << 30;

  private static final AtomicInteger COUNT = new AtomicInteger();
  private static final ExecutorService POOL = Executors.newCachedThreadPool(task -> {
    Thread thread = new Thread(null, task, "jkeras-savedmodel-" + COUNT.incrementAndGet(), STACK_BYTES);
    thread.setDaemon(true);
    return thread;
  });

  private NativeThreads() {}

  /** Runs {@code work} on a large-stack thread and returns its result, rethrowing what it throws. */
  static <T> T call(Callable<T> work) {
    Future<T> future = POOL.submit(work);
    while (true) {
      try {
        return await(future, Duration.ofDays(1));
      } catch (TimeoutException e) {
        // keep waiting: this work has no deadline
      }
    }
  }

  /**
   * Runs {@code work} on a large-stack thread (the caller's own {@link CallerWorker}, a cheaper
   * handover than the pool's); when it has not ended within {@code timeout}, throws
   * {@link TimeoutException} and lets it end in the background.
   */
  static <T> T call(Callable<T> work, Duration timeout) throws TimeoutException {
    return CallerWorker.call(work, timeout.toNanos(), STACK_BYTES);
  }

  private static <T> T await(Future<T> future, Duration timeout) throws TimeoutException {
    try {
      return future.get(timeout.toNanos(), TimeUnit.NANOSECONDS);
    } catch (ExecutionException e) {
      Throwable cause = e.getCause();
      if (cause instanceof RuntimeException runtime) {
        throw runtime;
      }
      if (cause instanceof Error error) {
        throw error;
      }
      throw new IllegalStateException(cause.toString(), cause);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("Interrupted while waiting for TensorFlow", e);
    }
  }
}
