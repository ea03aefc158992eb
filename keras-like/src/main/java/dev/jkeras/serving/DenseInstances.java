package dev.jkeras.serving;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * The fast path of a row-format predict request: a body of exactly {@code {"instances": [...]}} (and
 * optionally a plain {@code "signature_name"} string) whose instances are a dense, non-empty nest of
 * plain JSON numbers, read in one pass straight into a {@code float[]} with no intermediate objects.
 *
 * <p>It only recognizes: anything else (other keys, duplicate keys, escapes, strings, objects, NaN or
 * Infinity tokens, ragged or empty lists, malformed JSON, more than {@link Json#MAX_VALUES} values)
 * makes {@link #read} return null, and the request takes the general path ({@link Json}, {@link
 * TensorJson}), which gives TF Serving's error texts. For what it accepts it gives the same floats as
 * the general path ({@code (float) Double.parseDouble(text)}) and the shape {@code [instances, item
 * dims...]}.
 */
final class DenseInstances {
  /** Tensors of higher rank are left to the general path. */
  private static final int MAX_RANK = 32;
  /** {@code 10^i} for the exponents a double holds exactly. */
  private static final double[] POWERS_OF_TEN = new double[23];

  static {
    double p = 1;
    for (int i = 0; i < POWERS_OF_TEN.length; i++) {
      POWERS_OF_TEN[i] = p;
      p *= 10;
    }
  }

  /** What was read: the signature asked for (empty when not given), the values and their shape. */
  record Request(String signatureName, float[] values, long[] shape) {}

  private final byte[] in;
  private int pos;
  private float[] values = new float[1024];
  private int count;
  /** Values as {@link Json} counts them (the document, arrays, numbers, strings), bounded as it bounds them. */
  private int seen = 1;
  private final long[] sizes = new long[MAX_RANK + 1];
  private int rank = -1;

  private DenseInstances(byte[] in) {
    this.in = in;
    Arrays.fill(sizes, -1);
  }

  /** The request in {@code body} when it has the simple dense form, else null. */
  static Request read(byte[] body) {
    return new DenseInstances(body).document();
  }

  private Request document() {
    skipSpace();
    if (!take('{')) {
      return null;
    }
    String signature = null;
    boolean instances = false;
    while (true) {
      skipSpace();
      String key = plainString();
      if (key == null) {
        return null;
      }
      skipSpace();
      if (!take(':')) {
        return null;
      }
      skipSpace();
      if (++seen > Json.MAX_VALUES) {
        return null;
      }
      if (key.equals("instances") && !instances) {
        if (!list(0) || sizes[0] <= 0) {
          return null;
        }
        instances = true;
      } else if (key.equals("signature_name") && signature == null) {
        signature = plainString();
        if (signature == null) {
          return null;
        }
      } else {
        return null;
      }
      skipSpace();
      if (take('}')) {
        break;
      }
      if (!take(',')) {
        return null;
      }
    }
    if (!instances) {
      return null;
    }
    long[] shape = Arrays.copyOf(sizes, rank);
    return new Request(signature == null ? "" : signature, Arrays.copyOf(values, count), shape);
  }

  /** A list at {@code depth}: true when it, and all it holds, is dense and consistent with what came before. */
  private boolean list(int depth) {
    if (depth >= MAX_RANK || !take('[')) {
      return false;
    }
    long size = 0;
    skipSpace();
    if (peek() == ']') {
      return false;
    }
    while (true) {
      skipSpace();
      if (++seen > Json.MAX_VALUES) {
        return false;
      }
      if (peek() == '[') {
        if (rank >= 0 && depth + 1 >= rank) {
          return false;
        }
        if (!list(depth + 1)) {
          return false;
        }
      } else {
        if (rank < 0) {
          rank = depth + 1;
        } else if (rank != depth + 1) {
          return false;
        }
        if (!number()) {
          return false;
        }
      }
      size++;
      skipSpace();
      if (take(']')) {
        break;
      }
      if (!take(',')) {
        return false;
      }
    }
    if (sizes[depth] < 0) {
      sizes[depth] = size;
    } else if (sizes[depth] != size) {
      return false;
    }
    return true;
  }

  /**
   * One JSON number as a float, exactly as {@code (float) Double.parseDouble(text)}: decimals of at most
   * 15 significant digits and a small exponent are a quotient or product of two exactly held doubles
   * (so correctly rounded); others go through {@link Double#parseDouble}.
   */
  private boolean number() {
    int start = pos;
    boolean negative = peek() == '-';
    if (negative) {
      pos++;
    }
    if (!isDigit(peek())) {
      return false;
    }
    long digits = 0;
    int significant = 0;
    if (peek() == '0') {
      pos++;
    } else {
      while (isDigit(peek())) {
        if (significant < 18) {
          digits = digits * 10 + (in[pos] - '0');
        }
        significant++;
        pos++;
      }
    }
    int fraction = 0;
    if (peek() == '.') {
      pos++;
      if (!isDigit(peek())) {
        return false;
      }
      while (isDigit(peek())) {
        if (significant > 0 || in[pos] != '0') {
          if (significant < 18) {
            digits = digits * 10 + (in[pos] - '0');
          }
          significant++;
        }
        if (significant <= 18) {
          fraction++;
        }
        pos++;
      }
    }
    boolean simple = significant <= 15;
    if (peek() == 'e' || peek() == 'E') {
      pos++;
      if (peek() == '+' || peek() == '-') {
        pos++;
      }
      if (!isDigit(peek())) {
        return false;
      }
      while (isDigit(peek())) {
        pos++;
      }
      simple = false;
    }
    double value;
    if (simple && fraction < POWERS_OF_TEN.length) {
      value = digits / POWERS_OF_TEN[fraction];
    } else {
      value = Double.parseDouble(new String(in, start, pos - start, StandardCharsets.US_ASCII));
      if (Double.isInfinite(value)) {
        return false;
      }
    }
    if (count == values.length) {
      values = Arrays.copyOf(values, Math.min(Json.MAX_VALUES, count * 2));
    }
    values[count++] = (float) (negative && simple && fraction < POWERS_OF_TEN.length ? -value : value);
    return true;
  }

  /** A string without escapes or control characters, else null. */
  private String plainString() {
    if (!take('"')) {
      return null;
    }
    int start = pos;
    while (pos < in.length) {
      int c = in[pos] & 0xff;
      if (c == '"') {
        String text = new String(in, start, pos - start, StandardCharsets.UTF_8);
        pos++;
        return text;
      }
      if (c == '\\' || c < 0x20) {
        return null;
      }
      pos++;
    }
    return null;
  }

  private boolean take(char c) {
    if (pos < in.length && in[pos] == c) {
      pos++;
      return true;
    }
    return false;
  }

  private int peek() {
    return pos < in.length ? in[pos] & 0xff : -1;
  }

  private static boolean isDigit(int c) {
    return c >= '0' && c <= '9';
  }

  private void skipSpace() {
    while (pos < in.length && (in[pos] == ' ' || in[pos] == '\n' || in[pos] == '\r' || in[pos] == '\t')) {
      pos++;
    }
  }
}
