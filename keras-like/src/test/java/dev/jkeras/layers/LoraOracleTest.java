package dev.jkeras.layers;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.jkeras.Shape;
import dev.jkeras.backend.Variable;
import dev.jkeras.models.Model;
import dev.jkeras.models.Models;
import dev.jkeras.models.Sequential;
import dev.jkeras.testing.OracleCases;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.function.Supplier;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.tensorflow.ndarray.FloatNdArray;
import org.tensorflow.ndarray.NdArray;

/**
 * LoRA on Dense, EinsumDense and Embedding judged by Keras 3.15.1, three ways: {@code lora_rank} given before
 * build ("build"), {@code enable_lora} on the built layer ("enable"), and {@code quantize("int8")} then
 * {@code enable_lora} ("int8"). With the same weights both predict the same; each side loads the other's
 * {@code .keras} file (the update merged into the kernel; an int8 kernel dequantized, merged and quantized
 * again) and predicts as the side that wrote it reads it; the int8 files hold the same values; configs,
 * weight order and the trainable split are Keras's.
 */
class LoraOracleTest {
  private static final float TOLERANCE = 1e-5f;
  private static OracleCases cases;
  private static final Map<String, Case> ran = new LinkedHashMap<>();

  /** A case: how LoRA is enabled, the model, its rank and alpha (null: Keras's default). */
  record Case(String mode, Supplier<Model> model, int rank, Integer alpha) {}

  /** What jkeras computed for a case. */
  private record Ran(NdArray<?> x, FloatNdArray prediction, Map<String, Object> config, List<String> weights,
      List<String> trainable, FloatNdArray readsOwnFile, List<NdArray<?>> ownFileWeights) {}

  private static final Map<String, Ran> jkeras = new LinkedHashMap<>();

  static Map<String, Case> kinds() {
    Map<String, Case> kinds = new LinkedHashMap<>();
    kinds.put("dense", new Case("build", () -> new Sequential(Input.of(4),
        new Dense(3, "tanh").loraRank(2).name("lora"), new Dense(2)), 2, null));
    kinds.put("dense_alpha_rank3_no_bias", new Case("build", () -> new Sequential(Input.of(2, 5),
        new Dense(4).useBias(false).loraRank(3).loraAlpha(12).name("lora")), 3, 12));
    kinds.put("einsum", new Case("build", () -> new Sequential(Input.of(5, 6),
        new EinsumDense("abc,cde->abde", Shape.UNKNOWN, 3, 4).biasAxes("de").loraRank(2).loraAlpha(6).name("lora"),
        new Flatten()), 2, 6));
    kinds.put("embedding", new Case("build", () -> new Sequential(Input.of("int32", 5),
        new Embedding(10, 4).loraRank(3).name("lora"), new GlobalAveragePooling1D()), 3, null));
    kinds.put("dense_enable", new Case("enable", () -> new Sequential(Input.of(4),
        new Dense(3, "tanh").name("lora"), new Dense(2)), 2, null));
    kinds.put("dense_enable_alpha_rank3_no_bias", new Case("enable", () -> new Sequential(Input.of(2, 5),
        new Dense(4).useBias(false).name("lora")), 3, 12));
    kinds.put("einsum_enable", new Case("enable", () -> new Sequential(Input.of(5, 6),
        new EinsumDense("abc,cde->abde", Shape.UNKNOWN, 3, 4).biasAxes("de").name("lora"), new Flatten()), 2, 6));
    kinds.put("embedding_enable", new Case("enable", () -> new Sequential(Input.of("int32", 5),
        new Embedding(10, 4).name("lora"), new GlobalAveragePooling1D()), 3, 6));
    kinds.put("dense_int8", new Case("int8", () -> new Sequential(Input.of(4), new Dense(3, "tanh").name("lora")),
        2, null));
    kinds.put("dense_int8_alpha_rank3_no_bias", new Case("int8", () -> new Sequential(Input.of(2, 5),
        new Dense(4).useBias(false).name("lora")), 3, 12));
    kinds.put("einsum_int8", new Case("int8", () -> new Sequential(Input.of(5, 6),
        new EinsumDense("abc,cde->abde", Shape.UNKNOWN, 3, 4).biasAxes("de").name("lora"), new Flatten()), 2, 6));
    kinds.put("embedding_int8", new Case("int8", () -> new Sequential(Input.of("int32", 5),
        new Embedding(10, 4).name("lora"), new GlobalAveragePooling1D()), 3, null));
    return kinds;
  }

  @BeforeAll
  static void runBothSides() {
    cases = OracleCases.open("lora-oracle");
    Random random = new Random(17);
    kinds().forEach((name, c) -> {
      try (Model model = c.model().get()) {
        NdArray<?> x = name.startsWith("embedding") ? OracleCases.indices(random, 3, 5, 10)
            : OracleCases.floats(random, model.inputShape().with(0, 3));
        cases.write(name, "x", x);
        Layer layer = model.getLayer("lora");
        LoraLayer lora = (LoraLayer) layer;
        Map<String, Object> spec = new LinkedHashMap<>(Map.of("layer", "lora", "mode", c.mode(), "rank", c.rank()));
        spec.put("alpha", c.alpha());
        if (c.mode().equals("int8")) {
          layer.setWeights(randomLike(random, layer.getWeights()));
          model.save(cases.file(name, "keras"));
          model.quantize("int8");
          enable(lora, c);
          List<Variable> adapter = layer.weights().stream().filter(w -> w.name().contains("/lora_")).toList();
          for (int i = 0; i < adapter.size(); i++) {
            NdArray<?> value = OracleCases.floats(random, adapter.get(i).shape());
            adapter.get(i).write(value);
            cases.write(name, "lora" + i, value);
          }
        } else {
          if (c.mode().equals("enable")) {
            enable(lora, c);
          }
          List<NdArray<?>> values = randomLike(random, layer.getWeights());
          layer.setWeights(values);
          for (int i = 0; i < values.size(); i++) {
            cases.write(name, "w" + i, values.get(i));
          }
          spec.put("weights", values.size());
        }
        FloatNdArray prediction = model.predict(x, p -> p.verbose(0));
        FloatNdArray readsOwn = null;
        List<NdArray<?>> ownWeights = null;
        if (c.mode().equals("int8")) {
          model.save(cases.file(name, "jkeras_lora.keras"));
          try (Model own = Models.loadModel(cases.file(name, "jkeras_lora.keras"))) {
            readsOwn = own.predict(x, p -> p.verbose(0));
            ownWeights = own.getLayer("lora").getWeights();
          }
        } else {
          model.save(cases.file(name, "keras"));
        }
        jkeras.put(name, new Ran(x, prediction, layer.getConfig(), shortNames(layer.weights()),
            shortNames(layer.trainableWeights()), readsOwn, ownWeights));
        cases.add(name, spec);
        ran.put(name, c);
      }
    });
    cases.run("lora.py");
  }

  private static void enable(LoraLayer lora, Case c) {
    if (c.alpha() == null) {
      lora.enableLora(c.rank());
    } else {
      lora.enableLora(c.rank(), c.alpha());
    }
  }

  private static List<NdArray<?>> randomLike(Random random, List<NdArray<?>> weights) {
    List<NdArray<?>> values = new ArrayList<>();
    for (NdArray<?> w : weights) {
      values.add(OracleCases.floats(random, Shape.of(w.shape().asArray())));
    }
    return values;
  }

  @AfterAll
  static void deleteFiles() {
    if (cases != null) {
      cases.close();
    }
  }

  private static List<String> shortNames(List<Variable> variables) {
    return variables.stream().map(v -> v.name().substring(v.name().lastIndexOf('/') + 1)).toList();
  }

  private static List<String> shortPaths(Object paths) {
    return ((List<?>) paths).stream().map(String::valueOf).map(p -> p.substring(p.lastIndexOf('/') + 1)).toList();
  }

  private static boolean int8(String kind) {
    return ran.get(kind).mode().equals("int8");
  }

  @Test
  void predictionsWithTheSameLoraWeightsEqualKeras() {
    for (String kind : ran.keySet()) {
      cases.result(kind);
      OracleCases.assertClose(kind, cases.read(kind, "keras_pred"), jkeras.get(kind).prediction(), TOLERANCE);
    }
  }

  @Test
  void kerasLoadsJkerasFilesWithLoraMergedAndPredictsTheSame() {
    for (String kind : ran.keySet()) {
      Map<String, Object> result = cases.result(kind);
      Ran side = jkeras.get(kind);
      // An int8 file holds the requantized merged kernel: Keras reads it as jkeras reads it back.
      OracleCases.assertClose(kind + " (Keras reading jkeras's file)", cases.read(kind, "keras_reads"),
          int8(kind) ? side.readsOwnFile() : side.prediction(), TOLERANCE);
      assertEquals(Boolean.TRUE, result.get("loaded_lora_zero"), kind);
    }
  }

  @Test
  void jkerasLoadsKerasFilesAndPredictsTheSame() {
    for (String kind : ran.keySet()) {
      Map<String, Object> result = cases.result(kind);
      try (Model loaded = Models.loadModel(cases.file(kind, "keras_side.keras"))) {
        FloatNdArray y = loaded.predict(jkeras.get(kind).x(), p -> p.verbose(0));
        OracleCases.assertClose(kind + " (jkeras reading Keras's file)",
            cases.read(kind, int8(kind) ? "keras_reads_own" : "keras_pred"), y, TOLERANCE);
        Layer layer = loaded.getLayer("lora");
        for (Variable w : layer.weights()) {
          if (w.name().contains("/lora_")) {
            ((FloatNdArray) w.read()).scalars().forEach(s -> assertEquals(0f, s.getFloat(),
                kind + ": LoRA weights start from zero after load"));
          }
        }
        assertEquals(jkeras.get(kind).config().get("lora_rank"), layer.getConfig().get("lora_rank"), kind);
        assertEquals(((Number) result.get("reloaded_alpha")).intValue(), layer.getConfig().get("lora_alpha"),
            kind + ": lora_alpha once loaded, as Keras loads the file");
      }
    }
  }

  /** Saving an int8 LoRA layer dequantizes, merges and quantizes again: both sides' files hold the same values. */
  @Test
  void int8FilesHoldKerasValues() {
    for (String kind : ran.keySet()) {
      if (!int8(kind)) {
        continue;
      }
      cases.result(kind);
      List<NdArray<?>> own = jkeras.get(kind).ownFileWeights();
      for (int i = 0; i < own.size(); i++) {
        NdArray<?> keras = cases.read(kind, "k_file." + i);
        OracleCases.assertClose(kind + ": weight " + i + " of Keras's file vs jkeras's", keras,
            cases.read(kind, "jk_file." + i), 1e-6f);
        OracleCases.assertClose(kind + ": weight " + i + " of jkeras's file as jkeras reads it", keras, own.get(i),
            1e-6f);
      }
    }
  }

  @Test
  void configAndTrainableSplitAreKeras() {
    for (String kind : ran.keySet()) {
      Map<String, Object> result = cases.result(kind);
      Ran side = jkeras.get(kind);
      assertEquals(((Number) result.get("lora_rank")).intValue(), side.config().get("lora_rank"), kind);
      assertEquals(((Number) result.get("lora_alpha")).intValue(), side.config().get("lora_alpha"), kind);
      assertEquals(shortPaths(result.get("weights")), side.weights(), kind + " weights");
      assertEquals(shortPaths(result.get("trainable")), side.trainable(), kind + " trainable weights");
      assertTrue(side.weights().size() >= 3, kind);
    }
  }
}
