package dev.jkeras.layers;

import static dev.jkeras.layers.EagerLayers.longs;
import static dev.jkeras.layers.EagerLayers.strings;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.jkeras.models.Model;
import dev.jkeras.models.Models;
import dev.jkeras.models.Sequential;
import dev.jkeras.saving.Json;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import java.util.zip.ZipFile;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.tensorflow.ndarray.FloatNdArray;
import org.tensorflow.ndarray.NdArray;

/**
 * Lookup layers in {@code .keras} files, as Keras 3 stores them: a learned or file vocabulary goes
 * to {@code assets/<object path>/vocabulary.txt} (Keras's {@code IndexLookup.save_assets}; a
 * TextVectorization also under {@code _lookup_layer/}, the StringLookup it holds), a given one stays
 * in the config. The layouts come from Keras's {@code saving_lib} and {@code string_lookup_test.py}'s
 * {@code test_vocabulary_file} / {@code text_vectorization_test.py}'s
 * {@code test_save_load_with_ngrams_flow}, since the numpy-backed oracle cannot build these layers.
 */
class LookupSavingTest {

  private static TreeSet<String> entries(Path file) throws Exception {
    try (ZipFile zip = new ZipFile(file.toFile())) {
      TreeSet<String> names = new TreeSet<>();
      zip.stream().forEach(e -> names.add(e.getName()));
      return names;
    }
  }

  private static String entry(Path file, String name) throws Exception {
    try (ZipFile zip = new ZipFile(file.toFile())) {
      return new String(zip.getInputStream(zip.getEntry(name)).readAllBytes(), StandardCharsets.UTF_8);
    }
  }

  /** {@code test_vocabulary_file}: the vocabulary comes back from the archive, not the original file. */
  @Test
  void vocabularyFileTravelsInTheAssets(@TempDir Path dir) throws Exception {
    Path vocab = Files.writeString(dir.resolve("vocab.txt"), "a\nb\nc\n");
    StringLookup layer = new StringLookup();
    layer.oovToken("[OOV]").maskToken("[MASK]").vocabulary(vocab);
    layer.name("index");
    Files.delete(vocab);
    Path file = dir.resolve("model.keras");
    try (Sequential model = new Sequential(new InputLayer(dev.jkeras.DType.STRING, 1), layer)) {
      model.save(file);
    }
    assertEquals(new TreeSet<>(List.of("assets/layers/string_lookup/vocabulary.txt", "config.json", "metadata.json",
        "model.weights.h5")), entries(file));
    assertEquals("[MASK]\n[OOV]\na\nb\nc", entry(file, "assets/layers/string_lookup/vocabulary.txt"));
    try (Model loaded = Models.loadModel(file)) {
      StringLookup reloaded = (StringLookup) loaded.getLayer("index");
      assertEquals(List.of("[MASK]", "[OOV]", "a", "b", "c"), reloaded.getVocabulary());
      assertNull(reloaded.getConfig().get("vocabulary"));
      NdArray<?> out = loaded.predictArray(strings(new String[][] {{"b"}, {"z"}, {"[MASK]"}}), p -> p.verbose(0));
      assertEquals(List.of(3L, 1L, 0L), longs(out));
    }
  }

  /** A given vocabulary is saved in the config and no asset is written. */
  @Test
  void givenVocabularyStaysInTheConfig(@TempDir Path dir) throws Exception {
    IntegerLookup layer = new IntegerLookup();
    layer.vocabulary(List.of(12, 36, 1138)).outputMode("multi_hot");
    Path file = dir.resolve("ints.keras");
    try (Sequential model = new Sequential(new InputLayer(dev.jkeras.DType.INT64, 2), layer)) {
      model.save(file);
    }
    assertTrue(entries(file).stream().noneMatch(n -> n.startsWith("assets/")), entries(file).toString());
    Map<String, Object> config = Json.parse(entry(file, "config.json"), "config.json");
    assertTrue(Json.write(config).contains("\"vocabulary\":[12,36,1138]"), Json.write(config));
    try (Model loaded = Models.loadModel(file)) {
      FloatNdArray y = loaded.predict(org.tensorflow.ndarray.StdArrays.ndCopyOf(new long[][] {{36, 7}}),
          p -> p.verbose(0));
      assertArrayEquals(new float[] {1, 0, 1, 0}, new float[] {y.getFloat(0, 0), y.getFloat(0, 1), y.getFloat(0, 2),
          y.getFloat(0, 3)});
    }
  }

  /** {@code test_save_load_with_ngrams_flow}: an adapted TextVectorization predicts the same after a round trip. */
  @Test
  void adaptedTextVectorizationRoundTrips(@TempDir Path dir) throws Exception {
    NdArray<String> data = strings(new String[][] {{"foo bar"}, {"bar baz"}, {"baz bada boom"}});
    var input = Input.of("string", 1);
    TextVectorization vectorize = new TextVectorization().ngrams(1, 2).adapt(data);
    Path file = dir.resolve("text.keras");
    List<Long> before;
    try (Model model = new Model(input, vectorize.apply(input))) {
      before = longs(model.predictArray(data, p -> p.verbose(0)));
      model.save(file);
    }
    TreeSet<String> names = entries(file);
    assertTrue(names.contains("assets/layers/text_vectorization/vocabulary.txt"), names.toString());
    assertTrue(names.contains("assets/layers/text_vectorization/_lookup_layer/vocabulary.txt"), names.toString());
    assertEquals(entry(file, "assets/layers/text_vectorization/vocabulary.txt"),
        entry(file, "assets/layers/text_vectorization/_lookup_layer/vocabulary.txt"));
    assertTrue(entry(file, "assets/layers/text_vectorization/vocabulary.txt").startsWith("\n[UNK]\n"),
        "the mask token '' is the first line");
    try (Model loaded = Models.loadModel(file)) {
      assertEquals(before, longs(loaded.predictArray(data, p -> p.verbose(0))));
      assertEquals(vectorize.getVocabulary(), ((TextVectorization) loaded.getLayer(vectorize.name())).getVocabulary());
    }
  }

  /** An adapted tf_idf layer cannot be saved yet (its idf weights are a named h5 variable): a clear error, no file. */
  @Test
  void adaptedTfIdfRefusesToSave(@TempDir Path dir) {
    TextVectorization layer = new TextVectorization().maxTokens(100).outputMode("tf_idf")
        .adapt(strings("foo bar", "bar baz", "baz bada boom"));
    var input = Input.of("string");
    try (Model model = new Model(input, layer.apply(input))) {
      IllegalStateException e = assertThrows(IllegalStateException.class, () -> model.save(dir.resolve("t.keras")));
      assertTrue(e.getMessage().contains("idf_weights"), e.getMessage());
    }
    assertTrue(!Files.exists(dir.resolve("t.keras")));
  }
}
