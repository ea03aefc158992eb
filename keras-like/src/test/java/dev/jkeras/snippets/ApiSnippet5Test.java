package dev.jkeras.snippets;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.jkeras.callbacks.EarlyStopping;
import dev.jkeras.layers.Dense;
import dev.jkeras.layers.Dropout;
import dev.jkeras.layers.Flatten;
import dev.jkeras.models.Sequential;
import dev.jkeras.utils.Utils;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.tensorflow.ndarray.FloatNdArray;
import org.tensorflow.ndarray.IntNdArray;
import org.tensorflow.ndarray.NdArrays;
import org.tensorflow.ndarray.Shape;

/**
 * ../shared/API.md snippet 5 (seed 001): the early-stopping lines as written, with a Dense model in
 * place of the CNN (Conv2D and MaxPooling2D are another issue).
 */
class ApiSnippet5Test {

  @Test
  void earlyStoppingOnAValidationSplit() {
    Random random = new Random(5);
    // A clear signal under 30% random labels: val_loss soon reaches its floor and stops improving.
    int n = 6000;
    FloatNdArray xTrain = NdArrays.ofFloats(Shape.of(n, 8, 8));
    IntNdArray yTrain = NdArrays.ofInts(Shape.of(n));
    for (int i = 0; i < n; i++) {
      int label = i % 10;
      yTrain.setInt(random.nextDouble() < 0.7 ? label : random.nextInt(10), i);
      for (int r = 0; r < 8; r++) {
        for (int c = 0; c < 8; c++) {
          xTrain.setFloat((float) (random.nextGaussian() * 0.5 + ((r * 8 + c) % 10 == label ? 2 : 0)), i, r, c);
        }
      }
    }

    var model = new Sequential(
        new Flatten().inputShape(8, 8),
        new Dense(32, "relu"),
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
  }
}
