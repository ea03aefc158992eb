package dev.jkeras.trainers;

import static dev.jkeras.trainers.TestTensors.column;
import static dev.jkeras.trainers.TestTensors.value;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.jkeras.KerasTensor;
import dev.jkeras.backend.Backends;
import dev.jkeras.backend.ModelGraph;
import dev.jkeras.backend.StepState;
import dev.jkeras.losses.Loss;
import dev.jkeras.losses.Losses;
import dev.jkeras.metrics.Mean;
import dev.jkeras.ops.Ops;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.tensorflow.ndarray.NdArrays;

/** The compiled loss: per-output losses weighted and summed with the regularization losses, tracked per output. */
class CompileLossTest {



  @Test
  void theTotalIsTheWeightedSumOfTheOutputsLossesPlusRegularization() {
    try (ModelGraph graph = Backends.get().newGraph("compile_loss")) {
      graph.trace(() -> {
        Loss mse = Losses.get("mse");
        Loss mae = Losses.get("mae");
        KerasTensor ya = Ops.convertToTensor(column(1f, 2f, 3f, 4f));
        KerasTensor pa = Ops.convertToTensor(column(2f, 2f, 1f, 4f));
        KerasTensor yb = Ops.convertToTensor(column(0f, 1f, 0f, 1f));
        KerasTensor pb = Ops.convertToTensor(column(0.5f, 0.5f, 0f, 3f));
        KerasTensor penalty = Ops.scalar(0.25, dev.jkeras.DType.FLOAT32);
        CompileLoss loss = new CompileLoss(List.of(mse, mae), new double[] {1.0, 0.5}, List.of("a", "b"));
        double total = value(graph, loss.call(List.of(ya, yb), List.of(pa, pb), null, List.of(penalty)));
        double a = value(graph, mse.apply(ya, pa, null));
        double b = value(graph, mae.apply(yb, pb, null));
        assertEquals(a + 0.5 * b + 0.25, total, 1e-6);

        KerasTensor w = Ops.convertToTensor(NdArrays.vectorOf(1f, 0f, 2f, 0f));
        double weighted = value(graph, loss.call(List.of(ya, yb), List.of(pa, pb), w, List.of()));
        assertEquals(value(graph, mse.apply(ya, pa, w)) + 0.5 * value(graph, mae.apply(yb, pb, w)), weighted, 1e-6);
        assertTrue(Math.abs(weighted - (a + 0.5 * b)) > 1e-3, "the sample weights change the loss");
        return null;
      });
    }
  }

  @Test
  void insideAStepItTracksEachOutputsUnweightedLoss() {
    try (ModelGraph graph = Backends.get().newGraph("compile_loss_trackers")) {
      graph.trace(() -> {
        Loss mse = Losses.get("mse");
        KerasTensor y = Ops.convertToTensor(column(1f, 2f));
        KerasTensor p = Ops.convertToTensor(column(3f, 2f));
        CompileLoss loss = new CompileLoss(List.of(mse, mse), new double[] {2.0, 1.0}, List.of("a", "b"));
        List<Mean> trackers = loss.metrics();
        assertEquals(List.of("a_loss", "b_loss"), trackers.stream().map(Mean::name).toList());
        try (StepState step = StepState.open(graph)) {
          loss.call(List.of(y, y), List.of(p, y), null, List.of());
          assertEquals(4, step.updates().size(), "total and count of both trackers join the step");
          graph.function(List.of(), List.of(), step.updates()).run(List.of());
        }
        assertEquals(value(graph, mse.apply(y, p, null)), value(graph, trackers.get(0).result()), 1e-6);
        assertEquals(0.0, value(graph, trackers.get(1).result()), 1e-6);
        return null;
      });
    }
  }

  @Test
  void aSingleOutputHasNoPerOutputTracker() {
    CompileLoss loss = new CompileLoss(List.of(Losses.get("mse")), new double[] {1.0}, List.of("dense"));
    assertEquals(List.of(), loss.metrics());
    assertEquals(List.of("dense"), loss.outputNames());
  }

  @Test
  void mismatchedStructuresAreRefusedClearly() {
    IllegalArgumentException sizes = assertThrows(IllegalArgumentException.class,
        () -> new CompileLoss(List.of(Losses.get("mse")), new double[] {1.0, 1.0}, List.of("a", "b")));
    assertTrue(sizes.getMessage().contains("one loss and one loss weight per output [a, b]"), sizes.getMessage());
    try (ModelGraph graph = Backends.get().newGraph("compile_loss_structure")) {
      graph.trace(() -> {
        KerasTensor y = Ops.convertToTensor(column(1f));
        CompileLoss loss = new CompileLoss(List.of(Losses.get("mse")), new double[] {1.0}, List.of("dense"));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
            () -> loss.call(List.of(y, y), List.of(y), null, List.of()));
        assertEquals("The model has 1 outputs [dense] but 2 targets were given", e.getMessage());
        return null;
      });
    }
  }
}
