package dev.jkeras.utils;

import java.util.Locale;
import java.util.regex.Pattern;

/**
 * How a {@link Progbar} draws its line: as Keras 3 does (the default) or as tf.keras 2 did.
 *
 * <pre>
 * KERAS_3:    1719/1719 ━━━━━━━━━━━━━━━━━━━━ 3s 2ms/step - accuracy: 0.7653 - loss: 0.7124
 * TF_KERAS_2: 1719/1719 [==============================] - 3s 2ms/step - loss: 0.7124 - accuracy: 0.7653
 * </pre>
 */
public enum ProgbarStyle {
  /**
   * Keras 3's bar, byte for byte as {@code keras.utils.Progbar} writes it on a terminal: a 20-character
   * {@code ━} bar (green done, grey to do, with ANSI colours), the ETA alone in bold while running,
   * the time per step always; {@code epochs > 1} before an "Epoch 1/5" line, the metrics in the
   * sorted order of Keras 3's logs. On a stream that is not redrawn in place only the final line is
   * printed, without the terminal's control codes.
   */
  KERAS_3(20) {
    @Override
    String line(ProgbarState state) {
      StringBuilder line = new StringBuilder();
      if (state.hasTarget()) {
        line.append(BOLD).append(state.counter()).append(RESET).append(' ');
        int filled = state.filled();
        if (filled > 0) {
          line.append(GREEN).append(BAR.repeat(filled)).append(RESET);
        }
        line.append(GREY).append(BAR.repeat(state.width() - filled)).append(RESET);
      } else {
        line.append(String.format(Locale.ROOT, "%7d/Unknown", state.current()));
      }
      String time = state.hasTarget() && !state.last()
          ? Progbar.formatEta(state.etaSeconds())
          : PercentFormat.whole(state.elapsedSeconds()) + "s";
      line.append(' ').append(BOLD).append(time).append(RESET);
      line.append(' ').append(Progbar.formatStepTime(state.secondsPerStep()));
      state.values().forEach((name, value) -> line.append(" - ").append(name).append(": ")
          .append(Math.abs(value) > 1e-3 ? PercentFormat.fixed(value, 4) : PercentFormat.scientific(value, 4)));
      return line.toString();
    }

    @Override
    String summary(ProgbarState state) {
      StringBuilder line = new StringBuilder(state.counter()).append(" - ")
          .append(PercentFormat.whole(state.elapsedSeconds())).append("s - ")
          .append(Progbar.formatStepTime(state.secondsPerStep()));
      // Keras 3 compares the value itself here, not its magnitude: negative values print as %.4e.
      state.values().forEach((name, value) -> line.append(" - ").append(name).append(": ")
          .append(value > 1e-3 ? PercentFormat.fixed(value, 4) : PercentFormat.scientific(value, 4)));
      return line.toString();
    }

    @Override
    String redraw(int previousWidth) {
      return "\b".repeat(previousWidth) + "\r";
    }

    @Override
    public boolean announcesSingleEpoch() {
      return false;
    }

    @Override
    public boolean sortsLogs() {
      return true;
    }
  },

  /** tf.keras 2's bar: {@code [====>.....]} 30 characters wide, {@code ETA: 12s} while running. */
  TF_KERAS_2(30) {
    @Override
    String line(ProgbarState state) {
      StringBuilder line = new StringBuilder();
      if (state.hasTarget()) {
        line.append(state.counter()).append(' ').append(bracketBar(state));
      } else {
        line.append(String.format(Locale.ROOT, "%7d/Unknown", state.current()));
      }
      if (state.hasTarget() && !state.last()) {
        line.append(" - ETA: ").append(Progbar.formatEta(state.etaSeconds()));
      } else {
        line.append(" - ").append(Progbar.formatSeconds(state.elapsedSeconds())).append(' ')
            .append(Progbar.formatStepTime(state.secondsPerStep()));
      }
      return line.append(metrics(state)).toString();
    }

    private String bracketBar(ProgbarState state) {
      int filled = state.filled();
      StringBuilder bar = new StringBuilder(state.width() + 2).append('[');
      if (filled > 0) {
        bar.append("=".repeat(filled - 1)).append(state.current() < state.target() ? '>' : '=');
      }
      return bar.append(".".repeat(state.width() - filled)).append(']').toString();
    }

    @Override
    String summary(ProgbarState state) {
      String counter = state.hasTarget() ? state.counter() : Integer.toString(state.current());
      return counter + " - " + Progbar.formatSeconds(state.elapsedSeconds()) + " - "
          + Progbar.formatStepTime(state.secondsPerStep()) + metrics(state);
    }

    private String metrics(ProgbarState state) {
      StringBuilder text = new StringBuilder();
      state.values().forEach((name, value) -> text.append(" - ").append(name).append(": ")
          .append(Progbar.formatValue(value)));
      return text.toString();
    }

    @Override
    String redraw(int previousWidth) {
      return "\r";
    }

    @Override
    public boolean announcesSingleEpoch() {
      return true;
    }

    @Override
    public boolean sortsLogs() {
      return false;
    }
  };

  private static final String BAR = "\u2501";
  private static final String BOLD = "\u001b[1m";
  private static final String GREEN = "\u001b[32m";
  private static final String GREY = "\u001b[37m";
  private static final String RESET = "\u001b[0m";
  private static final Pattern ANSI = Pattern.compile("\u001b\\[[0-9;]*m");

  private final int width;

  ProgbarStyle(int width) {
    this.width = width;
  }

  /** The bar's width in characters: 20 for Keras 3, 30 for tf.keras 2. */
  public int width() {
    return width;
  }

  /** The verbose-1 line, with its ANSI styles, without carriage return or padding. */
  abstract String line(ProgbarState state);

  /** The verbose-2 line printed at the final update, without its line break. */
  abstract String summary(ProgbarState state);

  /** What goes before a redrawn line to return to the start of the previous one. */
  abstract String redraw(int previousWidth);

  /** Whether fit prints "Epoch 1/1" when it runs one epoch. */
  public abstract boolean announcesSingleEpoch();

  /** Whether the logs are shown in sorted order, as Keras 3's callbacks receive them. */
  public abstract boolean sortsLogs();

  /** {@code text} without ANSI styles, as it shows on screen. */
  static String visible(String text) {
    return ANSI.matcher(text).replaceAll("");
  }
}
