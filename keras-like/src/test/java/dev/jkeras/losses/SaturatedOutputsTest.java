package dev.jkeras.losses;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.jkeras.layers.Dense;
import dev.jkeras.models.Sequential;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.tensorflow.ndarray.NdArrays;
import org.tensorflow.ndarray.StdArrays;

/**
 * Cross-entropy on a softmax or sigmoid output uses the logits behind it, as Keras's TensorFlow
 * backend does: a confidently wrong prediction costs its full loss instead of the clipped -log(1e-7).
 */
class SaturatedOutputsTest {

  @Test
  void softmaxOutputsUseTheirLogits() {
    try (var model = new Sequential(new Dense(2, "softmax").useBias(false).inputShape(1))) {
      model.layers().get(0).setWeights(List.of(StdArrays.ndCopyOf(new float[][] {{50, -50}})));
      model.compile("sgd", "sparse_categorical_crossentropy");
      double loss = model.evaluate(StdArrays.ndCopyOf(new float[][] {{1}}), NdArrays.vectorOf(1), e -> e.verbose(0))
          .get("loss");
      assertEquals(100.0, loss, 1e-3);
    }
  }

  @Test
  void sigmoidOutputsUseTheirLogits() {
    try (var model = new Sequential(new Dense(1, "sigmoid").useBias(false).inputShape(1))) {
      model.layers().get(0).setWeights(List.of(StdArrays.ndCopyOf(new float[][] {{40}})));
      model.compile("sgd", "binary_crossentropy");
      double loss = model.evaluate(StdArrays.ndCopyOf(new float[][] {{1}}), NdArrays.vectorOf(0f), e -> e.verbose(0))
          .get("loss");
      assertEquals(40.0, loss, 1e-3);
    }
  }
}
