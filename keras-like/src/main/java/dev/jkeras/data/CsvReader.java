package dev.jkeras.data;

import java.nio.file.Path;
import java.util.Iterator;
import java.util.List;
import java.util.NoSuchElementException;
import java.util.Objects;

/**
 * Reads the rows of a CSV file one at a time as typed values: per row, one value per {@link
 * CsvSchema#columns() selected column} (a {@code Float}, {@code Double}, {@code Integer}, {@code Long}
 * or {@code String}), empty and NA fields replaced by the column's default. A bad line fails with a
 * {@link CsvFormatException} naming the file, the line, and where it applies the column and the value.
 * Not safe for use by several threads at once.
 */
public final class CsvReader implements AutoCloseable, Iterator<Object[]> {
  private final CsvSchema schema;
  private final CsvOptions options;
  private final CsvLines lines;
  private Object[] next;
  private boolean done;

  private CsvReader(CsvSchema schema, CsvOptions options, CsvLines lines) {
    this.schema = schema;
    this.options = options;
    this.lines = lines;
  }

  /** A reader of {@code file}; its schema is resolved first (see {@link CsvSchema#of}). */
  public static CsvReader open(Path file, CsvOptions options) {
    Objects.requireNonNull(file, "file");
    Objects.requireNonNull(options, "options");
    CsvSchema schema = CsvSchema.of(file, options);
    CsvLines lines = CsvLines.open(file, options);
    if (options.header()) {
      lines.next();
    }
    return new CsvReader(schema, options, lines);
  }

  public CsvSchema schema() {
    return schema;
  }

  /** The line number of the row last returned. */
  public long lineNumber() {
    return lines.lineNumber();
  }

  @Override
  public boolean hasNext() {
    if (next == null && !done) {
      next = readRow();
      done = next == null;
    }
    return next != null;
  }

  @Override
  public Object[] next() {
    if (!hasNext()) {
      throw new NoSuchElementException("No more rows in " + lines.file());
    }
    Object[] row = next;
    next = null;
    return row;
  }

  private Object[] readRow() {
    List<String> fields = lines.next();
    if (fields == null) {
      return null;
    }
    lines.checkWidth(fields, schema.fileColumns());
    List<CsvColumn> columns = schema.columns();
    Object[] row = new Object[columns.size()];
    for (int k = 0; k < row.length; k++) {
      CsvColumn column = columns.get(k);
      String field = fields.get(column.index());
      if (field.isEmpty() || field.equals(options.naValue())) {
        if (column.required()) {
          throw problem(column, "the field is " + (field.isEmpty() ? "empty" : "the NA value '" + field + "'")
              + " and the column has no default; give one in columnDefaults(...)");
        }
        row[k] = column.defaultValue();
      } else {
        Object value = CsvValues.parse(field, column.dtype());
        if (value == null) {
          throw problem(column, "'" + field + "' is not a valid " + column.dtype() + ". Fix the value, or read the"
              + " column as another type (columnDefaults(...))");
        }
        row[k] = value;
      }
    }
    return row;
  }

  private CsvFormatException problem(CsvColumn column, String what) {
    done = true;
    return new CsvFormatException(lines.file(), lines.lineNumber(), "column '" + column.name() + "' (field "
        + (column.index() + 1) + "): " + what);
  }

  @Override
  public void close() {
    lines.close();
  }
}
