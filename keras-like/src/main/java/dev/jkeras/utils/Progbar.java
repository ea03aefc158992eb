package dev.jkeras.utils;

import java.io.PrintStream;
import java.util.Locale;
import java.util.Map;
import java.util.function.LongSupplier;

/**
 * Keras's progress bar:
 * {@code 1719/1719 [==============================] - 3s 2ms/step - loss: 0.7124 - accuracy: 0.7653}.
 *
 * <p>On a terminal the bar is redrawn in place (at most every 0.05 s); elsewhere (files, CI logs)
 * only the final line is printed. Verbose 2 prints one line at the end; 0 prints nothing.
 */
public final class Progbar {
  private static final int WIDTH = 30;
  private static final long INTERVAL_NANOS = 50_000_000L;

  private final int target;
  private final int verbose;
  private final PrintStream out;
  private final boolean dynamic;
  private final LongSupplier clock;
  private final long start;
  private long lastDraw;
  private boolean drawn;
  private int lastLength;

  public Progbar(int target, int verbose) {
    this(target, verbose, System.out, isInteractive(), System::nanoTime);
  }

  /**
   * @param target the number of steps, or -1 when unknown
   * @param dynamic redraw in place with carriage returns (for terminals)
   * @param clock nanosecond time source
   */
  public Progbar(int target, int verbose, PrintStream out, boolean dynamic, LongSupplier clock) {
    this.target = target;
    this.verbose = verbose;
    this.out = out;
    this.dynamic = dynamic;
    this.clock = clock;
    this.start = clock.getAsLong();
  }

  /** True when standard output is a terminal that can redraw a line. */
  public static boolean isInteractive() {
    String term = System.getenv("TERM");
    return System.console() != null && System.getenv("CI") == null && term != null && !term.equals("dumb");
  }

  /** Shows progress at step {@code current}; {@code finalize} ends the bar with its total time. */
  public void update(int current, Map<String, Double> values, boolean finalize) {
    if (verbose == 0) {
      return;
    }
    long now = clock.getAsLong();
    double elapsed = (now - start) / 1e9;
    if (verbose == 2) {
      if (finalize) {
        out.println(counter(current) + " - " + Math.round(elapsed) + "s - " + perStep(elapsed, current) + values(values));
      }
      return;
    }
    if (finalize) {
      String line = counter(current) + " " + bar(current) + " - " + Math.round(elapsed) + "s "
          + perStep(elapsed, current) + values(values);
      out.print(dynamic ? "\r" + padded(line) + "\n" : line + "\n");
      out.flush();
      return;
    }
    if (!dynamic || drawn && now - lastDraw < INTERVAL_NANOS) {
      return;
    }
    drawn = true;
    lastDraw = now;
    String line = counter(current) + " " + bar(current) + eta(elapsed, current) + values(values);
    out.print("\r" + padded(line));
    out.flush();
  }

  private String padded(String line) {
    String result = line.length() < lastLength ? line + " ".repeat(lastLength - line.length()) : line;
    lastLength = line.length();
    return result;
  }

  private String counter(int current) {
    if (target < 0) {
      return Integer.toString(current);
    }
    String total = Integer.toString(target);
    return String.format("%" + total.length() + "d/%s", current, total);
  }

  private String bar(int current) {
    if (target <= 0) {
      return "";
    }
    int filled = (int) ((long) WIDTH * Math.min(current, target) / target);
    StringBuilder bar = new StringBuilder("[");
    if (filled > 0) {
      bar.append("=".repeat(filled - 1)).append(current < target ? '>' : '=');
    }
    return bar.append(".".repeat(WIDTH - filled)).append(']').toString();
  }

  private String eta(double elapsed, int current) {
    if (target <= 0 || current <= 0) {
      return " - " + Math.round(elapsed) + "s";
    }
    long eta = Math.round(elapsed / current * (target - current));
    String text;
    if (eta > 3600) {
      text = String.format("%d:%02d:%02d", eta / 3600, (eta % 3600) / 60, eta % 60);
    } else if (eta > 60) {
      text = String.format("%d:%02d", eta / 60, eta % 60);
    } else {
      text = eta + "s";
    }
    return " - ETA: " + text;
  }

  /** Keras's time per step: {@code 2s/step}, {@code 2ms/step} or {@code 250us/step}. */
  static String perStep(double elapsedSeconds, int steps) {
    double perStep = steps > 0 ? elapsedSeconds / steps : 0;
    if (perStep >= 1) {
      return String.format(Locale.ROOT, "%.0fs/step", perStep);
    } else if (perStep >= 1e-3) {
      return String.format(Locale.ROOT, "%.0fms/step", perStep * 1e3);
    }
    return String.format(Locale.ROOT, "%.0fus/step", perStep * 1e6);
  }

  private static String values(Map<String, Double> values) {
    StringBuilder text = new StringBuilder();
    values.forEach((name, value) -> text.append(" - ").append(name).append(": ").append(format(value)));
    return text.toString();
  }

  /** Keras's number format: 4 decimals, scientific notation for magnitudes below 1e-3. */
  static String format(double value) {
    return Math.abs(value) > 1e-3 || value == 0
        ? String.format(Locale.ROOT, "%.4f", value)
        : String.format(Locale.ROOT, "%.4e", value);
  }
}
