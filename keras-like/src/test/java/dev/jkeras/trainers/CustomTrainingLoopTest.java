package dev.jkeras.trainers;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.jkeras.KerasTensor;
import dev.jkeras.backend.Variable;
import dev.jkeras.callbacks.History;
import dev.jkeras.layers.Dense;
import dev.jkeras.losses.Loss;
import dev.jkeras.losses.Losses;
import dev.jkeras.metrics.Mean;
import dev.jkeras.metrics.Metric;
import dev.jkeras.models.Model;
import dev.jkeras.models.Sequential;
import dev.jkeras.ops.Ops;
import dev.jkeras.optimizers.Optimizer;
import dev.jkeras.optimizers.SGD;
import dev.jkeras.testing.KerasOracle;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.tensorflow.ndarray.FloatNdArray;
import org.tensorflow.ndarray.NdArrays;
import org.tensorflow.ndarray.Shape;

/**
 * Custom training as Keras 3 users write it (Hands-On ML ch. 12): a loop from scratch with a traced
 * step function and a gradient tape, train/test/predictOnBatch, the model on arrays, metric trackers
 * reset per epoch, compile without a loss, and losses and metrics based on model internals.
 */
class CustomTrainingLoopTest {

  static FloatNdArray random(long seed, int rows, int columns) {
    Random random = new Random(seed);
    FloatNdArray array = NdArrays.ofFloats(Shape.of(rows, columns));
    for (int i = 0; i < rows; i++) {
      for (int j = 0; j < columns; j++) {
        array.setFloat((float) random.nextGaussian(), i, j);
      }
    }
    return array;
  }

  static FloatNdArray rows(float[][] values) {
    FloatNdArray array = NdArrays.ofFloats(Shape.of(values.length, values[0].length));
    for (int i = 0; i < values.length; i++) {
      for (int j = 0; j < values[i].length; j++) {
        array.setFloat(values[i][j], i, j);
      }
    }
    return array;
  }

  private static Sequential dense(int inputs, int units, String activation) {
    Sequential model = new Sequential(new Dense(units, activation));
    model.build(inputs);
    return model;
  }

  /** The book's reconstruction-loss model: a Dense stack whose reconstruction error is added as a loss. */
  static final class ReconstructingRegressor extends Model {
    final List<Dense> hidden = List.of(new Dense(8, "relu"), new Dense(8, "relu"));
    final Dense out = new Dense(1);
    final Dense reconstruct = new Dense(3);
    final Mean reconstructionMean = new Mean("reconstruction_error");

    @Override
    protected KerasTensor call(KerasTensor inputs, boolean training) {
      KerasTensor z = inputs;
      for (Dense layer : hidden) {
        z = layer.apply(z);
      }
      KerasTensor reconstruction = reconstruct.apply(z);
      KerasTensor error = Ops.mean(Ops.square(Ops.subtract(reconstruction, inputs)));
      addLoss(Ops.multiply(error, 0.05));
      reconstructionMean.updateValues(error);
      return out.apply(z);
    }
  }

  /** Keras's "lower-level" guide: compile(optimizer) only; the step computes its loss and owns its trackers. */
  static final class OwnLoss extends Model {
    final Dense dense = new Dense(1);
    final Mean lossTracker = new Mean("loss");
    final StepStateTest.UpdateCount steps = new StepStateTest.UpdateCount("steps");
    final Loss mse = Losses.get("mse");

    @Override
    protected KerasTensor call(KerasTensor inputs, boolean training) {
      return dense.apply(inputs);
    }

    @Override
    protected Map<String, KerasTensor> trainStep(List<KerasTensor> x, List<KerasTensor> y) {
      KerasTensor yPred = apply(x.get(0), true);
      KerasTensor loss = mse.apply(y.get(0), yPred);
      List<Variable> trainable = trainableWeights();
      applyGradients(gradients(loss, trainable), trainable);
      lossTracker.updateValues(loss);
      steps.updateState(y.get(0), yPred);
      Map<String, KerasTensor> logs = new LinkedHashMap<>();
      metrics().forEach(m -> logs.put(m.name(), m.result()));
      return logs;
    }
  }

  // ------------------------------------------------------------------ the loop from scratch

  @Test
  void theCustomLoopTrainsTheSeedMlpAsFitDoes() {
    FashionMnistSubset data = FashionMnistSubset.load(1024, 512);
    int batch = 128;
    int epochs = 2;
    try (Sequential byFit = mlp(); Sequential byLoop = mlp()) {
      byLoop.setWeights(byFit.getWeights());
      byFit.compile(new dev.jkeras.optimizers.RMSprop(1e-3), Losses.get("sparse_categorical_crossentropy"));
      byFit.fit(data.xTrain(), data.yTrain(), f -> f.epochs(epochs).batchSize(batch).shuffle(false).verbose(0));

      Optimizer optimizer = new dev.jkeras.optimizers.RMSprop(1e-3);
      Loss lossFn = Losses.get("sparse_categorical_crossentropy");
      Mean meanLoss = new Mean("loss");
      StepFunction step = byLoop.stepFunction((x, y, tape) -> {
        KerasTensor yPred = byLoop.apply(x, true);
        KerasTensor loss = lossFn.apply(y, yPred);
        for (KerasTensor extra : byLoop.losses()) {
          loss = Ops.add(loss, extra);
        }
        List<Variable> weights = byLoop.trainableWeights();
        optimizer.applyGradients(tape.gradient(loss, weights), weights);
        meanLoss.updateValues(loss);
        return Map.of("loss", meanLoss.result());
      });
      int n = (int) data.xTrain().shape().get(0);
      List<Double> epochLosses = new ArrayList<>();
      for (int epoch = 0; epoch < epochs; epoch++) {
        for (int from = 0; from < n; from += batch) {
          int to = Math.min(n, from + batch);
          step.run(data.xTrain().slice(org.tensorflow.ndarray.index.Indices.range(from, to)),
              data.yTrain().slice(org.tensorflow.ndarray.index.Indices.range(from, to)));
        }
        epochLosses.add(meanLoss.resultValue());
        meanLoss.resetState();
      }
      assertEquals(1, step.tracedCount(), "one trace for batches of one signature (the last, smaller batch included)");
      assertEquals(2 * ((n + batch - 1) / batch), optimizer.iterations());
      assertTrue(epochLosses.get(1) < epochLosses.get(0), "the loss falls: " + epochLosses);
      double fitAccuracy = accuracy(byFit.predict(data.xTest()), data.yTest());
      double loopAccuracy = accuracy(byLoop.predict(data.xTest()), data.yTest());
      assertTrue(fitAccuracy > 0.6, "fit trains: " + fitAccuracy);
      assertEquals(fitAccuracy, loopAccuracy, 0.01, "the same batches, the same seed: the same accuracy");
    }
  }

  /**
   * A two-input, two-output model trained by a loop over list batches (and dict batches) takes the
   * steps fit takes: the same weights after one epoch of the same batches.
   */
  @Test
  void theCustomLoopOfListsTrainsATwoInputTwoOutputModelAsFitDoes() {
    Random random = new Random(3);
    int n = 16;
    float[][] wide = new float[n][3];
    float[][] deep = new float[n][2];
    float[][] main = new float[n][1];
    float[][] aux = new float[n][1];
    for (int i = 0; i < n; i++) {
      for (int j = 0; j < 3; j++) {
        wide[i][j] = (float) random.nextGaussian();
      }
      deep[i][0] = (float) random.nextGaussian();
      deep[i][1] = (float) random.nextGaussian();
      main[i][0] = wide[i][0] - deep[i][1];
      aux[i][0] = deep[i][0];
    }
    FloatNdArray xWide = org.tensorflow.ndarray.StdArrays.ndCopyOf(wide);
    FloatNdArray xDeep = org.tensorflow.ndarray.StdArrays.ndCopyOf(deep);
    FloatNdArray yMain = org.tensorflow.ndarray.StdArrays.ndCopyOf(main);
    FloatNdArray yAux = org.tensorflow.ndarray.StdArrays.ndCopyOf(aux);
    try (Model byFit = wideAndDeep(); Model byLoop = wideAndDeep(); Model byNames = wideAndDeep()) {
      byLoop.setWeights(byFit.getWeights());
      byNames.setWeights(byFit.getWeights());
      byFit.compile(c -> c.optimizer(new SGD(0.05)).lossByOutput(Map.of("main", "mse", "aux", "mse")));
      byFit.fit(Map.of("wide", xWide, "deep", xDeep), Map.of("main", yMain, "aux", yAux),
          f -> f.epochs(1).batchSize(4).shuffle(false).verbose(0));
      List<String> outputs = byLoop.outputNames();
      assertEquals(List.of("aux", "main"), outputs);
      for (Model model : List.of(byLoop, byNames)) {
        Optimizer optimizer = new SGD(0.05);
        Loss mse = Losses.get("mse");
        StepFunction step = model.stepFunctionOfLists((xs, ys, tape) -> {
          List<KerasTensor> yPred = model.applyAll(xs, true);
          KerasTensor loss = Ops.add(mse.apply(ys.get(0), yPred.get(0)), mse.apply(ys.get(1), yPred.get(1)));
          List<Variable> weights = model.trainableWeights();
          optimizer.applyGradients(tape.gradient(loss, weights), weights);
          return Map.of("loss", loss);
        });
        for (int from = 0; from < n; from += 4) {
          var rows = org.tensorflow.ndarray.index.Indices.range(from, from + 4);
          if (model == byLoop) {
            step.run(List.of(xDeep.slice(rows), xWide.slice(rows)), List.of(yAux.slice(rows), yMain.slice(rows)));
          } else {
            step.run(Map.of("wide", xWide.slice(rows), "deep", xDeep.slice(rows)),
                Map.of("main", yMain.slice(rows), "aux", yAux.slice(rows)));
          }
        }
      }
      List<? extends org.tensorflow.ndarray.NdArray<?>> expected = byFit.getWeights();
      for (Model model : List.of(byLoop, byNames)) {
        for (int w = 0; w < expected.size(); w++) {
          FloatNdArray want = (FloatNdArray) expected.get(w);
          FloatNdArray got = (FloatNdArray) model.getWeights().get(w);
          String which = "weight " + w;
          want.scalars().forEachIndexed((index, value) ->
              assertEquals(value.getFloat(), got.getFloat(index), 1e-5, which));
        }
      }
      IllegalArgumentException single = assertThrows(IllegalArgumentException.class, () -> byLoop.stepFunction(
          (x, y, tape) -> Map.of("loss", x)).run(List.of(xDeep, xWide), List.of(yAux, yMain)));
      assertTrue(single.getMessage().contains("stepFunctionOfLists"), single.getMessage());
    }
  }

  /** Inputs {wide (3), deep (2)}, outputs {main, aux}. */
  private static Model wideAndDeep() {
    KerasTensor wide = dev.jkeras.layers.Input.of(3);
    KerasTensor deep = dev.jkeras.layers.Input.of(2);
    KerasTensor hidden = new Dense(4, "relu").apply(deep);
    KerasTensor main = new Dense(1).apply(new dev.jkeras.layers.Concatenate().apply(wide, hidden));
    KerasTensor aux = new Dense(1).apply(hidden);
    return new Model(Map.of("wide", wide, "deep", deep), Map.of("main", main, "aux", aux));
  }

  private static Sequential mlp() {
    Sequential model = new Sequential(new Dense(512, "relu"), new Dense(10, "softmax"));
    model.build(784);
    return model;
  }

  private static double accuracy(FloatNdArray probabilities, org.tensorflow.ndarray.NdArray<?> labels) {
    int n = (int) probabilities.shape().get(0);
    int right = 0;
    for (int i = 0; i < n; i++) {
      int best = 0;
      for (int c = 1; c < probabilities.shape().get(1); c++) {
        if (probabilities.getFloat(i, c) > probabilities.getFloat(i, best)) {
          best = c;
        }
      }
      right += best == ((Number) labels.getObject(i)).intValue() ? 1 : 0;
    }
    return right / (double) n;
  }

  @Test
  void aStepRunsItsTraceAgainWithoutGrowingTheGraph() {
    try (Sequential model = dense(3, 1, "linear")) {
      SGD optimizer = new SGD(0.1);
      StepFunction step = model.stepFunction((x, y, tape) -> {
        KerasTensor loss = Ops.mean(Ops.square(Ops.subtract(model.apply(x, true), y)));
        optimizer.applyGradients(tape.gradient(loss, model.trainableWeights()), model.trainableWeights());
        return Map.of("loss", loss);
      });
      FloatNdArray x = random(1, 16, 3);
      FloatNdArray y = random(2, 16, 1);
      double first = step.run(x, y).get("loss");
      double second = step.run(x, y).get("loss");
      int operations = graphOperations(model);
      for (int i = 0; i < 5; i++) {
        step.run(x, y);
      }
      assertEquals(operations, graphOperations(model), "running a traced step adds nothing to the graph");
      assertTrue(second < first, "the optimizer (never compiled) updates the weights: " + first + " -> " + second);
      assertEquals(7, optimizer.iterations());
    }
  }

  private static int graphOperations(Model model) {
    try {
      java.lang.reflect.Method graph = Model.class.getDeclaredMethod("graph");
      graph.setAccessible(true);
      return ((dev.jkeras.backend.ModelGraph) graph.invoke(model)).operationCount();
    } catch (ReflectiveOperationException e) {
      throw new AssertionError(e);
    }
  }

  @Test
  void aGradientOfAnIntermediateTensorEqualsFiniteDifferences() {
    try (Sequential model = dense(3, 4, "tanh")) {
      // The step's x is an intermediate (gathered and cast from the fed array); y carries a direction v.
      StepFunction directional = model.stepFunction((x, v, tape) -> {
        KerasTensor h = model.apply(x, false);
        KerasTensor target = Ops.sum(Ops.square(h));
        KerasTensor gx = tape.gradient(target, x);
        KerasTensor gh = tape.gradient(target, h);
        return Map.of("along_v", Ops.sum(Ops.multiply(gx, v)),
            "gh_minus_2h", Ops.sum(Ops.square(Ops.subtract(gh, Ops.multiply(h, 2.0)))));
      });
      FloatNdArray x = random(3, 2, 3);
      FloatNdArray v = random(4, 2, 3);
      Map<String, Double> logs = directional.run(x, v);
      double eps = 1e-2;
      double numeric = (sumOfSquares(model.call(shifted(x, v, eps))) - sumOfSquares(model.call(shifted(x, v, -eps))))
          / (2 * eps);
      assertEquals(numeric, logs.get("along_v"), 2e-3 * Math.max(1, Math.abs(numeric)));
      assertEquals(0, logs.get("gh_minus_2h"), 1e-10, "d(sum h^2)/dh = 2h");
    }
  }

  private static FloatNdArray shifted(FloatNdArray x, FloatNdArray v, double eps) {
    FloatNdArray out = NdArrays.ofFloats(x.shape());
    for (int i = 0; i < x.shape().get(0); i++) {
      for (int j = 0; j < x.shape().get(1); j++) {
        out.setFloat((float) (x.getFloat(i, j) + eps * v.getFloat(i, j)), i, j);
      }
    }
    return out;
  }

  private static double sumOfSquares(FloatNdArray a) {
    double[] total = {0};
    a.scalars().forEach(s -> total[0] += s.getFloat() * (double) s.getFloat());
    return total[0];
  }

  @Test
  void aStepThatReturnsNoLogsSaysWhatToReturn() {
    try (Sequential model = dense(3, 1, "linear")) {
      StepFunction step = model.stepFunction((x, y, tape) -> Map.of());
      IllegalStateException e = assertThrows(IllegalStateException.class,
          () -> step.run(random(1, 4, 3), random(2, 4, 1)));
      assertTrue(e.getMessage().contains("returned no logs"), e.getMessage());
    }
  }

  @Test
  void aStandaloneMetricIsReadAndResetOutsideTheStep() {
    Mean unused = new Mean("unused");
    IllegalStateException e = assertThrows(IllegalStateException.class, unused::resultValue);
    assertTrue(e.getMessage().contains("update it inside a step"), e.getMessage());
    try (Sequential model = dense(3, 1, "linear")) {
      Mean mean = new Mean("m");
      StepFunction step = model.stepFunction((x, y, tape) -> {
        mean.updateValues(Ops.sum(y));
        return Map.of("m", mean.result());
      });
      FloatNdArray y = rows(new float[][] {{1}, {2}});
      step.run(random(1, 2, 3), y);
      step.run(random(1, 2, 3), rows(new float[][] {{3}, {4}}));
      assertEquals(5.0, mean.resultValue(), 1e-6, "mean of the two batch sums 3 and 7");
      assertTrue(mean.resetState().isEmpty(), "outside a step the reset runs now");
      assertEquals(0.0, mean.resultValue(), 1e-6);
      assertEquals(3.0, step.run(random(1, 2, 3), y).get("m"), 1e-6);
    }
  }

  // ------------------------------------------------------------------ single batches, the model on arrays

  /**
   * Keras 3's train_on_batch resets the metrics and runs one train step (its TensorFlow trainer's
   * source): the loss and metrics of the batch before the update, as a list in log order. The
   * numpy-backend oracle has no autodiff, so the SGD step of this linear model is written out in
   * numpy and the loss and metric values come from Keras's own loss and metric objects.
   */
  @Test
  void trainTestAndPredictOnBatchGiveKerasValues() {
    Map<String, String> keras = KerasOracle.printedValues(String.join("\n",
        "import numpy as np, keras",
        "w = np.ones((2, 1), 'float32'); b = np.zeros((1,), 'float32')",
        "x = np.array([[1, 2], [3, -1], [0.5, 0.5]], 'float32')",
        "y = np.array([[1], [0], [2]], 'float32')",
        "def values(xs, ys):",
        "    p = xs @ w + b",
        "    mae = keras.metrics.MeanAbsoluteError(); mae.update_state(ys, p)",
        "    return [float(keras.losses.MeanSquaredError()(ys, p)), float(mae.result())], p",
        "def step(xs, ys):",
        "    global w, b",
        "    logs, p = values(xs, ys)",
        "    d = 2 * (p - ys) / len(xs)",
        "    w = w - 0.1 * xs.T @ d; b = b - 0.1 * d.sum(axis=0)",
        "    return logs",
        "r1 = step(x, y); r2 = step(x[:2], y[:2]); t, p = values(x, y)",
        "f = lambda v: ','.join(repr(float(e)) for e in np.ravel(v))",
        "print('@@r1=' + f(r1)); print('@@r2=' + f(r2)); print('@@t=' + f(t)); print('@@p=' + f(p))"));
    try (Sequential model = dense(2, 1, "linear")) {
      model.setWeights(List.of(rows(new float[][] {{1}, {1}}), NdArrays.vectorOf(0f)));
      model.compile(c -> c.optimizer(new SGD(0.1)).loss("mse").metrics("mae"));
      FloatNdArray x = rows(new float[][] {{1, 2}, {3, -1}, {0.5f, 0.5f}});
      FloatNdArray y = rows(new float[][] {{1}, {0}, {2}});
      assertValues(keras.get("r1"), model.trainOnBatch(x, y));
      FloatNdArray x2 = x.slice(org.tensorflow.ndarray.index.Indices.range(0, 2));
      FloatNdArray y2 = y.slice(org.tensorflow.ndarray.index.Indices.range(0, 2));
      assertValues(keras.get("r2"), model.trainOnBatch(x2, y2));
      assertValues(keras.get("t"), model.testOnBatch(x, y));
      FloatNdArray p = model.predictOnBatch(x);
      List<Double> predicted = new ArrayList<>();
      p.scalars().forEach(s -> predicted.add((double) s.getFloat()));
      assertValues(keras.get("p"), predicted);
      assertEquals(List.of("loss", "mae"), List.copyOf(model.trainOnBatchLogs(x, y).keySet()));
    }
  }

  private static void assertValues(String keras, List<Double> ours) {
    String[] expected = keras.split(",");
    assertEquals(expected.length, ours.size(), "Keras " + keras + ", ours " + ours);
    for (int i = 0; i < expected.length; i++) {
      assertEquals(Double.parseDouble(expected[i]), ours.get(i), 1e-5, "Keras " + keras + ", ours " + ours);
    }
  }

  @Test
  void trainOnBatchIsOneStepOfFit() {
    FloatNdArray x = random(5, 32, 3);
    FloatNdArray y = random(6, 32, 1);
    try (Sequential byFit = dense(3, 1, "linear"); Sequential byBatch = dense(3, 1, "linear")) {
      byBatch.setWeights(byFit.getWeights());
      byFit.compile(new SGD(0.05), Losses.get("mse"));
      byBatch.compile(new SGD(0.05), Losses.get("mse"));
      History history = byFit.fit(x, y, f -> f.epochs(1).batchSize(32).shuffle(false).verbose(0));
      List<Double> logs = byBatch.trainOnBatch(x, y);
      assertEquals(history.history().get("loss").get(0), logs.get(0), 1e-6);
      for (int i = 0; i < byFit.getWeights().size(); i++) {
        assertEquals(byFit.getWeights().get(i), byBatch.getWeights().get(i));
      }
    }
  }

  @Test
  void theModelOnArraysIsItsPrediction() {
    try (Sequential model = dense(3, 2, "tanh")) {
      FloatNdArray x = random(7, 5, 3);
      assertEquals(model.predict(x, p -> p.verbose(0)), model.call(x));
      assertEquals(model.call(x), model.call(x, true), "no dropout: training mode computes the same");
    }
  }

  // ------------------------------------------------------------------ trackers, compile without a loss

  @Test
  void compileWithOnlyAnOptimizerTrainsACustomTrainStepAndItsTrackersResetEachEpoch() {
    try (OwnLoss model = new OwnLoss()) {
      model.compile(new SGD(0.05));
      History history = model.fit(random(8, 64, 3), random(9, 64, 1),
          f -> f.epochs(3).batchSize(16).shuffle(false).verbose(0));
      assertEquals(List.of(4.0, 4.0, 4.0), history.history().get("steps"), "reset at each epoch start, as Keras");
      List<Double> losses = history.history().get("loss");
      assertTrue(losses.get(2) < losses.get(0), "it trains: " + losses);
      List<String> names = model.metrics().stream().map(Metric::name).toList();
      assertTrue(names.containsAll(List.of("loss", "steps")), names.toString());
      assertTrue(model.metrics().contains(model.lossTracker), "a Metric field is tracked");
      model.resetMetrics();
      assertEquals(0.0, model.steps.resultValue());
    }
  }

  @Test
  void compileWithoutALossFailsClearlyInTheDefaultTrainStep() {
    try (Sequential model = dense(3, 1, "linear")) {
      model.compile(new SGD(0.05));
      IllegalStateException e = assertThrows(IllegalStateException.class,
          () -> model.fit(random(1, 8, 3), random(2, 8, 1), f -> f.verbose(0)));
      assertTrue(e.getMessage().contains("compiled without a loss") && e.getMessage().contains("override trainStep"),
          e.getMessage());
    }
  }

  // ------------------------------------------------------------------ losses and metrics from model internals

  @Test
  void anAddedLossJoinsTheCompiledLossAndItsTrackerLogs() {
    FloatNdArray x = random(10, 40, 3);
    FloatNdArray y = random(11, 40, 1);
    try (ReconstructingRegressor model = new ReconstructingRegressor()) {
      model.compile(new SGD(0.01), Losses.get("mse"));
      Map<String, Double> logs = model.evaluate(x, y, e -> e.batchSize(40).verbose(0));
      double reconstruction = logs.get("reconstruction_error");
      assertTrue(reconstruction > 0, logs.toString());
      FloatNdArray yPred = model.call(x);
      double mse = 0;
      for (int i = 0; i < 40; i++) {
        double d = yPred.getFloat(i, 0) - y.getFloat(i, 0);
        mse += d * d / 40;
      }
      assertEquals(mse + 0.05 * reconstruction, logs.get("loss"), 1e-5, "the compiled loss plus the added loss");
      assertEquals(1, model.losses().size(), "the losses of the last call only");
      History history = model.fit(x, y, f -> f.epochs(2).batchSize(10).verbose(0));
      assertEquals(2, history.history().get("reconstruction_error").size(), history.history().toString());
    }
  }
}
