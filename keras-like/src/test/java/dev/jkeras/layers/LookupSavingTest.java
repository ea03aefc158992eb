package dev.jkeras.layers;

import static dev.jkeras.layers.EagerLayers.floats;
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
import dev.jkeras.saving.KerasArchive;
import dev.jkeras.saving.WeightsFile;
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
import org.tensorflow.ndarray.NdArrays;

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

  /**
   * An adapted tf_idf layer saves its idf weights as Keras's {@code save_own_variables} does:
   * {@code vars/idf_weights} of the TextVectorization and of the StringLookup it holds.
   */
  @Test
  void adaptedTfIdfRoundTrips(@TempDir Path dir) throws Exception {
    NdArray<String> data = strings("foo bar", "bar baz", "baz bada boom");
    TextVectorization layer = new TextVectorization().maxTokens(100).outputMode("tf_idf").adapt(data);
    var input = Input.of("string");
    Path file = dir.resolve("t.keras");
    List<Float> before;
    try (Model model = new Model(input, layer.apply(input))) {
      before = floats(model.predictArray(strings("bar bar foo", "boom zzz"), p -> p.verbose(0)));
      model.save(file);
    }
    var weights = KerasArchive.read(file).weights();
    NdArray<?> own = weights.get("layers/text_vectorization").named().get("idf_weights");
    NdArray<?> lookups = weights.get("layers/text_vectorization/_lookup_layer").named().get("idf_weights");
    assertEquals(org.tensorflow.ndarray.Shape.of(6), own.shape(), "[UNK] and the five tokens");
    assertEquals(floats(own), floats(lookups));
    try (Model loaded = Models.loadModel(file)) {
      assertEquals(before, floats(loaded.predictArray(strings("bar bar foo", "boom zzz"), p -> p.verbose(0))));
    }
  }

  /** A StringLookup's idf weights travel the same way; damaged or misplaced ones are refused by name. */
  @Test
  void idfWeightsInTheFileAreChecked(@TempDir Path dir) throws Exception {
    StringLookup lookup = new StringLookup().outputMode("tf_idf").adapt(strings("a", "a", "b", "c"));
    lookup.name("lookup");
    Path file = dir.resolve("s.keras");
    List<Float> before;
    try (Model model = new Sequential(new InputLayer(dev.jkeras.DType.STRING, 2), lookup)) {
      before = floats(model.predictArray(strings(new String[][] {{"a", "c"}}), p -> p.verbose(0)));
      model.save(file);
    }
    try (Model loaded = Models.loadModel(file)) {
      assertEquals(before, floats(loaded.predictArray(strings(new String[][] {{"a", "c"}}), p -> p.verbose(0))));
    }
    Path ints = withWeights(file, dir.resolve("ints.keras"), "layers/string_lookup",
        NdArrays.vectorOf(1, 2, 3, 4));
    String message = assertThrows(IllegalArgumentException.class, () -> Models.loadModel(ints)).getMessage();
    assertTrue(message.contains("idf_weights") && message.contains("floats"), message);
    Path missing = withWeights(file, dir.resolve("missing.keras"), "layers/string_lookup", null);
    message = assertThrows(IllegalArgumentException.class, () -> Models.loadModel(missing)).getMessage();
    assertTrue(message.contains("idf_weights") && message.contains("missing"), message);
    Path elsewhere = withWeights(file, dir.resolve("elsewhere.keras"), "layers/other", NdArrays.vectorOf(1f, 2f));
    message = assertThrows(IllegalArgumentException.class, () -> Models.loadModel(elsewhere)).getMessage();
    assertTrue(message.contains("layers/other") && message.contains("different architecture"), message);
  }

  /** A copy of the archive {@code from} whose weights hold {@code idf} (none when null) by name at {@code path}. */
  private static Path withWeights(Path from, Path to, String path, NdArray<?> idf) throws Exception {
    Path h5 = to.resolveSibling(to.getFileName() + ".h5");
    Map<String, WeightsFile.SavedObject> objects = idf == null ? Map.of()
        : Map.of(path, new WeightsFile.SavedObject("lookup", List.of(), Map.of("idf_weights", idf)));
    WeightsFile.write(h5, objects);
    try (ZipFile zip = new ZipFile(from.toFile());
        var out = new java.util.zip.ZipOutputStream(Files.newOutputStream(to))) {
      for (var e : java.util.Collections.list(zip.entries())) {
        out.putNextEntry(new java.util.zip.ZipEntry(e.getName()));
        out.write(e.getName().equals("model.weights.h5") ? Files.readAllBytes(h5)
            : zip.getInputStream(e).readAllBytes());
        out.closeEntry();
      }
    }
    return to;
  }
}
