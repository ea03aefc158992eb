package dev.jkeras.models;

import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.jkeras.layers.Dense;
import dev.jkeras.layers.Input;
import dev.jkeras.layers.Layers;
import dev.jkeras.layers.Normalization;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.zip.GZIPInputStream;
import org.junit.jupiter.api.Test;
import org.tensorflow.ndarray.FloatNdArray;
import org.tensorflow.ndarray.NdArrays;
import org.tensorflow.ndarray.Shape;
import org.tensorflow.ndarray.index.Indices;

/**
 * Wide & Deep (seed 002) on a real regression data set available offline (scikit-learn's diabetes
 * table): validation MSE must beat the common-sense baseline of predicting the mean (seed 000).
 */
class DiabetesRegressionTest {
  private static final int TRAIN = 342;

  private static List<float[]> rows(String resource) throws IOException {
    List<float[]> rows = new ArrayList<>();
    try (var in = new BufferedReader(new InputStreamReader(new GZIPInputStream(
        DiabetesRegressionTest.class.getResourceAsStream("/datasets/diabetes/" + resource)), StandardCharsets.UTF_8))) {
      for (String line; (line = in.readLine()) != null; ) {
        String[] cells = line.trim().split("\\s+");
        float[] row = new float[cells.length];
        for (int i = 0; i < cells.length; i++) {
          row[i] = Float.parseFloat(cells[i]);
        }
        rows.add(row);
      }
    }
    return rows;
  }

  private static FloatNdArray matrix(List<float[]> rows, int from, int to) {
    FloatNdArray m = NdArrays.ofFloats(Shape.of(rows.size(), to - from));
    for (int i = 0; i < rows.size(); i++) {
      for (int j = from; j < to; j++) {
        m.setFloat(rows.get(i)[j], i, j - from);
      }
    }
    return m;
  }

  private static double meanPredictorMse(FloatNdArray yTrain, FloatNdArray yValid) {
    double mean = 0;
    for (long i = 0; i < yTrain.shape().get(0); i++) {
      mean += yTrain.getFloat(i, 0) / yTrain.shape().get(0);
    }
    double mse = 0;
    for (long i = 0; i < yValid.shape().get(0); i++) {
      mse += Math.pow(yValid.getFloat(i, 0) - mean, 2) / yValid.shape().get(0);
    }
    return mse;
  }

  @Test
  void wideAndDeepBeatsTheMeanPredictor() throws IOException {
    List<float[]> features = rows("diabetes_data_raw.csv.gz");
    List<float[]> targets = rows("diabetes_target.csv.gz");
    FloatNdArray x = matrix(features, 0, 10);
    FloatNdArray y = matrix(targets, 0, 1);
    FloatNdArray xTrain = x.slice(Indices.range(0, TRAIN));
    FloatNdArray yTrain = y.slice(Indices.range(0, TRAIN));
    FloatNdArray xValid = x.slice(Indices.range(TRAIN, 442));
    FloatNdArray yValid = y.slice(Indices.range(TRAIN, 442));
    double baseline = meanPredictorMse(yTrain, yValid);

    // One input: wide (all features) and deep paths joined.
    var input = Input.of(10);
    var normalized = new Normalization().adapt(xTrain).apply(input);
    var hidden1 = new Dense(30, "relu").apply(normalized);
    var hidden2 = new Dense(30, "relu").apply(hidden1);
    var output = new Dense(1).apply(Layers.concatenate(normalized, hidden2));
    try (var model = new Model(input, output)) {
      model.compile(c -> c.optimizer(new dev.jkeras.optimizers.Adam(0.01)).loss("mse"));
      var history = model.fit(xTrain, yTrain, f -> f.epochs(60).verbose(0).validationData(xValid, yValid));
      List<Double> val = history.history().get("val_loss");
      double best = val.stream().mapToDouble(Double::doubleValue).min().orElseThrow();
      assertTrue(best < 0.7 * baseline, "validation MSE " + best + " vs mean predictor " + baseline);
    }

    // Two inputs (features 0-4 wide, 2-9 deep) and two outputs (main and auxiliary).
    FloatNdArray wideTrain = matrix(features.subList(0, TRAIN), 0, 5);
    FloatNdArray deepTrain = matrix(features.subList(0, TRAIN), 2, 10);
    FloatNdArray wideValid = matrix(features.subList(TRAIN, 442), 0, 5);
    FloatNdArray deepValid = matrix(features.subList(TRAIN, 442), 2, 10);
    var inputA = Input.of(5).name("wide_input");
    var inputB = Input.of(8).name("deep_input");
    var wide = new Normalization().adapt(wideTrain).apply(inputA);
    var deep = new Normalization().adapt(deepTrain).apply(inputB);
    var h1 = new Dense(30, "relu").apply(deep);
    var h2 = new Dense(30, "relu").apply(h1);
    var main = new Dense(1).name("main_output").apply(Layers.concatenate(wide, h2));
    var aux = new Dense(1).name("aux_output").apply(h2);
    try (var model = new Model(List.of(inputA, inputB), List.of(main, aux))) {
      model.compile(c -> c.optimizer(new dev.jkeras.optimizers.Adam(0.01)).loss("mse", "mse").lossWeights(0.9, 0.1));
      var history = model.fit(List.of(wideTrain, deepTrain), List.of(yTrain, yTrain), f -> f.epochs(60).verbose(0)
          .validationData(List.of(wideValid, deepValid), List.of(yValid, yValid)));
      double best = history.history().get("val_main_output_loss").stream().mapToDouble(Double::doubleValue).min()
          .orElseThrow();
      assertTrue(best < 0.7 * baseline, "validation MSE " + best + " vs mean predictor " + baseline);
    }
  }
}
