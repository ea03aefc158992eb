package dev.jkeras.layers;

import static dev.jkeras.layers.EagerLayers.strings;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.jkeras.models.Model;
import dev.jkeras.optimizers.Adam;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.tensorflow.ndarray.FloatNdArray;
import org.tensorflow.ndarray.NdArray;
import org.tensorflow.ndarray.NdArrays;
import org.tensorflow.ndarray.Shape;

/**
 * Strings flow through a trained model's graph: raw sentences in, TextVectorization and a
 * StringLookup inside the model, fit learns a rule a bag of words can tell (sentences with "good"
 * are positive), and predict on new raw text follows it.
 */
class RawTextModelTest {
  private static final String[] GOOD = {"a good movie", "good fun", "really good", "good acting and story",
      "so good", "the plot was good"};
  private static final String[] BAD = {"a bad movie", "boring plot", "really bad", "bad acting and story",
      "so dull", "the plot was bad"};

  @Test
  void textClassifierTrainsOnRawStrings() {
    String[] text = new String[GOOD.length + BAD.length];
    FloatNdArray labels = NdArrays.ofFloats(Shape.of(text.length, 1));
    for (int i = 0; i < GOOD.length; i++) {
      text[2 * i] = GOOD[i];
      text[2 * i + 1] = BAD[i];
      labels.setFloat(1f, 2 * i, 0);
    }
    NdArray<String> sentences = NdArrays.ofObjects(String.class, Shape.of(text.length, 1));
    for (int i = 0; i < text.length; i++) {
      sentences.setObject(text[i], i, 0);
    }
    TextVectorization vectorize = new TextVectorization().outputMode("multi_hot").adapt(sentences);
    var input = Input.of("string", 1);
    var hidden = new Dense(1, "sigmoid").apply(vectorize.apply(input));
    try (Model model = new Model(input, hidden)) {
      model.compile(new Adam(0.1), "binary_crossentropy", "accuracy");
      var history = model.fit(sentences, labels, fit -> fit.epochs(60).batchSize(4).verbose(0));
      List<Double> accuracy = history.history().get("accuracy");
      assertEquals(1.0, accuracy.get(accuracy.size() - 1), 1e-9, "training accuracy " + accuracy);
      FloatNdArray p = model.predict(strings(new String[][] {{"Good, good!"}, {"BAD."}}), o -> o.verbose(0));
      assertTrue(p.getFloat(0, 0) > 0.5f && p.getFloat(1, 0) < 0.5f, p.getFloat(0, 0) + " " + p.getFloat(1, 0));
    }
  }

  @Test
  void stringLookupFeedsAnEmbeddingInOneGraph() {
    StringLookup lookup = new StringLookup();
    lookup.vocabulary(List.of("red", "green", "blue"));
    var input = Input.of("string", 2);
    var embedded = new Embedding(4, 2).apply(lookup.apply(input));
    try (Model model = new Model(input, new GlobalAveragePooling1D().apply(embedded))) {
      assertEquals("(None, 2)", model.outputShapes().get(0).toString());
      FloatNdArray y = model.predict(strings(new String[][] {{"red", "blue"}, {"blue", "red"}, {"x", "x"}}),
          o -> o.verbose(0));
      assertEquals(y.getFloat(0, 0), y.getFloat(1, 0), 1e-6);
      assertEquals(y.getFloat(0, 1), y.getFloat(1, 1), 1e-6);
    }
  }

  /** An exported SavedModel takes raw strings: TensorFlow's loader serves the text layers' graph. */
  @Test
  void exportedModelServesRawStrings(@org.junit.jupiter.api.io.TempDir java.nio.file.Path dir) {
    TextVectorization vectorize = new TextVectorization().outputSequenceLength(3)
        .vocabulary(List.of("good", "bad", "movie"));
    var input = Input.of("string", 1);
    NdArray<String> text = strings(new String[][] {{"Good movie!"}, {"bad, BAD"}, {"so-so"}});
    var pooled = new GlobalAveragePooling1D().apply(new Embedding(5, 2).apply(vectorize.apply(input)));
    try (Model model = new Model(input, new Dense(1).apply(pooled))) {
      List<Float> expected = EagerLayers.floats(model.predict(text, o -> o.verbose(0)));
      model.export(dir.resolve("exported"));
      try (var imported = dev.jkeras.saving.SavedModels.load(dir.resolve("exported"))) {
        String name = imported.signatures().get("serving_default").inputs().keySet().iterator().next();
        var outputs = imported.call("serving_default", java.util.Map.of(name, text));
        assertEquals(expected, EagerLayers.floats(outputs.values().iterator().next()));
      }
    }
  }
}
