package dev.jkeras.models;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.jkeras.callbacks.LambdaCallback;
import dev.jkeras.layers.Dense;
import dev.jkeras.layers.Input;
import dev.jkeras.testing.KerasOracle;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.function.Executable;
import org.tensorflow.ndarray.FloatNdArray;
import org.tensorflow.ndarray.IntNdArray;
import org.tensorflow.ndarray.NdArray;
import org.tensorflow.ndarray.NdArrays;
import org.tensorflow.ndarray.Shape;

/** Bad data gets a clear error before it reaches the graph: nulls, strings, empty dimensions, bad targets. */
class DataChecksTest {

  private static FloatNdArray floats(long... shape) {
    return NdArrays.ofFloats(Shape.of(shape));
  }

  private static IntNdArray classes(int samples, int classes) {
    IntNdArray y = NdArrays.ofInts(Shape.of(samples));
    for (int i = 0; i < samples; i++) {
      y.setInt(i % classes, i);
    }
    return y;
  }

  private static Sequential classifier(String loss) {
    Sequential model = new Sequential(new Dense(10, "softmax").inputShape(4));
    model.compile("sgd", loss);
    return model;
  }

  private static String message(Executable call) {
    return assertThrows(IllegalArgumentException.class, call).getMessage();
  }

  private static void assertContains(String message, String... parts) {
    for (String part : parts) {
      assertTrue(message.contains(part), "expected \"" + part + "\" in: " + message);
    }
  }

  @Test
  void nullDataIsNamedInFitEvaluateAndPredict() {
    try (Sequential model = new Sequential(new Dense(2).inputShape(3))) {
      model.compile("sgd", "mse");
      FloatNdArray x = floats(4, 3);
      FloatNdArray y = floats(4, 2);
      assertContains(message(() -> model.fit((NdArray<?>) null, y)), "fit() received x=null", "FloatNdArray");
      assertContains(message(() -> model.fit(x, (NdArray<?>) null)), "fit() received y=null", "targets");
      assertContains(message(() -> model.evaluate((NdArray<?>) null, y)), "evaluate() received x=null");
      assertContains(message(() -> model.evaluate(x, (NdArray<?>) null)), "evaluate() received y=null");
      assertContains(message(() -> model.predict((NdArray<?>) null)), "predict() received x=null");
      List<NdArray<?>> withNull = new ArrayList<>();
      withNull.add(null);
      assertContains(message(() -> model.predict(withNull)), "predict() received null as x[0]");
      assertContains(message(() -> model.fit(List.of(x), withNull, f -> f)), "fit() received null as y[0]");
      assertContains(message(() -> model.fit(x, y, f -> f.verbose(0).validationData(List.of(x), withNull))),
          "validationData received null as y[0]");
      assertContains(message(() -> model.fit((Map<String, NdArray<?>>) null, Map.of("dense", y), f -> f)),
          "Received null instead of a map from input names");
    }
  }

  @Test
  void stringsForANumericInputAreRefusedNamingTheInput() {
    var input = Input.of(3).name("features");
    try (Model model = new Model(input, new Dense(2).apply(input))) {
      model.compile("sgd", "mse");
      NdArray<String> text = NdArrays.ofObjects(String.class, Shape.of(4, 3));
      text.scalars().forEach(s -> s.setObject("1.5"));
      String message = message(() -> model.fit(text, floats(4, 2)));
      assertContains(message, "Input 'features'", "takes numbers", "fit() received an array of strings of shape [4, 3]",
          "Convert the strings to numbers");
      assertContains(message(() -> model.predict(text)), "Input 'features'", "predict() received an array of strings");
    }
  }

  @Test
  void arraysWithAnEmptyFeatureDimensionAreRefusedNamingTheInput() {
    // On main these reached oneDNN's inner product and aborted the JVM (SIGABRT).
    try (Sequential unbuilt = new Sequential(new Dense(4))) {
      unbuilt.compile("sgd", "mse");
      assertContains(message(() -> unbuilt.predict(floats(5, 0))), "Input 'input' of model 'sequential",
          "shape [5, 0] in predict()", "dimension 1 has size 0");
      assertContains(message(() -> unbuilt.fit(floats(5, 0), floats(5, 4))), "shape [5, 0] in fit()");
      assertContains(message(() -> unbuilt.evaluate(floats(5, 0), floats(5, 4))), "shape [5, 0] in evaluate()");
    }
    var a = Input.of(3).name("a");
    var b = Input.of(2, 4).name("b");
    var merged = new dev.jkeras.layers.Concatenate().apply(a, new dev.jkeras.layers.Flatten().apply(b));
    try (Model model = new Model(List.of(a, b), List.of(new Dense(1).apply(merged)))) {
      model.compile("sgd", "mse");
      assertContains(message(() -> model.predict(List.of(floats(5, 3), floats(5, 0, 4)))), "Input 'b'",
          "shape [5, 0, 4]");
      assertContains(message(() -> model.fit(List.of(floats(5, 3), floats(5, 2, 4)), List.of(floats(5, 0)), f -> f)),
          "Target 'dense", "shape [5, 0] in fit()");
    }
  }

  @Test
  void sparseLabelsOutOfRangeInValidationDataAreRefused() {
    try (Sequential model = classifier("sparse_categorical_crossentropy")) {
      IntNdArray validationY = classes(8, 10);
      validationY.setInt(10, 3);
      List<String> events = new ArrayList<>();
      var recorder = new LambdaCallback().onTrainBegin(logs -> events.add("train_begin"));
      String message = message(() -> model.fit(floats(8, 4), classes(8, 10),
          f -> f.verbose(0).validationData(floats(8, 4), validationY).callbacks(recorder)));
      assertContains(message, "label value of 10", "index [3]", "validationData", "[0, 10)");
      assertEquals(List.of(), events, "refused before training starts");
    }
  }

  @Test
  void nonFiniteTargetsAreRefused() {
    try (Sequential model = classifier("sparse_categorical_crossentropy")) {
      FloatNdArray y = floats(8);
      y.setFloat(Float.NaN, 2);
      assertContains(message(() -> model.fit(floats(8, 4), y, f -> f.verbose(0))), "hold NaN at index [2]",
          "fit()", "finite");
    }
    try (Sequential regression = new Sequential(new Dense(2).inputShape(4))) {
      regression.compile("sgd", "mse");
      FloatNdArray y = floats(8, 2);
      y.setFloat(Float.NaN, 5, 1);
      assertContains(message(() -> regression.evaluate(floats(8, 4), y)), "hold NaN at index [5, 1]", "evaluate()");
      NdArray<Double> infinite = NdArrays.ofDoubles(Shape.of(8, 2)).setDouble(Double.NEGATIVE_INFINITY, 7, 0);
      assertContains(message(() -> regression.fit(floats(8, 4), floats(8, 2),
          f -> f.verbose(0).validationData(floats(8, 4), infinite))), "hold -Infinity at index [7, 0]");
    }
  }

  @Test
  void integerLabelsUnderCategoricalCrossentropyAreRefused() {
    try (Sequential model = classifier("categorical_crossentropy")) {
      String message = message(() -> model.fit(floats(8, 4), classes(8, 10), f -> f.verbose(0)));
      assertContains(message, "Arguments `target` and `output` must have the same shape",
          "target.shape=(8,), output.shape=(8, 10)", "sparse_categorical_crossentropy");
      IntNdArray column = NdArrays.ofInts(Shape.of(8, 1));
      assertContains(message(() -> model.evaluate(floats(8, 4), column)), "target.shape=(8, 1)",
          "sparse_categorical_crossentropy");
    }
    try (Sequential binary = new Sequential(new Dense(3, "sigmoid").inputShape(4))) {
      binary.compile("sgd", "binary_crossentropy");
      assertContains(message(() -> binary.evaluate(floats(8, 4), floats(8, 1))),
          "target.shape=(8, 1), output.shape=(8, 3)");
    }
  }

  @Test
  void oneHotLabelsUnderTheSparseLossAreRefused() {
    try (Sequential model = classifier("sparse_categorical_crossentropy")) {
      String message = message(() -> model.fit(floats(32, 4), floats(32, 10), f -> f.verbose(0)));
      assertContains(message, "must have the same shape up until the last dimension",
          "target.shape=(32, 10), output.shape=(32, 10)", "one-hot", "\"categorical_crossentropy\"");
    }
  }

  @Test
  void targetsKerasAcceptsStillTrain() {
    try (Sequential model = classifier("sparse_categorical_crossentropy")) {
      IntNdArray column = NdArrays.ofInts(Shape.of(8, 1));
      model.fit(floats(8, 4), column, f -> f.verbose(0));
    }
    try (Sequential model = classifier("categorical_crossentropy")) {
      FloatNdArray oneHot = floats(8, 10);
      for (int i = 0; i < 8; i++) {
        oneHot.setFloat(1f, i, i);
      }
      model.fit(floats(8, 4), oneHot, f -> f.verbose(0));
    }
    try (Sequential binary = new Sequential(new Dense(1, "sigmoid").inputShape(4))) {
      binary.compile("sgd", "binary_crossentropy");
      Map<String, Double> scores = binary.evaluate(floats(8, 4), floats(8), e -> e.verbose(0));
      assertEquals(Math.log(2), scores.get("loss"), 1e-5);
    }
  }

  @Test
  void kerasRefusesTheSameTargetShapes() throws Exception {
    Map<String, String> keras = KerasOracle.printedValues(String.join("\n",
        "import keras, numpy as np",
        "m = keras.Sequential([keras.Input((4,)), keras.layers.Dense(10, activation='softmax')])",
        "x = np.zeros((8, 4), 'float32')",
        "for key, loss, y in [('int_cce', 'categorical_crossentropy', np.arange(8) % 10),",
        "                     ('onehot_sparse', 'sparse_categorical_crossentropy', np.eye(10)[np.arange(8)])]:",
        "    m.compile('sgd', loss)",
        "    try:",
        "        m.evaluate(x, y, verbose=0); print('@@' + key + '=accepted')",
        "    except ValueError as e:",
        "        print('@@' + key + '=' + str(e))"));
    String ours;
    try (Sequential model = classifier("categorical_crossentropy")) {
      ours = message(() -> model.evaluate(floats(8, 4), classes(8, 10)));
    }
    assertTrue(ours.startsWith(keras.get("int_cce")), "Keras: " + keras.get("int_cce") + "\nours: " + ours);
    try (Sequential model = classifier("sparse_categorical_crossentropy")) {
      ours = message(() -> model.evaluate(floats(8, 4), floats(8, 10)));
    }
    assertTrue(ours.startsWith(keras.get("onehot_sparse")), "Keras: " + keras.get("onehot_sparse") + "\nours: " + ours);
  }
}
