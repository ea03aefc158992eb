package dev.jkeras.models;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.jkeras.callbacks.History;
import dev.jkeras.layers.Dense;
import dev.jkeras.optimizers.SGD;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.tensorflow.ndarray.FloatNdArray;
import org.tensorflow.ndarray.NdArray;
import org.tensorflow.ndarray.NdArrays;

/** Sample and class weights change the loss as Keras's sum(w * loss) / batch_size says. */
class SampleWeightsTest {
  private final TestData.Blobs data = TestData.blobs(90, 4, 3, 5);

  /** A classifier that does not learn (learning rate 0), so the fit's loss is that of fixed weights. */
  private static Sequential frozen() {
    // Small seeded weights keep the softmax away from saturation, where the hand computation's
    // clipped log differs from the loss computed from the logits.
    Sequential model = new Sequential(new Dense(3, "softmax").inputShape(4)
        .kernelInitializer(new dev.jkeras.initializers.RandomNormal(0, 0.1, 5)));
    model.compile(c -> c.optimizer(new SGD(0.0)).loss("sparse_categorical_crossentropy")
        .metrics("accuracy").weightedMetrics("accuracy"));
    return model;
  }

  /** Each sample's cross-entropy, from the model's predictions. */
  private static double[] perSampleLoss(Model model, NdArray<?> x, NdArray<?> y) {
    FloatNdArray p = model.predict(x, o -> o.verbose(0));
    double[] losses = new double[(int) p.shape().get(0)];
    for (int i = 0; i < losses.length; i++) {
      int label = ((Number) y.getObject(i)).intValue();
      losses[i] = -Math.log(Math.max(p.getFloat(i, label), 1e-7));
    }
    return losses;
  }

  private static boolean[] correct(Model model, NdArray<?> x, NdArray<?> y) {
    FloatNdArray p = model.predict(x, o -> o.verbose(0));
    boolean[] hits = new boolean[(int) p.shape().get(0)];
    for (int i = 0; i < hits.length; i++) {
      int best = 0;
      for (int c = 1; c < 3; c++) {
        best = p.getFloat(i, c) > p.getFloat(i, best) ? c : best;
      }
      hits[i] = best == ((Number) y.getObject(i)).intValue();
    }
    return hits;
  }

  @Test
  void classWeightsScaleEachSamplesLoss() {
    Map<Integer, Double> classWeight = Map.of(0, 0.5, 1, 3.0);   // class 2 weighs 1
    try (Sequential model = frozen()) {
      History history = model.fit(data.x(), data.y(), f -> f.batchSize(16).verbose(0).classWeight(classWeight));
      double[] losses = perSampleLoss(model, data.x(), data.y());
      boolean[] hits = correct(model, data.x(), data.y());
      double weighted = 0;
      double plain = 0;
      double hitWeight = 0;
      double totalWeight = 0;
      for (int i = 0; i < losses.length; i++) {
        double w = classWeight.getOrDefault(((Number) data.y().getObject(i)).intValue(), 1.0);
        weighted += w * losses[i];
        plain += losses[i];
        hitWeight += hits[i] ? w : 0;
        totalWeight += w;
      }
      assertEquals(weighted / losses.length, history.history().get("loss").get(0), 1e-5);
      assertTrue(Math.abs(plain / losses.length - history.history().get("loss").get(0)) > 1e-3);
      assertEquals(hitWeight / totalWeight, history.history().get("weighted_accuracy").get(0), 1e-6);
    }
  }

  @Test
  void sampleWeightsInFitEvaluateAndValidation() {
    float[] weights = new float[90];
    for (int i = 0; i < weights.length; i++) {
      weights[i] = (i % 5) * 0.5f;
    }
    FloatNdArray w = NdArrays.vectorOf(weights);
    try (Sequential model = frozen()) {
      History history = model.fit(data.x(), data.y(), f -> f.batchSize(7).verbose(0).sampleWeight(w)
          .validationData(data.x(), data.y(), w));
      double[] losses = perSampleLoss(model, data.x(), data.y());
      double expected = 0;
      for (int i = 0; i < losses.length; i++) {
        expected += weights[i] * losses[i];
      }
      expected /= losses.length;
      assertEquals(expected, history.history().get("loss").get(0), 1e-5);
      assertEquals(expected, history.history().get("val_loss").get(0), 1e-5);
      Map<String, Double> scores = model.evaluate(data.x(), data.y(), e -> e.batchSize(11).verbose(0).sampleWeight(w));
      assertEquals(expected, scores.get("loss"), 1e-5);
      assertEquals(List.of("loss", "accuracy", "weighted_accuracy"), List.copyOf(scores.keySet()));
    }
  }

  @Test
  void classWeightsForClassesTheModelDoesNotHaveFail() {
    try (Sequential model = frozen()) {
      IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
          () -> model.fit(data.x(), data.y(), f -> f.verbose(0).classWeight(Map.of(0, 1.0, 7, 2.0))));
      assertTrue(e.getMessage().contains("class 7") && e.getMessage().contains("3 classes"), e.getMessage());
    }
  }

  @Test
  void classAndSampleWeightsTogetherOrOfTheWrongLengthFail() {
    try (Sequential model = frozen()) {
      IllegalArgumentException both = assertThrows(IllegalArgumentException.class,
          () -> model.fit(data.x(), data.y(), f -> f.verbose(0).classWeight(Map.of(0, 2.0))
              .sampleWeight(NdArrays.vectorOf(new float[90]))));
      assertTrue(both.getMessage().contains("classWeight"), both.getMessage());
      IllegalArgumentException length = assertThrows(IllegalArgumentException.class,
          () -> model.evaluate(data.x(), data.y(), e -> e.verbose(0).sampleWeight(NdArrays.vectorOf(new float[5]))));
      assertTrue(length.getMessage().contains("(90,)"), length.getMessage());
    }
  }
}
