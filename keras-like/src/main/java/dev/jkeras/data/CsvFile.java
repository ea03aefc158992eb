package dev.jkeras.data;

import dev.jkeras.DType;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.tensorflow.ndarray.NdArray;
import org.tensorflow.ndarray.NdArrays;
import org.tensorflow.ndarray.Shape;

/**
 * Reads a CSV file whole into columns, with the schema rules of {@code make_csv_dataset} (header,
 * column names, selection, types given or inferred, defaults for missing values, a label column):
 *
 * <pre>{@code
 * CsvData data = CsvFile.read(Path.of("housing.csv"), CsvOptions.defaults().labelName("median_house_value"));
 * model.fit(data.features(), data.labels().orElseThrow(), fit -> fit.epochs(10));
 * }</pre>
 *
 * Values are read as TensorFlow's {@code DecodeCSV} kernel reads them. For files larger than memory,
 * read them row by row with {@link CsvReader}.
 */
public final class CsvFile {
  private CsvFile() {}

  /** {@code file} read with TensorFlow's defaults (a header, types inferred). */
  public static CsvData read(Path file) {
    return read(file, CsvOptions.defaults());
  }

  /**
   * {@code file} read as {@code options} say.
   *
   * @throws CsvFormatException naming the file and line of a malformed line or value
   * @throws IllegalArgumentException if the file is missing or does not fit the options
   */
  public static CsvData read(Path file, CsvOptions options) {
    try (CsvReader reader = CsvReader.open(file, options)) {
      List<CsvColumn> columns = reader.schema().columns();
      List<ColumnBuilder> builders = columns.stream().map(c -> new ColumnBuilder(c.dtype())).toList();
      reader.forEachRemaining(row -> {
        for (int k = 0; k < row.length; k++) {
          builders.get(k).add(row[k]);
        }
      });
      Map<String, NdArray<?>> features = new LinkedHashMap<>();
      NdArray<?> labels = null;
      for (int k = 0; k < columns.size(); k++) {
        NdArray<?> column = builders.get(k).build();
        if (columns.get(k).name().equals(options.labelName())) {
          labels = column;
        } else {
          features.put(columns.get(k).name(), column);
        }
      }
      return new CsvData(features, Optional.ofNullable(labels), reader.schema());
    }
  }

  /** A growing column of one dtype, kept unboxed. */
  private static final class ColumnBuilder {
    private final DType dtype;
    private float[] floats;
    private double[] doubles;
    private int[] ints;
    private long[] longs;
    private final List<String> strings;
    private int size;

    ColumnBuilder(DType dtype) {
      this.dtype = dtype;
      switch (dtype) {
        case FLOAT32 -> floats = new float[16];
        case FLOAT64 -> doubles = new double[16];
        case INT32 -> ints = new int[16];
        case INT64 -> longs = new long[16];
        default -> { }
      }
      strings = dtype == DType.STRING ? new ArrayList<>() : null;
    }

    void add(Object value) {
      switch (dtype) {
        case FLOAT32 -> {
          floats = size == floats.length ? Arrays.copyOf(floats, size * 2) : floats;
          floats[size] = (Float) value;
        }
        case FLOAT64 -> {
          doubles = size == doubles.length ? Arrays.copyOf(doubles, size * 2) : doubles;
          doubles[size] = (Double) value;
        }
        case INT32 -> {
          ints = size == ints.length ? Arrays.copyOf(ints, size * 2) : ints;
          ints[size] = (Integer) value;
        }
        case INT64 -> {
          longs = size == longs.length ? Arrays.copyOf(longs, size * 2) : longs;
          longs[size] = (Long) value;
        }
        default -> strings.add((String) value);
      }
      size++;
    }

    NdArray<?> build() {
      return switch (dtype) {
        case FLOAT32 -> NdArrays.vectorOf(Arrays.copyOf(floats, size));
        case FLOAT64 -> NdArrays.vectorOf(Arrays.copyOf(doubles, size));
        case INT32 -> NdArrays.vectorOf(Arrays.copyOf(ints, size));
        case INT64 -> NdArrays.vectorOf(Arrays.copyOf(longs, size));
        default -> {
          NdArray<String> out = NdArrays.ofObjects(String.class, Shape.of(size));
          for (int i = 0; i < size; i++) {
            out.setObject(strings.get(i), i);
          }
          yield out;
        }
      };
    }
  }
}
