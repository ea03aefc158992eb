package dev.jkeras.utils;

import java.io.PrintStream;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.function.LongSupplier;

/**
 * Keras's progress bar, as printed by {@code fit}, {@code evaluate} and {@code predict}, in Keras 3's
 * style by default ({@link ProgbarStyle#KERAS_3}) or tf.keras 2's ({@link ProgbarStyle#TF_KERAS_2}):
 *
 * <pre>
 * 1719/1719 ━━━━━━━━━━━━━━━━━━━━ 3s 2ms/step - accuracy: 0.7653 - loss: 0.7124
 * 1719/1719 [==============================] - 3s 2ms/step - loss: 0.7124 - accuracy: 0.7653
 * </pre>
 *
 * <p>With {@code verbose} 1 on an interactive terminal the bar is redrawn in place, at most every
 * {@link #INTERVAL_SECONDS} seconds, showing the remaining time until the final update replaces it
 * with the total time and the time per step. On any other stream (files, CI logs, test runners) only
 * the final line is printed, without terminal control codes. With {@code verbose} 2 one line
 * {@code 1719/1719 - 3s - 2ms/step - loss: 0.7124} is printed at the final update; with 0 nothing is.
 *
 * <p>The values given to {@link #update} are shown as they are (they are already averaged by the
 * model); a metric given once keeps being shown, with its last value, after later updates that omit
 * it. Metrics appear in the order in which they were first given. A Progbar is not thread-safe.
 */
public final class Progbar {
  /** Width of tf.keras 2's bar in characters, between the brackets; Keras 3's is 20. */
  public static final int WIDTH = 30;

  /** Minimum time between two redraws of a dynamic bar, except for the final update. */
  public static final double INTERVAL_SECONDS = 0.05;

  private static final long INTERVAL_NANOS = 50_000_000L;

  private int target;
  private final int verbose;
  private final PrintStream out;
  private final boolean dynamic;
  private final LongSupplier nanoTime;
  private final ProgbarStyle style;
  private final long start;
  private final Map<String, Double> values = new LinkedHashMap<>();
  private int seenSoFar;
  private long timeAfterFirstStep;
  private boolean firstStepSeen;
  private long lastDraw;
  private boolean drawn;
  private int previousWidth;

  /**
   * A Keras 3 progress bar on {@code System.out}, redrawn in place when {@link #isInteractive()}.
   *
   * @param target the number of steps, or -1 when unknown
   * @param verbose 0 (silent), 1 (bar) or 2 (one line at the end)
   */
  public Progbar(int target, int verbose) {
    this(target, verbose, System.out);
  }

  /**
   * A progress bar in {@code style} on {@code System.out}, redrawn in place when {@link #isInteractive()}.
   *
   * @param target the number of steps, or -1 when unknown
   * @param verbose 0 (silent), 1 (bar) or 2 (one line at the end)
   * @param style Keras 3's bar or tf.keras 2's
   */
  public Progbar(int target, int verbose, ProgbarStyle style) {
    this(target, verbose, System.out, isInteractive(), System::nanoTime, style);
  }

  /**
   * A Keras 3 progress bar on {@code out}, redrawn in place only when {@code out} is {@code System.out}
   * and {@link #isInteractive()}.
   *
   * @param target the number of steps, or -1 when unknown
   * @param verbose 0 (silent), 1 (bar) or 2 (one line at the end)
   * @param out where to print
   */
  public Progbar(int target, int verbose, PrintStream out) {
    this(target, verbose, out, out == System.out && isInteractive());
  }

  /**
   * A Keras 3 progress bar on {@code out} that is redrawn in place or not as {@code dynamic} says.
   *
   * @param target the number of steps, or -1 when unknown
   * @param verbose 0 (silent), 1 (bar) or 2 (one line at the end)
   * @param out where to print
   * @param dynamic redraw the bar in place; when false only the final line of a verbose-1 bar is printed
   */
  public Progbar(int target, int verbose, PrintStream out, boolean dynamic) {
    this(target, verbose, out, dynamic, System::nanoTime);
  }

  /**
   * A Keras 3 progress bar with its own clock, for deterministic output.
   *
   * @param target the number of steps, or -1 when unknown
   * @param verbose 0 (silent), 1 (bar) or 2 (one line at the end)
   * @param out where to print
   * @param dynamic redraw the bar in place; when false only the final line of a verbose-1 bar is printed
   * @param nanoTime monotonic time in nanoseconds, as {@link System#nanoTime()}; read once here as
   *     the start of the bar, then once per update
   */
  public Progbar(int target, int verbose, PrintStream out, boolean dynamic, LongSupplier nanoTime) {
    this(target, verbose, out, dynamic, nanoTime, ProgbarStyle.KERAS_3);
  }

  /**
   * A progress bar in {@code style} with its own clock.
   *
   * @param target the number of steps, or -1 when unknown
   * @param verbose 0 (silent), 1 (bar) or 2 (one line at the end)
   * @param out where to print
   * @param dynamic redraw the bar in place; when false only the final line of a verbose-1 bar is printed
   * @param nanoTime monotonic time in nanoseconds, read once here as the start of the bar, then once
   *     per update
   * @param style Keras 3's bar or tf.keras 2's
   */
  public Progbar(int target, int verbose, PrintStream out, boolean dynamic, LongSupplier nanoTime,
      ProgbarStyle style) {
    if (verbose < 0 || verbose > 2) {
      throw new IllegalArgumentException("verbose must be 0, 1 or 2, got " + verbose);
    }
    this.target = target;
    this.verbose = verbose;
    this.out = Objects.requireNonNull(out, "out");
    this.dynamic = dynamic;
    this.nanoTime = Objects.requireNonNull(nanoTime, "nanoTime");
    this.style = Objects.requireNonNull(style, "style");
    this.start = nanoTime.getAsLong();
  }

  /**
   * Whether standard output is an interactive terminal that can redraw a line: a console is
   * attached, {@code TERM} is set and not {@code dumb}, and {@code CI} is not set.
   */
  public static boolean isInteractive() {
    String term = System.getenv("TERM");
    String ci = System.getenv("CI");
    boolean onCi = ci != null && !ci.isEmpty() && !ci.equalsIgnoreCase("false");
    return System.console() != null && term != null && !term.equals("dumb") && !onCi;
  }

  /** The number of steps, or a negative number when unknown. */
  public int target() {
    return target;
  }

  /**
   * Sets the number of steps once it is known, as Keras's logger does before the final update of a
   * first epoch of unknown length.
   */
  public void setTarget(int target) {
    this.target = target;
  }

  /** The style the bar is drawn in. */
  public ProgbarStyle style() {
    return style;
  }

  /** Whether the bar is redrawn in place. */
  public boolean isDynamic() {
    return dynamic;
  }

  /**
   * Shows progress at step {@code current}; the update is final when the target is known and
   * reached.
   *
   * @see #update(int, Map, boolean)
   */
  public void update(int current, Map<String, Double> values) {
    update(current, values, target > 0 && current >= target);
  }

  /** Advances the bar by {@code steps} steps. */
  public void add(int steps, Map<String, Double> values) {
    update(seenSoFar + steps, values);
  }

  /**
   * Shows progress at step {@code current}.
   *
   * @param current the number of steps done
   * @param values metric values to show, already averaged, in display order; may be null
   * @param finalize whether this is the last update: the bar then shows the total time and the time
   *     per step instead of the ETA, and ends its line
   */
  public void update(int current, Map<String, Double> values, boolean finalize) {
    if (values != null) {
      this.values.putAll(values);
    }
    seenSoFar = current;
    long now = nanoTime.getAsLong();
    double secondsPerStep = estimateStepDuration(current, now);
    ProgbarState state = new ProgbarState(current, target, style.width(), finalize, (now - start) / 1e9,
        secondsPerStep, this.values);
    if (verbose == 1) {
      if (!finalize && (!dynamic || drawn && now - lastDraw < INTERVAL_NANOS)) {
        return;
      }
      drawn = true;
      lastDraw = now;
      draw(state);
    } else if (verbose == 2 && finalize && (target > 0 || style == ProgbarStyle.TF_KERAS_2)) {
      out.print(style.summary(state) + "\n");
      out.flush();
    }
  }

  private void draw(ProgbarState state) {
    String text = style.line(state);
    int width = ProgbarStyle.visible(text).length();
    StringBuilder line = new StringBuilder();
    if (dynamic) {
      line.append(style.redraw(previousWidth)).append(text);
      if (previousWidth > width) {
        line.append(" ".repeat(previousWidth - width));
      }
    } else {
      line.append(ProgbarStyle.visible(text));
    }
    if (state.last()) {
      line.append('\n');
    }
    previousWidth = width;
    out.print(line);
    out.flush();
  }

  /** Seconds per step, leaving out the first step (graph building and warm-up) once there are others. */
  private double estimateStepDuration(int current, long now) {
    if (current <= 0) {
      return 0;
    }
    double seconds = firstStepSeen && current > 1
        ? (now - timeAfterFirstStep) / 1e9 / (current - 1)
        : (now - start) / 1e9 / current;
    if (current == 1) {
      timeAfterFirstStep = now;
      firstStepSeen = true;
    }
    return seconds;
  }

  /**
   * Formats a metric value as tf.keras 2 does: {@code 0.7124} ({@code %.4f}), or {@code 1.2340e-04}
   * ({@code %.4e}) when it is not zero and its magnitude is not above 1e-3; {@code nan}, {@code inf}
   * and {@code -inf} as in Python.
   */
  public static String formatValue(double value) {
    if (Double.isNaN(value)) {
      return "nan";
    }
    if (Double.isInfinite(value)) {
      return value > 0 ? "inf" : "-inf";
    }
    return Math.abs(value) > 1e-3 || value == 0
        ? String.format(Locale.ROOT, "%.4f", value)
        : String.format(Locale.ROOT, "%.4e", value);
  }

  /** Whole seconds, rounded half to even as Python's {@code %.0f}: {@code 3s}. */
  static String formatSeconds(double seconds) {
    return (long) Math.rint(seconds) + "s";
  }

  /** Keras's remaining time: {@code 12s}, {@code 1:05} past a minute, {@code 1:00:05} past an hour. */
  static String formatEta(double seconds) {
    long eta = (long) Math.max(0, seconds);
    if (seconds > 3600) {
      return String.format(Locale.ROOT, "%d:%02d:%02d", eta / 3600, eta % 3600 / 60, eta % 60);
    }
    if (seconds > 60) {
      return String.format(Locale.ROOT, "%d:%02d", eta / 60, eta % 60);
    }
    return eta + "s";
  }

  /** Keras's time per step: {@code 2s/step} from one second on, {@code 2ms/step}, or {@code 250us/step}. */
  static String formatStepTime(double secondsPerStep) {
    if (secondsPerStep >= 1 || secondsPerStep == 0) {
      return (long) Math.rint(secondsPerStep) + "s/step";
    }
    if (secondsPerStep >= 1e-3) {
      return (long) Math.rint(secondsPerStep * 1e3) + "ms/step";
    }
    return (long) Math.rint(secondsPerStep * 1e6) + "us/step";
  }
}
