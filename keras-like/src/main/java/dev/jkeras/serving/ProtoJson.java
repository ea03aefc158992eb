package dev.jkeras.serving;

import java.util.List;
import java.util.Map;

/**
 * Writes a tree of maps, lists, strings, booleans and numbers as protobuf's JSON printer does with
 * {@code add_whitespace}, the form of TF Serving's model status and metadata responses: one space of
 * indent a level, {@code "key": value}, every element on its own line, {@code []} and {@code {}} when
 * empty, a newline after the closing brace. Strings given as {@link Raw} are written unquoted.
 */
final class ProtoJson {
  /** Text written as is, e.g. a number. */
  record Raw(String text) {}

  private ProtoJson() {}

  static String write(Map<String, ?> message) {
    StringBuilder out = new StringBuilder();
    value(out, message, 0);
    return out.append('\n').toString();
  }

  private static void value(StringBuilder out, Object value, int level) {
    if (value instanceof Map<?, ?> map) {
      if (map.isEmpty()) {
        out.append("{}");
        return;
      }
      out.append('{');
      boolean first = true;
      for (Map.Entry<?, ?> entry : map.entrySet()) {
        out.append(first ? "\n" : ",\n").append(" ".repeat(level + 1));
        quote(out, entry.getKey().toString());
        out.append(": ");
        value(out, entry.getValue(), level + 1);
        first = false;
      }
      out.append('\n').append(" ".repeat(level)).append('}');
    } else if (value instanceof List<?> list) {
      if (list.isEmpty()) {
        out.append("[]");
        return;
      }
      out.append('[');
      boolean first = true;
      for (Object element : list) {
        out.append(first ? "\n" : ",\n").append(" ".repeat(level + 1));
        value(out, element, level + 1);
        first = false;
      }
      out.append('\n').append(" ".repeat(level)).append(']');
    } else if (value instanceof Raw raw) {
      out.append(raw.text());
    } else if (value instanceof Boolean b) {
      out.append(b);
    } else {
      quote(out, value.toString());
    }
  }

  private static void quote(StringBuilder out, String text) {
    JsonStrings.quote(out, text, false);
  }
}
