package dev.jkeras.samples;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** The JVM's resident memory as Linux reports it in {@code /proc/self/status} (VmRSS now, VmHWM the peak). */
final class MemoryStatus {
  private static final Path STATUS = Path.of("/proc/self/status");

  private MemoryStatus() {}

  /** VmRSS and VmHWM in MB, or -1 each where /proc is not available. */
  record Reading(double rssMb, double hwmMb) {
    @Override
    public String toString() {
      return String.format(java.util.Locale.ROOT, "%.0f MB (VmHWM %.0f MB)", rssMb, hwmMb);
    }
  }

  /** Samples over a period: VmRSS's min, median and max, and VmHWM at the end. */
  record Summary(int samples, double minMb, double medianMb, double maxMb, double hwmMb) {}

  static Reading read() {
    double rss = -1;
    double hwm = -1;
    try {
      for (String line : Files.readAllLines(STATUS)) {
        if (line.startsWith("VmRSS:")) {
          rss = kilobytes(line) / 1024.0;
        } else if (line.startsWith("VmHWM:")) {
          hwm = kilobytes(line) / 1024.0;
        }
      }
    } catch (IOException e) {
      // Not Linux: no figures.
    }
    return new Reading(rss, hwm);
  }

  /**
   * Resets VmHWM to the current VmRSS (Linux: {@code echo 5 > /proc/self/clear_refs}), so a later
   * reading gives the peak from now on; false where that is not possible.
   */
  static boolean resetPeak() {
    try {
      Files.writeString(Path.of("/proc/self/clear_refs"), "5");
      return true;
    } catch (IOException | RuntimeException e) {
      return false;
    }
  }

  private static long kilobytes(String line) {
    return Long.parseLong(line.replaceAll("[^0-9]", ""));
  }

  /** A background thread reading VmRSS every {@code periodMs} until {@link Sampler#stop()}. */
  static Sampler sample(long periodMs) {
    Sampler sampler = new Sampler(periodMs);
    sampler.thread.start();
    return sampler;
  }

  static final class Sampler {
    private final List<Double> rss = new ArrayList<>();
    private final Thread thread;
    private volatile boolean running = true;

    private Sampler(long periodMs) {
      thread = new Thread(() -> {
        while (running) {
          double value = read().rssMb();
          synchronized (rss) {
            rss.add(value);
          }
          try {
            Thread.sleep(periodMs);
          } catch (InterruptedException e) {
            return;
          }
        }
      }, "rss-sampler");
      thread.setDaemon(true);
    }

    Summary stop() {
      running = false;
      thread.interrupt();
      try {
        thread.join();
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
      List<Double> sorted;
      synchronized (rss) {
        sorted = new ArrayList<>(rss);
      }
      sorted.add(read().rssMb());
      sorted.sort(null);
      return new Summary(sorted.size(), sorted.get(0), sorted.get(sorted.size() / 2), sorted.get(sorted.size() - 1),
          read().hwmMb());
    }
  }
}
