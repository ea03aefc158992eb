package dev.jkeras.backend.tensorflow.savedmodel;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.junit.jupiter.api.Test;

/**
 * The caller's own worker that runs SavedModel calls with a deadline: results and errors as the
 * work gives them, on a large-stack thread that is not the caller's and is kept between calls; a
 * call past its deadline or interrupted gives the worker up, and the next call gets a new one.
 */
class CallerWorkerTest {
  private static final long SECONDS = TimeUnit.SECONDS.toNanos(30);
  private static final long STACK = 8L << 20;

  @Test
  void runsOnOneKeptThreadThatIsNotTheCallersAndReturnsWhatTheWorkReturns() throws Exception {
    Thread first = CallerWorker.call(Thread::currentThread, SECONDS, STACK);
    assertNotEquals(Thread.currentThread(), first);
    assertTrue(first.getName().startsWith("jkeras-savedmodel-caller-"), first.getName());
    for (int i = 0; i < 200; i++) {
      int n = i;
      assertEquals(n * 2, CallerWorker.call(() -> n * 2, SECONDS, STACK));
      assertSame(first, CallerWorker.call(Thread::currentThread, SECONDS, STACK));
    }
  }

  @Test
  void rethrowsTheWorksUncheckedErrorsAsTheyAreAndWrapsCheckedOnes() {
    IllegalArgumentException bad = new IllegalArgumentException("bad input");
    assertSame(bad, assertThrows(IllegalArgumentException.class,
        () -> CallerWorker.call(() -> { throw bad; }, SECONDS, STACK)));
    StackOverflowError deep = new StackOverflowError("deep");
    assertSame(deep, assertThrows(StackOverflowError.class,
        () -> CallerWorker.call(() -> { throw deep; }, SECONDS, STACK)));
    IllegalStateException wrapped = assertThrows(IllegalStateException.class,
        () -> CallerWorker.call(() -> { throw new java.io.IOException("disk"); }, SECONDS, STACK));
    assertTrue(wrapped.getCause() instanceof java.io.IOException);
  }

  @Test
  void aCallPastItsDeadlineTimesOutAtTheDeadlineAndTheNextCallRunsOnAFreshWorker() throws Exception {
    Thread before = CallerWorker.call(Thread::currentThread, SECONDS, STACK);
    CountDownLatch release = new CountDownLatch(1);
    long start = System.nanoTime();
    assertThrows(TimeoutException.class, () -> CallerWorker.call(() -> release.await(30, TimeUnit.SECONDS),
        TimeUnit.MILLISECONDS.toNanos(200), STACK));
    long waited = System.nanoTime() - start;
    assertTrue(waited >= TimeUnit.MILLISECONDS.toNanos(200) && waited < TimeUnit.SECONDS.toNanos(10),
        "waited " + waited / 1_000_000 + " ms");
    Thread after = CallerWorker.call(Thread::currentThread, SECONDS, STACK);
    assertNotEquals(before, after);
    assertEquals(7, CallerWorker.call(() -> 7, SECONDS, STACK));
    release.countDown();
    before.join(TimeUnit.SECONDS.toMillis(10));
    assertTrue(!before.isAlive(), "the given-up worker ends once its work has ended");
  }

  @Test
  void anInterruptedCallerStopsWaitingWithTheInterruptKept() throws Exception {
    CountDownLatch release = new CountDownLatch(1);
    Thread.currentThread().interrupt();
    IllegalStateException e = assertThrows(IllegalStateException.class,
        () -> CallerWorker.call(() -> release.await(30, TimeUnit.SECONDS), SECONDS, STACK));
    assertTrue(e.getMessage().contains("Interrupted"), e.getMessage());
    assertTrue(Thread.interrupted());
    release.countDown();
    assertEquals(3, CallerWorker.call(() -> 3, SECONDS, STACK));
  }

  @Test
  void eachCallerThreadHasItsOwnWorker() throws Exception {
    ExecutorService pool = Executors.newFixedThreadPool(8);
    try {
      List<Future<Thread>> workers = new ArrayList<>();
      CountDownLatch together = new CountDownLatch(8);
      for (int t = 0; t < 8; t++) {
        int id = t;
        workers.add(pool.submit(() -> {
          together.countDown();
          together.await();
          Thread mine = CallerWorker.call(Thread::currentThread, SECONDS, STACK);
          for (int i = 0; i < 100; i++) {
            int n = i;
            assertEquals(id * 1000 + n, CallerWorker.call(() -> id * 1000 + n, SECONDS, STACK));
          }
          return mine;
        }));
      }
      java.util.Set<Thread> distinct = new java.util.HashSet<>();
      for (Future<Thread> f : workers) {
        distinct.add(f.get(60, TimeUnit.SECONDS));
      }
      assertEquals(8, distinct.size());
    } finally {
      pool.shutdownNow();
    }
  }
}
