package dev.jkeras.serving;

import java.util.ArrayList;
import java.util.List;

/**
 * The tokens of a protobuf text-format file: names and numbers, quoted strings (kept with their
 * quotes), and the punctuation {@code { } < > : , ;}; {@code #} comments are dropped.
 */
final class TextProtoTokens {
  private TextProtoTokens() {}

  /** The unquoted, unescaped content of a quoted string token. */
  static String unquote(String token) {
    StringBuilder out = new StringBuilder();
    for (int i = 1; i < token.length() - 1; i++) {
      char c = token.charAt(i);
      if (c == '\\' && i + 1 < token.length() - 1) {
        char next = token.charAt(++i);
        out.append(switch (next) {
          case 'n' -> '\n';
          case 't' -> '\t';
          default -> next;
        });
      } else {
        out.append(c);
      }
    }
    return out.toString();
  }

  static List<String> tokenize(String text) {
    List<String> tokens = new ArrayList<>();
    int i = 0;
    while (i < text.length()) {
      char c = text.charAt(i);
      if (Character.isWhitespace(c)) {
        i++;
      } else if (c == '#') {
        while (i < text.length() && text.charAt(i) != '\n') {
          i++;
        }
      } else if ("{}<>:,;".indexOf(c) >= 0) {
        tokens.add(String.valueOf(c));
        i++;
      } else if (c == '"' || c == '\'') {
        int end = i + 1;
        while (end < text.length() && text.charAt(end) != c) {
          end += text.charAt(end) == '\\' ? 2 : 1;
        }
        if (end >= text.length()) {
          throw new IllegalArgumentException("Unterminated string starting at character " + i);
        }
        tokens.add(text.substring(i, end + 1));
        i = end + 1;
      } else if (Character.isLetterOrDigit(c) || c == '_' || c == '-' || c == '+' || c == '.') {
        int end = i;
        while (end < text.length() && (Character.isLetterOrDigit(text.charAt(end)) || "_-+.".indexOf(text.charAt(end)) >= 0)) {
          end++;
        }
        tokens.add(text.substring(i, end));
        i = end;
      } else {
        throw new IllegalArgumentException("Unexpected character '" + c + "' at character " + i);
      }
    }
    return tokens;
  }
}
