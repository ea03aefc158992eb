package dev.jkeras.samples;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.zip.GZIPInputStream;
import org.tensorflow.ndarray.FloatNdArray;
import org.tensorflow.ndarray.IntNdArray;
import org.tensorflow.ndarray.NdArrays;
import org.tensorflow.ndarray.Shape;
import org.tensorflow.ndarray.StdArrays;

/**
 * A small table of rows for the tabular samples: features {@code x} and one target per row
 * ({@code y}: a value for regression, a class index for classification), with scikit-learn's
 * {@code train_test_split} and the arrays Keras takes.
 */
record TabularData(float[][] x, float[] y) {
  TabularData {
    if (x.length != y.length) {
      throw new IllegalArgumentException("x has " + x.length + " rows but y has " + y.length);
    }
  }

  int size() {
    return x.length;
  }

  int featureCount() {
    return x.length == 0 ? 0 : x[0].length;
  }

  /** The rows at {@code indices}, in that order. */
  TabularData rows(int[] indices) {
    float[][] rx = new float[indices.length][];
    float[] ry = new float[indices.length];
    for (int i = 0; i < indices.length; i++) {
      rx[i] = x[indices[i]].clone();
      ry[i] = y[indices[i]];
    }
    return new TabularData(rx, ry);
  }

  /** The first {@code count} rows. */
  TabularData head(int count) {
    int n = Math.min(count, size());
    int[] indices = new int[n];
    for (int i = 0; i < n; i++) {
      indices[i] = i;
    }
    return rows(indices);
  }

  /**
   * {@code train_test_split(x, y, test_size=testSize, random_state=seed)}: the rows shuffled with
   * {@code seed}, the last {@code ceil(testSize * n)} of them for testing. Returns {@code [train, test]}.
   */
  List<TabularData> trainTestSplit(double testSize, long seed) {
    int n = size();
    int test = (int) Math.ceil(testSize * n);
    int[] order = new int[n];
    for (int i = 0; i < n; i++) {
      order[i] = i;
    }
    Random random = new Random(seed);
    for (int i = n - 1; i > 0; i--) {
      int j = random.nextInt(i + 1);
      int t = order[i];
      order[i] = order[j];
      order[j] = t;
    }
    int[] trainRows = java.util.Arrays.copyOfRange(order, 0, n - test);
    int[] testRows = java.util.Arrays.copyOfRange(order, n - test, n);
    return List.of(rows(trainRows), rows(testRows));
  }

  /** The features as a {@code (rows, features)} array. */
  FloatNdArray features() {
    return StdArrays.ndCopyOf(x);
  }

  /** Columns {@code from} (inclusive) to {@code to} (exclusive): NumPy's {@code x[:, from:to]}. */
  FloatNdArray columns(int from, int to) {
    if (from < 0 || to > featureCount() || from >= to) {
      throw new IllegalArgumentException("Columns " + from + ":" + to + " are not within the " + featureCount()
          + " features");
    }
    FloatNdArray m = NdArrays.ofFloats(Shape.of(size(), to - from));
    for (int i = 0; i < size(); i++) {
      for (int j = from; j < to; j++) {
        m.setFloat(x[i][j], i, j - from);
      }
    }
    return m;
  }

  /** The targets as a {@code (rows, 1)} column, as a regression model's output. */
  FloatNdArray targets() {
    FloatNdArray m = NdArrays.ofFloats(Shape.of(size(), 1));
    for (int i = 0; i < size(); i++) {
      m.setFloat(y[i], i, 0);
    }
    return m;
  }

  /** The targets as class indices. */
  IntNdArray labels() {
    IntNdArray m = NdArrays.ofInts(Shape.of(size()));
    for (int i = 0; i < size(); i++) {
      m.setInt(Math.round(y[i]), i);
    }
    return m;
  }

  /** The mean target: the prediction of the common-sense baseline for regression. */
  double meanTarget() {
    double sum = 0;
    for (float v : y) {
      sum += v;
    }
    return sum / size();
  }

  /** The mean squared error of always predicting {@code value}. */
  double mseOfConstant(double value) {
    double sum = 0;
    for (float v : y) {
      sum += (v - value) * (v - value);
    }
    return sum / size();
  }

  /** The lines of a text resource on the class path, gunzipped when its name ends in {@code .gz}. */
  static List<String> resourceLines(String resource) {
    InputStream raw = TabularData.class.getResourceAsStream(resource);
    if (raw == null) {
      throw new IllegalStateException("The resource " + resource + " is not on the class path");
    }
    try (raw;
        var in = new BufferedReader(new InputStreamReader(
            resource.endsWith(".gz") ? new GZIPInputStream(raw) : raw, StandardCharsets.UTF_8))) {
      List<String> lines = new ArrayList<>();
      for (String line; (line = in.readLine()) != null; ) {
        if (!line.isBlank()) {
          lines.add(line.trim());
        }
      }
      return lines;
    } catch (IOException e) {
      throw new UncheckedIOException("Cannot read the resource " + resource, e);
    }
  }
}
