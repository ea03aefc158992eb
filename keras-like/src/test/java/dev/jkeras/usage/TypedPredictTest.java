package dev.jkeras.usage;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.jkeras.DType;
import dev.jkeras.KerasTensor;
import dev.jkeras.layers.Dense;
import dev.jkeras.layers.Input;
import dev.jkeras.layers.Layer;
import dev.jkeras.models.Model;
import dev.jkeras.models.Sequential;
import dev.jkeras.ops.Ops;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.tensorflow.ndarray.FloatNdArray;
import org.tensorflow.ndarray.NdArray;
import org.tensorflow.ndarray.NdArrays;
import org.tensorflow.ndarray.Shape;
import org.tensorflow.ndarray.StdArrays;

/** predict gives float32 outputs as FloatNdArray, as Keras gives float32 numpy arrays: no casts. */
class TypedPredictTest {
  private static FloatNdArray rows(float[][] values) {
    return StdArrays.ndCopyOf(values);
  }

  /** A layer whose output is int32, as a model ending in a lookup or an argmax has. */
  private static Layer toInt32() {
    return new Layer() {
      @Override
      protected List<KerasTensor> call(List<KerasTensor> inputs, boolean training) {
        return List.of(Ops.cast(inputs.get(0), DType.INT32));
      }
    };
  }

  @Test
  void singleOutputIsAFloatNdArray() {
    try (Sequential model = new Sequential(new Dense(2, "softmax").inputShape(3))) {
      FloatNdArray probabilities = model.predict(rows(new float[][] {{1, 2, 3}, {0, 0, 1}}), p -> p.verbose(0));
      assertEquals(Shape.of(2, 2), probabilities.shape());
      assertEquals(1.0, probabilities.getFloat(0, 0) + probabilities.getFloat(0, 1), 1e-6);
    }
  }

  @Test
  void severalOutputsAreAListAndByNameAMapOfFloatNdArrays() {
    var wide = Input.of(2).name("wide");
    var deep = Input.of(3).name("deep");
    var main = new Dense(1).name("main").apply(deep);
    var aux = new Dense(4).name("aux").apply(wide);
    try (Model model = new Model(List.of(wide, deep), List.of(main, aux))) {
      FloatNdArray w = rows(new float[][] {{1, 2}, {3, 4}, {5, 6}});
      FloatNdArray d = rows(new float[][] {{1, 0, 0}, {0, 1, 0}, {0, 0, 1}});

      List<FloatNdArray> outputs = model.predict(List.of(w, d), p -> p.verbose(0));
      assertEquals(Shape.of(3, 1), outputs.get(0).shape());
      assertEquals(Shape.of(3, 4), outputs.get(1).shape());

      Map<String, FloatNdArray> byName = model.predict(Map.of("deep", d, "wide", w), p -> p.verbose(0));
      assertEquals(List.of("main", "aux"), List.copyOf(byName.keySet()));
      assertEquals(outputs.get(1).getFloat(2, 3), byName.get("aux").getFloat(2, 3));
    }
  }

  @Test
  void anOutputThatIsNotFloat32NamesTheUntypedCall() {
    var input = Input.of(3);
    try (Model model = new Model(input, toInt32().apply(input))) {
      FloatNdArray x = rows(new float[][] {{1.5f, 2.5f, -3}});

      IllegalStateException single = assertThrows(IllegalStateException.class, () -> model.predict(x, p -> p.verbose(0)));
      assertTrue(single.getMessage().contains("int32") && single.getMessage().contains("predictArray(x)"),
          single.getMessage());
      IllegalStateException listed = assertThrows(IllegalStateException.class,
          () -> model.predict(List.of(x), p -> p.verbose(0)));
      assertTrue(listed.getMessage().contains("predictArrays(x)"), listed.getMessage());

      NdArray<?> ints = model.predictArray(x, p -> p.verbose(0));
      assertEquals(DType.INT32, DType.of(ints));
      assertEquals(List.of(1, 2, -3), List.of(ints.getObject(0, 0), ints.getObject(0, 1), ints.getObject(0, 2)));
      assertEquals(DType.INT32, DType.of(model.predictArrays(List.of(x), p -> p.verbose(0)).get(0)));
    }
  }

  @Test
  void aModelWithSeveralOutputsPointsSinglePredictToTheListForm() {
    var input = Input.of(2);
    try (Model model = new Model(List.of(input), List.of(new Dense(1).apply(input), new Dense(1).apply(input)))) {
      IllegalStateException error = assertThrows(IllegalStateException.class,
          () -> model.predict(NdArrays.ofFloats(Shape.of(1, 2)), p -> p.verbose(0)));
      assertTrue(error.getMessage().contains("predict(List.of(...))"), error.getMessage());
    }
  }
}
