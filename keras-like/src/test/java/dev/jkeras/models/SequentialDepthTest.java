package dev.jkeras.models;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.jkeras.Shape;
import dev.jkeras.layers.Dense;
import dev.jkeras.layers.Layer;
import dev.jkeras.layers.Reshape;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.tensorflow.ndarray.FloatNdArray;
import org.tensorflow.ndarray.NdArrays;

/** Adding layers one by one to a built Sequential traces each once: the graph grows linearly with depth. */
class SequentialDepthTest {
  private static final int DEPTH = 40;

  private static List<Layer> denseStack(boolean declareInputShape) {
    List<Layer> layers = new ArrayList<>();
    for (int i = 0; i < DEPTH; i++) {
      Dense dense = new Dense(8, "relu");
      layers.add(i == 0 && declareInputShape ? dense.inputShape(8) : dense);
    }
    return layers;
  }

  @Test
  void fortyLayersAddedOneByOneBuildTheOpsOfOneBuild() {
    try (Sequential once = new Sequential(denseStack(false).toArray(Layer[]::new));
        Sequential added = new Sequential()) {
      once.build(8);
      for (Layer layer : denseStack(true)) {
        added.add(layer);
      }
      assertEquals(Shape.of(Shape.UNKNOWN, 8), added.outputShapes().get(0));
      assertEquals(once.graph().operationCount(), added.graph().operationCount());
    }
  }

  @Test
  void aLayerAddedToABuiltModelIsPartOfItsStepsAndSavedConfig() {
    FloatNdArray x = NdArrays.ofFloats(Shape.of(5, 4).toNdArrayShape());
    try (Sequential model = new Sequential(new Dense(6).inputShape(4))) {
      assertEquals(Shape.of(5, 6), shapeOf(model.predict(x, p -> p.verbose(0))));
      model.add(new Dense(2));
      assertEquals(Shape.of(5, 2), shapeOf(model.predict(x, p -> p.verbose(0))));
      model.add(new Reshape(2, 1));
      assertEquals(Shape.of(5, 2, 1), shapeOf(model.predict(x, p -> p.verbose(0))));
      model.pop();
      assertEquals(Shape.of(5, 2), shapeOf(model.predict(x, p -> p.verbose(0))));
      assertEquals(List.of(Shape.of(Shape.UNKNOWN, 2)), model.outputShapes());
    }
  }

  @Test
  void aLayerThatDoesNotFitTheOutputIsRefusedWhenAdded() {
    try (Sequential model = new Sequential(new Dense(6).inputShape(4))) {
      assertThrows(IllegalArgumentException.class, () -> model.add(new Reshape(4, 2)));
    }
  }

  private static Shape shapeOf(org.tensorflow.ndarray.NdArray<?> array) {
    return Shape.of(array.shape());
  }
}
