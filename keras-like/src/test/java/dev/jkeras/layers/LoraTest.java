package dev.jkeras.layers;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.jkeras.Shape;
import dev.jkeras.constraints.MaxNorm;
import dev.jkeras.models.Model;
import dev.jkeras.models.Models;
import dev.jkeras.models.Sequential;
import dev.jkeras.testing.KerasOracle;
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
        start.add(LoraOracleTest.floats(random, Shape.of(w.shape().asArray())));
      }
      layer.setWeights(start);
      model.compile("sgd", "mse");
      model.fit(LoraOracleTest.floats(random, Shape.of(8, 4)), LoraOracleTest.floats(random, Shape.of(8, 3)),
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
      Exception built = assertThrows(UnsupportedOperationException.class,
          () -> ((Dense) model.getLayer("plain")).enableLora(2));
      assertTrue(built.getMessage().contains(".loraRank(2)"), built.getMessage());
      Exception int8 = assertThrows(IllegalArgumentException.class, () -> model.quantize("int8"));
      assertTrue(int8.getMessage().contains("combines LoRA with int8 quantization"), int8.getMessage());
      assertEquals(null, model.getLayer("plain").quantizationMode(), "a refused quantize changes no layer");
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

  /** Keras combines LoRA with int8 (quantize, then enable_lora); jkeras refuses such a file clearly. */
  @Test
  void aKerasFileWithLoraOnAnInt8LayerIsRefusedClearly() {
    Path file = tmp.resolve("int8_lora.keras");
    KerasOracle.printedValues("import keras_env, keras\n"
        + "m = keras.Sequential([keras.Input((4,)), keras.layers.Dense(3, name='lora')])\n"
        + "m.quantize('int8')\n"
        + "m.get_layer('lora').enable_lora(2)\n"
        + "m.save(r'" + file + "')\n");
    Exception e = assertThrows(RuntimeException.class, () -> Models.loadModel(file).close());
    String message = e.getMessage() + (e.getCause() == null ? "" : " / " + e.getCause().getMessage());
    assertTrue(message.contains("combines LoRA with int8 quantization"), message);
  }

  /** The weights file of a LoRA model holds the merged kernel, so the same model without LoRA loads it and predicts the same. */
  @Test
  void loraWeightsLoadIntoTheSameModelWithoutLoraThenQuantize() {
    Random random = new Random(5);
    NdArray<?> x = LoraOracleTest.floats(random, Shape.of(3, 4));
    Path file = tmp.resolve("tuned.weights.h5");
    NdArray<?> tuned;
    try (Model model = new Sequential(Input.of(4), new Dense(3, "relu").loraRank(2).name("d"))) {
      Layer layer = model.getLayer("d");
      List<NdArray<?>> values = new ArrayList<>();
      for (NdArray<?> w : layer.getWeights()) {
        values.add(LoraOracleTest.floats(random, Shape.of(w.shape().asArray())));
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
}
