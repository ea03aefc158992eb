package dev.jkeras.serving;

/** JSON string literals as TF Serving's two writers escape them (rapidjson and protobuf's printer). */
final class JsonStrings {
  private JsonStrings() {}

  /**
   * Appends {@code text} quoted, with the short escapes and six-character u-escapes for other control
   * characters: upper-case hex digits as rapidjson writes them, lower-case as protobuf's printer does.
   */
  static void quote(StringBuilder out, String text, boolean upperCaseHex) {
    out.append('"');
    for (int i = 0; i < text.length(); i++) {
      char c = text.charAt(i);
      switch (c) {
        case '"' -> out.append("\\\"");
        case '\\' -> out.append("\\\\");
        case '\b' -> out.append("\\b");
        case '\f' -> out.append("\\f");
        case '\n' -> out.append("\\n");
        case '\r' -> out.append("\\r");
        case '\t' -> out.append("\\t");
        default -> {
          if (c < 0x20) {
            out.append(String.format(upperCaseHex ? "\\u%04X" : "\\u%04x", (int) c));
          } else {
            out.append(c);
          }
        }
      }
    }
    out.append('"');
  }
}
