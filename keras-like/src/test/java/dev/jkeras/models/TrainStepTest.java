package dev.jkeras.models;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.jkeras.KerasTensor;
import dev.jkeras.backend.Variable;
import dev.jkeras.layers.Dense;
import dev.jkeras.layers.Layer;
import dev.jkeras.ops.Ops;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.tensorflow.ndarray.FloatNdArray;

/** Overriding the training step, as Keras's {@code train_step}. */
class TrainStepTest {

  /** Trains only the head and logs the gradient norm: custom logic, still one traced step. */
  static class HeadOnly extends Model {
    final Dense body = new Dense(16, "relu");
    final Dense head = new Dense(3, "softmax");

    @Override
    protected KerasTensor call(KerasTensor inputs, boolean training) {
      return head.apply(body.apply(inputs));
    }

    @Override
    protected Map<String, KerasTensor> trainStep(List<KerasTensor> x, List<KerasTensor> y) {
      List<KerasTensor> yPred = applyAll(x, true);
      KerasTensor loss = computeLoss(y, yPred);
      List<Variable> headWeights = head.trainableWeights();
      List<KerasTensor> grads = gradients(loss, headWeights);
      applyGradients(grads, headWeights);
      Map<String, KerasTensor> logs = new LinkedHashMap<>(computeMetrics(y, yPred, loss));
      KerasTensor squares = Ops.scalar(0, dev.jkeras.DType.FLOAT32);
      for (KerasTensor g : grads) {
        squares = Ops.add(squares, Ops.sum(Ops.square(g)));
      }
      logs.put("grad_norm", Ops.sqrt(squares));
      return logs;
    }
  }

  private static float[] values(Layer layer) {
    FloatNdArray kernel = (FloatNdArray) layer.getWeights().get(0);
    float[] out = new float[(int) kernel.size()];
    kernel.copyTo(org.tensorflow.ndarray.buffer.DataBuffers.of(out, false, false));
    return out;
  }

  @Test
  void customTrainStepControlsWhatTrainsAndWhatIsLogged() {
    TestData.Blobs data = TestData.blobs(300, 8, 3, 4);
    try (HeadOnly model = new HeadOnly()) {
      model.compile("adam", "sparse_categorical_crossentropy", "accuracy");
      model.build(8);
      float[] bodyBefore = values(model.body);
      float[] headBefore = values(model.head);
      var history = model.fit(data.x(), data.y(), f -> f.epochs(3).verbose(0));
      assertEquals(List.of("loss", "accuracy", "grad_norm"), new ArrayList<>(history.history().keySet()));
      assertTrue(history.history().get("grad_norm").get(0) > 0);
      assertTrue(java.util.Arrays.equals(bodyBefore, values(model.body)), "the body must not train");
      assertTrue(!java.util.Arrays.equals(headBefore, values(model.head)), "the head must train");
      var scores = model.evaluate(data.x(), data.y(), e -> e.verbose(0));
      assertEquals(List.of("loss", "accuracy"), new ArrayList<>(scores.keySet()));
    }
  }
}
