package dev.jkeras.callbacks;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.jkeras.models.Model;
import dev.jkeras.optimizers.SGD;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.tensorflow.ndarray.FloatNdArray;
import org.tensorflow.ndarray.NdArrays;
import org.tensorflow.ndarray.Shape;

/** TerminateOnNaN stops fit after the batch whose loss is NaN. */
class TerminateOnNaNTest {
  /**
   * 16 samples; sample 9 (in batch 2 of batches of 4) has a NaN input, so that batch's loss is NaN
   * (fit refuses NaN targets up front).
   */
  private static FloatNdArray[] data() {
    FloatNdArray x = NdArrays.ofFloats(Shape.of(16, 3));
    FloatNdArray y = NdArrays.ofFloats(Shape.of(16, 1));
    for (int i = 0; i < 16; i++) {
      for (int j = 0; j < 3; j++) {
        x.setFloat(i == 9 && j == 0 ? Float.NaN : Fixtures.X.getFloat(i, j), i, j);
      }
      y.setFloat(Fixtures.Y.getFloat(i, 0), i, 0);
    }
    return new FloatNdArray[] {x, y};
  }

  @Test
  void stopsAfterTheBatchWithANanLoss() {
    FloatNdArray[] d = data();
    List<String> seen = new ArrayList<>();
    var recorder = new LambdaCallback()
        .onTrainBatchEnd((batch, logs) -> seen.add("batch " + batch + " " + logs.get("loss")))
        .onTrainEnd(logs -> seen.add("train_end"));
    try (Model model = Fixtures.regression(new SGD(0.01))) {
      String[] out = new String[1];
      History[] history = new History[1];
      out[0] = Fixtures.capture(() -> history[0] = model.fit(d[0], d[1], f -> f.epochs(5).batchSize(4)
          .shuffle(false).verbose(0).callbacks(new TerminateOnNaN(), recorder)));
      assertEquals("Batch 2: Invalid loss, terminating training\n", out[0]);
      assertEquals(4, seen.size(), seen.toString());
      assertEquals("batch 2 NaN", seen.get(2));
      assertEquals("train_end", seen.get(3));
      assertEquals(List.of(0), history[0].epoch());
      assertTrue(history[0].history().get("loss").get(0).isNaN(), "the epoch's logs say so");
    }
  }

  @Test
  void raiseErrorThrowsWithoutOnTrainEnd() {
    FloatNdArray[] d = data();
    List<String> seen = new ArrayList<>();
    var recorder = new LambdaCallback().onTrainEnd(logs -> seen.add("train_end"));
    try (Model model = Fixtures.regression(new SGD(0.01))) {
      var error = assertThrows(IllegalStateException.class, () -> model.fit(d[0], d[1], f -> f.epochs(5).batchSize(4)
          .shuffle(false).verbose(0).callbacks(new TerminateOnNaN().raiseError(true), recorder)));
      assertEquals("NaN or Inf loss encountered at batch 2. Loss value: nan. Terminating training immediately.",
          error.getMessage());
      assertFalse(seen.contains("train_end"));
    }
  }
}
