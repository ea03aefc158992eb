package dev.jkeras.models;

import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.jkeras.Shape;
import dev.jkeras.layers.Conv2D;
import dev.jkeras.layers.Dense;
import dev.jkeras.layers.Flatten;
import dev.jkeras.layers.Input;
import org.junit.jupiter.api.Test;

/** build(int...) takes one sample's shape, build(Shape) the batch shape; mistakes name the other form. */
class BuildShapesTest {
  private static Sequential convnet() {
    return new Sequential(new Conv2D(2, 3), new Flatten(), new Dense(1));
  }

  @Test
  void theSampleShapeGivenToBuildShapeOfABuiltModelNamesBuildInts() {
    try (Sequential model = new Sequential(new Dense(1).inputShape(4))) {
      IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> model.build(Shape.of(4)));
      assertEquals("Model '" + model.name() + "' is already built for inputs of batch shape (None, 4);"
          + " build(Shape.of(4)) asks for (4,). build(Shape) takes the batch shape, batch dimension first;"
          + " for the shape of one sample call build(4), or build(Shape.of(Shape.UNKNOWN, 4)).", e.getMessage());
    }
  }

  @Test
  void theBatchShapeGivenToBuildIntsOfABuiltModelNamesBuildShape() {
    try (Sequential model = new Sequential(Input.of(28, 28), new Flatten(), new Dense(1))) {
      IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> model.build(32, 28, 28));
      assertTrue(e.getMessage().endsWith("build(32, 28, 28) asks for (None, 32, 28, 28). build(int...) takes the"
          + " shape of one sample, without the batch dimension; call build(28, 28), or build(Shape.of(32, 28, 28))"
          + " for a batch shape."), e.getMessage());
    }
  }

  @Test
  void compatibleShapesOfABuiltModelAreANoOp() {
    try (Sequential model = new Sequential(Input.of(28, 28), new Flatten(), new Dense(1))) {
      assertDoesNotThrow(() -> model.build(28, 28));
      assertDoesNotThrow(() -> model.build(Shape.of(32, 28, 28)));
      assertEquals(Shape.of(Shape.UNKNOWN, 28, 28), model.inputShape());
    }
  }

  @Test
  void anotherShapeForABuiltModelIsRefused() {
    try (Sequential model = new Sequential(Input.of(28, 28), new Flatten(), new Dense(1))) {
      IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> model.build(10));
      assertTrue(e.getMessage().endsWith("Build a new model for other inputs."), e.getMessage());
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
