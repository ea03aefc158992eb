package dev.jkeras.layers;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.jkeras.models.Model;
import dev.jkeras.models.Sequential;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.tensorflow.ndarray.FloatNdArray;
import org.tensorflow.ndarray.NdArray;
import org.tensorflow.ndarray.NdArrays;
import org.tensorflow.ndarray.Shape;
import org.tensorflow.ndarray.StdArrays;

class PreprocessingLayersTest {

  private static FloatNdArray features(int n, long seed) {
    Random random = new Random(seed);
    FloatNdArray x = NdArrays.ofFloats(Shape.of(n, 3));
    for (int i = 0; i < n; i++) {
      x.setFloat((float) (10 + 2 * random.nextGaussian()), i, 0);
      x.setFloat((float) (-5 + 0.5 * random.nextGaussian()), i, 1);
      x.setFloat((float) (random.nextGaussian() * 100), i, 2);
    }
    return x;
  }

  @Test
  void normalizationAdaptsMeanAndVarianceAsNonTrainableWeights() {
    FloatNdArray x = features(2000, 1);
    Normalization normalization = new Normalization().adapt(x);
    try (Sequential model = new Sequential(normalization.inputShape(3))) {
      assertEquals(7, model.countParams());
      assertEquals(0, model.trainableWeights().size());
      FloatNdArray mean = (FloatNdArray) normalization.getWeights().get(0);
      assertEquals(10, mean.getFloat(0), 0.2);
      assertEquals(-5, mean.getFloat(1), 0.05);
      FloatNdArray out = model.predict(x, p -> p.verbose(0));
      for (int f = 0; f < 3; f++) {
        double sum = 0;
        double squares = 0;
        for (int i = 0; i < 2000; i++) {
          sum += out.getFloat(i, f);
          squares += out.getFloat(i, f) * out.getFloat(i, f);
        }
        assertEquals(0, sum / 2000, 1e-3);
        assertEquals(1, squares / 2000, 1e-3);
      }

      normalization.adapt(StdArrays.ndCopyOf(new float[][] {{1, 2, 3}, {3, 4, 5}}));
      FloatNdArray moved = model.predict(StdArrays.ndCopyOf(new float[][] {{3, 4, 5}}), p -> p.verbose(0));
      assertEquals(1, moved.getFloat(0, 0), 1e-5);
      IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
          () -> normalization.adapt(NdArrays.ofFloats(Shape.of(4, 2))));
      assertTrue(e.getMessage().contains("2 features"), e.getMessage());
    }
  }

  @Test
  void rescalingAndReshape() {
    var input = Input.of(2, 6);
    var scaled = new Rescaling(0.5, 1).apply(input);
    var reshaped = new Reshape(3, -1).apply(scaled);
    try (Model model = new Model(input, reshaped)) {
      assertEquals("(None, 3, 4)", model.outputShapes().get(0).toString());
      FloatNdArray x = NdArrays.ofFloats(Shape.of(1, 2, 6));
      x.setFloat(4f, 0, 1, 5);
      FloatNdArray y = model.predict(x, p -> p.verbose(0));
      assertEquals(3f, y.getFloat(0, 2, 3), 1e-6);
      assertEquals(1f, y.getFloat(0, 0, 0), 1e-6);
    }
    assertThrows(IllegalArgumentException.class, () -> new Reshape(-1, -1));
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> new Reshape(5).apply(Input.of(6)));
    assertTrue(e.getMessage().contains("(6,)"), e.getMessage());
  }

  @Test
  void wideAndDeepWithNormalizationAsInTheSeed() {
    FloatNdArray x = features(600, 2);
    FloatNdArray y = NdArrays.ofFloats(Shape.of(600));
    for (int i = 0; i < 600; i++) {
      y.setFloat(x.getFloat(i, 0) * 0.1f + x.getFloat(i, 2) * 0.01f, i);
    }
    var input = Input.of(3);
    var normalized = new Normalization().adapt(x).apply(input);
    var hidden = new Dense(16, "relu").kernelInitializer(new dev.jkeras.initializers.GlorotUniform(3)).apply(normalized);
    var output = new Dense(1).kernelInitializer(new dev.jkeras.initializers.GlorotUniform(4))
        .apply(Layers.concatenate(normalized, hidden));
    try (var model = new Model(input, output)) {
      model.compile(c -> c.optimizer("adam").loss("mse"));
      List<Double> loss = model.fit(x, y, f -> f.epochs(20).shuffle(false).verbose(0)).history().get("loss");
      assertTrue(loss.get(19) < 0.1 * loss.get(0), loss.toString());
    }
  }

  @Test
  void normalizationRefusesToAdaptToEmptyOrMissingData() {
    for (Shape empty : List.of(Shape.of(5, 0), Shape.of(0, 3), Shape.of(4, 0, 2))) {
      Normalization normalization = new Normalization();
      normalization.name("norm");
      IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
          () -> normalization.adapt(NdArrays.ofFloats(empty)));
      assertTrue(e.getMessage().contains("\"norm\" (Normalization)") && e.getMessage().contains("every dimension at least 1")
          && e.getMessage().contains(empty.toString()), e.getMessage());
    }
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> new Normalization().adapt((NdArray<?>) null));
    assertTrue(e.getMessage().contains("got null"), e.getMessage());
  }
}
