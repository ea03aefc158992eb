package dev.jkeras.usage;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.jkeras.layers.Dense;
import dev.jkeras.models.Sequential;
import dev.jkeras.optimizers.Adadelta;
import dev.jkeras.optimizers.Adagrad;
import dev.jkeras.optimizers.Adam;
import dev.jkeras.optimizers.AdamW;
import dev.jkeras.optimizers.Adamax;
import dev.jkeras.optimizers.Ftrl;
import dev.jkeras.optimizers.Nadam;
import dev.jkeras.optimizers.Optimizer;
import dev.jkeras.optimizers.RMSprop;
import dev.jkeras.optimizers.SGD;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;
import org.junit.jupiter.api.Test;
import org.tensorflow.ndarray.FloatNdArray;
import org.tensorflow.ndarray.StdArrays;

/** The optimizers' setters keep the optimizer's own type, and its hyperparameters have setters too. */
class FluentOptimizersTest {

  @Test
  void chainedSettersKeepTheSubtype() {
    Adam adam = new Adam().learningRate(1e-3).clipnorm(1.0).beta1(0.8).epsilon(1e-6);
    AdamW adamW = new AdamW().learningRate(0.01).weightDecay(0.1).beta2(0.99).amsgrad(true);
    SGD sgd = new SGD().learningRate(0.1).globalClipnorm(5).momentum(0.9).nesterov(true);
    RMSprop rmsprop = new RMSprop().clipvalue(0.5).rho(0.8).momentum(0.1).centered(true);
    Ftrl ftrl = new Ftrl().learningRate(0.05).beta(0.5);

    Map<String, Object> config = adam.getConfig();
    assertEquals(1e-3, ((Number) config.get("learning_rate")).doubleValue(), 1e-9);
    assertEquals(0.8, ((Number) config.get("beta_1")).doubleValue(), 1e-9);
    assertEquals(1e-6, ((Number) config.get("epsilon")).doubleValue(), 1e-12);
    assertEquals(1.0, adam.clipnorm());
    assertEquals(0.99, ((Number) adamW.getConfig().get("beta_2")).doubleValue(), 1e-9);
    assertTrue(adamW.amsgrad());
    assertEquals(0.9, sgd.momentum());
    assertTrue(sgd.nesterov());
    assertEquals(true, rmsprop.getConfig().get("centered"));
    assertEquals(0.05, ftrl.learningRate(), 1e-9);
  }

  @Test
  void thePlainOptimizerTypeStillHoldsAnyOptimizer() {
    Optimizer held = new Adam().learningRate(0.01);
    List<Optimizer> all = List.of(held, new SGD().momentum(0.5), new Nadam().beta1(0.7), new Adamax().beta2(0.9),
        new Adadelta().rho(0.9), new Adagrad().initialAccumulatorValue(0.2));
    Optimizer chained = held.clipnorm(2.0);
    assertEquals(held, chained);
    assertEquals(6, all.size());
  }

  @Test
  void settersMatchTheConstructorsHyperparameters() {
    assertEquals(new Adam(0.01, 0.8, 0.99, 1e-6, true).getConfig(),
        new Adam().learningRate(0.01).beta1(0.8).beta2(0.99).epsilon(1e-6).amsgrad(true).getConfig());
    assertEquals(new AdamW(0.01, 0.1, 0.8, 0.99, 1e-6, false).getConfig(),
        new AdamW().learningRate(0.01).weightDecay(0.1).beta1(0.8).beta2(0.99).epsilon(1e-6).getConfig());
    assertEquals(new SGD(0.1, 0.9, true).getConfig(), new SGD().learningRate(0.1).momentum(0.9).nesterov(true).getConfig());
    assertEquals(new RMSprop(0.01, 0.8, 0.1, 1e-6, true).getConfig(),
        new RMSprop().learningRate(0.01).rho(0.8).momentum(0.1).epsilon(1e-6).centered(true).getConfig());
    assertEquals(new Nadam(0.01, 0.8, 0.99, 1e-6).getConfig(),
        new Nadam().learningRate(0.01).beta1(0.8).beta2(0.99).epsilon(1e-6).getConfig());
    assertEquals(new Adamax(0.01, 0.8, 0.99, 1e-6).getConfig(),
        new Adamax().learningRate(0.01).beta1(0.8).beta2(0.99).epsilon(1e-6).getConfig());
    assertEquals(new Adadelta(0.01, 0.8, 1e-6).getConfig(), new Adadelta().learningRate(0.01).rho(0.8).epsilon(1e-6)
        .getConfig());
    assertEquals(new Adagrad(0.01, 0.3, 1e-6).getConfig(),
        new Adagrad().learningRate(0.01).initialAccumulatorValue(0.3).epsilon(1e-6).getConfig());
  }

  @Test
  void aHyperparameterSetBySetterTrainsAsOneGivenToTheConstructor() {
    assertArrayEquals(trainedKernel(() -> new Adam(0.05, 0.5, 0.9, 1e-7, false)),
        trainedKernel(() -> new Adam().learningRate(0.05).beta1(0.5).beta2(0.9)), 1e-7f);
    assertArrayEquals(trainedKernel(() -> new SGD(0.05, 0.9, true)),
        trainedKernel(() -> new SGD().learningRate(0.05).momentum(0.9).nesterov(true)), 1e-7f);
  }

  @Test
  void badValuesAndLateChangesAreRefused() {
    IllegalArgumentException range = assertThrows(IllegalArgumentException.class, () -> new Adam().beta1(1.0));
    assertTrue(range.getMessage().contains("0 <= beta_1 < 1") && range.getMessage().contains("beta_1=1.0"),
        range.getMessage());
    Adam adam = new Adam(0.01);
    try (Sequential model = new Sequential(new Dense(1).inputShape(2))) {
      model.compile(adam, "mse");
      model.fit(StdArrays.ndCopyOf(new float[][] {{1, 2}}), StdArrays.ndCopyOf(new float[][] {{3}}), fit -> fit.verbose(0));
      IllegalStateException late = assertThrows(IllegalStateException.class, () -> adam.beta1(0.5));
      assertTrue(late.getMessage().contains("beta_1"), late.getMessage());
    }
  }

  private static float[] trainedKernel(Supplier<Optimizer> optimizer) {
    return trainWith(optimizer.get());
  }

  private static float[] trainWith(Optimizer optimizer) {
    FloatNdArray x = StdArrays.ndCopyOf(new float[][] {{1, 2}, {2, 1}, {0, 1}, {1, 0}});
    FloatNdArray y = StdArrays.ndCopyOf(new float[][] {{3}, {1}, {2}, {0}});
    try (Sequential model = new Sequential(new Dense(1).kernelInitializer("ones").inputShape(2))) {
      model.compile(optimizer, "mse");
      model.fit(x, y, fit -> fit.epochs(3).batchSize(2).shuffle(false).verbose(0));
      FloatNdArray kernel = (FloatNdArray) model.getWeights().get(0);
      return new float[] {kernel.getFloat(0, 0), kernel.getFloat(1, 0)};
    }
  }
}
