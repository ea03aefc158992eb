package dev.jkeras.serving;

import java.math.BigDecimal;
import java.math.MathContext;
import java.math.RoundingMode;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;
import java.util.Map;

/**
 * Writes JSON byte for byte as TF Serving's responses are written: rapidjson's pretty writer (4-space
 * indent, {@code "key": value}, arrays one element a line unless {@link #singleLineArrays} is on, then
 * {@code [1, 2]}), floats as {@code absl::StrCat} prints them (six significant digits, more when that
 * does not read back to the same value, {@code .0} on whole numbers, {@code NaN}, {@code Infinity}).
 */
final class RapidJsonWriter {
  private static final class Level {
    final boolean inArray;
    int valueCount;

    Level(boolean inArray) {
      this.inArray = inArray;
    }
  }

  private final StringBuilder out = new StringBuilder();
  private final Deque<Level> levels = new ArrayDeque<>();
  private final int limit;
  private boolean singleLine;

  RapidJsonWriter() {
    this(Integer.MAX_VALUE);
  }

  /** A writer that stops writing once {@code limit} characters are out, as TF Serving's debug strings do. */
  private RapidJsonWriter(int limit) {
    this.limit = limit;
  }

  /** Switches rapidjson's {@code kFormatSingleLineArray} on or off; it applies to what is written next. */
  RapidJsonWriter singleLineArrays(boolean on) {
    singleLine = on;
    return this;
  }

  RapidJsonWriter startObject() {
    if (full()) {
      return this;
    }
    prefix();
    out.append('{');
    levels.push(new Level(false));
    return this;
  }

  RapidJsonWriter endObject() {
    if (full()) {
      return this;
    }
    boolean empty = levels.pop().valueCount == 0;
    if (!empty) {
      out.append('\n');
      indent();
    }
    out.append('}');
    return this;
  }

  RapidJsonWriter startArray() {
    if (full()) {
      return this;
    }
    prefix();
    out.append('[');
    levels.push(new Level(true));
    return this;
  }

  RapidJsonWriter endArray() {
    if (full()) {
      return this;
    }
    boolean empty = levels.pop().valueCount == 0;
    if (!empty && !singleLine) {
      out.append('\n');
      indent();
    }
    out.append(']');
    return this;
  }

  RapidJsonWriter key(String name) {
    return string(name);
  }

  RapidJsonWriter string(String text) {
    if (full()) {
      return this;
    }
    prefix();
    JsonStrings.quote(out, text, true);
    return this;
  }

  /** A number written as given, e.g. an integer or {@link #decimal(float)}'s text. */
  RapidJsonWriter raw(String number) {
    if (full()) {
      return this;
    }
    prefix();
    out.append(number);
    return this;
  }

  RapidJsonWriter bool(boolean value) {
    return raw(value ? "true" : "false");
  }

  RapidJsonWriter nullValue() {
    return raw("null");
  }

  /** Any value {@link Json} reads, written back; numbers as they were written. */
  RapidJsonWriter value(Object value) {
    if (value instanceof Map<?, ?> map) {
      startObject();
      map.forEach((k, v) -> key((String) k).value(v));
      return endObject();
    } else if (value instanceof List<?> list) {
      startArray();
      list.forEach(this::value);
      return endArray();
    } else if (value instanceof String s) {
      return string(s);
    } else if (value instanceof Boolean b) {
      return bool(b);
    } else if (value == Json.NULL) {
      return nullValue();
    }
    return raw(value.toString());
  }

  @Override
  public String toString() {
    return out.toString();
  }

  private boolean full() {
    return out.length() >= limit;
  }

  private void prefix() {
    Level level = levels.peek();
    if (level == null) {
      return;
    }
    if (level.inArray) {
      if (level.valueCount > 0) {
        out.append(',');
        if (singleLine) {
          out.append(' ');
        }
      }
      if (!singleLine) {
        out.append('\n');
        indent();
      }
    } else {
      if (level.valueCount > 0) {
        out.append(level.valueCount % 2 == 0 ? ",\n" : ": ");
      } else {
        out.append('\n');
      }
      if (level.valueCount % 2 == 0) {
        indent();
      }
    }
    level.valueCount++;
  }

  private void indent() {
    out.append(" ".repeat(4 * levels.size()));
  }

  /**
   * {@code value} as TF Serving's error messages show a piece of the request: pretty, arrays on one line,
   * cut after about 256 characters.
   */
  static String debugString(Object value) {
    return new RapidJsonWriter(256).singleLineArrays(true).value(value).toString();
  }

  /** A float as TF Serving writes it. */
  static String decimal(float value) {
    if (Float.isNaN(value)) {
      return "NaN";
    } else if (Float.isInfinite(value)) {
      return value > 0 ? "Infinity" : "-Infinity";
    }
    String text = printfGOfFloat(value, 6);
    if (Float.parseFloat(text) != value) {
      text = printfGOfFloat(value, 9);
    }
    return wholeWithPoint(text);
  }

  private static String printfGOfFloat(float value, int precision) {
    String fast = FastPrintfG.format(value, precision);
    return fast != null ? fast : printfG(value, precision);
  }

  /** A double as TF Serving writes it. */
  static String decimal(double value) {
    if (Double.isNaN(value)) {
      return "NaN";
    } else if (Double.isInfinite(value)) {
      return value > 0 ? "Infinity" : "-Infinity";
    }
    String text = printfG(value, 6);
    if (Double.parseDouble(text) != value) {
      text = printfG(value, 17);
    }
    return wholeWithPoint(text);
  }

  private static String wholeWithPoint(String text) {
    return text.contains(".") || text.contains("e") ? text : text + ".0";
  }

  /** C's {@code printf("%.<precision>g", value)}: the exact binary value rounded half-even. */
  static String printfG(double value, int precision) {
    if (value == 0) {
      return 1 / value < 0 ? "-0" : "0";
    }
    BigDecimal rounded = new BigDecimal(value).round(new MathContext(precision, RoundingMode.HALF_EVEN));
    int exponent = rounded.precision() - rounded.scale() - 1;
    if (exponent < -4 || exponent >= precision) {
      String digits = rounded.unscaledValue().abs().toString().replaceAll("0+$", "");
      StringBuilder text = new StringBuilder(rounded.signum() < 0 ? "-" : "");
      text.append(digits.charAt(0));
      if (digits.length() > 1) {
        text.append('.').append(digits, 1, digits.length());
      }
      text.append('e').append(exponent < 0 ? '-' : '+');
      int magnitude = Math.abs(exponent);
      text.append(magnitude < 10 ? "0" : "").append(magnitude);
      return text.toString();
    }
    String plain = rounded.stripTrailingZeros().toPlainString();
    return plain;
  }
}
