package dev.jkeras.backend.tensorflow.savedmodel;

import java.util.concurrent.Callable;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.locks.LockSupport;

/**
 * A large-stack thread that runs the calls of one caller thread, one at a time, handed over with a
 * park/unpark handshake: no queue, future or allocation per call, so a handover costs two thread
 * wake-ups (measured about half an executor's submit and {@code Future.get}). A caller that stops
 * waiting (deadline, interrupt) gives its worker up: the worker ends once the abandoned work has
 * ended, and the caller's next call gets a new one. An idle worker ends after {@link #IDLE_NANOS},
 * so the workers of callers that have gone do not pile up.
 */
final class CallerWorker {
  static final long IDLE_NANOS = TimeUnit.SECONDS.toNanos(60);

  private static final AtomicInteger COUNT = new AtomicInteger();
  private static final ThreadLocal<CallerWorker> OF_CALLER = new ThreadLocal<>();

  private static final Object IDLE = new Object();
  private static final Object ENDED = new Object();

  /** The work handed over, or {@link #IDLE} waiting for some, or {@link #ENDED}. */
  private final AtomicReference<Object> slot = new AtomicReference<>(IDLE);
  private final Thread thread;
  private volatile Thread caller;
  private volatile Outcome outcome;
  private volatile boolean givenUp;

  private record Outcome(Object value, Throwable error) {}

  private CallerWorker(long stackBytes) {
    thread = new Thread(null, this::serve, "jkeras-savedmodel-caller-" + COUNT.incrementAndGet(), stackBytes);
    thread.setDaemon(true);
    thread.start();
  }

  /**
   * Runs {@code work} on the calling thread's worker (made on first use, with {@code stackBytes} of
   * stack) and returns its result, rethrowing what it throws; when it has not ended within
   * {@code timeoutNanos}, throws {@link TimeoutException} and lets it end in the background.
   */
  @SuppressWarnings("unchecked")
  static <T> T call(Callable<T> work, long timeoutNanos, long stackBytes) throws TimeoutException {
    CallerWorker worker = OF_CALLER.get();
    if (worker == null || !worker.take(work)) {
      worker = new CallerWorker(stackBytes);
      OF_CALLER.set(worker);
      if (!worker.take(work)) {
        throw new IllegalStateException("A new SavedModel worker thread refused its first call");
      }
    }
    Outcome done = worker.await(timeoutNanos);
    if (done.error() == null) {
      return (T) done.value();
    }
    if (done.error() instanceof RuntimeException runtime) {
      throw runtime;
    }
    if (done.error() instanceof Error error) {
      throw error;
    }
    throw new IllegalStateException(done.error().toString(), done.error());
  }

  /** Hands {@code work} over; false when this worker has ended (idle too long), so the caller makes another. */
  private boolean take(Callable<?> work) {
    outcome = null;
    caller = Thread.currentThread();
    if (!slot.compareAndSet(IDLE, work)) {
      return false;
    }
    LockSupport.unpark(thread);
    return true;
  }

  private Outcome await(long timeoutNanos) throws TimeoutException {
    long deadline = System.nanoTime() + timeoutNanos;
    Outcome done;
    while ((done = outcome) == null) {
      long left = deadline - System.nanoTime();
      if (left <= 0) {
        giveUp();
        throw new TimeoutException();
      }
      LockSupport.parkNanos(this, left);
      if (Thread.interrupted()) {
        giveUp();
        Thread.currentThread().interrupt();
        throw new IllegalStateException("Interrupted while waiting for TensorFlow");
      }
    }
    return done;
  }

  /** The caller stops waiting: its next call gets another worker, and this one ends after the work. */
  private void giveUp() {
    givenUp = true;
    OF_CALLER.remove();
  }

  private void serve() {
    while (true) {
      Object work = awaitWork();
      if (work == null) {
        return;
      }
      Outcome done;
      try {
        done = new Outcome(((Callable<?>) work).call(), null);
      } catch (Throwable t) {
        done = new Outcome(null, t);
      }
      Thread waiting = caller;
      if (givenUp) {
        slot.set(ENDED);
        return;
      }
      slot.set(IDLE);
      outcome = done;
      LockSupport.unpark(waiting);
    }
  }

  /** The next work handed over, or null once idle for {@link #IDLE_NANOS} (the worker then ends). */
  private Object awaitWork() {
    long idleSince = System.nanoTime();
    while (true) {
      Object work = slot.get();
      if (work != IDLE) {
        return work;
      }
      long left = idleSince + IDLE_NANOS - System.nanoTime();
      if (left <= 0 && slot.compareAndSet(IDLE, ENDED)) {
        return null;
      }
      LockSupport.parkNanos(this, Math.max(left, 1));
    }
  }
}
