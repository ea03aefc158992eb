package dev.jkeras.snippets;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.jkeras.layers.Dense;
import dev.jkeras.layers.Dropout;
import dev.jkeras.models.Sequential;
import dev.jkeras.optimizers.RMSprop;
import dev.jkeras.regularizers.Regularizers;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.tensorflow.ndarray.FloatNdArray;
import org.tensorflow.ndarray.NdArrays;
import org.tensorflow.ndarray.Shape;

/** ../shared/API.md snippet 2 (seeds 000, 003), as written, on a small synthetic binary task. */
class ApiSnippet2Test {

  @Test
  void regularizationDropoutAndValidationSplit() {
    Random random = new Random(7);
    int n = 1000;
    FloatNdArray trainData = NdArrays.ofFloats(Shape.of(n, 20));
    FloatNdArray trainLabels = NdArrays.ofFloats(Shape.of(n));
    for (int i = 0; i < n; i++) {
      double score = 0;
      for (int f = 0; f < 20; f++) {
        float v = (float) random.nextGaussian();
        trainData.setFloat(v, i, f);
        score += f < 5 ? v : 0;
      }
      trainLabels.setFloat(score > 0 ? 1f : 0f, i);
    }

    var model = new Sequential(
        new Dense(16).activation("relu").kernelRegularizer(Regularizers.l2(0.002)),
        new Dropout(0.5),
        new Dense(16, "relu"),
        new Dropout(0.5),
        new Dense(1, "sigmoid"));
    model.compile(new RMSprop(1e-2), "binary_crossentropy", "accuracy");
    var history = model.fit(trainData, trainLabels, fit -> fit
        .epochs(20).batchSize(512).validationSplit(0.4).verbose(0));
    Regularizers.l1(0.001);
    Regularizers.l1L2(0.001, 0.001);

    List<Double> valAccuracy = history.history().get("val_accuracy");
    assertEquals(20, valAccuracy.size());
    assertTrue(valAccuracy.get(19) > 0.8, "validation accuracy " + valAccuracy);
    model.close();
  }
}
