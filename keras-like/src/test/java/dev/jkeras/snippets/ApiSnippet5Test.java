package dev.jkeras.snippets;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.jkeras.callbacks.EarlyStopping;
import dev.jkeras.layers.Conv2D;
import dev.jkeras.layers.Dense;
import dev.jkeras.layers.Dropout;
import dev.jkeras.layers.Flatten;
import dev.jkeras.layers.MaxPooling2D;
import dev.jkeras.models.Sequential;
import dev.jkeras.utils.Utils;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.tensorflow.ndarray.FloatNdArray;
import org.tensorflow.ndarray.IntNdArray;
import org.tensorflow.ndarray.NdArrays;
import org.tensorflow.ndarray.Shape;

/**
 * ../shared/API.md snippet 5 (seed 001) as written: the CNN with EarlyStopping and toCategorical, on
 * synthetic 28x28 images (a bright patch whose place is the label, 30% random labels) so it runs in
 * seconds; {@code fashion_mnist_cnn} in the samples runs it on Fashion-MNIST.
 */
class ApiSnippet5Test {

  @Test
  void cnnWithEarlyStoppingOnAValidationSplit() {
    Random random = new Random(5);
    int n = 2000;
    FloatNdArray xTrain = NdArrays.ofFloats(Shape.of(n, 28, 28, 1));
    IntNdArray yTrain = NdArrays.ofInts(Shape.of(n));
    for (int i = 0; i < n; i++) {
      int label = i % 10;
      yTrain.setInt(random.nextDouble() < 0.7 ? label : random.nextInt(10), i);
      int top = (label / 5) * 12 + 2;
      int left = (label % 5) * 5 + 1;
      for (int r = 0; r < 28; r++) {
        for (int c = 0; c < 28; c++) {
          boolean patch = r >= top && r < top + 8 && c >= left && c < left + 4;
          xTrain.setFloat((float) (random.nextGaussian() * 0.3 + (patch ? 1 : 0)), i, r, c, 0);
        }
      }
    }

    var model = new Sequential(
        new Conv2D(32, 3).activation("relu").inputShape(28, 28, 1),
        new MaxPooling2D(2),
        new Conv2D(64, 3).activation("relu"),
        new MaxPooling2D(2),
        new Flatten(),
        new Dropout(0.5),
        new Dense(10, "softmax"));
    var earlyStopping = new EarlyStopping().minDelta(0.0005).patience(2);
    model.compile("adam", "categorical_crossentropy", "accuracy");
    var history = model.fit(xTrain, Utils.toCategorical(yTrain, 10), fit -> fit
        .batchSize(128).epochs(30).callbacks(earlyStopping).validationSplit(0.1).verbose(0));

    int epochsRun = history.epoch().size();
    assertTrue(epochsRun < 30, "early stopping ended training after " + epochsRun + " epochs");
    assertEquals(earlyStopping.stoppedEpoch() + 1, epochsRun);
    assertTrue(history.history().get("val_accuracy").get(epochsRun - 1) > 0.5, history.toString());
    model.close();
  }
}
