package dev.jkeras.models;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.jkeras.Shape;
import dev.jkeras.layers.Conv2D;
import dev.jkeras.layers.Dense;
import dev.jkeras.layers.Flatten;
import dev.jkeras.layers.Input;
import dev.jkeras.testing.LoggedWarnings;
import org.junit.jupiter.api.Test;

/** build(int...) takes one sample's shape, build(Shape) the batch shape; mistakes name the other form. */
class BuildShapesTest {
  private static Sequential convnet() {
    return new Sequential(new Conv2D(2, 3), new Flatten(), new Dense(1));
  }

  @Test
  void theSampleShapeGivenToBuildShapeOfABuiltModelNamesBuildInts() {
    try (Sequential model = new Sequential(new Dense(1).inputShape(4))) {
      String warning = LoggedWarnings.during(() -> model.build(Shape.of(4)));
      assertTrue(warning.contains("Model '" + model.name() + "' is already built for inputs of batch shape (None, 4);"
          + " build(Shape.of(4)) asks for (4,) and is ignored. build(Shape) takes the batch shape, batch dimension"
          + " first; for the shape of one sample call build(4), or build(Shape.of(Shape.UNKNOWN, 4))."), warning);
      assertEquals(Shape.of(Shape.UNKNOWN, 4), model.inputShape());
    }
  }

  @Test
  void theBatchShapeGivenToBuildIntsOfABuiltModelNamesBuildShape() {
    try (Sequential model = new Sequential(Input.of(28, 28), new Flatten(), new Dense(1))) {
      String warning = LoggedWarnings.during(() -> model.build(32, 28, 28));
      assertTrue(warning.contains("build(32, 28, 28) asks for (None, 32, 28, 28) and is ignored. build(int...)"
          + " takes the shape of one sample, without the batch dimension; call build(28, 28), or"
          + " build(Shape.of(32, 28, 28)) for a batch shape."), warning);
    }
  }

  @Test
  void compatibleShapesOfABuiltModelAreANoOp() {
    try (Sequential model = new Sequential(Input.of(28, 28), new Flatten(), new Dense(1))) {
      assertEquals("", LoggedWarnings.during(() -> {
        model.build(28, 28);
        model.build(Shape.of(32, 28, 28));
      }));
      assertEquals(Shape.of(Shape.UNKNOWN, 28, 28), model.inputShape());
    }
  }

  @Test
  void anotherShapeForABuiltModelIsIgnoredWithAWarning() {
    try (Sequential model = new Sequential(Input.of(28, 28), new Flatten(), new Dense(1))) {
      String warning = LoggedWarnings.during(() -> model.build(10));
      assertTrue(warning.contains("Build a new model for other inputs."), warning);
    }
  }

  @Test
  void aBatchShapeGivenToBuildIntsOfAnUnbuiltModelFailsNamingBuildShape() {
    try (Sequential model = convnet()) {
      IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> model.build(32, 28, 28, 1));
      assertTrue(e.getMessage().contains("(build(int...) takes the shape of one sample: build(32, 28, 28, 1) built"
          + " for the batch shape (None, 32, 28, 28, 1). If (32, 28, 28, 1) includes the batch dimension, call"
          + " build(Shape.of(32, 28, 28, 1)).)"), e.getMessage());
      model.build(28, 28, 1);
      assertEquals(Shape.of(Shape.UNKNOWN, 28, 28, 1), model.inputShape());
    }
  }

  @Test
  void aSampleShapeGivenToBuildShapeOfAnUnbuiltModelFailsNamingBuildInts() {
    try (Sequential model = convnet()) {
      IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
          () -> model.build(Shape.of(28, 28, 1)));
      assertTrue(e.getMessage().contains("(build(Shape) takes the batch shape, batch dimension first:"
          + " build(Shape.of(28, 28, 1)) built for (28, 28, 1). If (28, 28, 1) is the shape of one sample, call"
          + " build(28, 28, 1).)"), e.getMessage());
    }
  }
}
