package dev.jkeras.usage;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.jkeras.KerasTensor;
import dev.jkeras.layers.Concatenate;
import dev.jkeras.layers.Dense;
import dev.jkeras.layers.Input;
import dev.jkeras.models.Model;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.tensorflow.ndarray.FloatNdArray;
import org.tensorflow.ndarray.StdArrays;

/**
 * Inputs are symbolic tensors tied to no thread and no model, as Keras's KerasTensors: where they
 * are made, which thread builds the model and what else was made before change nothing.
 */
class SymbolicInputsTest {
  private final ExecutorService pool = Executors.newFixedThreadPool(2);

  @AfterEach
  void stopPool() {
    pool.shutdownNow();
  }

  /** A Dense layer computing the sum of its inputs' features, so the expected outputs are plain sums. */
  private static Dense sum() {
    return new Dense(1).kernelInitializer("ones").biasInitializer("zeros");
  }

  private static FloatNdArray rows(float[][] values) {
    return StdArrays.ndCopyOf(values);
  }

  private static float predictOne(Model model, float... features) {
    return model.predict(rows(new float[][] {features}), p -> p.verbose(0)).getFloat(0, 0);
  }

  @Test
  void inputsMadeOnDifferentThreadsCombineInOneModel() throws Exception {
    KerasTensor a = pool.submit(() -> Input.of(2)).get();
    KerasTensor b = pool.submit(() -> Input.of(3)).get();
    KerasTensor output = sum().apply(new Concatenate().apply(List.of(a, b)));
    try (Model model = new Model(List.of(a, b), List.of(output))) {
      FloatNdArray y = model.predict(List.of(rows(new float[][] {{1, 2}}), rows(new float[][] {{3, 4, 5}})),
          p -> p.verbose(0)).get(0);
      assertEquals(15f, y.getFloat(0, 0), 1e-6);
    }
  }

  @Test
  void anInputMadeBeforeAnotherModelIsNotTiedToThatModel() {
    KerasTensor first = Input.of(2);
    KerasTensor unusedByFirst = Input.of(3);
    Model firstModel = new Model(first, sum().apply(first));
    assertEquals(3f, predictOne(firstModel, 1, 2), 1e-6);
    firstModel.close();

    // The Input made while the first model was being built still builds a model of its own.
    try (Model second = new Model(unusedByFirst, sum().apply(unusedByFirst))) {
      assertEquals(6f, predictOne(second, 1, 2, 3), 1e-6);
    }
  }

  @Test
  void twoModelsBuiltFromInputsMadeTogetherAreIndependent() {
    KerasTensor a = Input.of(2);
    KerasTensor b = Input.of(2);
    Model modelA = new Model(a, sum().apply(a));
    try (Model modelB = new Model(b, sum().apply(b))) {
      modelA.close();
      assertEquals(7f, predictOne(modelB, 3, 4), 1e-6);
    }
  }

  @Test
  void aModelBuiltOnAPoolThreadLeavesTheNextModelOfTheCallerAlone() throws Exception {
    KerasTensor input = Input.of(2);
    KerasTensor output = sum().apply(input);
    Model builtOnPool = pool.submit(() -> new Model(input, output)).get();

    KerasTensor next = Input.of(2);
    try (Model nextModel = new Model(next, sum().apply(next))) {
      builtOnPool.close();
      assertEquals(9f, predictOne(nextModel, 4, 5), 1e-6);
    }
  }

  @Test
  void modelsSharingInputsAndLayersOutliveEachOther() {
    KerasTensor input = Input.of(2);
    KerasTensor code = sum().apply(input);
    KerasTensor decoded = new Dense(2).kernelInitializer("ones").biasInitializer("zeros").apply(code);
    Model encoder = new Model(input, code);
    try (Model autoencoder = new Model(input, decoded)) {
      assertEquals(3f, predictOne(encoder, 1, 2), 1e-6);
      encoder.close();
      FloatNdArray y = autoencoder.predict(rows(new float[][] {{1, 2}}), p -> p.verbose(0));
      assertEquals(3f, y.getFloat(0, 1), 1e-6);
    }
  }

  @Test
  void layersCalledOnAPoolThreadOnInputsFromTheCallerBuildAModelOnTheCaller() throws Exception {
    KerasTensor a = Input.of(1);
    KerasTensor b = Input.of(1);
    KerasTensor joined = pool.submit(() -> new Concatenate().apply(List.of(a, b))).get();
    try (Model model = new Model(List.of(a, b), List.of(sum().apply(joined)))) {
      FloatNdArray y = model.predict(List.of(rows(new float[][] {{2}}), rows(new float[][] {{5}})), p -> p.verbose(0))
          .get(0);
      assertEquals(7f, y.getFloat(0, 0), 1e-6);
    }
  }
}
