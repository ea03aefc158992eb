package dev.jkeras.losses;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.jkeras.Shape;
import dev.jkeras.metrics.Metrics;
import dev.jkeras.models.Sequential;
import dev.jkeras.layers.Dense;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.tensorflow.ndarray.NdArrays;

/**
 * The target-shape rules without the Keras oracle (which {@code conformance.ObjectsConformanceTest} uses to
 * judge all of them): the sentences are those Keras 3.15.1 raised for the same shapes.
 */
class TargetRuleTest {
  @Test
  void elementWiseLossesRefuseRankOneTargetsForWidePredictions() {
    assertEquals(Optional.of("operands could not be broadcast together with shapes (4,) (4,3)"),
        new MeanSquaredError().targetRule().violation(Shape.of(4), Shape.of(4, 3)));
    assertEquals(Optional.empty(), new MeanSquaredError().targetRule().violation(Shape.of(4), Shape.of(4, 1)));
    assertEquals(Optional.of("operands could not be broadcast together with shapes (4,3) (4,)"),
        new Huber().targetRule().violation(Shape.of(4), Shape.of(4, 3)));
  }

  @Test
  void unknownBatchSizesFitAnySize() {
    assertEquals(Optional.empty(), TargetRule.CONFUSION.violation(Shape.of(-1, 3), Shape.of(-1, 2)));
    assertEquals(Optional.empty(), TargetRule.BROADCAST.violation(Shape.of(-1, 3), Shape.of(-1, 3)));
  }

  @Test
  void fitRefusesMismatchedTargetsForAMetricBeforeTheFirstStep() {
    try (Sequential model = new Sequential(new Dense(3).inputShape(2))) {
      model.compile(c -> c.optimizer("sgd").loss(Loss.of("zero", (t, p) -> dev.jkeras.ops.Ops.sum(p, -1)))
          .metrics("mae"));
      IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
          () -> model.fit(NdArrays.ofFloats(Shape.of(4, 2).toNdArrayShape()),
              NdArrays.ofFloats(Shape.of(4).toNdArrayShape()), f -> f.verbose(0)));
      assertTrue(e.getMessage().startsWith("operands could not be broadcast together with shapes (4,) (4,3) "
          + "(metric mae of output"), e.getMessage());
      assertTrue(e.getMessage().contains("Give targets of the predictions' shape (4, 3)."), e.getMessage());
    }
    assertEquals(TargetRule.SPARSE_LABELS,
        Metrics.get("accuracy", Shape.of(-1), Shape.of(-1, 3)).targetRule());
  }
}
