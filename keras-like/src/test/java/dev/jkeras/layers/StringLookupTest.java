package dev.jkeras.layers;

import static dev.jkeras.layers.EagerLayers.call;
import static dev.jkeras.layers.EagerLayers.floats;
import static dev.jkeras.layers.EagerLayers.longs;
import static dev.jkeras.layers.EagerLayers.strings;
import static dev.jkeras.layers.EagerLayers.values;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.tensorflow.ndarray.NdArray;
import org.tensorflow.ndarray.StdArrays;

/**
 * {@link StringLookup} against Keras's own expectations: the numpy-backed oracle cannot run the layer
 * ("requires TensorFlow"), so each test takes its inputs and expected outputs from the
 * {@code keras/src/layers/preprocessing/string_lookup_test.py} test named in its Javadoc.
 */
class StringLookupTest {

  /** {@code test_fixed_vocabulary}. */
  @Test
  void fixedVocabulary() {
    StringLookup layer = new StringLookup().vocabulary(List.of("a", "b", "c"));
    assertEquals(List.of(2L, 3L, 0L), longs(call(layer, strings("b", "c", "d"))));
  }

  /** {@code test_adapt_flow}. */
  @Test
  void adaptFlow() {
    StringLookup layer = new StringLookup().adapt(strings("a", "a", "a", "b", "b", "c"));
    assertEquals(List.of(2L, 3L, 0L), longs(call(layer, strings("b", "c", "d"))));
    assertEquals(List.of("[UNK]", "a", "b", "c"), layer.getVocabulary());
  }

  /** {@code test_set_vocabulary}. */
  @Test
  void setVocabulary() {
    StringLookup layer = new StringLookup();
    layer.setVocabulary(List.of("a", "b", "c"), null);
    assertEquals(List.of(2L, 3L, 0L), longs(call(layer, strings("b", "c", "d"))));
  }

  /** {@code test_tensor_as_vocab}: a 2-D input. */
  @Test
  void twoDimensionalInput() {
    StringLookup layer = new StringLookup();
    layer.vocabulary(List.of("a", "b", "c", "d"));
    NdArray<?> out = call(layer, strings(new String[][] {{"a", "c", "d"}, {"d", "z", "b"}}));
    assertEquals(List.of(1L, 3L, 4L, 4L, 0L, 2L), longs(out));
    assertEquals(org.tensorflow.ndarray.Shape.of(2, 3), out.shape());
  }

  /** {@code test_invert_lookup_basic}. */
  @Test
  void invertLookup() {
    StringLookup layer = new StringLookup();
    layer.vocabulary(List.of("a", "b", "c")).invert(true);
    assertEquals(List.of("a", "b", "[UNK]"), values(call(layer, StdArrays.ndCopyOf(new long[] {1, 2, 0}))));
  }

  /** {@code test_torch_backend_compatibility}: a custom OOV token, forward and inverted. */
  @Test
  void customOovToken() {
    StringLookup forward = new StringLookup();
    forward.vocabulary(List.of("a", "b", "c")).oovToken("[OOV]");
    assertEquals(List.of(1L, 2L, 0L, 0L), longs(call(forward, strings("a", "b", "[OOV]", "d"))));
    StringLookup inverse = new StringLookup();
    inverse.vocabulary(List.of("a", "b", "c")).oovToken("[OOV]").invert(true);
    assertEquals(List.of("a", "b", "[OOV]"), values(call(inverse, StdArrays.ndCopyOf(new long[] {1, 2, 0}))));
  }

  /** {@code test_output_mode_count_shape} and {@code test_output_mode_multi_hot_binary}. */
  @Test
  void countAndMultiHot() {
    StringLookup count = new StringLookup();
    count.vocabulary(List.of("a", "b")).outputMode("count");
    assertEquals(List.of(0f, 3f, 2f), floats(call(count, strings("a", "a", "a", "b", "b"))));
    StringLookup multiHot = new StringLookup();
    multiHot.vocabulary(List.of("a", "b")).outputMode("multi_hot");
    assertEquals(List.of(0f, 1f, 1f), floats(call(multiHot, strings("a", "b"))));
  }

  /** {@code test_mask_token_basic}. */
  @Test
  void maskToken() {
    StringLookup layer = new StringLookup();
    layer.vocabulary(List.of("a")).maskToken("[MASK]");
    assertEquals(List.of(0L, 2L), longs(call(layer, strings("[MASK]", "a"))));
  }

  /** {@code test_get_vocabulary_include_special_tokens_false} and {@code test_config}. */
  @Test
  void vocabularyAndConfig() {
    StringLookup layer = new StringLookup();
    layer.vocabulary(List.of("a", "b", "c")).oovToken("[OOV]").maskToken("[MASK]");
    assertEquals(List.of("a", "b", "c"), layer.getVocabulary(false));
    assertEquals(List.of("a", "b", "c"), layer.getConfig().get("vocabulary"));
    StringLookup rebuilt = StringLookup.fromConfig(new dev.jkeras.saving.Config("StringLookup", layer.getConfig()));
    assertEquals(layer.getConfig(), rebuilt.getConfig());
  }

  /** {@code test_one_hot_symbolic_output_shape_nested_input}: one_hot keeps every input axis. */
  @Test
  void oneHotOfNestedInput() {
    StringLookup layer = new StringLookup();
    layer.maxTokens(20).numOovIndices(4).vocabulary(List.of("a", "b", "c", "d", "e", "f", "g", "h", "i"))
        .outputMode("one_hot").padToMaxTokens(true);
    assertEquals("(None, 2, 2, 20)", layer.apply(Input.of("string", 2, 2)).shape().toString());
    NdArray<String> input = org.tensorflow.ndarray.NdArrays.ofObjects(String.class,
        org.tensorflow.ndarray.Shape.of(2, 2, 2));
    String[] letters = {"a", "b", "c", "d"};
    for (int i = 0; i < 8; i++) {
      input.setObject(letters[i % 4], i / 4, (i / 2) % 2, i % 2);
    }
    assertEquals(org.tensorflow.ndarray.Shape.of(2, 2, 2, 20), call(layer, input).shape());
  }

  /** {@code test_vocabulary_file}. */
  @Test
  void vocabularyFile(@TempDir Path dir) throws Exception {
    Path file = Files.writeString(dir.resolve("vocab.txt"), "a\nb\nc\n");
    StringLookup layer = new StringLookup();
    layer.oovToken("[OOV]").maskToken("[MASK]").vocabulary(file);
    assertEquals(List.of("[MASK]", "[OOV]", "a", "b", "c"), layer.getVocabulary());
    assertNull(layer.getConfig().get("vocabulary"));
  }

  /** Several OOV indices: tokens out of the vocabulary spread over them by FarmHash (index_lookup_test's oov cases). */
  @Test
  void severalOovIndicesHashTheToken() {
    StringLookup layer = new StringLookup();
    layer.vocabulary(List.of("a", "b")).numOovIndices(2);
    List<Long> out = longs(call(layer, strings("a", "b", "x", "x", "y", "z", "w")));
    assertEquals(List.of(2L, 3L), out.subList(0, 2));
    assertEquals(out.get(2), out.get(3));
    assertTrue(out.subList(2, 7).stream().allMatch(i -> i == 0 || i == 1), out.toString());
    assertTrue(out.subList(2, 7).contains(0L) && out.subList(2, 7).contains(1L), out.toString());
  }

  @Test
  void errorsSayWhatIsWrong() {
    IllegalArgumentException repeated = assertThrows(IllegalArgumentException.class,
        () -> new StringLookup().vocabulary(List.of("a", "b", "a")).getVocabulary());
    assertTrue(repeated.getMessage().contains("repeated term") && repeated.getMessage().contains("[a]"),
        repeated.getMessage());
    IllegalArgumentException mask = assertThrows(IllegalArgumentException.class,
        () -> new StringLookup().maskToken("").vocabulary(List.of("a", "")).getVocabulary());
    assertTrue(mask.getMessage().contains("reserved mask token"), mask.getMessage());
    IllegalArgumentException mode = assertThrows(IllegalArgumentException.class,
        () -> new StringLookup().outputMode("onehot"));
    assertTrue(mode.getMessage().contains("output_mode=onehot"), mode.getMessage());
    StringLookup lookup = new StringLookup();
    lookup.vocabulary(List.of("a"));
    IllegalArgumentException ints = assertThrows(IllegalArgumentException.class,
        () -> call(lookup, StdArrays.ndCopyOf(new int[] {1, 2})));
    assertTrue(ints.getMessage().contains("needs string inputs") && ints.getMessage().contains("IntegerLookup"),
        ints.getMessage());
    IllegalStateException unset = assertThrows(IllegalStateException.class,
        () -> call(new StringLookup().outputMode("multi_hot"), strings("a")));
    assertTrue(unset.getMessage().contains("must set the layer's vocabulary"), unset.getMessage());
    assertThrows(IllegalArgumentException.class, () -> new StringLookup().maxTokens(1));
  }

  /** As in Keras, the layer may join a model before it adapts; the vocabulary counts from the model's first run. */
  @Test
  void adaptAfterJoiningAModel() {
    StringLookup layer = new StringLookup();
    var input = Input.of("string", 3);
    try (dev.jkeras.models.Model model = new dev.jkeras.models.Model(input, layer.apply(input))) {
      layer.adapt(strings("a", "a", "a", "b", "b", "c"));
      assertEquals(List.of(2L, 3L, 0L), longs(model.predictArray(strings(new String[][] {{"b", "c", "d"}}),
          p -> p.verbose(0))));
    }
  }
}
