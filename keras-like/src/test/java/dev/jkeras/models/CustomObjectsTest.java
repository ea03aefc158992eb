package dev.jkeras.models;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.jkeras.DType;
import dev.jkeras.KerasTensor;
import dev.jkeras.Shape;
import dev.jkeras.activations.ActivationFunction;
import dev.jkeras.callbacks.ModelCheckpoint;
import dev.jkeras.constraints.Constraint;
import dev.jkeras.initializers.Initializer;
import dev.jkeras.layers.Dense;
import dev.jkeras.layers.InputLayer;
import dev.jkeras.losses.Loss;
import dev.jkeras.losses.LossFunction;
import dev.jkeras.metrics.MeanMetricWrapper;
import dev.jkeras.ops.Ops;
import dev.jkeras.optimizers.Adam;
import dev.jkeras.regularizers.Regularizer;
import dev.jkeras.saving.Config;
import dev.jkeras.saving.RegisterSerializable;
import dev.jkeras.saving.Serialization;
import dev.jkeras.saving.UnknownObjectException;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Custom losses, metrics, activations, initializers, regularizers and constraints survive
 * {@code save} / {@code loadModel} and {@code ModelCheckpoint} files: given in {@code customObjects}
 * or registered, the model comes back compiled with the optimizer's state; missing, loading fails
 * naming the object, as Keras 3.15.1's {@code load_model} does (checked with the oracle).
 */
class CustomObjectsTest {
  @TempDir
  Path dir;

  private static final TestData.Blobs DATA = TestData.blobs(64, 6, 3, 11);
  private static final LossFunction SCALED_CROSSENTROPY = (yTrue, yPred) ->
      Ops.multiply(new dev.jkeras.losses.SparseCategoricalCrossentropy().call(yTrue, yPred), 2.0);

  /** A Loss subclass registered by annotation. */
  @RegisterSerializable(packageName = "jkeras_test", name = "DoubledCrossentropy")
  static final class DoubledCrossentropy extends Loss {
    DoubledCrossentropy() {
      super("doubled_crossentropy");
    }

    @Override
    public KerasTensor call(KerasTensor yTrue, KerasTensor yPred) {
      return SCALED_CROSSENTROPY.apply(yTrue, yPred);
    }
  }

  /** A Metric subclass registered by annotation. */
  @RegisterSerializable(packageName = "jkeras_test", name = "MeanPrediction")
  static final class MeanPrediction extends MeanMetricWrapper {
    MeanPrediction() {
      super("mean_prediction", (yTrue, yPred) -> Ops.mean(yPred, -1));
    }
  }

  /** An initializer, regularizer and constraint, registered by annotation. */
  @RegisterSerializable(packageName = "jkeras_test", name = "Ramp")
  static final class Ramp implements Initializer {
    private final double step;

    Ramp(double step) {
      this.step = step;
    }

    public static Ramp fromConfig(Config config) {
      return new Ramp(config.getDouble("step", 0.01));
    }

    @Override
    public KerasTensor apply(Shape shape, DType dtype) {
      return Ops.full(shape, step, dtype);
    }

    @Override
    public Map<String, Object> getConfig() {
      return new java.util.LinkedHashMap<>(Map.of("step", step));
    }
  }

  @RegisterSerializable(packageName = "jkeras_test", name = "HalfL2")
  static final class HalfL2 implements Regularizer {
    @Override
    public KerasTensor apply(KerasTensor weight) {
      return Ops.multiply(Ops.sum(Ops.square(weight)), 0.005);
    }
  }

  /** Not annotated: found only through customObjects. */
  static final class ClipAtOne implements Constraint {
    @Override
    public KerasTensor apply(KerasTensor weight) {
      return Ops.clip(weight, -1, 1);
    }
  }

  private static Sequential model() {
    return new Sequential(new InputLayer(6),
        new Dense(8, "relu").kernelInitializer(new Ramp(0.02)).kernelRegularizer(new HalfL2())
            .kernelConstraint(new ClipAtOne()),
        new Dense(3, "softmax"));
  }

  private void train(Model model) {
    model.fit(DATA.x(), DATA.y(), f -> f.epochs(2).batchSize(16).shuffle(false).verbose(0));
  }

  private static void assertSameState(Model saved, Model loaded) {
    assertTrue(loaded.isCompiled(), "loaded compiled");
    assertEquals(saved.optimizer().getConfig(), loaded.optimizer().getConfig());
    assertEquals(saved.optimizer().iterations(), loaded.optimizer().iterations());
    assertEquals(saved.optimizer().variables().size(), loaded.optimizer().variables().size());
    for (int i = 0; i < saved.optimizer().variables().size(); i++) {
      assertEquals(saved.optimizer().variables().get(i).read(), loaded.optimizer().variables().get(i).read(),
          "optimizer variable " + saved.optimizer().variables().get(i).name());
    }
    SaveLoadTest.assertWeightsBitIdentical(saved, loaded);
  }

  @Test
  void aLambdaLossIsSavedByNameAndComesBackFromCustomObjects() {
    try (Model model = model()) {
      model.compile(c -> c.optimizer(new Adam(0.01)).loss(Loss.of("scaled_crossentropy", SCALED_CROSSENTROPY)));
      train(model);
      Path file = dir.resolve("lambda.keras");
      model.save(file);
      assertTrue(model.toJson().contains("\"config\":\"scaled_crossentropy\""), model.toJson());
      UnknownObjectException missing = assertThrows(UnknownObjectException.class, () -> Models.loadModel(file,
          Map.of("Custom>ClipAtOne", ClipAtOne.class)));
      assertTrue(missing.getMessage().contains("Could not locate function 'scaled_crossentropy'"), missing.getMessage());
      assertTrue(missing.getMessage().contains("Models.loadModel(path, Map.of(\"scaled_crossentropy\""),
          missing.getMessage());
      try (Model loaded = Models.loadModel(file, Map.of("scaled_crossentropy",
          Loss.of("scaled_crossentropy", SCALED_CROSSENTROPY), "Custom>ClipAtOne", ClipAtOne.class))) {
        assertSameState(model, loaded);
        train(model);
        train(loaded);
        SaveLoadTest.assertWeightsBitIdentical(model, loaded);
      }
    }
  }

  @Test
  void aRegisteredLossSubclassAndMetricComeBackCompiled() {
    try (Model model = model()) {
      model.compile(c -> c.optimizer(new Adam(0.01)).loss(new DoubledCrossentropy()).metrics(new MeanPrediction()));
      train(model);
      Path file = dir.resolve("registered.keras");
      model.save(file);
      try (Model loaded = Models.loadModel(file, Map.of("ClipAtOne", ClipAtOne.class))) {
        assertSameState(model, loaded);
        Map<String, Double> expected = model.evaluate(DATA.x(), DATA.y(), e -> e.verbose(0));
        Map<String, Double> actual = loaded.evaluate(DATA.x(), DATA.y(), e -> e.verbose(0));
        assertEquals(expected, actual);
        assertTrue(actual.containsKey("mean_prediction"), actual.toString());
      }
    }
  }

  @Test
  void aFunctionMetricAndARegisteredActivationComeBackThroughAModelCheckpoint() {
    ActivationFunction doubledRelu = x -> Ops.multiply(Ops.relu(x), 2.0);
    Serialization.register("jkeras_test>doubled_relu", doubledRelu);
    MeanMetricWrapper maxProbability = new MeanMetricWrapper("max_probability", (t, p) -> Ops.max(p, -1));
    try (Sequential model = new Sequential(new InputLayer(6), new Dense(8).activation("jkeras_test>doubled_relu"),
        new Dense(3, "softmax"))) {
      model.compile(c -> c.optimizer(new Adam(0.01)).loss("sparse_categorical_crossentropy").metrics(maxProbability));
      Path file = dir.resolve("checkpoint.keras");
      model.fit(DATA.x(), DATA.y(), f -> f.epochs(2).batchSize(16).shuffle(false).verbose(0)
          .callbacks(new ModelCheckpoint(file.toString())));
      assertThrows(UnknownObjectException.class, () -> Models.loadModel(file));
      try (Model loaded = Models.loadModel(file, Map.of("max_probability", maxProbability))) {
        assertSameState(model, loaded);
        assertEquals(model.evaluate(DATA.x(), DATA.y(), e -> e.verbose(0)),
            loaded.evaluate(DATA.x(), DATA.y(), e -> e.verbose(0)));
      }
    }
  }

  @Test
  void anUnregisteredClassIsRefusedNamingIt() {
    try (Model model = model()) {
      model.compile(c -> c.optimizer("sgd").loss("sparse_categorical_crossentropy"));
      train(model);
      Path file = dir.resolve("unregistered.keras");
      model.save(file);
      UnknownObjectException e = assertThrows(UnknownObjectException.class, () -> Models.loadModel(file));
      assertTrue(e.getMessage().contains("Could not locate class 'ClipAtOne'"), e.getMessage());
      assertTrue(e.getMessage().contains("customObjects"), e.getMessage());
      try (Model loaded = Models.loadModel(file, Map.of("ClipAtOne", ClipAtOne.class))) {
        Map<String, Object> dense = loaded.layers().get(0).getConfig();
        assertEquals("ClipAtOne", ((Map<?, ?>) dense.get("kernel_constraint")).get("class_name"));
        assertEquals("Ramp", ((Map<?, ?>) dense.get("kernel_initializer")).get("class_name"));
        assertEquals(Map.of("step", 0.02), ((Map<?, ?>) dense.get("kernel_initializer")).get("config"));
        assertEquals("HalfL2", ((Map<?, ?>) dense.get("kernel_regularizer")).get("class_name"));
        assertSameState(model, loaded);
      }
    }
  }
}
