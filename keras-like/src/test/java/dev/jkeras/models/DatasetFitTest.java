package dev.jkeras.models;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.jkeras.KerasTensor;
import dev.jkeras.backend.RandomSeeds;
import dev.jkeras.callbacks.Callback;
import dev.jkeras.callbacks.History;
import dev.jkeras.data.Dataset;
import dev.jkeras.layers.Dense;
import dev.jkeras.layers.Input;
import dev.jkeras.layers.Layers;
import dev.jkeras.ops.Ops;
import dev.jkeras.optimizers.RMSprop;
import dev.jkeras.optimizers.SGD;
import dev.jkeras.utils.Utils;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.tensorflow.ndarray.FloatNdArray;
import org.tensorflow.ndarray.NdArray;
import org.tensorflow.ndarray.NdArrays;
import org.tensorflow.ndarray.buffer.DataBuffers;

/**
 * {@code fit}, {@code evaluate} and {@code predict} on a {@link Dataset} read inside the model's
 * graph: the same batches train the same weights as the same arrays do (fit on arrays is the one
 * checked against Keras), for one batch per run, several per run, a dataset of unknown cardinality
 * and one repeated forever with stepsPerEpoch.
 */
class DatasetFitTest {
  /** 150 samples in batches of 16: 10 batches, the last one of 6. */
  private static final int SAMPLES = 150;
  private static final int BATCH = 16;
  private final TestData.Blobs data = TestData.blobs(SAMPLES, 8, 3, 7);

  @AfterEach
  void forgetSeed() {
    RandomSeeds.clearGlobalSeed();
  }

  private static Sequential model(int stepsPerExecution) {
    Utils.setRandomSeed(3);
    Sequential model = new Sequential(new Dense(32, "relu").inputShape(8), new Dense(3, "softmax"));
    model.compile(c -> c.optimizer(new RMSprop(0.01)).loss("sparse_categorical_crossentropy").metrics("accuracy")
        .stepsPerExecution(stepsPerExecution));
    return model;
  }

  private record Trained(List<float[]> weights, Map<String, List<Double>> history) {}

  private Trained fitArrays(int stepsPerExecution, int epochs) {
    try (Sequential model = model(stepsPerExecution)) {
      History h = model.fit(data.x(), data.y(), fit -> fit.epochs(epochs).batchSize(BATCH).shuffle(false).verbose(0));
      return new Trained(TestData.floats(model.getWeights()), h.history());
    }
  }

  private Trained fitDataset(int stepsPerExecution, Dataset dataset, java.util.function.UnaryOperator<FitOptions> o) {
    try (Sequential model = model(stepsPerExecution)) {
      History h = model.fit(dataset, fit -> o.apply(fit.verbose(0)));
      return new Trained(TestData.floats(model.getWeights()), h.history());
    }
  }

  private static void assertSameWeights(Trained expected, Trained actual) {
    assertEquals(expected.weights().size(), actual.weights().size());
    for (int i = 0; i < expected.weights().size(); i++) {
      assertArrayEquals(expected.weights().get(i), actual.weights().get(i), 1e-6f, "weight " + i);
    }
  }

  private static void assertSameHistory(Trained expected, Trained actual) {
    assertEquals(expected.history().keySet(), actual.history().keySet());
    expected.history().forEach((name, values) -> {
      List<Double> got = actual.history().get(name);
      assertEquals(values.size(), got.size(), name);
      for (int i = 0; i < values.size(); i++) {
        assertEquals(values.get(i), got.get(i), 1e-6, name + " at epoch " + i);
      }
    });
  }

  private Dataset batches() {
    return Dataset.fromTensorSlices(data.x(), data.y()).batch(BATCH);
  }

  @Test
  void fitOnADatasetTrainsAsFitOnTheSameArraysInTheSameBatches() {
    Trained arrays = fitArrays(1, 3);
    Trained dataset = fitDataset(1, batches().prefetch(Dataset.AUTOTUNE), fit -> fit.epochs(3));
    assertSameWeights(arrays, dataset);
    assertSameHistory(arrays, dataset);
  }

  /**
   * A seeded shuffle gives each epoch of {@code fit} a new order (tf.data's
   * {@code reshuffle_each_iteration}), the same sequence of orders on every run; without reshuffling
   * every epoch repeats the first one's order. The order shows in the batch losses of a model that
   * does not learn (learning rate 0).
   */
  @Test
  void aSeededShuffleReshufflesEachEpochReproducibly() {
    List<List<Double>> first = epochOrders(true);
    List<List<Double>> again = epochOrders(true);
    List<List<Double>> fixed = epochOrders(false);
    assertEquals(first, again, "the same orders on every run");
    assertTrue(!first.get(0).equals(first.get(1)) && !first.get(1).equals(first.get(2)), "a new order each epoch: "
        + first);
    assertEquals(fixed.get(0), fixed.get(1));
    assertEquals(fixed.get(0), fixed.get(2));
  }

  /** The batch losses of each of three epochs over the shuffled data, the weights left unchanged. */
  private List<List<Double>> epochOrders(boolean reshuffle) {
    List<List<Double>> epochs = new java.util.ArrayList<>();
    Callback recorder = new Callback() {
      @Override
      public void onEpochBegin(int epoch, Map<String, Double> logs) {
        epochs.add(new java.util.ArrayList<>());
      }

      @Override
      public void onTrainBatchEnd(int batch, Map<String, Double> logs) {
        epochs.get(epochs.size() - 1).add(logs.get("loss"));
      }
    };
    Utils.setRandomSeed(3);
    try (Sequential model = new Sequential(new Dense(3, "softmax").inputShape(8))) {
      model.compile(new SGD(0.0), "sparse_categorical_crossentropy");
      model.fit(Dataset.fromTensorSlices(data.x(), data.y()).shuffle(SAMPLES, 5, reshuffle).batch(BATCH),
          fit -> fit.epochs(3).verbose(0).callbacks(recorder));
    }
    return epochs;
  }

  @Test
  void severalBatchesPerSessionRunTrainAsOnePerRun() {
    Trained arrays = fitArrays(1, 2);
    assertSameWeights(arrays, fitDataset(4, batches(), fit -> fit.epochs(2)));
  }

  @Test
  void unknownCardinalityRunsEachEpochToTheEndOfTheData() {
    Dataset filtered = Dataset.fromTensorSlices(data.x(), data.y())
        .filter((x, y) -> Ops.greater(Ops.cast(y, "float32"), -1.0)).batch(BATCH);
    assertEquals(Dataset.UNKNOWN_CARDINALITY, filtered.cardinality());
    Trained arrays = fitArrays(1, 2);
    Trained dataset = fitDataset(4, filtered, fit -> fit.epochs(2));
    assertSameWeights(arrays, dataset);
    assertSameHistory(arrays, dataset);
  }

  @Test
  void stepsPerEpochContinuesAnEndlessDatasetAcrossEpochs() {
    Trained arrays = fitArrays(1, 2);
    assertSameWeights(arrays, fitDataset(1, batches().repeat(), fit -> fit.epochs(4).stepsPerEpoch(5)));
    // More steps than the data has: the epoch stops at the end of the data (Keras warns), the next starts it again.
    assertSameWeights(arrays, fitDataset(1, batches(), fit -> fit.epochs(2).stepsPerEpoch(15)));
    var endless = assertThrows(IllegalArgumentException.class,
        () -> fitDataset(1, batches().repeat(), fit -> fit.epochs(1)));
    assertTrue(endless.getMessage().contains("stepsPerEpoch"), endless.getMessage());
  }

  @Test
  void validationEvaluateAndPredictOnDatasetsMatchArrays() {
    try (Sequential model = model(1)) {
      Dataset valid = Dataset.fromTensorSlices(data.x(), data.y()).batch(40);
      History h = model.fit(batches(), fit -> fit.epochs(2).verbose(0).validationData(valid).validationSteps(2));
      assertEquals(2, h.history().get("val_loss").size());
      Map<String, Double> onArrays = model.evaluate(data.x(), data.y(), e -> e.batchSize(40).verbose(0));
      Map<String, Double> onDataset = model.evaluate(valid, e -> e.verbose(0));
      assertEquals(onArrays.keySet(), onDataset.keySet());
      onArrays.forEach((k, v) -> assertEquals(v, onDataset.get(k), 1e-6, k));
      FloatNdArray expected = model.predict(data.x(), p -> p.verbose(0));
      FloatNdArray predicted = model.predict(Dataset.fromTensorSlices(data.x()).batch(32), p -> p.verbose(0));
      assertEquals(expected.shape(), predicted.shape());
      assertArrayEquals(TestData.floats(List.of(expected)).get(0), TestData.floats(List.of(predicted)).get(0), 1e-6f);
      FloatNdArray firstTwo = model.predict(valid, p -> p.verbose(0).steps(2));
      assertEquals(80, firstTwo.shape().get(0));
    }
  }

  @Test
  void fittingTheSameDatasetAgainReusesItsPipelineAndSteps() {
    try (Sequential model = model(1)) {
      Dataset train = batches();
      model.fit(train, fit -> fit.verbose(0));
      int ops = model.graph().operationCount();
      History again = model.fit(train, fit -> fit.epochs(2).verbose(0));
      assertEquals(2, again.history().get("loss").size());
      assertEquals(ops, model.graph().operationCount(), "fit again adds nothing to the graph");
      model.evaluate(train, e -> e.verbose(0));
      int afterEvaluate = model.graph().operationCount();
      model.fit(train, fit -> fit.verbose(0));
      model.evaluate(train, e -> e.verbose(0));
      assertEquals(afterEvaluate, model.graph().operationCount(), "neither fit nor evaluate again grows the graph");
    }
    // A second fit on the same dataset continues training as a second epoch on arrays does.
    Trained arrays = fitArrays(1, 2);
    try (Sequential model = model(1)) {
      Dataset train = batches();
      model.fit(train, fit -> fit.verbose(0));
      model.fit(train, fit -> fit.verbose(0));
      assertSameWeights(arrays, new Trained(TestData.floats(model.getWeights()), Map.of()));
    }
  }

  @Test
  void aModelWithoutAnInputShapeIsBuiltFromTheElementSpec() {
    Utils.setRandomSeed(3);
    try (Sequential model = new Sequential(new Dense(4, "relu"), new Dense(3, "softmax"))) {
      model.compile("rmsprop", "sparse_categorical_crossentropy");
      model.fit(batches(), fit -> fit.verbose(0));
      assertEquals(dev.jkeras.Shape.of(dev.jkeras.Shape.UNKNOWN, 8), model.inputShapes().get(0));
      assertEquals(SAMPLES, model.predict(Dataset.fromTensorSlices(data.x()).batch(64), p -> p.verbose(0))
          .shape().get(0));
    }
  }

  @Test
  void sampleWeightsAsTheThirdPartOfAnElement() {
    float[] w = new float[SAMPLES];
    for (int i = 0; i < SAMPLES; i++) {
      w[i] = i % 3 == 0 ? 2f : 0.5f;
    }
    FloatNdArray weights = NdArrays.vectorOf(w);
    List<float[]> expected;
    try (Sequential model = model(1)) {
      model.fit(data.x(), data.y(), fit -> fit.epochs(1).batchSize(BATCH).shuffle(false).verbose(0)
          .sampleWeight(weights));
      expected = TestData.floats(model.getWeights());
    }
    Trained dataset = fitDataset(1, Dataset.fromTensorSlices(data.x(), data.y(), weights).batch(BATCH),
        fit -> fit.epochs(1));
    for (int i = 0; i < expected.size(); i++) {
      assertArrayEquals(expected.get(i), dataset.weights().get(i), 1e-6f);
    }
  }

  @Test
  void inputsByNameFromADictDataset() {
    FloatNdArray xa = (FloatNdArray) data.x().slice(org.tensorflow.ndarray.index.Indices.all(),
        org.tensorflow.ndarray.index.Indices.range(0, 3));
    FloatNdArray xb = (FloatNdArray) data.x().slice(org.tensorflow.ndarray.index.Indices.all(),
        org.tensorflow.ndarray.index.Indices.range(3, 8));
    List<List<float[]>> results = new ArrayList<>();
    for (boolean byDataset : new boolean[] {false, true}) {
      Utils.setRandomSeed(5);
      KerasTensor a = Input.of(3).name("wide");
      KerasTensor b = Input.of(5).name("deep");
      KerasTensor out = new Dense(3, "softmax").apply(Layers.concatenate(a, new Dense(8, "relu").apply(b)));
      try (Model model = new Model(List.of(a, b), List.of(out))) {
        model.compile(c -> c.optimizer(new RMSprop(0.01)).loss("sparse_categorical_crossentropy"));
        if (byDataset) {
          // Keys in the other order: inputs are matched by name.
          Dataset xs = Dataset.fromTensorSlices(new java.util.LinkedHashMap<>(Map.of("deep", xb)) {{
            put("wide", xa);
          }});
          model.fit(Dataset.zip(xs, Dataset.fromTensorSlices(data.y())).batch(BATCH), fit -> fit.verbose(0));
        } else {
          model.fit(List.of(xa, xb), List.of(data.y()), fit -> fit.batchSize(BATCH).shuffle(false).verbose(0));
        }
        results.add(TestData.floats(model.getWeights()));
      }
    }
    for (int i = 0; i < results.get(0).size(); i++) {
      assertArrayEquals(results.get(0).get(i), results.get(1).get(i), 1e-6f);
    }
  }

  @Test
  void elementsThatDoNotFitTheInputsFailBeforeTheFirstStepWithKerasMessage() {
    try (Sequential model = model(1)) {
      FloatNdArray five = NdArrays.ofFloats(org.tensorflow.ndarray.Shape.of(SAMPLES, 5));
      var wrong = assertThrows(IllegalArgumentException.class,
          () -> model.fit(Dataset.fromTensorSlices(five, data.y()).batch(BATCH), fit -> fit.verbose(0)));
      assertEquals("Input 0 of layer \"" + model.name() + "\" is incompatible with the layer: expected shape=(None, 8), "
          + "found shape=(None, 5)", wrong.getMessage());
      var unbatched = assertThrows(IllegalArgumentException.class,
          () -> model.fit(Dataset.fromTensorSlices(data.x(), data.y()), fit -> fit.verbose(0)));
      assertTrue(unbatched.getMessage().contains(".batch(batchSize)"), unbatched.getMessage());
      var noTargets = assertThrows(IllegalArgumentException.class,
          () -> model.fit(Dataset.fromTensorSlices(data.x()).batch(BATCH), fit -> fit.verbose(0)));
      assertTrue(noTargets.getMessage().contains("(x, y)"), noTargets.getMessage());
      NdArray<String> text = NdArrays.ofObjects(String.class, org.tensorflow.ndarray.Shape.of(SAMPLES, 8));
      text.scalars().forEach(v -> v.setObject("a"));
      var strings = assertThrows(IllegalArgumentException.class,
          () -> model.fit(Dataset.fromTensorSlices(text, data.y()).batch(BATCH), fit -> fit.verbose(0)));
      assertTrue(strings.getMessage().contains("takes numbers"), strings.getMessage());
      var arraysWithSteps = assertThrows(IllegalArgumentException.class,
          () -> model.fit(data.x(), data.y(), fit -> fit.verbose(0).stepsPerEpoch(3)));
      assertTrue(arraysWithSteps.getMessage().contains("Dataset"), arraysWithSteps.getMessage());
      assertThrows(IllegalArgumentException.class, () -> model.predict(data.x(), p -> p.steps(2)));
      var split = assertThrows(IllegalArgumentException.class,
          () -> model.fit(batches(), fit -> fit.verbose(0).validationSplit(0.2)));
      assertTrue(split.getMessage().contains("validationSplit"), split.getMessage());
      // Nothing ran: the model still trains normally afterwards.
      model.fit(batches(), fit -> fit.verbose(0));
    }
  }
}
