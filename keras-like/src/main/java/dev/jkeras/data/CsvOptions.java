package dev.jkeras.data;

import dev.jkeras.DType;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * How a CSV file is read, as the arguments of {@code tf.data.experimental.make_csv_dataset}: an immutable
 * value, changed with its fluent methods ({@code CsvOptions.defaults().labelName("survived")}).
 *
 * <ul>
 *   <li>{@link #header(boolean)}: the first line names the columns (default true);
 *   <li>{@link #columnNames(List)}: the names, one per column of the file (required without a header;
 *       with one, they replace the header's);
 *   <li>{@link #columnDefaults(List)}: per selected column, a {@link DType} (float32, float64, int32,
 *       int64 or string: the field must not be empty) or a default value ({@code Float}, {@code Double},
 *       {@code Integer}, {@code Long} or {@code String}, which also gives the type); without them the
 *       types are inferred from the first {@link #numRowsForInference(int)} rows as TensorFlow does
 *       (int32, then int64, float32, float64, string) and empty fields read as 0 or "";
 *   <li>{@link #labelName(String)}: the column returned as the labels rather than a feature;
 *   <li>{@link #selectColumns(List)}: only these columns (by name, in file order);
 *   <li>{@link #fieldDelim(char)}, {@link #useQuoteDelim(boolean)}, {@link #naValue(String)}: as {@code
 *       tf.io.decode_csv}.
 * </ul>
 */
public final class CsvOptions {
  private final boolean header;
  private final List<String> columnNames;
  private final List<Object> columnDefaults;
  private final String labelName;
  private final List<String> selectColumns;
  private final char fieldDelim;
  private final boolean useQuoteDelim;
  private final String naValue;
  private final int numRowsForInference;

  private CsvOptions(boolean header, List<String> columnNames, List<Object> columnDefaults, String labelName,
      List<String> selectColumns, char fieldDelim, boolean useQuoteDelim, String naValue, int numRowsForInference) {
    this.header = header;
    this.columnNames = columnNames;
    this.columnDefaults = columnDefaults;
    this.labelName = labelName;
    this.selectColumns = selectColumns;
    this.fieldDelim = fieldDelim;
    this.useQuoteDelim = useQuoteDelim;
    this.naValue = naValue;
    this.numRowsForInference = numRowsForInference;
  }

  /** TensorFlow's defaults: a header, inferred types from 100 rows, comma, quotes, no NA value. */
  public static CsvOptions defaults() {
    return new CsvOptions(true, null, null, null, null, ',', true, "", 100);
  }

  public CsvOptions header(boolean value) {
    return new CsvOptions(value, columnNames, columnDefaults, labelName, selectColumns, fieldDelim, useQuoteDelim,
        naValue, numRowsForInference);
  }

  public CsvOptions columnNames(List<String> names) {
    List<String> copy = List.copyOf(Objects.requireNonNull(names, "names"));
    return new CsvOptions(header, copy, columnDefaults, labelName, selectColumns, fieldDelim, useQuoteDelim, naValue,
        numRowsForInference);
  }

  public CsvOptions columnNames(String... names) {
    return columnNames(List.of(names));
  }

  public CsvOptions columnDefaults(List<?> defaults) {
    Objects.requireNonNull(defaults, "defaults");
    List<Object> copy = new ArrayList<>();
    for (Object d : defaults) {
      if (!(d instanceof DType || d instanceof Float || d instanceof Double || d instanceof Integer
          || d instanceof Long || d instanceof String)) {
        throw new IllegalArgumentException("A CSV column default is a DType (float32, float64, int32, int64, string) "
            + "or a Float, Double, Integer, Long or String value; got " + (d == null ? "null" : d.getClass().getSimpleName()));
      }
      copy.add(d);
    }
    return new CsvOptions(header, columnNames, List.copyOf(copy), labelName, selectColumns, fieldDelim, useQuoteDelim,
        naValue, numRowsForInference);
  }

  public CsvOptions columnDefaults(Object... defaults) {
    return columnDefaults(List.of(defaults));
  }

  public CsvOptions labelName(String name) {
    return new CsvOptions(header, columnNames, columnDefaults, Objects.requireNonNull(name, "name"), selectColumns,
        fieldDelim, useQuoteDelim, naValue, numRowsForInference);
  }

  public CsvOptions selectColumns(List<String> names) {
    List<String> copy = List.copyOf(Objects.requireNonNull(names, "names"));
    return new CsvOptions(header, columnNames, columnDefaults, labelName, copy, fieldDelim, useQuoteDelim, naValue,
        numRowsForInference);
  }

  public CsvOptions selectColumns(String... names) {
    return selectColumns(List.of(names));
  }

  public CsvOptions fieldDelim(char delim) {
    if (delim == '"' || delim == '\n' || delim == '\r') {
      throw new IllegalArgumentException("The field delimiter cannot be a quote or a line break; got '" + delim + "'");
    }
    return new CsvOptions(header, columnNames, columnDefaults, labelName, selectColumns, delim, useQuoteDelim, naValue,
        numRowsForInference);
  }

  public CsvOptions useQuoteDelim(boolean value) {
    return new CsvOptions(header, columnNames, columnDefaults, labelName, selectColumns, fieldDelim, value, naValue,
        numRowsForInference);
  }

  public CsvOptions naValue(String value) {
    return new CsvOptions(header, columnNames, columnDefaults, labelName, selectColumns, fieldDelim, useQuoteDelim,
        Objects.requireNonNull(value, "value"), numRowsForInference);
  }

  public CsvOptions numRowsForInference(int rows) {
    if (rows < 1) {
      throw new IllegalArgumentException("numRowsForInference must be at least 1; got " + rows);
    }
    return new CsvOptions(header, columnNames, columnDefaults, labelName, selectColumns, fieldDelim, useQuoteDelim,
        naValue, rows);
  }

  public boolean header() {
    return header;
  }

  /** The names given, or null to read them from the header. */
  public List<String> columnNames() {
    return columnNames;
  }

  /** The defaults given, or null to infer the types. */
  public List<Object> columnDefaults() {
    return columnDefaults;
  }

  /** The label column, or null for none. */
  public String labelName() {
    return labelName;
  }

  /** The selected columns, or null for all. */
  public List<String> selectColumns() {
    return selectColumns;
  }

  public char fieldDelim() {
    return fieldDelim;
  }

  public boolean useQuoteDelim() {
    return useQuoteDelim;
  }

  public String naValue() {
    return naValue;
  }

  public int numRowsForInference() {
    return numRowsForInference;
  }
}
