package dev.jkeras.callbacks;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Streams each epoch's logs to a CSV file, as Keras's {@code CSVLogger}:
 * {@code new CSVLogger("training.log")}, or {@code .separator(";").append(true)}.
 *
 * <p>The file is Keras's: a header {@code epoch,<log names sorted>}, then one row per epoch
 * (0-based) with Python's float formatting, rows ending in {@code \r\n} (Python's {@code csv}
 * excel dialect), {@code NA} for a log missing from an epoch. As in Keras, when the first epoch
 * logs no {@code val_} entries, {@code val_} columns are added for every log anyway. The file is
 * opened at the start of {@code fit} (emptied, or appended to with {@code append(true)}, where a
 * header is written only into an empty file), flushed after every row, and closed at the end of
 * {@code fit} — also when {@code fit} fails ({@link Callback#onFinally}).
 */
public class CSVLogger extends Callback {
  private final Path filename;
  private String separator = ",";
  private boolean append;

  private Writer writer;
  private List<String> keys;
  private boolean appendHeader = true;

  public CSVLogger(String filename) {
    this(Path.of(filename));
  }

  public CSVLogger(Path filename) {
    if (filename == null) {
      throw new IllegalArgumentException("CSVLogger needs a file name, e.g. \"training.log\"");
    }
    this.filename = filename;
  }

  /** The string between fields; default {@code ","}. */
  public CSVLogger separator(String separator) {
    if (separator == null || separator.length() != 1) {
      throw new IllegalArgumentException("separator must be a 1-character string, got " + (separator == null
          ? "null" : "\"" + separator + "\""));
    }
    this.separator = separator;
    return this;
  }

  /** Whether to append to an existing file (to continue training) instead of overwriting it; default false. */
  public CSVLogger append(boolean append) {
    this.append = append;
    return this;
  }

  /** Whether the file is open (between the start and the end of a {@code fit}). */
  public boolean isOpen() {
    return writer != null;
  }

  @Override
  public void onTrainBegin(Map<String, Double> logs) {
    close();
    try {
      if (append) {
        appendHeader = true;
        if (Files.exists(filename)) {
          try (BufferedReader reader = Files.newBufferedReader(filename, StandardCharsets.UTF_8)) {
            String first = reader.readLine();
            appendHeader = first == null;
          }
        }
        writer = Files.newBufferedWriter(filename, StandardCharsets.UTF_8, StandardOpenOption.CREATE,
            StandardOpenOption.APPEND, StandardOpenOption.WRITE);
      } else {
        appendHeader = true;
        writer = Files.newBufferedWriter(filename, StandardCharsets.UTF_8);
      }
    } catch (IOException e) {
      throw new UncheckedIOException("CSVLogger could not open " + filename, e);
    }
    keys = null;
  }

  @Override
  public void onEpochEnd(int epoch, Map<String, Double> logs) {
    if (writer == null) {
      throw new IllegalStateException("CSVLogger writes epochs of fit only; its file " + filename + " is not open");
    }
    boolean header = false;
    if (keys == null) {
      keys = new ArrayList<>(logs.keySet());
      keys.sort(null);
      if (!keys.isEmpty() && keys.stream().noneMatch(k -> k.startsWith("val_"))) {
        keys.addAll(keys.stream().map(k -> "val_" + k).toList());
      }
      header = appendHeader;
    }
    try {
      if (header) {
        List<String> names = new ArrayList<>();
        names.add("epoch");
        names.addAll(keys);
        writeRow(names);
      }
      List<String> row = new ArrayList<>();
      row.add(Integer.toString(epoch));
      for (String key : keys) {
        Double value = logs.get(key);
        row.add(value == null ? "NA" : PythonFormat.repr(value));
      }
      writeRow(row);
      writer.flush();
    } catch (IOException e) {
      throw new UncheckedIOException("CSVLogger could not write to " + filename, e);
    }
  }

  private void writeRow(List<String> fields) throws IOException {
    StringBuilder line = new StringBuilder();
    for (int i = 0; i < fields.size(); i++) {
      if (i > 0) {
        line.append(separator);
      }
      line.append(quote(fields.get(i)));
    }
    writer.write(line.append("\r\n").toString());
  }

  /** Python's csv QUOTE_MINIMAL: quoted when holding the separator, a quote or a line break. */
  private String quote(String field) {
    if (field.contains(separator) || field.contains("\"") || field.contains("\r") || field.contains("\n")) {
      return "\"" + field.replace("\"", "\"\"") + "\"";
    }
    return field;
  }

  @Override
  public void onTrainEnd(Map<String, Double> logs) {
    close();
  }

  @Override
  public void onFinally(Throwable error) {
    close();
  }

  private void close() {
    if (writer != null) {
      Writer open = writer;
      writer = null;
      try {
        open.close();
      } catch (IOException e) {
        throw new UncheckedIOException("CSVLogger could not close " + filename, e);
      }
    }
  }
}
