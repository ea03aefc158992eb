package dev.jkeras.data;

import java.io.BufferedReader;
import java.io.IOException;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.List;

/**
 * The non-blank lines of a UTF-8 CSV file, split into fields, with their 1-based line numbers; every
 * problem is a {@link CsvFormatException} naming the file and line.
 */
final class CsvLines implements AutoCloseable {
  private final Path file;
  private final BufferedReader reader;
  private final CsvLineSplitter splitter;
  private long lineNumber;

  private CsvLines(Path file, BufferedReader reader, CsvLineSplitter splitter) {
    this.file = file;
    this.reader = reader;
    this.splitter = splitter;
  }

  static CsvLines open(Path file, CsvOptions options) {
    if (Files.isDirectory(file)) {
      throw new IllegalArgumentException("Cannot read CSV from " + file + ": it is a directory");
    }
    try {
      return new CsvLines(file, Files.newBufferedReader(file, StandardCharsets.UTF_8),
          new CsvLineSplitter(options.fieldDelim(), options.useQuoteDelim()));
    } catch (NoSuchFileException e) {
      throw new IllegalArgumentException("No CSV file at " + file.toAbsolutePath() + "; check the path", e);
    } catch (IOException e) {
      throw new IllegalArgumentException("Cannot read " + file + ": " + e.getMessage(), e);
    }
  }

  /** The fields of the next non-blank line, or null at the end. */
  List<String> next() {
    String line;
    try {
      do {
        line = reader.readLine();
        lineNumber++;
      } while (line != null && line.isEmpty());
    } catch (CharacterCodingException e) {
      throw new CsvFormatException(file, lineNumber, "the text is not valid UTF-8 (" + e + "); save the file as UTF-8");
    } catch (IOException e) {
      throw new IllegalStateException("Could not read " + file + " after line " + (lineNumber - 1) + ": "
          + e.getMessage(), e);
    }
    if (line == null) {
      return null;
    }
    try {
      return splitter.split(line);
    } catch (CsvLineSplitter.BadQuoting e) {
      throw new CsvFormatException(file, lineNumber, e.getMessage());
    }
  }

  /** Fails unless {@code fields} (the line just read) has {@code expected} fields. */
  void checkWidth(List<String> fields, int expected) {
    if (fields.size() != expected) {
      throw new CsvFormatException(file, lineNumber, "expected " + expected + " fields, got " + fields.size()
          + ". Check the delimiter and the quoting of that line");
    }
  }

  /** The line number of the line just read. */
  long lineNumber() {
    return lineNumber;
  }

  Path file() {
    return file;
  }

  @Override
  public void close() {
    try {
      reader.close();
    } catch (IOException e) {
      throw new IllegalStateException("Could not close " + file + ": " + e.getMessage(), e);
    }
  }
}
