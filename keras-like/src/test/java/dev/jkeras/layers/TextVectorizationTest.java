package dev.jkeras.layers;

import static dev.jkeras.layers.EagerLayers.call;
import static dev.jkeras.layers.EagerLayers.floats;
import static dev.jkeras.layers.EagerLayers.longs;
import static dev.jkeras.layers.EagerLayers.strings;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.tensorflow.ndarray.NdArray;

/**
 * {@link TextVectorization} against Keras's own expectations ({@code text_vectorization_test.py},
 * the test named in each Javadoc): the numpy-backed oracle cannot run the layer ("requires
 * TensorFlow").
 */
class TextVectorizationTest {
  private static final NdArray<String> FOO_QUX = strings(new String[][] {{"foo qux bar"}, {"qux baz"}});

  /** {@code test_adapt_flow}. */
  @Test
  void adaptFlow() {
    TextVectorization layer = new TextVectorization().maxTokens(5000).outputSequenceLength(4)
        .adapt(strings("foo bar", "bar baz", "baz bada boom"));
    assertEquals(List.of(4L, 1L, 3L, 0L, 1L, 2L, 0L, 0L), longs(call(layer, FOO_QUX)));
    assertTrue(layer.getVocabulary().contains("foo"));
  }

  /** {@code test_fixed_vocabulary} and {@code test_set_vocabulary}. */
  @Test
  void fixedAndSetVocabulary() {
    TextVectorization fixed = new TextVectorization().maxTokens(5000).outputSequenceLength(4)
        .vocabulary(List.of("baz", "bar", "foo"));
    assertEquals(List.of(4L, 1L, 3L, 0L, 1L, 2L, 0L, 0L), longs(call(fixed, FOO_QUX)));
    TextVectorization set = new TextVectorization().maxTokens(5000).outputSequenceLength(4);
    set.setVocabulary(List.of("baz", "bar", "foo"), null);
    assertEquals(List.of(4L, 1L, 3L, 0L, 1L, 2L, 0L, 0L), longs(call(set, FOO_QUX)));
  }

  /** {@code test_static_output_sequence_length}: the symbolic output is {@code (None, 4)}. */
  @Test
  void staticOutputSequenceLength() {
    TextVectorization layer = new TextVectorization().maxTokens(5000).outputSequenceLength(4)
        .vocabulary(List.of("baz", "bar", "foo"));
    assertEquals("(None, 4)", layer.apply(Input.of("string", 1)).shape().toString());
  }

  /** {@code test_multi_hot_output}, {@code test_output_mode_count_output}, {@code test_output_mode_tf_idf_output}. */
  @Test
  void vectorOutputs() {
    TextVectorization multiHot = new TextVectorization().outputMode("multi_hot").vocabulary(List.of("foo", "bar", "baz"));
    assertEquals(List.of(0f, 1f, 1f, 0f, 0f, 1f, 0f, 1f),
        floats(call(multiHot, strings(new String[][] {{"foo bar"}, {"baz foo foo"}}))));
    TextVectorization count = new TextVectorization().outputMode("count").vocabulary(List.of("foo", "bar", "baz"));
    assertEquals(List.of(0f, 1f, 1f, 0f, 0f, 2f, 0f, 1f), floats(call(count, strings("foo bar", "baz foo foo"))));
    TextVectorization tfIdf = new TextVectorization().outputMode("tf_idf").vocabulary(List.of("foo", "bar", "baz"))
        .idfWeights(0.3, 0.5, 0.2);
    List<Float> out = floats(call(tfIdf, strings("foo bar", "baz foo foo")));
    float[] expected = {0.0f, 0.3f, 0.5f, 0.0f, 0.0f, 0.6f, 0.0f, 0.2f};
    for (int i = 0; i < expected.length; i++) {
      assertEquals(expected[i], out.get(i), 1e-6, "tf_idf " + i);
    }
  }

  /** {@code test_lower_and_strip_punctuation_standardization} and {@code test_lower_standardization}. */
  @Test
  void standardization() {
    NdArray<String> text = strings("Hello, World!. This is just a nice test!");
    TextVectorization strip = new TextVectorization().vocabulary(List.of("hello", "world", "this", "is", "nice", "test"));
    assertEquals(List.of(2L, 3L, 4L, 5L, 1L, 1L, 6L, 7L), longs(call(strip, text)));
    TextVectorization lower = new TextVectorization().standardize("lower")
        .vocabulary(List.of("hello,", "hello", "world", "this", "is", "nice", "test"));
    assertEquals(List.of(2L, 1L, 5L, 6L, 1L, 1L, 7L, 1L), longs(call(lower, text)));
  }

  /** {@code test_strip_punctuation_standardization}, {@code test_no_standardization}. */
  @Test
  void stripOnlyAndNone() {
    TextVectorization strip = new TextVectorization().standardize("strip_punctuation")
        .vocabulary(List.of("Hello", "World", "Test"));
    assertEquals(List.of(2L, 3L, 4L), longs(call(strip, strings("Hello, World! Test."))));
    TextVectorization none = new TextVectorization().standardize(null).vocabulary(List.of("Hello", "world"));
    assertEquals(List.of(2L, 1L), longs(call(none, strings("Hello hello"))));
  }

  /** {@code test_char_splitting} and {@code test_no_split}. */
  @Test
  void characterAndNoSplit() {
    TextVectorization chars = new TextVectorization().split("character").vocabulary(List.of("a", "b", "c", "d", "e"));
    assertEquals(List.of(2L, 3L, 4L, 1L), longs(call(chars, strings("abcf"))));
    TextVectorization whole = new TextVectorization().split(null).vocabulary(List.of("foo", "bar", "baz"));
    NdArray<?> out = call(whole, strings(new String[][] {{"foo"}, {"bar"}, {"unknown"}}));
    assertEquals(List.of(2L, 3L, 1L), longs(out));
    assertEquals(org.tensorflow.ndarray.Shape.of(3, 1), out.shape());
  }

  /** {@code test_ngrams_integer}, {@code test_ngrams_tuple}, {@code test_max_tokens}. */
  @Test
  void ngramsAndMaxTokens() {
    List<Object> bigrams = new TextVectorization().ngrams(2).adapt(strings("foo bar baz")).getVocabulary();
    assertTrue(bigrams.contains("foo bar") && bigrams.contains("bar baz"), bigrams.toString());
    List<Object> oneAndThree = new TextVectorization().ngrams(1, 3).adapt(strings("foo bar baz")).getVocabulary();
    assertTrue(oneAndThree.contains("foo") && oneAndThree.contains("foo bar baz"), oneAndThree.toString());
    assertFalse(oneAndThree.contains("foo bar"), oneAndThree.toString());
    assertEquals(5, new TextVectorization().maxTokens(5).adapt(strings("a b c d e f g h i j")).getVocabulary().size());
  }

  /** {@code test_pad_to_max_tokens}, {@code test_get_vocabulary*}, {@code test_vocabulary_size}, {@code test_one_hot_output}. */
  @Test
  void vocabularyAndShapes() {
    TextVectorization padded = new TextVectorization().outputMode("multi_hot").vocabulary(List.of("foo", "bar"))
        .maxTokens(8).padToMaxTokens(true);
    assertEquals(org.tensorflow.ndarray.Shape.of(1, 8), call(padded, strings("foo bar")).shape());
    TextVectorization layer = new TextVectorization().vocabulary(List.of("foo", "bar", "baz"));
    assertEquals(List.of("", "[UNK]", "foo", "bar", "baz"), layer.getVocabulary());
    assertEquals(List.of("foo", "bar", "baz"), layer.getVocabulary(false));
    assertEquals(5, layer.vocabularySize());
    TextVectorization oneHot = new TextVectorization().outputMode("one_hot").vocabulary(List.of("foo", "bar", "baz"));
    assertEquals(org.tensorflow.ndarray.Shape.of(1, 2, 4), call(oneHot, strings("foo bar")).shape());
  }

  /** {@code test_vocabulary_from_file}. */
  @Test
  void vocabularyFromFile(@TempDir Path dir) throws Exception {
    Path file = Files.writeString(dir.resolve("vocab.txt"), "foo\nbar\nbaz\n");
    TextVectorization layer = new TextVectorization().vocabulary(file);
    assertEquals(List.of(2L, 3L, 4L, 1L), longs(call(layer, strings("foo bar baz unknown"))));
  }

  /** {@code test_invalid_ngrams}, {@code test_output_sequence_length_with_non_int_mode}, and inputs that are not text. */
  @Test
  void invalidOptionsAndInputs() {
    assertThrows(IllegalArgumentException.class, () -> new TextVectorization().ngrams(0));
    IllegalArgumentException length = assertThrows(IllegalArgumentException.class,
        () -> new TextVectorization().outputMode("multi_hot").outputSequenceLength(3).getVocabulary());
    assertTrue(length.getMessage().contains("`output_sequence_length` must not be set"), length.getMessage());
    assertTrue(assertThrows(IllegalArgumentException.class, () -> new TextVectorization().split("comma"))
        .getMessage().contains("Received: split=comma"));
    TextVectorization layer = new TextVectorization().vocabulary(List.of("a"));
    IllegalArgumentException ints = assertThrows(IllegalArgumentException.class,
        () -> call(layer, org.tensorflow.ndarray.StdArrays.ndCopyOf(new int[] {1})));
    assertTrue(ints.getMessage().contains("needs string inputs"), ints.getMessage());
    IllegalArgumentException wide = assertThrows(IllegalArgumentException.class,
        () -> call(layer, strings(new String[][] {{"a", "b"}})));
    assertTrue(wide.getMessage().contains("the last shape dimension must be 1"), wide.getMessage());
    assertThrows(IllegalStateException.class, () -> layer.adapt(strings("a b")));
  }
}
