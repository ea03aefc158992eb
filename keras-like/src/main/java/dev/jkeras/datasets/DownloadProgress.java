package dev.jkeras.datasets;

import java.io.PrintStream;

/**
 * Keras's download progress bar: {@code Downloading data from URL}, then
 * {@code 8192/29515 [=======>......................] - ETA: 0s} redrawn in place on a terminal,
 * ending as {@code 29515/29515 [==============================] - 0s 2us/step}. Off a terminal only
 * the final line is printed.
 */
final class DownloadProgress {
  private static final int WIDTH = 30;
  private static final long REDRAW_NANOS = 100_000_000L;

  private final PrintStream out;
  private final boolean dynamic;
  private long total = -1;
  private long startNanos;
  private long lastDrawNanos;

  /** Prints to {@code out}, or nowhere when it is null; {@code dynamic} redraws the bar as bytes arrive. */
  DownloadProgress(PrintStream out, boolean dynamic) {
    this.out = out;
    this.dynamic = dynamic;
  }

  /** Announces a download of {@code total} bytes, or an unknown number when negative. */
  void start(String url, long total) {
    this.total = total;
    startNanos = System.nanoTime();
    lastDrawNanos = startNanos;
    if (out != null) {
      out.println("Downloading data from " + url);
    }
  }

  /** Reports that {@code done} bytes have arrived. */
  void update(long done) {
    long now = System.nanoTime();
    if (out != null && dynamic && now - lastDrawNanos >= REDRAW_NANOS) {
      lastDrawNanos = now;
      out.print("\r" + inProgressLine(done, now - startNanos));
      out.flush();
    }
  }

  /** Prints the final line for {@code done} bytes. */
  void finish(long done) {
    if (out != null) {
      out.print(dynamic ? "\r" : "");
      out.println(finalLine(done, System.nanoTime() - startNanos));
      out.flush();
    }
  }

  String inProgressLine(long done, long elapsedNanos) {
    if (total <= 0) {
      return done + " bytes";
    }
    long etaSeconds = done == 0 ? 0 : Math.round(elapsedNanos / 1e9 * (total - done) / done);
    return counter(done) + " " + bar(done) + " - ETA: " + etaSeconds + "s";
  }

  String finalLine(long done, long elapsedNanos) {
    long bytes = Math.max(done, 1);
    String timing = Math.round(elapsedNanos / 1e9) + "s " + perStep(elapsedNanos / 1e9 / bytes);
    return total <= 0 ? done + " bytes - " + timing : counter(done) + " " + bar(done) + " - " + timing;
  }

  private String counter(long done) {
    String width = String.valueOf(String.valueOf(total).length());
    return String.format("%" + width + "d/%d", done, total);
  }

  private String bar(long done) {
    int filled = (int) Math.min(WIDTH, WIDTH * done / total);
    return filled == WIDTH
        ? "[" + "=".repeat(WIDTH) + "]"
        : "[" + "=".repeat(filled) + ">" + ".".repeat(WIDTH - filled - 1) + "]";
  }

  private static String perStep(double seconds) {
    if (seconds >= 1) {
      return Math.round(seconds) + "s/step";
    }
    if (seconds >= 1e-3) {
      return Math.round(seconds * 1e3) + "ms/step";
    }
    return Math.round(seconds * 1e6) + "us/step";
  }
}
