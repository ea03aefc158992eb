package dev.jkeras.usage;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.jkeras.KerasTensor;
import dev.jkeras.layers.Dense;
import dev.jkeras.layers.Input;
import dev.jkeras.models.Model;
import dev.jkeras.models.Sequential;
import org.junit.jupiter.api.Test;
import org.tensorflow.ndarray.FloatNdArray;
import org.tensorflow.ndarray.NdArrays;
import org.tensorflow.ndarray.Shape;

/**
 * A program that builds data and layers imports one Shape, TensorFlow Java's (the one NdArrays
 * takes): jkeras accepts it where the program gives a shape, and its own shapes convert to it.
 */
class OneShapeImportTest {

  @Test
  void buildTakesTheArraysShapeWithMinusOneForTheBatch() {
    try (Sequential model = new Sequential(new Dense(4, "relu"), new Dense(2))) {
      model.build(Shape.of(-1, 8));
      assertEquals("[(None, 2)]", model.outputShapes().toString());
      FloatNdArray y = model.predict(NdArrays.ofFloats(Shape.of(5, 8)), p -> p.verbose(0));
      assertEquals(Shape.of(5, 2), y.shape());
    }
  }

  @Test
  void symbolicShapesCompareWithTheArraysOnes() {
    KerasTensor input = Input.of(3);
    KerasTensor output = new Dense(6).apply(input);
    assertEquals("(None, 6)", output.shape().toString());
    try (Model model = new Model(input, output)) {
      FloatNdArray x = NdArrays.ofFloats(Shape.of(4, 3));
      FloatNdArray y = model.predict(x, p -> p.verbose(0));
      assertEquals(model.outputShapes().get(0).with(0, x.shape().get(0)).toNdArrayShape(), y.shape());
    }
  }
}
