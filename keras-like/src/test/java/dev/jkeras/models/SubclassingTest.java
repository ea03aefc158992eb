package dev.jkeras.models;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.jkeras.DType;
import dev.jkeras.KerasTensor;
import dev.jkeras.Shape;
import dev.jkeras.backend.Variable;
import dev.jkeras.initializers.Initializers;
import dev.jkeras.layers.Dense;
import dev.jkeras.layers.Input;
import dev.jkeras.layers.Layer;
import dev.jkeras.layers.Layers;
import dev.jkeras.losses.Loss;
import dev.jkeras.ops.Ops;
import dev.jkeras.optimizers.SGD;
import java.util.List;
import org.junit.jupiter.api.Test;

/** ../shared/API.md snippet 4 (the Subclassing API) and custom layers and losses. */
class SubclassingTest {

  static class WideAndDeepModel extends Model {
    private final Dense hidden1, hidden2, mainOutput, auxOutput;

    WideAndDeepModel(int units, String activation) {
      hidden1 = new Dense(units, activation);
      hidden2 = new Dense(units, activation);
      mainOutput = new Dense(1);
      auxOutput = new Dense(1);
    }

    @Override
    protected List<KerasTensor> call(List<KerasTensor> inputs, boolean training) {
      var hidden = hidden2.apply(hidden1.apply(inputs.get(1)));
      var concat = Layers.concatenate(inputs.get(0), hidden);
      return List.of(mainOutput.apply(concat), auxOutput.apply(hidden));
    }
  }

  @Test
  void subclassedWideAndDeepMatchesTheFunctionalOneFromTheSameWeights() {
    FunctionalTest.Regression data = FunctionalTest.regression(512, 5);
    var inputA = Input.of(5);
    var inputB = Input.of(6);
    var hidden1 = new Dense(30, "relu").apply(inputB);
    var hidden2 = new Dense(30, "relu").apply(hidden1);
    var output = new Dense(1).apply(Layers.concatenate(inputA, hidden2));
    var aux = new Dense(1).apply(hidden2);
    try (var functional = new Model(List.of(inputA, inputB), List.of(output, aux));
        var subclassed = new WideAndDeepModel(30, "relu")) {
      subclassed.build(List.of(Shape.of(Shape.UNKNOWN, 5), Shape.of(Shape.UNKNOWN, 6)));
      assertEquals(4, subclassed.layers().size());
      assertEquals(functional.countParams(), subclassed.countParams());
      var copied = functional.getWeights();
      subclassed.setWeights(copied);

      for (Model model : List.of(functional, subclassed)) {
        model.compile(c -> c.optimizer(new SGD(0.01)).loss("mse", "mse").lossWeights(0.9, 0.1));
      }
      var x = List.of(data.wide(), data.deep());
      var y = List.of(data.y(), data.y());
      var f = functional.fit(x, y, o -> o.epochs(3).batchSize(64).shuffle(false).verbose(0)).history().get("loss");
      var s = subclassed.fit(x, y, o -> o.epochs(3).batchSize(64).shuffle(false).verbose(0)).history().get("loss");
      for (int e = 0; e < 3; e++) {
        assertEquals(f.get(e), s.get(e), 1e-5 * Math.max(1, f.get(e)), "epoch " + e + ": " + f + " vs " + s);
      }
      assertEquals(List.of("output_1", "output_2"), subclassed.outputNames());
      List<String> summary = new java.util.ArrayList<>();
      subclassed.summary(summary::add);
      String text = String.join("\n", summary);
      assertTrue(text.contains("(Dense)") && text.contains("(None, 30)") && text.contains("Total params: 1,"), text);
    }
  }

  /** A custom layer as in API.md: build creates weights with addWeight, call uses Ops. */
  static class Scale extends Layer {
    private Variable factor;

    @Override
    protected void build(Shape inputShape) {
      factor = addWeight("factor", Shape.of(inputShape.get(-1)), Initializers.ones(), true);
    }

    @Override
    protected KerasTensor call(KerasTensor inputs, boolean training) {
      return Ops.multiply(inputs, factor.value());
    }
  }

  @Test
  void customLayerAndCustomLossTrain() {
    FunctionalTest.Regression data = FunctionalTest.regression(1000, 9);
    Loss meanAbsoluteCubed = Loss.of("abs_cubed", (yTrue, yPred) ->
        Ops.mean(Ops.power(Ops.abs(Ops.subtract(yPred, Ops.expandDims(Ops.cast(yTrue, DType.FLOAT32), -1))), 3), -1));
    try (var model = new Sequential(new Scale().inputShape(8), new Dense(16, "tanh"), new Dense(1))) {
      var withinHalf = new dev.jkeras.metrics.MeanMetricWrapper("within_half", (yTrue, yPred) -> Ops.cast(
          Ops.lessEqual(Ops.abs(Ops.subtract(yPred, Ops.expandDims(Ops.cast(yTrue, DType.FLOAT32), -1))), 0.5),
          DType.FLOAT32));
      model.compile(new dev.jkeras.optimizers.Adam(0.01), meanAbsoluteCubed, withinHalf);
      var history = model.fit(data.all(), data.y(), o -> o.epochs(10).verbose(0));
      List<Double> loss = history.history().get("loss");
      assertTrue(loss.get(9) < 0.5 * loss.get(0), loss.toString());
      List<Double> within = history.history().get("within_half");
      assertTrue(within.get(9) > within.get(0) && within.get(9) <= 1.0, within.toString());
      assertEquals(8 + 8 * 16 + 16 + 17, model.countParams());
    }
  }

  static class Silent extends Model {
    @Override
    protected List<KerasTensor> call(List<KerasTensor> inputs, boolean training) {
      return null;
    }
  }

  @Test
  void callReturningNothingFails() {
    try (var model = new Silent()) {
      IllegalStateException e = assertThrows(IllegalStateException.class, () -> model.build(3));
      assertTrue(e.getMessage().contains("returned nothing"), e.getMessage());
    }
  }

  static class Looping extends Model {
    private final List<Dense> blocks = List.of(new Dense(4, "relu"), new Dense(4, "relu"), new Dense(4, "relu"));
    private final Dense head = new Dense(1);
    private final int depth;

    Looping(int depth) {
      this.depth = depth;
    }

    @Override
    protected KerasTensor call(KerasTensor inputs, boolean training) {
      KerasTensor x = inputs;
      for (int i = 0; i < depth; i++) {
        x = blocks.get(i).apply(x);
      }
      return head.apply(x);
    }
  }

  @Test
  void javaControlFlowIsTracedAndFieldListsAreTracked() {
    try (var model = new Looping(2)) {
      model.build(3);
      assertEquals(4, model.layers().size());
      assertEquals(3 * 4 + 4 + 4 * 4 + 4 + 4 + 1, model.countParams());
    }
  }
}
