package dev.jkeras.trainers;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.jkeras.DType;
import dev.jkeras.KerasTensor;
import dev.jkeras.Shape;
import dev.jkeras.backend.Backends;
import dev.jkeras.backend.ModelGraph;
import dev.jkeras.backend.StepState;
import dev.jkeras.backend.Update;
import dev.jkeras.backend.Variable;
import dev.jkeras.callbacks.History;
import dev.jkeras.layers.Dense;
import dev.jkeras.metrics.Mean;
import dev.jkeras.metrics.Metric;
import dev.jkeras.models.Model;
import dev.jkeras.ops.Ops;
import dev.jkeras.optimizers.SGD;
import dev.jkeras.losses.Losses;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.tensorflow.ndarray.FloatNdArray;
import org.tensorflow.ndarray.NdArrays;

/** One place for a traced step's updates: layers', the optimizer's and metrics', each run once per step. */
class StepStateTest {
  private static final int SAMPLES = 64;
  private static final int BATCH = 16;

  /** Counts its updates: each update adds 1, so an update run twice would count double. */
  static final class UpdateCount extends Metric {
    private Variable count;

    UpdateCount(String name) {
      super(name);
    }

    @Override
    protected void buildState() {
      count = addVariable("count", Shape.scalar());
    }

    @Override
    public List<Update> updateState(KerasTensor yTrue, KerasTensor yPred) {
      ensureState();
      return List.of(count.assignAdd(Ops.scalar(1, DType.FLOAT32)));
    }

    @Override
    protected KerasTensor compute() {
      return count.value();
    }
  }

  /** Keras's custom train_step guide: the step updates its own trackers and logs them. */
  static final class OwnTrackers extends Model {
    final Dense dense = new Dense(1);
    final Mean myLoss = new Mean("my_loss");
    final UpdateCount steps = new UpdateCount("steps");

    @Override
    protected KerasTensor call(KerasTensor inputs, boolean training) {
      return dense.apply(inputs);
    }

    @Override
    protected Map<String, KerasTensor> trainStep(List<KerasTensor> x, List<KerasTensor> y) {
      List<KerasTensor> yPred = applyAll(x, true);
      KerasTensor loss = computeLoss(y, yPred);
      List<Variable> trainable = trainableWeights();
      applyGradients(gradients(loss, trainable), trainable);
      myLoss.updateWeighted(loss, Ops.scalar(1, DType.FLOAT32));
      steps.updateState(y.get(0), yPred.get(0));
      Map<String, KerasTensor> logs = new LinkedHashMap<>(computeMetrics(y, yPred, loss));
      logs.put("my_loss", myLoss.result());
      logs.put("steps", steps.result());
      return logs;
    }
  }

  private static FloatNdArray random(long seed, int rows, int columns) {
    Random random = new Random(seed);
    FloatNdArray array = NdArrays.ofFloats(org.tensorflow.ndarray.Shape.of(rows, columns));
    for (int i = 0; i < rows; i++) {
      for (int j = 0; j < columns; j++) {
        array.setFloat((float) random.nextGaussian(), i, j);
      }
    }
    return array;
  }

  @Test
  void aTrackerUpdatedInsideACustomTrainStepLogsItsRealMean() {
    try (OwnTrackers model = new OwnTrackers()) {
      model.compile(new SGD(0.01), Losses.get("mse"));
      History history = model.fit(random(1, SAMPLES, 3), random(2, SAMPLES, 1), f -> f.epochs(1).batchSize(BATCH)
          .shuffle(false).verbose(0));
      double compiledLoss = history.history().get("loss").get(0);
      double myLoss = history.history().get("my_loss").get(0);
      assertTrue(myLoss > 0, "the tracker's updates ran (a dropped update logs 0): " + myLoss);
      // Equal batches: the mean of the batch losses is the compiled tracker's batch-size-weighted mean.
      assertEquals(compiledLoss, myLoss, 1e-5);
      assertEquals(SAMPLES / BATCH, history.history().get("steps").get(0), "each step counted once");
    }
  }

  @Test
  void aCompiledMetricIsUpdatedOncePerStepInFitAndEvaluate() {
    try (Model model = new OwnTrackers()) {
      model.compile(new SGD(0.01), Losses.get("mse"), new UpdateCount("count"));
      FloatNdArray x = random(3, SAMPLES, 3);
      FloatNdArray y = random(4, SAMPLES, 1);
      History history = model.fit(x, y, f -> f.epochs(2).batchSize(BATCH).verbose(0));
      assertEquals(List.of(4.0, 4.0), history.history().get("count"), "reset each epoch, one update per step");
      assertEquals(2.0, model.evaluate(x, y, e -> e.batchSize(32).verbose(0)).get("count"));
    }
  }

  @Test
  void outsideAStepAnUpdateIsReturnedAndNotRecorded() {
    try (ModelGraph graph = Backends.get().newGraph("outside_step")) {
      graph.trace(() -> {
        Mean mean = new Mean("m");
        assertFalse(StepState.active());
        List<Update> updates = mean.updateValues(Ops.scalar(2, DType.FLOAT32));
        assertEquals(2, updates.size());
        try (StepState step = StepState.open(graph)) {
          assertTrue(StepState.active());
          List<Update> inside = mean.updateValues(Ops.scalar(3, DType.FLOAT32));
          assertEquals(inside, step.updates(), "inside a step the same updates are recorded");
        }
        assertFalse(StepState.active());
        return null;
      });
    }
  }

  @Test
  void anUpdateRecordedTwiceIsKeptOnce() {
    try (ModelGraph graph = Backends.get().newGraph("record_twice")) {
      graph.trace(() -> {
        Mean mean = new Mean("m");
        try (StepState step = StepState.open(graph)) {
          List<Update> updates = mean.updateValues(Ops.scalar(1, DType.FLOAT32));
          updates.forEach(StepState::record);
          StepState.record(updates.get(0));
          assertEquals(updates, step.updates());
          assertSame(step, StepState.current());
        }
        return null;
      });
    }
  }
}
