package dev.jkeras.data;

import java.nio.file.Path;

/**
 * A CSV file that does not match what it is read as: a line with the wrong number of fields, a value
 * that is not of its column's type, a missing required value or bad quoting. Names the file and the
 * line (1-based, counting the header), and where it applies the column and the value.
 */
public final class CsvFormatException extends IllegalArgumentException {
  private final Path file;
  private final long line;

  CsvFormatException(Path file, long line, String problem) {
    super(file + " line " + line + ": " + problem);
    this.file = file;
    this.line = line;
  }

  public Path file() {
    return file;
  }

  /** The 1-based line number. */
  public long line() {
    return line;
  }
}
