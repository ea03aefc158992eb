package dev.jkeras.models;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.jkeras.layers.Dense;
import java.util.function.Supplier;
import org.junit.jupiter.api.Test;
import org.tensorflow.ndarray.FloatNdArray;
import org.tensorflow.ndarray.IntNdArray;
import org.tensorflow.ndarray.NdArrays;
import org.tensorflow.ndarray.Shape;
import org.tensorflow.ndarray.StdArrays;

/**
 * Repeated one-batch calls remember what they checked for arrays of one signature (the step, the
 * targets' shapes, the weights' homes); these tests hold every later call to the errors and answers
 * a first call gives: bad values after good ones of the same shape, other shapes and dtypes, and
 * weights of a shared layer trained through another model.
 */
class RepeatedInferenceChecksTest {
  private final TestData.Blobs data = TestData.blobs(8, 4, 3, 5);

  private static Sequential classifier() {
    Sequential model = new Sequential(new Dense(5, "relu").inputShape(4), new Dense(3, "softmax"));
    model.compile("sgd", "sparse_categorical_crossentropy", "accuracy");
    return model;
  }

  /** The error's message, the layers' generated names (which differ between models) left out. */
  private static String message(Runnable call) {
    return assertThrows(IllegalArgumentException.class, call::run).getMessage()
        .replaceAll("(dense|sequential)_\\d+", "$1");
  }

  /** The message a fresh model gives for {@code call}, and the one a model that ran good calls of the same shapes gives. */
  private static void sameErrorAfterGoodCalls(java.util.function.Consumer<Sequential> good,
      java.util.function.Consumer<Sequential> bad) {
    String fresh;
    try (Sequential model = classifier()) {
      fresh = message(() -> bad.accept(model));
    }
    try (Sequential model = classifier()) {
      for (int i = 0; i < 3; i++) {
        good.accept(model);
      }
      assertEquals(fresh, message(() -> bad.accept(model)));
    }
  }

  @Test
  void aLabelOutOfRangeAfterGoodLabelsOfTheSameShapeIsStillRefused() {
    IntNdArray bad = StdArrays.ndCopyOf(new int[] {0, 1, 2, 3, 0, 1, 2, 0});
    sameErrorAfterGoodCalls(m -> m.evaluate(data.x(), data.y(), e -> e.batchSize(8).verbose(0)),
        m -> m.evaluate(data.x(), bad, e -> e.batchSize(8).verbose(0)));
    sameErrorAfterGoodCalls(m -> m.testOnBatch(data.x(), data.y()), m -> m.testOnBatch(data.x(), bad));
    String message = message(() -> {
      try (Sequential model = classifier()) {
        model.evaluate(data.x(), bad, e -> e.batchSize(8).verbose(0));
      }
    });
    assertTrue(message.contains("Received a label value of 3") && message.contains("[0, 3)"), message);
  }

  @Test
  void targetsOfAnotherShapeOrDtypeAfterGoodOnesGetTheFirstCallsError() {
    FloatNdArray oneHot = NdArrays.ofFloats(Shape.of(8, 3));
    sameErrorAfterGoodCalls(m -> m.evaluate(data.x(), data.y(), e -> e.batchSize(8).verbose(0)),
        m -> m.evaluate(data.x(), oneHot, e -> e.batchSize(8).verbose(0)));
    FloatNdArray nanLabels = NdArrays.ofFloats(Shape.of(8));
    nanLabels.setFloat(Float.NaN, 5);
    sameErrorAfterGoodCalls(m -> m.evaluate(data.x(), data.y(), e -> e.batchSize(8).verbose(0)),
        m -> m.evaluate(data.x(), nanLabels, e -> e.batchSize(8).verbose(0)));
  }

  @Test
  void inputsOfAnotherShapeAfterGoodOnesGetTheFirstCallsError() {
    FloatNdArray wide = NdArrays.ofFloats(Shape.of(2, 5));
    FloatNdArray empty = NdArrays.ofFloats(Shape.of(2, 0));
    IntNdArray ints = NdArrays.ofInts(Shape.of(2, 4));
    for (FloatNdArray bad : java.util.List.of(wide, empty)) {
      sameErrorAfterGoodCalls(m -> m.predictOnBatch(data.x()), m -> m.predictOnBatch(bad));
      sameErrorAfterGoodCalls(m -> m.predict(data.x(), p -> p.batchSize(8).verbose(0)),
          m -> m.predict(bad, p -> p.batchSize(8).verbose(0)));
    }
    try (Sequential model = classifier()) {
      model.predictOnBatch(data.x());
      Supplier<Object> call = () -> model.predictArray(ints);
      // An int array of the right shape is another signature: it gets its own step, not the float one's.
      Object out = call.get();
      assertEquals(2, ((org.tensorflow.ndarray.NdArray<?>) out).shape().get(0));
    }
  }

  @Test
  void aSharedLayerTrainedThroughOneModelIsSeenByTheOtherBetweenRepeatedCalls() {
    Dense shared = new Dense(3, "softmax");
    try (Sequential a = new Sequential(new Dense(4).inputShape(4), shared);
        Sequential b = new Sequential(new Dense(4).inputShape(4), shared)) {
      a.compile("sgd", "sparse_categorical_crossentropy");
      b.compile("sgd", "sparse_categorical_crossentropy");
      b.setWeights(a.getWeights());
      for (int round = 0; round < 3; round++) {
        for (int i = 0; i < 3; i++) {
          assertArrayEquals(StdArrays.array2dCopyOf(a.predictOnBatch(data.x())),
              StdArrays.array2dCopyOf(b.predictOnBatch(data.x())), "round " + round);
        }
        Sequential trained = round % 2 == 0 ? a : b;
        trained.fit(data.x(), data.y(), f -> f.epochs(1).batchSize(8).verbose(0));
        // The lower layers differ once one model trained; make them equal again so the outputs must agree.
        (trained == a ? b : a).layers().get(0).setWeights(trained.layers().get(0).getWeights());
      }
    }
  }
}
