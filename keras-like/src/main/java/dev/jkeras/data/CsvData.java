package dev.jkeras.data;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import dev.jkeras.DType;
import java.util.List;
import org.tensorflow.ndarray.FloatNdArray;
import org.tensorflow.ndarray.NdArray;
import org.tensorflow.ndarray.NdArrays;
import org.tensorflow.ndarray.Shape;

/**
 * The columns of a CSV file read whole: each feature column as a 1-D array by name (in file order), and
 * the label column, if one was named, apart. {@code model.fit(data.features(), data.labels().get())}
 * feeds them to a model whose inputs are named as the columns.
 *
 * @param features the feature columns by name: {@code FloatNdArray} (float32), {@code DoubleNdArray},
 *     {@code IntNdArray}, {@code LongNdArray} or {@code NdArray<String>}
 * @param labels the label column, if {@link CsvOptions#labelName} was given
 * @param schema what the file was read as
 */
public record CsvData(Map<String, NdArray<?>> features, Optional<NdArray<?>> labels, CsvSchema schema) {
  public CsvData {
    features = Collections.unmodifiableMap(new LinkedHashMap<>(Objects.requireNonNull(features, "features")));
    Objects.requireNonNull(labels, "labels");
    Objects.requireNonNull(schema, "schema");
  }

  /** The feature column {@code name}. */
  public NdArray<?> feature(String name) {
    NdArray<?> column = features.get(name);
    if (column == null) {
      throw new IllegalArgumentException("No feature column '" + name + "'; the features are " + features.keySet()
          + labels.map(l -> " (the label is " + schema.labelName().orElse("") + ")").orElse(""));
    }
    return column;
  }

  /**
   * The feature columns side by side as one float32 matrix {@code (rows, features)}, in file order: the
   * {@code x} of a model with one input. Fails if a feature column holds strings.
   */
  public FloatNdArray featureMatrix() {
    List<String> text = schema.columns().stream()
        .filter(c -> c.dtype() == DType.STRING && features.containsKey(c.name())).map(CsvColumn::name).toList();
    if (!text.isEmpty()) {
      throw new IllegalStateException("The feature columns " + text + " hold strings; a float matrix needs numbers."
          + " Leave them out with selectColumns(...), or feed features() by name to a model that encodes them");
    }
    long rows = rows();
    FloatNdArray out = NdArrays.ofFloats(Shape.of(rows, features.size()));
    int k = 0;
    for (NdArray<?> column : features.values()) {
      for (long i = 0; i < rows; i++) {
        out.setFloat(((Number) column.getObject(i)).floatValue(), i, k);
      }
      k++;
    }
    return out;
  }

  /** How many rows were read. */
  public long rows() {
    return features.isEmpty() ? labels.map(NdArray::size).orElse(0L) : features.values().iterator().next().size();
  }
}
