package dev.jkeras.distribution;

/**
 * The life of a test worker's JVM ({@link WorkerMain}, {@link MetricsWorkerMain}): it ends by itself, whatever
 * its peers do.
 */
final class WorkerLife {
  /** A worker's work; returns the line it prints when done. */
  interface Work {
    String run() throws Exception;
  }

  private WorkerLife() {}

  /**
   * Does {@code work} under a watchdog that halts the JVM after {@code lifetimeSeconds} ({@code WORKER-TIMEOUT},
   * exit 3); then prints the line it returns and halts (exit 0), or, if it throws, prints {@code WORKER-ERROR after
   * <ms> ms} and the stack trace and halts (exit 2).
   */
  static void live(int lifetimeSeconds, Work work) {
    Thread watchdog = new Thread(() -> {
      try {
        Thread.sleep(lifetimeSeconds * 1000L);
        System.err.println("WORKER-TIMEOUT after " + lifetimeSeconds + " s");
        Runtime.getRuntime().halt(3);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    });
    watchdog.setDaemon(true);
    watchdog.start();
    long start = System.nanoTime();
    try {
      System.out.println(work.run());
      System.out.flush();
      Runtime.getRuntime().halt(0);
    } catch (Throwable e) {
      System.err.println("WORKER-ERROR after " + (System.nanoTime() - start) / 1_000_000 + " ms: " + e);
      e.printStackTrace();
      System.err.flush();
      Runtime.getRuntime().halt(2);
    }
  }
}
