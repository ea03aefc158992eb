package dev.jkeras.layers;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.jkeras.Shape;
import dev.jkeras.backend.Variable;
import dev.jkeras.models.Model;
import dev.jkeras.models.Models;
import dev.jkeras.models.Sequential;
import dev.jkeras.saving.Json;
import dev.jkeras.testing.KerasOracle;
import dev.jkeras.testing.Npy;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.function.Supplier;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.tensorflow.ndarray.FloatNdArray;
import org.tensorflow.ndarray.NdArray;
import org.tensorflow.ndarray.NdArrays;
import org.tensorflow.ndarray.buffer.DataBuffers;

/**
 * LoRA ({@code lora_rank}) on Dense, EinsumDense and Embedding judged by Keras 3.15.1: with the same
 * kernel, bias and LoRA weights both predict the same; Keras loads the {@code .keras} file jkeras saved
 * (LoRA merged into the kernel) and predicts the same; jkeras loads the one Keras saved and predicts the
 * same; the config's {@code lora_rank}/{@code lora_alpha} and the trainable split are Keras's.
 */
class LoraOracleTest {
  private static final float TOLERANCE = 1e-5f;
  private static Path dir;
  private static Map<String, Object> results;
  private static final Map<String, NdArray<?>> inputs = new LinkedHashMap<>();
  private static final Map<String, FloatNdArray> predictions = new LinkedHashMap<>();
  private static final Map<String, Map<String, Object>> configs = new LinkedHashMap<>();
  private static final Map<String, List<String>> trainable = new LinkedHashMap<>();
  private static final Map<String, List<String>> weightNames = new LinkedHashMap<>();

  static Map<String, Supplier<Model>> kinds() {
    Map<String, Supplier<Model>> kinds = new LinkedHashMap<>();
    kinds.put("dense", () -> new Sequential(Input.of(4), new Dense(3, "tanh").loraRank(2).name("lora"),
        new Dense(2)));
    kinds.put("dense_alpha_rank3_no_bias", () -> new Sequential(Input.of(2, 5),
        new Dense(4).useBias(false).loraRank(3).loraAlpha(12).name("lora")));
    kinds.put("einsum", () -> new Sequential(Input.of(5, 6),
        new EinsumDense("abc,cde->abde", Shape.UNKNOWN, 3, 4).biasAxes("de").loraRank(2).loraAlpha(6).name("lora"),
        new Flatten()));
    kinds.put("embedding", () -> new Sequential(Input.of("int32", 5), new Embedding(10, 4).loraRank(3).name("lora"),
        new GlobalAveragePooling1D()));
    return kinds;
  }

  @BeforeAll
  static void runBothSides() throws IOException {
    KerasOracle.assumeAvailable();
    dir = Files.createTempDirectory("lora-oracle");
    Map<String, Object> manifest = new LinkedHashMap<>();
    Random random = new Random(17);
    for (Map.Entry<String, Supplier<Model>> kind : kinds().entrySet()) {
      String name = kind.getKey();
      try (Model model = kind.getValue().get()) {
        Layer layer = model.getLayer("lora");
        List<NdArray<?>> values = new ArrayList<>();
        for (NdArray<?> w : layer.getWeights()) {
          values.add(floats(random, Shape.of(w.shape().asArray())));
        }
        layer.setWeights(values);
        for (int i = 0; i < values.size(); i++) {
          Npy.write(dir.resolve(name + ".w" + i + ".npy"), values.get(i));
        }
        NdArray<?> x = name.equals("embedding") ? indices(random, 3, 5, 10)
            : floats(random, model.inputShape().with(0, 3));
        inputs.put(name, x);
        Npy.write(dir.resolve(name + ".x.npy"), x);
        predictions.put(name, model.predict(x, p -> p.verbose(0)));
        configs.put(name, layer.getConfig());
        trainable.put(name, shortNames(layer.trainableWeights()));
        weightNames.put(name, shortNames(layer.weights()));
        model.save(dir.resolve(name + ".keras"));
        manifest.put(name, Map.of("layer", "lora", "weights", values.size()));
      }
    }
    Files.writeString(dir.resolve("manifest.json"), Json.write(manifest));
    KerasOracle.run("lora.py", dir.toString());
    results = Json.parse(Files.readString(dir.resolve("results.json")), "results.json");
  }

  private static List<String> shortNames(List<Variable> variables) {
    return variables.stream().map(v -> v.name().substring(v.name().lastIndexOf('/') + 1)).toList();
  }

  private static List<String> shortPaths(Object paths) {
    return ((List<?>) paths).stream().map(String::valueOf).map(p -> p.substring(p.lastIndexOf('/') + 1)).toList();
  }

  static FloatNdArray floats(Random random, Shape shape) {
    float[] values = new float[Math.toIntExact(shape.size())];
    for (int i = 0; i < values.length; i++) {
      values[i] = (float) random.nextGaussian();
    }
    return NdArrays.wrap(org.tensorflow.ndarray.Shape.of(shape.asArray()), DataBuffers.of(values, false, false));
  }

  static NdArray<?> indices(Random random, int rows, int columns, int bound) {
    int[] values = new int[rows * columns];
    for (int i = 0; i < values.length; i++) {
      values[i] = random.nextInt(bound);
    }
    return NdArrays.wrap(org.tensorflow.ndarray.Shape.of(rows, columns), DataBuffers.of(values, false, false));
  }

  @SuppressWarnings("unchecked")
  private static Map<String, Object> result(String kind) {
    Map<String, Object> result = (Map<String, Object>) results.get(kind);
    assertNull(result.get("error"), () -> "Keras failed on " + kind + ":\n" + result.get("error"));
    return result;
  }

  @Test
  void predictionsWithTheSameLoraWeightsEqualKeras() {
    for (String kind : kinds().keySet()) {
      result(kind);
      assertClose(kind, Npy.read(dir.resolve(kind + ".keras_pred.npy")), predictions.get(kind));
    }
  }

  @Test
  void kerasLoadsJkerasFilesWithLoraMergedAndPredictsTheSame() {
    for (String kind : kinds().keySet()) {
      Map<String, Object> result = result(kind);
      assertClose(kind + " (Keras reading jkeras's file)", Npy.read(dir.resolve(kind + ".keras_reads.npy")),
          predictions.get(kind));
      assertEquals(Boolean.TRUE, result.get("loaded_lora_zero"), kind);
    }
  }

  @Test
  void jkerasLoadsKerasFilesAndPredictsTheSame() {
    for (String kind : kinds().keySet()) {
      result(kind);
      try (Model loaded = Models.loadModel(dir.resolve(kind + ".keras_side.keras"))) {
        FloatNdArray y = loaded.predict(inputs.get(kind), p -> p.verbose(0));
        assertClose(kind + " (jkeras reading Keras's file)", Npy.read(dir.resolve(kind + ".keras_pred.npy")), y);
        Layer layer = loaded.getLayer("lora");
        List<NdArray<?>> weights = layer.getWeights();
        for (NdArray<?> w : weights.subList(weights.size() - 2, weights.size())) {
          FloatNdArray f = (FloatNdArray) w;
          f.scalars().forEach(s -> assertEquals(0f, s.getFloat(), kind + ": LoRA weights start from zero after load"));
        }
        assertEquals(configs.get(kind).get("lora_rank"), layer.getConfig().get("lora_rank"), kind);
        assertEquals(configs.get(kind).get("lora_alpha"), layer.getConfig().get("lora_alpha"), kind);
      }
    }
  }

  @Test
  void configAndTrainableSplitAreKeras() {
    for (String kind : kinds().keySet()) {
      Map<String, Object> result = result(kind);
      assertEquals(((Number) result.get("lora_rank")).intValue(), configs.get(kind).get("lora_rank"), kind);
      assertEquals(((Number) result.get("lora_alpha")).intValue(), configs.get(kind).get("lora_alpha"), kind);
      assertEquals(shortPaths(result.get("weights")), weightNames.get(kind), kind + " weights");
      assertEquals(shortPaths(result.get("trainable")), trainable.get(kind), kind + " trainable weights");
    }
  }

  private static void assertClose(String what, NdArray<?> expected, FloatNdArray actual) {
    assertArrayEquals(expected.shape().asArray(), actual.shape().asArray(), what + ": shape");
    FloatNdArray e = (FloatNdArray) expected;
    float[] ev = new float[Math.toIntExact(e.size())];
    float[] av = new float[ev.length];
    e.copyTo(DataBuffers.of(ev, false, false));
    actual.copyTo(DataBuffers.of(av, false, false));
    for (int i = 0; i < ev.length; i++) {
      assertTrue(Math.abs(ev[i] - av[i]) <= TOLERANCE * Math.max(1, Math.abs(ev[i])),
          what + ": value " + i + " expected " + ev[i] + ", got " + av[i]);
    }
  }
}
