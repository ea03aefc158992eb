package dev.jkeras.samples;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.jkeras.backend.Backends;
import dev.jkeras.backend.Feed;
import dev.jkeras.backend.ModelGraph;
import dev.jkeras.layers.Dense;
import dev.jkeras.models.Sequential;
import org.bytedeco.javacpp.Pointer;
import org.junit.jupiter.api.Test;
import org.tensorflow.ndarray.FloatNdArray;
import org.tensorflow.ndarray.IntNdArray;
import org.tensorflow.ndarray.NdArrays;
import org.tensorflow.ndarray.Shape;

/**
 * Thousands of steps, evaluations, predictions and rejected calls leave no native tensor behind:
 * TensorFlow Java registers every native tensor with JavaCPP, whose live count must not grow.
 */
class NativeMemoryTest {

  @Test
  void theLiveNativeCountDetectsAnUnclosedTensor() {
    try (ModelGraph graph = Backends.get().newGraph("probe")) {
      long before = Pointer.totalCount();
      Feed leaked = graph.feed(new int[] {1, 2, 3}, 0, 3);
      assertEquals(before + 1, Pointer.totalCount());
      leaked.close();
      assertEquals(before, Pointer.totalCount());
    }
  }

  @Test
  void trainingLeavesNoNativeTensorsBehind() {
    FloatNdArray x = NdArrays.ofFloats(Shape.of(256, 8));
    IntNdArray y = NdArrays.ofInts(Shape.of(256));
    try (var model = new Sequential(new Dense(4, "relu").inputShape(8), new Dense(3, "softmax"))) {
      model.compile("sgd", "sparse_categorical_crossentropy", "accuracy");
      model.fit(x, y, f -> f.epochs(1).batchSize(8).verbose(0));
      model.evaluate(x, y, e -> e.verbose(0));
      model.predict(x, p -> p.verbose(0));
      long before = Pointer.totalCount();
      for (int round = 0; round < 10; round++) {
        model.fit(x, y, f -> f.epochs(10).batchSize(8).verbose(0).validationSplit(0.25));
        model.evaluate(x, y, e -> e.verbose(0));
        model.predict(x, p -> p.verbose(0));
        assertThrows(IllegalArgumentException.class,
            () -> model.fit(x, NdArrays.ofInts(Shape.of(255)), f -> f.verbose(0)));
      }
      long after = Pointer.totalCount();
      assertEquals(before, after, "native tensors left open after ~2,500 session runs");
    }
  }
}
