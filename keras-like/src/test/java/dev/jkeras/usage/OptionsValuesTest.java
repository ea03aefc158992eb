package dev.jkeras.usage;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.jkeras.callbacks.History;
import dev.jkeras.layers.Dense;
import dev.jkeras.models.CompileOptions;
import dev.jkeras.models.EvaluateOptions;
import dev.jkeras.models.ExportOptions;
import dev.jkeras.models.FitOptions;
import dev.jkeras.models.PredictOptions;
import dev.jkeras.models.Sequential;
import dev.jkeras.optimizers.RMSprop;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.tensorflow.ndarray.FloatNdArray;
import org.tensorflow.ndarray.NdArrays;
import org.tensorflow.ndarray.Shape;

/** FitOptions and friends are values a user creates, keeps, compares and passes to several calls. */
class OptionsValuesTest {
  private static final FloatNdArray X = NdArrays.ofFloats(Shape.of(8, 3));
  private static final FloatNdArray Y = NdArrays.ofFloats(Shape.of(8, 1));

  static {
    for (int i = 0; i < 8; i++) {
      for (int j = 0; j < 3; j++) {
        X.setFloat(i * 0.1f + j, i, j);
      }
      Y.setFloat(i * 0.5f, i, 0);
    }
  }

  private static Sequential model() {
    return new Sequential(new Dense(1).inputShape(3));
  }

  @Test
  void defaultsAreKerasDefaultsAndInspectable() {
    FitOptions fit = FitOptions.defaults();
    assertEquals(1, fit.epochs());
    assertEquals(32, fit.batchSize());
    assertEquals(1, fit.verbose());
    assertTrue(fit.shuffle());
    assertEquals(0.0, fit.validationSplit());
    assertEquals(0, fit.initialEpoch());
    assertEquals(List.of(), fit.callbacks());
    assertEquals(null, fit.sampleWeight());
    assertEquals(32, EvaluateOptions.defaults().batchSize());
    assertFalse(PredictOptions.defaults().training());
    assertEquals(List.of("serving_default"), List.copyOf(ExportOptions.defaults().endpoints().keySet()));
    assertFalse(CompileOptions.defaults().hasLoss());
  }

  @Test
  void settersReturnNewOptionsAndLeaveTheOriginalAlone() {
    FitOptions base = FitOptions.defaults().verbose(0);
    FitOptions longer = base.epochs(5);
    History history = new History();
    FitOptions withCallback = base.callbacks(history);

    assertEquals(1, base.epochs());
    assertEquals(5, longer.epochs());
    assertEquals(0, longer.verbose());
    assertEquals(List.of(), base.callbacks());
    assertEquals(List.of(history), withCallback.callbacks());
    assertEquals(1, FitOptions.defaults().verbose(), "defaults() is not changed by the setters called on it");
    assertThrows(UnsupportedOperationException.class, () -> withCallback.callbacks().clear());
  }

  @Test
  void equalsHashCodeAndToStringFollowTheValues() {
    FitOptions a = FitOptions.defaults().epochs(3).batchSize(8).validationSplit(0.25);
    FitOptions b = FitOptions.defaults().validationSplit(0.25).batchSize(8).epochs(3);
    assertEquals(a, b);
    assertEquals(a.hashCode(), b.hashCode());
    assertNotEquals(a, b.epochs(4));
    assertNotEquals(a, b.shuffle(false));
    assertTrue(a.toString().contains("epochs=3") && a.toString().contains("batchSize=8"), a.toString());

    // Arrays are data the user owns: the same array given is equal; the values are not printed.
    FloatNdArray weights = NdArrays.ofFloats(Shape.of(8));
    assertEquals(a.sampleWeight(weights), b.sampleWeight(weights));
    assertNotEquals(a.sampleWeight(weights), b.sampleWeight(NdArrays.ofFloats(Shape.of(8))));
    assertTrue(a.sampleWeight(weights).toString().contains("sampleWeight=" + weights.getClass().getSimpleName()
        + "[8]"), a.sampleWeight(weights).toString());

    assertEquals(PredictOptions.defaults().training(true).batchSize(4),
        PredictOptions.defaults().batchSize(4).training(true));
    assertNotEquals(PredictOptions.defaults(), PredictOptions.defaults().training(true));
    assertEquals(EvaluateOptions.defaults().verbose(0), EvaluateOptions.defaults().verbose(0));
    assertTrue(EvaluateOptions.defaults().verbose(0).toString().contains("verbose=0"));
    assertEquals(CompileOptions.defaults().optimizer("adam").loss("mse").metrics("mae"),
        CompileOptions.defaults().optimizer("adam").loss("mse").metrics("mae"));
    assertNotEquals(CompileOptions.defaults().loss("mse"), CompileOptions.defaults().loss("mae"));
    assertTrue(CompileOptions.defaults().loss("mse").toString().contains("mean_squared_error")
        || CompileOptions.defaults().loss("mse").toString().contains("mse"));
    assertEquals(ExportOptions.defaults().endpoint("mc", e -> e.training(true)),
        ExportOptions.defaults().endpoint("mc", ExportOptions.Endpoint.defaults().training(true)));
    assertNotEquals(ExportOptions.defaults(), ExportOptions.defaults().endpoint("mc", e -> e));
  }

  @Test
  void heldOptionsObjectsDriveFitEvaluateAndPredict() {
    CompileOptions compile = CompileOptions.defaults().optimizer("sgd").loss("mse").metrics("mae");
    FitOptions twoQuietEpochs = FitOptions.defaults().epochs(2).batchSize(4).verbose(0);
    EvaluateOptions quietEvaluate = EvaluateOptions.defaults().verbose(0);
    PredictOptions quietPredict = PredictOptions.defaults().verbose(0);
    try (Sequential first = model(); Sequential second = model()) {
      first.compile(compile);
      second.compile(compile);
      assertNotSame(first.optimizer(), second.optimizer(), "an optimizer given by name is made per compile");

      assertEquals(List.of(0, 1), first.fit(X, Y, twoQuietEpochs).epoch());
      assertEquals(List.of(0, 1), second.fit(X, Y, twoQuietEpochs).epoch());
      assertEquals(List.of(0, 1), first.fit(X, Y, fit -> fit.epochs(2).verbose(0)).epoch());
      Map<String, Double> scores = first.evaluate(X, Y, quietEvaluate);
      assertEquals(List.of("loss", "mae"), List.copyOf(scores.keySet()));
      assertEquals(Shape.of(8, 1), first.predict(X, quietPredict).shape());
    }
  }

  @Test
  void anOptimizerObjectInHeldOptionsIsTheOneTheModelTrainsWith() {
    RMSprop optimizer = new RMSprop(0.01);
    CompileOptions compile = CompileOptions.defaults().optimizer(optimizer).loss("mse");
    assertSame(optimizer, compile.optimizer());
    try (Sequential model = model()) {
      model.compile(compile);
      assertSame(optimizer, model.optimizer());
    }
  }

  @Test
  void nullOptionsSayWhatToGive() {
    try (Sequential model = model()) {
      model.compile(CompileOptions.defaults().loss("mse"));
      IllegalArgumentException error = assertThrows(IllegalArgumentException.class,
          () -> model.fit(X, Y, (FitOptions) null));
      assertTrue(error.getMessage().contains("FitOptions.defaults()"), error.getMessage());
    }
  }
}
