package dev.jkeras.layers;

import static dev.jkeras.layers.EagerLayers.call;
import static dev.jkeras.layers.EagerLayers.floats;
import static dev.jkeras.layers.EagerLayers.strings;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.jkeras.data.Dataset;
import dev.jkeras.models.Sequential;
import dev.jkeras.testing.KerasOracle;
import dev.jkeras.utils.Np;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.tensorflow.ndarray.FloatNdArray;
import org.tensorflow.ndarray.NdArray;
import org.tensorflow.ndarray.NdArrays;
import org.tensorflow.ndarray.Shape;

/**
 * {@code adapt(Dataset)} of every adaptable preprocessing layer: the batches go through the same
 * accumulator as {@code adapt(array)}, so a dataset of the arrays' batches learns the same state.
 */
class AdaptDatasetTest {
  private static final String[] WORDS = {"the", "cat", "sat", "on", "a", "mat", "dog", "ran", "far", "away"};

  private static FloatNdArray features(int n, long seed) {
    Random random = new Random(seed);
    FloatNdArray x = NdArrays.ofFloats(Shape.of(n, 3));
    for (int i = 0; i < n; i++) {
      x.setFloat((float) (random.nextGaussian() * 3 + 10), i, 0);
      x.setFloat((float) (random.nextGaussian() * 0.5 - 5), i, 1);
      x.setFloat((float) (random.nextGaussian() * 100), i, 2);
    }
    return x;
  }

  private static String[][] sentences(int n, long seed) {
    Random random = new Random(seed);
    String[][] out = new String[n][1];
    for (int i = 0; i < n; i++) {
      StringBuilder s = new StringBuilder();
      int length = 1 + random.nextInt(6);
      for (int w = 0; w < length; w++) {
        s.append(w == 0 ? "" : " ").append(WORDS[Math.min(WORDS.length - 1, (int) Math.abs(random.nextGaussian() * 3))]);
      }
      out[i][0] = s.toString();
    }
    return out;
  }

  private static List<Float> weights(Normalization layer, int index) {
    return floats(layer.getWeights().get(index));
  }

  private static void assertClose(List<Float> expected, List<Float> actual, double relative) {
    assertEquals(expected.size(), actual.size());
    for (int i = 0; i < expected.size(); i++) {
      assertEquals(expected.get(i), actual.get(i), Math.abs(expected.get(i)) * relative + 1e-6, "at " + i);
    }
  }

  @Test
  void normalizationOnBatchesEqualsNormalizationOnTheArray() {
    FloatNdArray x = features(1000, 1);
    Normalization whole = new Normalization().adapt(x);
    Normalization batched = new Normalization().adapt(Dataset.fromTensorSlices(x).batch(37));
    new Sequential(whole.inputShape(3)).close();
    new Sequential(batched.inputShape(3)).close();
    assertClose(weights(whole, 0), weights(batched, 0), 1e-5);
    assertClose(weights(whole, 1), weights(batched, 1), 1e-4);
    assertEquals(1000L, ((Number) batched.getWeights().get(2).getObject()).longValue());
  }

  @Test
  void normalizationTakesTheInputsOfXyElementsAndBatchesSingleFeatureVectors() {
    FloatNdArray x = features(300, 2);
    NdArray<Integer> y = NdArrays.vectorOf(new int[300]);
    Normalization whole = new Normalization().adapt(x);
    Normalization ofPairs = new Normalization().adapt(Dataset.fromTensorSlices(x, y).batch(64));
    Normalization ofRows = new Normalization().adapt(Dataset.fromTensorSlices(x));
    for (Normalization layer : List.of(whole, ofPairs, ofRows)) {
      new Sequential(layer.inputShape(3)).close();
    }
    assertClose(weights(whole, 0), weights(ofPairs, 0), 1e-5);
    assertClose(weights(whole, 1), weights(ofPairs, 1), 1e-4);
    assertClose(weights(whole, 0), weights(ofRows, 0), 1e-5);
    assertClose(weights(whole, 1), weights(ofRows, 1), 1e-4);
  }

  @Test
  void normalizationRefusesAnEmptyDataset() {
    var e = assertThrows(IllegalArgumentException.class,
        () -> new Normalization().adapt(Dataset.fromTensorSlices(features(10, 3)).batch(5).take(0)));
    assertTrue(e.getMessage().contains("empty dataset"), e.getMessage());
  }

  @Test
  void stringLookupLearnsTheArraysVocabularyAndIdfFromBatchesOfDocuments() {
    Random random = new Random(4);
    String[][] documents = new String[200][3];
    for (String[] document : documents) {
      for (int t = 0; t < document.length; t++) {
        document[t] = WORDS[Math.min(WORDS.length - 1, (int) Math.abs(random.nextGaussian() * 3))];
      }
    }
    NdArray<String> probe = Np.array(new String[][] {{"cat", "cat", "sat"}, {"away", "zebra", "the"}});
    for (String mode : List.of("int", "tf_idf")) {
      StringLookup whole = new StringLookup().outputMode(mode).adapt(Np.array(documents));
      StringLookup batched = new StringLookup().outputMode(mode).adapt(Dataset.fromTensorSlices(Np.array(documents)).batch(16));
      assertEquals(whole.getVocabulary(), batched.getVocabulary(), mode);
      assertEquals(EagerLayers.values(call(whole, probe)), EagerLayers.values(call(batched, probe)), mode);
    }
  }

  @Test
  void aBatchOfRankOneIsOneDocumentAsInKerasUpdateState() {
    NdArray<String> batch = strings("a", "a", "b");
    StringLookup lookup = new StringLookup().outputMode("tf_idf").adapt(Dataset.fromTensorSlices(batch).batch(3));
    StringLookup documents = new StringLookup().outputMode("tf_idf").adapt(strings(new String[][] {{"a", "a", "b"}}));
    assertEquals(List.of("[UNK]", "a", "b"), lookup.getVocabulary());
    NdArray<String> probe = strings(new String[][] {{"a", "b"}});
    assertEquals(floats(call(documents, probe)), floats(call(lookup, probe)));
  }

  @Test
  void integerLookupOnBatchesEqualsTheArray() {
    long[][] ids = new long[120][2];
    Random random = new Random(5);
    for (long[] row : ids) {
      row[0] = random.nextInt(12);
      row[1] = random.nextInt(5) * 3;
    }
    NdArray<Long> array = Np.array(ids);
    IntegerLookup whole = new IntegerLookup().maxTokens(8).adapt(array);
    IntegerLookup batched = new IntegerLookup().maxTokens(8).adapt(Dataset.fromTensorSlices(array).batch(25));
    assertEquals(whole.getVocabulary(), batched.getVocabulary());
  }

  @Test
  void textVectorizationOnBatchesOfRawStringsEqualsTheArray() {
    String[][] rows = sentences(150, 6);
    String[] flat = new String[rows.length];
    for (int i = 0; i < rows.length; i++) {
      flat[i] = rows[i][0];
    }
    NdArray<String> probe = strings(new String[][] {{"the cat sat far away"}, {"a dog ran"}});
    for (String mode : List.of("int", "tf_idf")) {
      TextVectorization whole = new TextVectorization().maxTokens(8).outputMode(mode).adapt(Np.array(rows));
      TextVectorization ofRows = new TextVectorization().maxTokens(8).outputMode(mode)
          .adapt(Dataset.fromTensorSlices(Np.array(rows)).batch(32));
      TextVectorization ofStrings = new TextVectorization().maxTokens(8).outputMode(mode)
          .adapt(Dataset.fromTensorSlices(strings(flat)).batch(32));
      assertEquals(whole.getVocabulary(), ofRows.getVocabulary(), mode);
      assertEquals(whole.getVocabulary(), ofStrings.getVocabulary(), mode);
      assertEquals(EagerLayers.values(call(whole, probe)), EagerLayers.values(call(ofRows, probe)), mode);
      assertEquals(EagerLayers.values(call(whole, probe)), EagerLayers.values(call(ofStrings, probe)), mode);
    }
  }

  /**
   * Keras merges each batch's quantile summary into the running one (so batches learn slightly other
   * boundaries than the whole array): judged by the oracle driving Keras's own {@code update_state}
   * per batch, which is what its {@code adapt(dataset)} loop does.
   */
  @Test
  void discretizationMergesTheBatchesSummariesAsKeras() {
    FloatNdArray x = features(90, 7);
    StringBuilder values = new StringBuilder();
    x.scalars().forEach(v -> values.append(v.getFloat()).append(','));
    Map<String, String> keras = KerasOracle.printedValues(String.join("\n",
        "import keras_env, numpy as np",
        "from keras import layers",
        "x = np.array([" + values + "], 'float32').reshape(90, 3)",
        "d = layers.Discretization(num_bins=4)",
        "d.reset_state()",
        "for i in range(0, 90, 30): d.update_state(x[i:i + 30])",
        "d.finalize_state()",
        "print('@@bins=' + ','.join(repr(float(b)) for b in d.bin_boundaries))"));
    float[] batched = Discretization.withNumBins(4).adapt(Dataset.fromTensorSlices(x).batch(30)).binBoundaries();
    String[] expected = keras.get("bins").split(",");
    assertEquals(expected.length, batched.length);
    for (int i = 0; i < batched.length; i++) {
      assertEquals(Float.parseFloat(expected[i]), batched[i], 1e-6, "boundary " + i);
    }
  }

  @Test
  void aDatasetThatRepeatsForeverNeedsSteps() {
    Dataset forever = Dataset.fromTensorSlices(Np.array(sentences(20, 8))).batch(5).repeat();
    var e = assertThrows(IllegalArgumentException.class, () -> new TextVectorization().adapt(forever));
    assertTrue(e.getMessage().contains("repeats forever") && e.getMessage().contains("adapt(dataset, steps)"),
        e.getMessage());
    assertThrows(IllegalArgumentException.class, () -> new Normalization().adapt(Dataset.fromTensorSlices(
        features(10, 1)).batch(5).repeat()));
    assertThrows(IllegalArgumentException.class, () -> Discretization.withNumBins(3).adapt(Dataset.fromTensorSlices(
        features(10, 1)).batch(5).repeat()));

    TextVectorization once = new TextVectorization().adapt(Dataset.fromTensorSlices(Np.array(sentences(20, 8))));
    TextVectorization fourSteps = new TextVectorization().adapt(forever, 4);
    assertEquals(once.getVocabulary(), fourSteps.getVocabulary());
  }

  @Test
  void stepsLimitTheBatchesRead() {
    NdArray<String> words = strings("x", "x", "y", "z", "z", "z");
    StringLookup first = new StringLookup().adapt(Dataset.fromTensorSlices(words).batch(3), 1);
    assertEquals(List.of("[UNK]", "x", "y"), first.getVocabulary());
    assertThrows(IllegalArgumentException.class, () -> new StringLookup().adapt(Dataset.fromTensorSlices(words), 0));
  }

  @Test
  void lookupLayersRefuseXyElementsAndSayHowToKeepTheInputs() {
    Dataset pairs = Dataset.fromTensorSlices(strings("a", "b"), NdArrays.vectorOf(1, 0)).batch(2);
    var e = assertThrows(IllegalArgumentException.class, () -> new StringLookup().adapt(pairs));
    assertTrue(e.getMessage().contains("(component, component)") && e.getMessage().contains("map((x, y) -> x)"),
        e.getMessage());
    assertThrows(IllegalArgumentException.class, () -> new TextVectorization().adapt(pairs));
  }

  @Test
  void generatorDatasetsAdaptToo() {
    List<NdArray<String>> batches = List.of(strings("p", "q"), strings("q", "r"));
    Dataset generated = Dataset.fromIterable(batches,
        Dataset.tensorSpec(dev.jkeras.Shape.of(dev.jkeras.Shape.UNKNOWN), "string"));
    StringLookup lookup = new StringLookup().adapt(generated);
    assertEquals(List.of("[UNK]", "q", "r", "p"), lookup.getVocabulary());
  }
}
