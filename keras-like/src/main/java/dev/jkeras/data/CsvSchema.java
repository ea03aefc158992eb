package dev.jkeras.data;

import dev.jkeras.DType;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.tensorflow.ndarray.NdArray;
import org.tensorflow.ndarray.NdArrays;

/**
 * What a CSV file is read as: the selected columns (name, position, type, default) and which of them
 * is the label, resolved from {@link CsvOptions} and the file's first lines as {@code make_csv_dataset}
 * resolves them. {@link #recordDefaults()} and {@link #selectCols()} give the same schema to {@code
 * IoOps.decodeCsv}.
 */
public final class CsvSchema {
  private final int fileColumns;
  private final List<CsvColumn> columns;
  private final String labelName;

  private CsvSchema(int fileColumns, List<CsvColumn> columns, String labelName) {
    this.fileColumns = fileColumns;
    this.columns = List.copyOf(columns);
    this.labelName = labelName;
  }

  /**
   * The schema of {@code file} read with {@code options}.
   *
   * @throws IllegalArgumentException if the file is missing, empty, or does not fit the options (unknown
   *     selected or label columns, duplicate names, defaults of the wrong count)
   * @throws CsvFormatException if a line read for type inference is malformed
   */
  public static CsvSchema of(Path file, CsvOptions options) {
    try (CsvLines lines = CsvLines.open(file, options)) {
      return resolve(file, options, lines);
    }
  }

  private static CsvSchema resolve(Path file, CsvOptions options, CsvLines lines) {
    List<String> first = lines.next();
    if (first == null) {
      throw new IllegalArgumentException(file + " is empty: a CSV file needs " + (options.header() ? "a header line"
          : "at least one line"));
    }
    List<String> names;
    if (options.columnNames() != null) {
      names = options.columnNames();
      if (names.size() != first.size()) {
        throw new IllegalArgumentException(file + " has " + first.size() + " columns (line " + lines.lineNumber()
            + ") but " + names.size() + " column names were given: " + names);
      }
    } else if (options.header()) {
      names = first;
    } else {
      throw new IllegalArgumentException("Reading " + file + " without a header needs columnNames(...), one per column");
    }
    checkUnique(file, names);
    List<Integer> selected = selectedIndices(file, names, options.selectColumns());
    List<List<String>> sampleRows = new ArrayList<>();
    if (!options.header()) {
      sampleRows.add(first);
    }
    List<Object> defaults = options.columnDefaults();
    if (defaults == null) {
      for (List<String> row; sampleRows.size() < options.numRowsForInference() && (row = lines.next()) != null; ) {
        lines.checkWidth(row, names.size());
        sampleRows.add(row);
      }
    } else if (defaults.size() != selected.size()) {
      throw new IllegalArgumentException("columnDefaults has " + defaults.size() + " entries but " + selected.size()
          + " columns are selected; give one per selected column, in file order");
    }
    List<CsvColumn> columns = new ArrayList<>();
    for (int k = 0; k < selected.size(); k++) {
      int index = selected.get(k);
      if (defaults != null) {
        columns.add(column(names.get(index), index, defaults.get(k)));
      } else {
        DType type = null;
        for (List<String> row : sampleRows) {
          type = CsvValues.inferAfter(type, row.get(index), options.naValue());
        }
        type = type == null ? DType.STRING : type;
        columns.add(new CsvColumn(names.get(index), index, type, zero(type)));
      }
    }
    String label = options.labelName();
    if (label != null && columns.stream().noneMatch(c -> c.name().equals(label))) {
      throw new IllegalArgumentException("The label column '" + label + "' is not among the "
          + (options.selectColumns() == null ? "columns" : "selected columns") + " of " + file + ": "
          + columns.stream().map(CsvColumn::name).toList());
    }
    return new CsvSchema(names.size(), columns, label);
  }

  private static void checkUnique(Path file, List<String> names) {
    Set<String> seen = new HashSet<>();
    for (String name : names) {
      if (!seen.add(name)) {
        throw new IllegalArgumentException("The columns of " + file + " repeat the name '" + name + "': " + names
            + ". Give unique names with columnNames(...)");
      }
    }
  }

  private static List<Integer> selectedIndices(Path file, List<String> names, List<String> select) {
    List<Integer> all = new ArrayList<>();
    for (int i = 0; i < names.size(); i++) {
      all.add(i);
    }
    if (select == null) {
      return all;
    }
    if (select.isEmpty()) {
      throw new IllegalArgumentException("selectColumns needs at least one column of " + names);
    }
    List<String> unknown = select.stream().filter(s -> !names.contains(s)).toList();
    if (!unknown.isEmpty()) {
      throw new IllegalArgumentException("selectColumns names columns that " + file + " does not have: " + unknown
          + "; its columns are " + names);
    }
    return all.stream().filter(i -> select.contains(names.get(i))).toList();
  }

  private static CsvColumn column(String name, int index, Object spec) {
    if (spec instanceof DType type) {
      if (type == DType.UINT8 || type == DType.BOOL) {
        throw new IllegalArgumentException("Column '" + name + "': a CSV column is float32, float64, int32, int64 or"
            + " string; got " + type);
      }
      return new CsvColumn(name, index, type, null);
    }
    DType type = spec instanceof Float ? DType.FLOAT32 : spec instanceof Double ? DType.FLOAT64
        : spec instanceof Integer ? DType.INT32 : spec instanceof Long ? DType.INT64 : DType.STRING;
    return new CsvColumn(name, index, type, spec);
  }

  private static Object zero(DType type) {
    return switch (type) {
      case FLOAT32 -> 0f;
      case FLOAT64 -> 0d;
      case INT32 -> 0;
      case INT64 -> 0L;
      default -> "";
    };
  }

  /** The selected columns, in file order (the label among them). */
  public List<CsvColumn> columns() {
    return columns;
  }

  /** How many fields every line has. */
  public int fileColumns() {
    return fileColumns;
  }

  /** The label column's name, if one was given. */
  public Optional<String> labelName() {
    return Optional.ofNullable(labelName);
  }

  /** Per selected column, the record default {@code IoOps.decodeCsv} takes: a scalar, or an empty vector if required. */
  public List<NdArray<?>> recordDefaults() {
    List<NdArray<?>> out = new ArrayList<>();
    for (CsvColumn c : columns) {
      Object d = c.defaultValue();
      out.add(switch (c.dtype()) {
        case FLOAT32 -> d == null ? NdArrays.ofFloats(org.tensorflow.ndarray.Shape.of(0)) : NdArrays.scalarOf((Float) d);
        case FLOAT64 -> d == null ? NdArrays.ofDoubles(org.tensorflow.ndarray.Shape.of(0)) : NdArrays.scalarOf((Double) d);
        case INT32 -> d == null ? NdArrays.ofInts(org.tensorflow.ndarray.Shape.of(0)) : NdArrays.scalarOf((Integer) d);
        case INT64 -> d == null ? NdArrays.ofLongs(org.tensorflow.ndarray.Shape.of(0)) : NdArrays.scalarOf((Long) d);
        default -> d == null ? NdArrays.ofObjects(String.class, org.tensorflow.ndarray.Shape.of(0))
            : NdArrays.scalarOfObject((String) d);
      });
    }
    return out;
  }

  /** The selected columns' positions for {@code IoOps.decodeCsv}'s {@code selectCols}; empty when all are selected. */
  public List<Integer> selectCols() {
    return columns.size() == fileColumns ? List.of() : columns.stream().map(CsvColumn::index).toList();
  }

  @Override
  public String toString() {
    return "CsvSchema" + columns + (labelName == null ? "" : " label=" + labelName);
  }
}
