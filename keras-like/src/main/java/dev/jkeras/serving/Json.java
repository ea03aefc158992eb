package dev.jkeras.serving;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A JSON reader that accepts what TF Serving's reader (rapidjson with NaN and Infinity tokens) accepts
 * and reports errors in its words: "Invalid value. at offset: 0". Objects are {@link Map}s (the first of
 * duplicate keys wins), arrays {@link List}s, numbers {@link Number}s that remember whether they were
 * written as integers, strings {@link String}s, {@code true}/{@code false} {@link Boolean}s and null
 * {@link #NULL}. Reading stops after the first value, as TF Serving's does; nesting is bounded.
 */
final class Json {
  /** JSON's {@code null}. */
  static final Object NULL = new Object() {
    @Override
    public String toString() {
      return "null";
    }
  };

  /** Deeper nesting than any tensor TensorFlow allows (rank 254) plus the request's own levels. */
  static final int MAX_DEPTH = 512;

  /** A JSON number as written: integer-valued when it had no fraction or exponent and fits 64 bits. */
  record Number(String text, boolean integral, double value) {
    boolean isInt() {
      return integral && asLong() >= Integer.MIN_VALUE && asLong() <= Integer.MAX_VALUE;
    }

    boolean isInt64() {
      return integral;
    }

    long asLong() {
      return Long.parseLong(text);
    }

    @Override
    public String toString() {
      return text;
    }
  }

  /** A document that is not JSON: {@code message} as rapidjson words it, at byte {@code offset}. */
  static final class ParseException extends Exception {
    final String reason;
    final int offset;

    ParseException(String reason, int offset) {
      super(reason + " at offset: " + offset);
      this.reason = reason;
      this.offset = offset;
    }
  }

  private final byte[] in;
  private int pos;

  private Json(byte[] in) {
    this.in = in;
  }

  /** Reads the first JSON value of {@code body}. */
  static Object parse(byte[] body) throws ParseException {
    Json json = new Json(body);
    json.skipSpace();
    if (json.pos >= body.length) {
      throw new ParseException("The document is empty.", json.pos);
    }
    return json.value(0);
  }

  private Object value(int depth) throws ParseException {
    if (depth > MAX_DEPTH) {
      throw new ParseException("Nesting deeper than " + MAX_DEPTH + " levels.", pos);
    }
    if (pos >= in.length) {
      throw new ParseException("Invalid value.", pos);
    }
    return switch (in[pos]) {
      case '{' -> object(depth);
      case '[' -> array(depth);
      case '"' -> string();
      case 't' -> literal("true", Boolean.TRUE);
      case 'f' -> literal("false", Boolean.FALSE);
      case 'n' -> literal("null", NULL);
      default -> number();
    };
  }

  private Object literal(String word, Object value) throws ParseException {
    for (int i = 0; i < word.length(); i++) {
      if (pos + i >= in.length || in[pos + i] != word.charAt(i)) {
        throw new ParseException("Invalid value.", pos);
      }
    }
    pos += word.length();
    return value;
  }

  private Map<String, Object> object(int depth) throws ParseException {
    pos++;
    Map<String, Object> members = new LinkedHashMap<>();
    skipSpace();
    if (peek() == '}') {
      pos++;
      return members;
    }
    while (true) {
      if (peek() != '"') {
        throw new ParseException("Missing a name for object member.", pos);
      }
      String key = string();
      skipSpace();
      if (peek() != ':') {
        throw new ParseException("Missing a colon after a name of object member.", pos);
      }
      pos++;
      skipSpace();
      members.putIfAbsent(key, value(depth + 1));
      skipSpace();
      int c = peek();
      pos++;
      if (c == '}') {
        return members;
      } else if (c != ',') {
        throw new ParseException("Missing a comma or '}' after an object member.", pos - 1);
      }
      skipSpace();
    }
  }

  private List<Object> array(int depth) throws ParseException {
    pos++;
    List<Object> elements = new ArrayList<>();
    skipSpace();
    if (peek() == ']') {
      pos++;
      return Collections.unmodifiableList(elements);
    }
    while (true) {
      elements.add(value(depth + 1));
      skipSpace();
      int c = peek();
      pos++;
      if (c == ']') {
        return Collections.unmodifiableList(elements);
      } else if (c != ',') {
        throw new ParseException("Missing a comma or ']' after an array element.", pos - 1);
      }
      skipSpace();
    }
  }

  private String string() throws ParseException {
    int start = pos;
    pos++;
    StringBuilder text = new StringBuilder();
    int runStart = pos;
    while (true) {
      if (pos >= in.length) {
        throw new ParseException("Missing a closing quotation mark in string.", pos);
      }
      int c = in[pos] & 0xff;
      if (c == '"') {
        text.append(new String(in, runStart, pos - runStart, StandardCharsets.UTF_8));
        pos++;
        return text.toString();
      } else if (c == '\\') {
        text.append(new String(in, runStart, pos - runStart, StandardCharsets.UTF_8));
        pos++;
        escape(text, start);
        runStart = pos;
      } else if (c < 0x20) {
        throw new ParseException(c == 0 ? "Missing a closing quotation mark in string." : "Invalid encoding in string.", pos);
      } else {
        pos++;
      }
    }
  }

  private void escape(StringBuilder text, int start) throws ParseException {
    int escapeAt = pos - 1;
    if (pos >= in.length) {
      throw new ParseException("Missing a closing quotation mark in string.", pos);
    }
    char c = (char) in[pos++];
    switch (c) {
      case '"', '\\', '/' -> text.append(c);
      case 'b' -> text.append('\b');
      case 'f' -> text.append('\f');
      case 'n' -> text.append('\n');
      case 'r' -> text.append('\r');
      case 't' -> text.append('\t');
      case 'u' -> {
        int unit = hex4();
        if (Character.isHighSurrogate((char) unit)) {
          if (pos + 1 >= in.length || in[pos] != '\\' || in[pos + 1] != 'u') {
            throw new ParseException("The surrogate pair in string is invalid.", pos);
          }
          pos += 2;
          int low = hex4();
          if (!Character.isLowSurrogate((char) low)) {
            throw new ParseException("The surrogate pair in string is invalid.", pos);
          }
          text.append((char) unit).append((char) low);
        } else {
          text.append((char) unit);
        }
      }
      default -> throw new ParseException("Invalid escape character in string.", escapeAt);
    }
  }

  private int hex4() throws ParseException {
    int value = 0;
    for (int i = 0; i < 4; i++) {
      int digit = pos < in.length ? Character.digit(in[pos], 16) : -1;
      if (digit < 0) {
        throw new ParseException("Incorrect hex digit after \\u escape in string.", pos);
      }
      value = value * 16 + digit;
      pos++;
    }
    return value;
  }

  private Number number() throws ParseException {
    int start = pos;
    boolean negative = peek() == '-';
    if (negative) {
      pos++;
    }
    if (peek() == 'N' && matches("NaN")) {
      pos += 3;
      return new Number(negative ? "-NaN" : "NaN", false, Double.NaN);
    }
    if (peek() == 'I') {
      int length = matches("Infinity") ? 8 : matches("Inf") ? 3 : 0;
      if (length == 0) {
        throw new ParseException("Invalid value.", start);
      }
      pos += length;
      return new Number(negative ? "-Infinity" : "Infinity", false,
          negative ? Double.NEGATIVE_INFINITY : Double.POSITIVE_INFINITY);
    }
    if (!isDigit(peek())) {
      throw new ParseException("Invalid value.", start);
    }
    if (peek() == '0') {
      pos++;
    } else {
      while (isDigit(peek())) {
        pos++;
      }
    }
    boolean integral = true;
    if (peek() == '.') {
      pos++;
      if (!isDigit(peek())) {
        throw new ParseException("Miss fraction part in number.", pos);
      }
      while (isDigit(peek())) {
        pos++;
      }
      integral = false;
    }
    if (peek() == 'e' || peek() == 'E') {
      pos++;
      if (peek() == '+' || peek() == '-') {
        pos++;
      }
      if (!isDigit(peek())) {
        throw new ParseException("Miss exponent in number.", pos);
      }
      while (isDigit(peek())) {
        pos++;
      }
      integral = false;
    }
    String text = new String(in, start, pos - start, StandardCharsets.US_ASCII);
    double value = Double.parseDouble(text);
    if (Double.isInfinite(value)) {
      throw new ParseException("Number too big to be stored in double.", start);
    }
    if (integral) {
      try {
        Long.parseLong(text);
      } catch (NumberFormatException e) {
        integral = false; // beyond int64, rapidjson keeps it as a double (or uint64, which TF Serving treats alike)
      }
    }
    return new Number(text, integral, value);
  }

  private boolean matches(String word) {
    if (pos + word.length() > in.length) {
      return false;
    }
    for (int i = 0; i < word.length(); i++) {
      if (in[pos + i] != word.charAt(i)) {
        return false;
      }
    }
    return true;
  }

  private static boolean isDigit(int c) {
    return c >= '0' && c <= '9';
  }

  private int peek() {
    return pos < in.length ? in[pos] & 0xff : -1;
  }

  private void skipSpace() {
    while (pos < in.length && (in[pos] == ' ' || in[pos] == '\n' || in[pos] == '\r' || in[pos] == '\t')) {
      pos++;
    }
  }

  /** The JSON type name TF Serving's errors use: Null, False, True, Object, Array, String, Number. */
  static String typeName(Object value) {
    if (value == NULL) {
      return "Null";
    } else if (value instanceof Boolean b) {
      return b ? "True" : "False";
    } else if (value instanceof Map) {
      return "Object";
    } else if (value instanceof List) {
      return "Array";
    } else if (value instanceof String) {
      return "String";
    }
    return "Number";
  }
}
