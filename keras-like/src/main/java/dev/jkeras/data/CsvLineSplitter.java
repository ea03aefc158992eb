package dev.jkeras.data;

import java.util.ArrayList;
import java.util.List;

/**
 * Splits one CSV line into fields as TensorFlow's {@code DecodeCSV} kernel does: with quoting on, a field
 * starting with a double quote runs to the next quote that is followed by the delimiter or the end of the
 * line, a doubled quote inside standing for one; an unquoted field may not contain a quote.
 */
final class CsvLineSplitter {
  /** A line that cannot be split; {@code field} is 1-based. */
  static final class BadQuoting extends Exception {
    final int field;

    BadQuoting(int field, String message) {
      super(message, null, false, false);
      this.field = field;
    }
  }

  private final char delim;
  private final boolean quotes;

  CsvLineSplitter(char delim, boolean quotes) {
    this.delim = delim;
    this.quotes = quotes;
  }

  List<String> split(String line) throws BadQuoting {
    List<String> fields = new ArrayList<>();
    int i = 0;
    int n = line.length();
    while (true) {
      int field = fields.size() + 1;
      if (quotes && i < n && line.charAt(i) == '"') {
        StringBuilder value = new StringBuilder();
        i++;
        while (true) {
          if (i >= n) {
            throw new BadQuoting(field, "field " + field + " opens a quote that the line never closes");
          }
          char c = line.charAt(i);
          if (c != '"') {
            value.append(c);
            i++;
          } else if (i + 1 < n && line.charAt(i + 1) == '"') {
            value.append('"');
            i += 2;
          } else if (i + 1 == n || line.charAt(i + 1) == delim) {
            i++;
            break;
          } else {
            throw new BadQuoting(field, "field " + field + " has a quote inside a quoted value that is neither"
                + " doubled (\"\") nor followed by the delimiter");
          }
        }
        fields.add(value.toString());
      } else {
        int end = i;
        while (end < n && line.charAt(end) != delim) {
          if (quotes && line.charAt(end) == '"') {
            throw new BadQuoting(field, "field " + field + " has a quote inside an unquoted value; quote the whole"
                + " field and double the quotes inside, or read with useQuoteDelim(false)");
          }
          end++;
        }
        fields.add(line.substring(i, end));
        i = end;
      }
      if (i >= n) {
        return fields;
      }
      i++; // the delimiter
      if (i == n) {
        fields.add("");
        return fields;
      }
    }
  }
}
