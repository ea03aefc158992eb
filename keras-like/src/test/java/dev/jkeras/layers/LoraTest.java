package dev.jkeras.layers;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.jkeras.Shape;
import dev.jkeras.backend.Variable;
import dev.jkeras.constraints.MaxNorm;
import dev.jkeras.models.Model;
import dev.jkeras.models.Models;
import dev.jkeras.models.Sequential;
import dev.jkeras.testing.OracleCases;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.tensorflow.ndarray.NdArray;

/** LoRA's training (only {@code a}, {@code b} and the bias move) and its errors, Keras's messages where Keras has them. */
class LoraTest {
  @TempDir
  Path tmp;

  @Test
  void aFitStepTrainsOnlyTheLoraWeightsAndTheBias() throws IOException {
    Random random = new Random(3);
    try (Model model = new Sequential(Input.of(4), new Dense(3).loraRank(2).name("lora"))) {
      Layer layer = model.getLayer("lora");
      List<NdArray<?>> start = new ArrayList<>();
      for (NdArray<?> w : layer.getWeights()) {
        start.add(OracleCases.floats(random, Shape.of(w.shape().asArray())));
      }
      layer.setWeights(start);
      model.compile("sgd", "mse");
      model.fit(OracleCases.floats(random, Shape.of(8, 4)), OracleCases.floats(random, Shape.of(8, 3)),
          f -> f.epochs(1).batchSize(8).shuffle(false).verbose(0));
      List<NdArray<?>> after = layer.getWeights();
      assertEquals(start.get(0), after.get(0), "the frozen kernel stays bit-identical");
      for (int i = 1; i < 4; i++) {
        assertNotEquals(start.get(i), after.get(i), "weight " + layer.weights().get(i).name() + " trains");
      }
      assertEquals(List.of("bias", "lora_kernel_a", "lora_kernel_b"), layer.trainableWeights().stream()
          .map(v -> v.name().substring(v.name().lastIndexOf('/') + 1)).toList());
      assertEquals(1, layer.nonTrainableWeights().size());
      // A compiled LoRA model saves and loads with its optimizer state (slots for a, b and the bias).
      Path file = tmp.resolve("lora.keras");
      model.save(file);
      try (Model loaded = Models.loadModel(file)) {
        assertTrue(((Dense) loaded.getLayer("lora")).loraEnabled());
        assertEquals(2, ((Dense) loaded.getLayer("lora")).loraRank());
      }
    }
  }

  @Test
  void kerasErrors() {
    Dense unbuilt = new Dense(3);
    assertEquals("Cannot enable lora on a layer that isn't yet built.",
        assertThrows(IllegalStateException.class, () -> unbuilt.enableLora(2)).getMessage());
    Dense constrained = new Dense(3).kernelConstraint(new MaxNorm(1.0));
    assertEquals("Lora is incompatible with kernel constraints. In order to enable lora on this layer, remove the "
        + "`kernel_constraint` argument.",
        assertThrows(IllegalArgumentException.class, () -> constrained.enableLora(2)).getMessage());
    Embedding table = new Embedding(5, 2).embeddingsConstraint(new MaxNorm(1.0));
    assertTrue(assertThrows(IllegalArgumentException.class, () -> table.enableLora(2)).getMessage()
        .startsWith("Lora is incompatible with embedding constraints."));
    Exception atBuild = assertThrows(IllegalArgumentException.class,
        () -> new Sequential(Input.of(4), new Dense(3).kernelConstraint(new MaxNorm(1.0)).loraRank(2)).close());
    assertTrue(atBuild.getMessage().contains("Lora is incompatible with kernel constraints"), atBuild.getMessage());
    try (Model model = new Sequential(Input.of(4), new Dense(3).loraRank(2).name("lora"), new Dense(2).name("plain"),
        new EinsumDense("ab,bc->ac", 2).loraRank(1).name("einsum"))) {
      assertEquals("lora is already enabled. This can only be done once per layer.",
          assertThrows(IllegalStateException.class, () -> ((Dense) model.getLayer("lora")).enableLora(2))
              .getMessage());
      assertEquals("lora is already enabled. This can only be done once per layer.",
          assertThrows(IllegalStateException.class, () -> ((EinsumDense) model.getLayer("einsum")).enableLora(2))
              .getMessage());
      Dense plain = (Dense) model.getLayer("plain");
      plain.enableLora(2);
      assertEquals("lora is already enabled. This can only be done once per layer.",
          assertThrows(IllegalStateException.class, () -> plain.enableLora(3)).getMessage());
      assertEquals(2, plain.loraRank());
    }
    try (Model model = new Sequential(Input.of(4), new Dense(3).kernelConstraint(new MaxNorm(1.0)).name("c"))) {
      assertEquals("Lora is incompatible with kernel constraints. In order to enable lora on this layer, remove the "
          + "`kernel_constraint` argument.", assertThrows(IllegalArgumentException.class,
              () -> ((Dense) model.getLayer("c")).enableLora(2)).getMessage());
      assertEquals(2, model.getLayer("c").weights().size(), "a refused enableLora adds no weight");
    }
  }

  @Test
  void ranksAndAlphasBelowOneAreRefused() {
    for (int rank : new int[] {0, -1}) {
      Exception e = assertThrows(IllegalArgumentException.class, () -> new Dense(3).loraRank(rank));
      assertTrue(e.getMessage().contains("lora rank must be a positive integer, got " + rank), e.getMessage());
      assertThrows(IllegalArgumentException.class, () -> new Embedding(4, 2).loraRank(rank));
      assertThrows(IllegalArgumentException.class, () -> new EinsumDense("ab,bc->ac", 2).loraRank(rank));
    }
    Exception alpha = assertThrows(IllegalArgumentException.class,
        () -> new Sequential(Input.of(4), new EinsumDense("ab,bc->ac", 2).loraRank(2).loraAlpha(0)).close());
    assertTrue(alpha.getMessage().contains("lora_alpha must be a positive integer, got 0"), alpha.getMessage());
  }

  /** The weights file of a LoRA model holds the merged kernel, so the same model without LoRA loads it and predicts the same. */
  @Test
  void loraWeightsLoadIntoTheSameModelWithoutLoraThenQuantize() {
    Random random = new Random(5);
    NdArray<?> x = OracleCases.floats(random, Shape.of(3, 4));
    Path file = tmp.resolve("tuned.weights.h5");
    NdArray<?> tuned;
    try (Model model = new Sequential(Input.of(4), new Dense(3, "relu").loraRank(2).name("d"))) {
      Layer layer = model.getLayer("d");
      List<NdArray<?>> values = new ArrayList<>();
      for (NdArray<?> w : layer.getWeights()) {
        values.add(OracleCases.floats(random, Shape.of(w.shape().asArray())));
      }
      layer.setWeights(values);
      tuned = model.predict(x, p -> p.verbose(0));
      model.saveWeights(file.toString());
    }
    try (Model plain = new Sequential(Input.of(4), new Dense(3, "relu").name("d"))) {
      plain.loadWeights(file.toString());
      NdArray<?> y = plain.predict(x, p -> p.verbose(0));
      float[] expected = new float[12];
      float[] actual = new float[12];
      ((org.tensorflow.ndarray.FloatNdArray) tuned).copyTo(org.tensorflow.ndarray.buffer.DataBuffers.of(expected,
          false, false));
      ((org.tensorflow.ndarray.FloatNdArray) y).copyTo(org.tensorflow.ndarray.buffer.DataBuffers.of(actual, false,
          false));
      for (int i = 0; i < expected.length; i++) {
        assertEquals(expected[i], actual[i], 1e-5f, "output " + i);
      }
      plain.quantize("int8");
      assertEquals("int8", plain.getLayer("d").quantizationMode());
    }
  }

  @Test
  void legacyH5FilesOfLoraModelsAreRefusedClearly() {
    try (Model model = new Sequential(Input.of(4), new Dense(3).loraRank(2).name("lora"))) {
      Exception e = assertThrows(UnsupportedOperationException.class, () -> model.save(tmp.resolve("lora.h5")));
      assertTrue(e.getMessage().contains("save it as a .keras file"), e.getMessage());
      assertTrue(Files.notExists(tmp.resolve("lora.h5")));
    }
  }

  @Test
  void aConfigWithoutLoraHasNoLoraKeysAsKeras() throws IOException {
    try (Model model = new Sequential(Input.of(4), new Dense(3).name("plain"))) {
      assertTrue(!model.getLayer("plain").getConfig().containsKey("lora_rank"));
      Path file = tmp.resolve("plain.keras");
      model.save(file);
      assertTrue(Files.size(file) > 0);
    }
  }

  private static List<NdArray<?>> randomLike(Random random, List<NdArray<?>> weights) {
    List<NdArray<?>> values = new ArrayList<>();
    for (NdArray<?> w : weights) {
      values.add(OracleCases.floats(random, Shape.of(w.shape().asArray())));
    }
    return values;
  }

  private static Variable weight(Layer layer, String name) {
    return layer.weights().stream().filter(w -> w.name().endsWith("/" + name)).findFirst().orElseThrow();
  }

  private static List<String> names(List<Variable> variables) {
    return variables.stream().map(v -> v.name().substring(v.name().lastIndexOf('/') + 1)).toList();
  }

  /**
   * Keras's workflow: a trained model, then {@code enable_lora} on one of its layers. The compiled model's
   * traced predict and train steps are traced again: predictions are the same at first ({@code b} is zero),
   * change once {@code b} does, and a fit step trains only the bias and LoRA's weights.
   */
  @Test
  void enableLoraOnATrainedModelRetracesItsSteps() throws IOException {
    Random random = new Random(11);
    NdArray<?> x = OracleCases.floats(random, Shape.of(8, 4));
    NdArray<?> y = OracleCases.floats(random, Shape.of(8, 3));
    try (Model model = new Sequential(Input.of(4), new Dense(5, "tanh").name("lora"), new Dense(3).name("head"))) {
      model.compile("adam", "mse");
      model.fit(x, y, f -> f.epochs(1).batchSize(8).shuffle(false).verbose(0));
      NdArray<?> before = model.predict(x, p -> p.verbose(0));
      Dense dense = (Dense) model.getLayer("lora");
      NdArray<?> kernel = dense.getWeights().get(0);
      dense.enableLora(2);
      assertEquals(List.of("kernel", "bias", "lora_kernel_a", "lora_kernel_b"), names(dense.weights()));
      assertEquals(List.of("bias", "lora_kernel_a", "lora_kernel_b"), names(dense.trainableWeights()));
      assertEquals(List.of("kernel"), names(dense.nonTrainableWeights()));
      assertEquals(2, dense.loraRank());
      assertEquals(2, dense.loraAlpha());
      assertEquals(before, model.predict(x, p -> p.verbose(0)), "b starts at zero: the same predictions");
      assertEquals(before, model.predictOnBatch(x));
      Variable b = weight(dense, "lora_kernel_b");
      b.write(OracleCases.floats(random, b.shape()));
      assertNotEquals(before, model.predict(x, p -> p.verbose(0)), "the traced predict step uses LoRA now");
      List<NdArray<?>> start = dense.getWeights();
      NdArray<?> head = model.getLayer("head").getWeights().get(0);
      model.fit(x, y, f -> f.epochs(1).batchSize(8).shuffle(false).verbose(0));
      List<NdArray<?>> after = dense.getWeights();
      assertEquals(kernel, after.get(0), "the frozen kernel stays bit-identical");
      for (int i = 1; i < 4; i++) {
        assertNotEquals(start.get(i), after.get(i), "weight " + dense.weights().get(i).name() + " trains");
      }
      assertNotEquals(head, model.getLayer("head").getWeights().get(0), "the other layers still train");
      assertTrue(model.trainableWeights().containsAll(List.of(weight(dense, "lora_kernel_a"), b)));
      NdArray<?> tuned = model.predict(x, p -> p.verbose(0));
      Path file = tmp.resolve("enabled.keras");
      model.save(file);
      try (Model loaded = Models.loadModel(file)) {
        Dense read = (Dense) loaded.getLayer("lora");
        assertTrue(read.loraEnabled());
        assertEquals(2, read.loraRank());
        assertClose(tuned, loaded.predict(x, p -> p.verbose(0)));
      }
    }
  }

  /** Keras's order: build, compile, {@code enable_lora}, fit. */
  @Test
  void enableLoraAfterCompileThenFit() {
    Random random = new Random(12);
    NdArray<?> x = OracleCases.floats(random, Shape.of(6, 4));
    NdArray<?> y = OracleCases.floats(random, Shape.of(6, 2));
    try (Model model = new Sequential(Input.of(4), new Dense(2).name("lora"))) {
      model.compile("sgd", "mse");
      Dense dense = (Dense) model.getLayer("lora");
      dense.enableLora(1, 4);
      assertEquals(4, dense.loraAlpha());
      NdArray<?> kernel = dense.getWeights().get(0);
      NdArray<?> a = weight(dense, "lora_kernel_a").read();
      model.fit(x, y, f -> f.epochs(2).batchSize(3).shuffle(false).verbose(0));
      assertEquals(kernel, dense.getWeights().get(0));
      assertNotEquals(a, weight(dense, "lora_kernel_a").read());
      assertEquals(4, dense.getConfig().get("lora_alpha"));
    }
  }

  /** Keras's int8 + LoRA: quantize, enable_lora, fit: only the bias and LoRA's weights move; the int8 kernel and its scale stay. */
  @Test
  void quantizeThenEnableLoraTrainsTheAdapterOnly() {
    Random random = new Random(13);
    NdArray<?> x = OracleCases.floats(random, Shape.of(6, 4));
    NdArray<?> y = OracleCases.floats(random, Shape.of(6, 3));
    try (Model model = new Sequential(Input.of(4), new Dense(3).name("lora"))) {
      model.compile("adam", "mse");
      model.quantize("int8");
      Dense dense = (Dense) model.getLayer("lora");
      NdArray<?> before = model.predict(x, p -> p.verbose(0));
      dense.enableLora(2);
      assertEquals(List.of("bias", "lora_kernel_a", "lora_kernel_b", "kernel", "kernel_scale"),
          names(dense.weights()));
      assertEquals(before, model.predict(x, p -> p.verbose(0)));
      List<NdArray<?>> start = dense.getWeights();
      model.fit(x, y, f -> f.epochs(1).batchSize(6).shuffle(false).verbose(0));
      List<NdArray<?>> after = dense.getWeights();
      assertNotEquals(start.get(0), after.get(0), "bias");
      assertNotEquals(start.get(2), after.get(2), "lora_kernel_b");
      assertEquals(start.get(3), after.get(3), "int8 kernel");
      assertEquals(start.get(4), after.get(4), "kernel_scale");
    }
  }

  /** Keras quantizes a LoRA layer's kernel without the update and keeps LoRA's weights. */
  @Test
  void quantizingALoraLayerKeepsItsAdapter() {
    Random random = new Random(14);
    try (Model model = new Sequential(Input.of(4), new Embedding(6, 3).loraRank(2).name("lora"))) {
      Embedding layer = (Embedding) model.getLayer("lora");
      layer.setWeights(randomLike(random, layer.getWeights()));
      NdArray<?> b = weight(layer, "lora_embeddings_b").read();
      model.quantize("int8");
      assertEquals("int8", layer.quantizationMode());
      assertTrue(layer.loraEnabled());
      assertEquals(b, weight(layer, "lora_embeddings_b").read());
      assertEquals(List.of("lora_embeddings_a", "lora_embeddings_b", "embeddings", "embeddings_scale"),
          names(layer.weights()));
    }
  }

  /**
   * One mechanism for every model holding the layer: a Functional model built on Keras tensors, and an outer
   * model that holds it (its own graph), both trace again once LoRA's weights change what the layer computes.
   */
  @Test
  void everyModelHoldingTheLayerTracesAgain() {
    Random random = new Random(15);
    NdArray<?> x = OracleCases.floats(random, Shape.of(3, 4));
    dev.jkeras.KerasTensor in = Input.of(4);
    Dense dense = new Dense(3).name("lora");
    try (Model inner = new Model(in, new Dense(2).apply(dense.apply(in)));
        Model outer = new Sequential(Input.of(4), inner)) {
      NdArray<?> innerBefore = inner.predict(x, p -> p.verbose(0));
      NdArray<?> outerBefore = outer.predict(x, p -> p.verbose(0));
      assertClose(innerBefore, outerBefore);
      dense.enableLora(2);
      Variable b = weight(dense, "lora_kernel_b");
      b.write(OracleCases.floats(random, b.shape()));
      NdArray<?> innerAfter = inner.predict(x, p -> p.verbose(0));
      assertNotEquals(innerBefore, innerAfter, "the Functional model uses LoRA");
      assertClose(innerAfter, outer.predict(x, p -> p.verbose(0)));
      assertEquals(6, outer.weights().size(), "kernel, bias, a, b of the LoRA layer and the head's two");
    }
  }

  private static void assertClose(NdArray<?> expected, NdArray<?> actual) {
    OracleCases.assertClose("predictions", expected, actual, 1e-5f);
  }
}
