package dev.jkeras.usage;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.jkeras.callbacks.History;
import dev.jkeras.datasets.FashionMnist;
import dev.jkeras.layers.Conv2D;
import dev.jkeras.layers.Dense;
import dev.jkeras.layers.Dropout;
import dev.jkeras.layers.Flatten;
import dev.jkeras.layers.Input;
import dev.jkeras.layers.MaxPooling2D;
import dev.jkeras.models.Sequential;
import dev.jkeras.ops.Ops;
import dev.jkeras.testing.KerasOracle;
import dev.jkeras.utils.Np;
import dev.jkeras.utils.Utils;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.tensorflow.ndarray.FloatNdArray;
import org.tensorflow.ndarray.index.Indices;

/**
 * Two of the programs a new user ports first (issue 14), written line by line as the Python reads:
 * keras.io's MNIST convnet (on Fashion-MNIST, which is what this machine has) and Deep Learning with
 * Python's binary classifier of multi-hot encoded reviews.
 */
class FirstHourProgramsTest {
  private static final Path FASHION_MNIST = Path.of("/usr/share/datasets/fashion-mnist");

  /** What {@code body} prints on standard output. */
  private static String printed(Runnable body) {
    ByteArrayOutputStream buffer = new ByteArrayOutputStream();
    PrintStream original = System.out;
    System.setOut(new PrintStream(buffer, true, StandardCharsets.UTF_8));
    try {
      body.run();
    } finally {
      System.setOut(original);
    }
    return buffer.toString(StandardCharsets.UTF_8);
  }

  /**
   * keras.io's "Simple MNIST convnet": {@code keras.Sequential([keras.Input(shape=input_shape),
   * layers.Conv2D(32, kernel_size=(3, 3), activation="relu"), ...])}, summary, compile, fit with
   * validation_split, evaluate. The parameter count is real Keras's.
   */
  @Test
  void kerasIoMnistConvnet() {
    assumeTrue(Files.isDirectory(FASHION_MNIST), "Skipped: needs the real Fashion-MNIST at " + FASHION_MNIST
        + " (apt-get install dataset-fashion-mnist)");
    Utils.setRandomSeed(1);
    var data = FashionMnist.fromDirectory(FASHION_MNIST);
    int n = 3000;
    var xTrain = Ops.expandDims(Ops.divide(Ops.cast(data.train().x().slice(Indices.range(0, n)), "float32"), 255f), -1);
    var yTrain = Utils.toCategorical(data.train().y().slice(Indices.range(0, n)), 10);
    var xTest = Ops.expandDims(Ops.divide(Ops.cast(data.test().x().slice(Indices.range(0, 1000)), "float32"), 255f), -1);
    var yTest = Utils.toCategorical(data.test().y().slice(Indices.range(0, 1000)), 10);

    try (Sequential model = new Sequential(
        Input.of(28, 28, 1),
        new Conv2D(32, 3, 3).activation("relu"),
        new MaxPooling2D(2, 2),
        new Conv2D(64, 3, 3).activation("relu"),
        new MaxPooling2D(2, 2),
        new Flatten(),
        new Dropout(0.5),
        new Dense(10, "softmax"))) {
      List<String> summary = new ArrayList<>();
      model.summary(summary::add);
      String kerasParams = KerasOracle.printedValues("""
          import keras
          from keras import layers
          m = keras.Sequential([keras.Input(shape=(28, 28, 1)),
              layers.Conv2D(32, kernel_size=(3, 3), activation="relu"), layers.MaxPooling2D(pool_size=(2, 2)),
              layers.Conv2D(64, kernel_size=(3, 3), activation="relu"), layers.MaxPooling2D(pool_size=(2, 2)),
              layers.Flatten(), layers.Dropout(0.5), layers.Dense(10, activation="softmax")])
          print("@@params={:,}".format(m.count_params()))
          """).get("params");
      assertTrue(summary.stream().anyMatch(line -> line.contains("Total params: " + kerasParams)),
          "Keras counts " + kerasParams + " params; summary:\n" + String.join("\n", summary));

      model.compile(c -> c.loss("categorical_crossentropy").optimizer("adam").metrics("accuracy"));
      History[] history = new History[1];
      String out = printed(() -> history[0] = model.fit(xTrain, yTrain,
          fit -> fit.batchSize(128).epochs(2).validationSplit(0.1)));
      Map<String, Double> score = model.evaluate(xTest, yTest, e -> e.verbose(0));

      assertEquals(Set.of("accuracy", "loss", "val_accuracy", "val_loss"), history[0].history().keySet());
      assertTrue(out.contains("Epoch 1/2") && out.contains("Epoch 2/2") && out.contains("━"),
          "Keras 3's progress lines:\n" + out);
      assertTrue(score.get("accuracy") > 0.6, "test accuracy after 2 epochs on 3,000 images: " + score);
    }
  }

  /**
   * Deep Learning with Python's binary classifier: reviews as multi-hot vectors over a 10,000-word
   * vocabulary, {@code Dense(16, relu), Dense(16, relu), Dense(1, sigmoid)}, rmsprop and binary
   * cross-entropy, validation on held-out reviews, then {@code predict} on new ones. IMDB is not on
   * this machine, so the reviews are made: a review is positive when it has more words from the
   * first hundred than from the next hundred.
   */
  @Test
  void dlwpBinaryClassifierOfMultiHotReviews() {
    Utils.setRandomSeed(2);
    Random random = new Random(2);
    int reviews = 3000;
    int vocabulary = 10_000;
    float[][] x = new float[reviews][vocabulary];
    float[] y = new float[reviews];
    for (int r = 0; r < reviews; r++) {
      int good = 0;
      int bad = 0;
      for (int w = 0; w < 60; w++) {
        int word = random.nextInt(random.nextBoolean() ? 200 : vocabulary);
        x[r][word] = 1;
        good += word < 100 ? 1 : 0;
        bad += word >= 100 && word < 200 ? 1 : 0;
      }
      y[r] = good > bad ? 1 : 0;
    }
    FloatNdArray xTrain = Np.array(java.util.Arrays.copyOfRange(x, 0, 2000));
    FloatNdArray yTrain = Np.array(java.util.Arrays.copyOfRange(y, 0, 2000));
    FloatNdArray xVal = Np.array(java.util.Arrays.copyOfRange(x, 2000, 2500));
    FloatNdArray yVal = Np.array(java.util.Arrays.copyOfRange(y, 2000, 2500));
    FloatNdArray xNew = Np.array(java.util.Arrays.copyOfRange(x, 2500, reviews));

    try (Sequential model = new Sequential(
        new Dense(16, "relu"),
        new Dense(16, "relu"),
        new Dense(1, "sigmoid"))) {
      model.compile("rmsprop", "binary_crossentropy", "accuracy");
      History history = model.fit(xTrain, yTrain,
          fit -> fit.epochs(6).batchSize(512).validationData(xVal, yVal).verbose(0));
      Map<String, List<Double>> historyDict = history.history();
      assertEquals(Set.of("accuracy", "loss", "val_accuracy", "val_loss"), historyDict.keySet());
      List<Double> loss = historyDict.get("loss");
      assertTrue(loss.get(5) < loss.get(0), "training loss falls: " + loss);

      FloatNdArray probabilities = model.predict(xNew, p -> p.verbose(0));
      assertEquals(org.tensorflow.ndarray.Shape.of(reviews - 2500, 1), probabilities.shape());
      int correct = 0;
      for (int r = 0; r < reviews - 2500; r++) {
        float p = probabilities.getFloat(r, 0);
        assertTrue(p >= 0 && p <= 1, "a probability: " + p);
        correct += (p > 0.5) == (y[2500 + r] == 1) ? 1 : 0;
      }
      assertTrue(correct > 0.8 * (reviews - 2500), "correct on new reviews: " + correct + " of " + (reviews - 2500));
      assertTrue(Np.str(probabilities).startsWith("[["), Np.str(probabilities));
    }
  }
}
