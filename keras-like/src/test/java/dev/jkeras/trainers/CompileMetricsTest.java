package dev.jkeras.trainers;

import static dev.jkeras.trainers.TestTensors.column;
import static dev.jkeras.trainers.TestTensors.value;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.jkeras.DType;
import dev.jkeras.KerasTensor;
import dev.jkeras.Shape;
import dev.jkeras.backend.Backends;
import dev.jkeras.backend.ModelGraph;
import dev.jkeras.backend.Update;
import dev.jkeras.metrics.Mean;
import dev.jkeras.metrics.Metric;
import dev.jkeras.metrics.Metrics;
import dev.jkeras.ops.Ops;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.tensorflow.ndarray.NdArrays;

/** The compiled metrics: Keras's log names, built from the shapes, updated, read and reset. */
class CompileMetricsTest {

  private static List<String> namesFor(List<Object> metrics, List<Object> weighted, List<String> outputs) {
    try (ModelGraph graph = Backends.get().newGraph("compile_metrics_names")) {
      return graph.trace(() -> {
        List<KerasTensor> ys = new ArrayList<>();
        List<KerasTensor> yPreds = new ArrayList<>();
        for (int i = 0; i < outputs.size(); i++) {
          ys.add(graph.placeholder("y", DType.FLOAT32, Shape.of(Shape.UNKNOWN, 1)));
          yPreds.add(graph.placeholder("p", DType.FLOAT32, Shape.of(Shape.UNKNOWN, 1)));
        }
        CompileMetrics compiled = new CompileMetrics(metrics, weighted, outputs);
        assertFalse(compiled.isBuilt());
        assertEquals(List.of(), compiled.names());
        compiled.build(ys, yPreds);
        assertTrue(compiled.isBuilt());
        assertEquals(compiled.names(), new ArrayList<>(compiled.result().keySet()));
        return compiled.names();
      });
    }
  }


  @Test
  void aSingleOutputLogsMetricsByTheirNames() {
    assertEquals(List.of("mae", "mse"), namesFor(List.of("mae", "mse"), List.of(), List.of("dense")));
  }

  @Test
  void aWeightedMetricWhoseNameIsTakenIsLoggedAsWeighted() {
    assertEquals(List.of("mae", "weighted_mae", "mse"),
        namesFor(List.of("mae"), List.of("mae", "mse"), List.of("dense")));
  }

  @Test
  void severalOutputsPrefixTheOutputName() {
    assertEquals(List.of("a_mae", "b_mae", "a_weighted_mae", "b_weighted_mae"),
        namesFor(List.of("mae"), List.of("mae"), List.of("a", "b")));
    assertEquals(List.of("a_mse", "b_mse"), namesFor(List.of(), List.of("mse"), List.of("a", "b")));
  }

  @Test
  void metricObjectsAreForSingleOutputModels() {
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> namesFor(List.of(new Mean("m")), List.of(), List.of("a", "b")));
    assertTrue(e.getMessage().contains("[a, b]"), e.getMessage());
    assertEquals(List.of("m"), namesFor(List.of(new Mean("m")), List.of(), List.of("a")));
  }


  @Test
  void updatesWeighTheWeightedMetricsOnlyAndResetZeroesThem() {
    try (ModelGraph graph = Backends.get().newGraph("compile_metrics_values")) {
      graph.trace(() -> {
        KerasTensor y = Ops.convertToTensor(column(1f, 2f, 3f, 4f));
        KerasTensor p = Ops.convertToTensor(column(1f, 3f, 3f, 7f));
        KerasTensor w = Ops.convertToTensor(NdArrays.vectorOf(0f, 1f, 0f, 1f));
        CompileMetrics compiled = new CompileMetrics(List.of("mae"), List.of("mae"), List.of("out"));
        List<Update> updates = compiled.updateState(List.of(y), List.of(p), w);
        assertEquals(4, updates.size(), "total and count of each metric, returned outside a step");
        Metric plain = Metrics.get("mae", y.shape(), p.shape());
        Metric weighted = Metrics.get("mae", y.shape(), p.shape());
        List<Update> reference = new ArrayList<>(plain.updateState(y, p));
        reference.addAll(weighted.updateState(y, p, w));
        graph.function(List.of(), List.of(), updates).run(List.of());
        graph.function(List.of(), List.of(), reference).run(List.of());
        Map<String, KerasTensor> results = compiled.result();
        assertEquals(value(graph, plain.result()), value(graph, results.get("mae")), 1e-6);
        assertEquals(value(graph, weighted.result()), value(graph, results.get("weighted_mae")), 1e-6);
        assertTrue(value(graph, results.get("mae")) != value(graph, results.get("weighted_mae")),
            "the sample weights change the weighted metric");
        graph.function(List.of(), List.of(), compiled.resetState()).run(List.of());
        assertEquals(0.0, value(graph, compiled.result().get("mae")));
        assertEquals(0.0, value(graph, compiled.result().get("weighted_mae")));
        return null;
      });
    }
  }
}
