package dev.jkeras.layers;

import static dev.jkeras.layers.EagerLayers.call;
import static dev.jkeras.layers.EagerLayers.floats;
import static dev.jkeras.layers.EagerLayers.longs;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
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
 * {@link IntegerLookup} against Keras's own expectations ({@code integer_lookup_test.py}, test named
 * in each Javadoc): the numpy-backed oracle cannot run the layer ("requires TensorFlow").
 */
class IntegerLookupTest {
  private static final NdArray<?> ADAPT = StdArrays.ndCopyOf(new long[] {1, 1, 1, 2, 2, 3});
  private static final NdArray<?> SAMPLE = StdArrays.ndCopyOf(new long[] {1, 2, 4});

  private static NdArray<?> ints(long... values) {
    return StdArrays.ndCopyOf(values);
  }

  /** {@code test_adapt_flow}: every output mode after adapting to {@code [1, 1, 1, 2, 2, 3]}. */
  @Test
  void adaptFlow() {
    IntegerLookup intMode = new IntegerLookup().adapt(ADAPT);
    assertEquals(List.of(1L, 2L, 0L), longs(call(intMode, SAMPLE)));
    assertEquals(List.of(1L, 2L, 0L, 2L, 3L, 0L),
        longs(call(intMode, StdArrays.ndCopyOf(new long[][] {{1, 2, 4}, {2, 3, 5}}))));
    IntegerLookup oneHot = new IntegerLookup().outputMode("one_hot").adapt(ADAPT);
    assertEquals(List.of(0f, 1f, 0f, 0f, 0f, 0f, 1f, 0f, 1f, 0f, 0f, 0f), floats(call(oneHot, SAMPLE)));
    IntegerLookup multiHot = new IntegerLookup();
    multiHot.outputMode("multi_hot");
    multiHot.adapt(ADAPT);
    assertEquals(List.of(1f, 1f, 1f, 0f), floats(call(multiHot, SAMPLE)));
    IntegerLookup tfIdf = new IntegerLookup();
    tfIdf.outputMode("tf_idf");
    tfIdf.adapt(ADAPT);
    List<Float> idf = floats(call(tfIdf, SAMPLE));
    float[] expected = {1.133732f, 0.916291f, 1.098612f, 0.0f};
    for (int i = 0; i < expected.length; i++) {
      assertEquals(expected[i], idf.get(i), 1e-5, "tf_idf " + i);
    }
    IntegerLookup count = new IntegerLookup();
    count.outputMode("count");
    count.adapt(ADAPT);
    assertEquals(List.of(1f, 3f, 2f, 1f), floats(call(count, ints(1, 2, 3, 4, 1, 2, 1))));
  }

  /** {@code test_one_hot_output_with_higher_rank_input}. */
  @Test
  void oneHotOfHigherRankInput() {
    IntegerLookup layer = new IntegerLookup();
    layer.vocabulary(List.of(1, 2, 3)).outputMode("one_hot");
    NdArray<?> out = call(layer, StdArrays.ndCopyOf(new long[][] {{1, 2}, {3, 0}}));
    assertEquals(org.tensorflow.ndarray.Shape.of(2, 2, 4), out.shape());
    assertEquals(List.of(0f, 1f, 0f, 0f, 0f, 0f, 1f, 0f, 0f, 0f, 0f, 1f, 1f, 0f, 0f, 0f), floats(out));
  }

  /** {@code test_max_tokens}, {@code test_get_vocabulary}. */
  @Test
  void maxTokensAndVocabulary() {
    IntegerLookup limited = new IntegerLookup();
    limited.maxTokens(4);
    limited.adapt(ints(1, 2, 3, 4, 5, 6, 1, 1, 2, 2));
    assertEquals(4, limited.getVocabulary().size());
    IntegerLookup layer = new IntegerLookup().adapt(ints(5, 5, 5, 10, 10, 15));
    assertEquals(List.of(-1L, 5L, 10L, 15L), layer.getVocabulary());
  }

  /** {@code test_mask_token}, {@code test_invert}, {@code test_pad_to_max_tokens}, {@code test_num_oov_indices_zero}. */
  @Test
  void maskInvertPaddingAndNoOov() {
    IntegerLookup masked = new IntegerLookup();
    masked.vocabulary(List.of(1, 2, 3)).maskToken(0);
    assertEquals(List.of(0L, 2L, 3L, 4L), longs(call(masked, ints(0, 1, 2, 3))));
    IntegerLookup inverted = new IntegerLookup();
    inverted.vocabulary(List.of(10, 20, 30)).invert(true);
    assertEquals(List.of(10L, 20L, 30L, -1L), longs(call(inverted, ints(1, 2, 3, 0))));
    IntegerLookup padded = new IntegerLookup();
    padded.vocabulary(List.of(1, 2)).outputMode("multi_hot").maxTokens(5).padToMaxTokens(true);
    assertEquals(List.of(0f, 1f, 1f, 0f, 0f), floats(call(padded, ints(1, 2))));
    IntegerLookup noOov = new IntegerLookup();
    noOov.vocabulary(List.of(1, 2, 3)).numOovIndices(0);
    assertEquals(List.of(0L, 1L, 2L), longs(call(noOov, ints(1, 2, 3))));
    RuntimeException oov = assertThrows(RuntimeException.class, () -> call(noOov, ints(1, 7, 3)));
    assertTrue(oov.getMessage().contains("all inputs should be in vocabulary") && oov.getMessage().contains("7"),
        oov.getMessage());
    IntegerLookup maskedNoOov = new IntegerLookup();
    maskedNoOov.vocabulary(List.of(5, 6)).numOovIndices(0).maskToken(0);
    assertEquals(List.of(1L, 0L, 2L), longs(call(maskedNoOov, ints(5, 0, 6))));
    var input = Input.of("int64", 3);
    try (dev.jkeras.models.Model model = new dev.jkeras.models.Model(input, noOov.apply(input))) {
      RuntimeException traced = assertThrows(RuntimeException.class,
          () -> model.predictArray(StdArrays.ndCopyOf(new long[][] {{1, 2, 9}}), p -> p.verbose(0)));
      assertTrue(traced.getMessage().contains("num_oov_indices=1") && traced.getMessage().contains("9"),
          traced.getMessage());
    }
  }

  /** {@code test_num_oov_indices} (floormod) and {@code test_oov_method_farmhash_output_is_correct}. */
  @Test
  void severalOovIndices() {
    IntegerLookup floormod = new IntegerLookup();
    floormod.vocabulary(List.of(1, 2, 3)).numOovIndices(2);
    assertEquals(List.of(2L, 3L, 4L, 1L, 0L), longs(call(floormod, ints(1, 2, 3, 999, 1000))));
    IntegerLookup farmhash = new IntegerLookup().oovMethod("farmhash");
    farmhash.vocabulary(List.of(10, 20, 30)).numOovIndices(4);
    assertEquals(List.of(3L, 1L, 3L, 1L), longs(call(farmhash, ints(100, 200, 300, 400))));
    IntegerLookup salted = new IntegerLookup().oovMethod("farmhash");
    salted.vocabulary(List.of(10, 20, 30)).numOovIndices(4).salt(137, 42);
    NdArray<?> oov = ints(100, 300, 700, 1100, 1700, 2000);
    IntegerLookup unsalted = new IntegerLookup().oovMethod("farmhash");
    unsalted.vocabulary(List.of(10, 20, 30)).numOovIndices(4);
    assertNotEquals(longs(call(unsalted, oov)), longs(call(salted, oov)), "test_salt_siphash");
  }

  /** {@code test_vocabulary_from_file}. */
  @Test
  void vocabularyFromFile(@TempDir Path dir) throws Exception {
    Path file = Files.writeString(dir.resolve("vocab.txt"), "10\n20\n30\n");
    IntegerLookup layer = new IntegerLookup();
    layer.vocabulary(file);
    assertEquals(List.of(1L, 2L, 3L, 0L), longs(call(layer, ints(10, 20, 30, 999))));
  }

  /** {@code test_invalid_max_tokens}, {@code test_invalid_num_oov_indices}, {@code test_oov_method_invalid_value}. */
  @Test
  void invalidOptions() {
    assertThrows(IllegalArgumentException.class, () -> new IntegerLookup().maxTokens(1));
    assertThrows(IllegalArgumentException.class, () -> new IntegerLookup().numOovIndices(-1));
    assertThrows(IllegalArgumentException.class, () -> new IntegerLookup().oovMethod("invalid_method"));
    IllegalArgumentException strings = assertThrows(IllegalArgumentException.class,
        () -> new IntegerLookup().vocabulary(List.of("a")));
    assertTrue(strings.getMessage().contains("StringLookup"), strings.getMessage());
    IntegerLookup layer = new IntegerLookup();
    layer.vocabulary(List.of(1, 2));
    IllegalArgumentException floats = assertThrows(IllegalArgumentException.class,
        () -> call(layer, StdArrays.ndCopyOf(new float[] {1})));
    assertTrue(floats.getMessage().contains("needs int32 or int64 inputs"), floats.getMessage());
    IllegalStateException adapted = assertThrows(IllegalStateException.class, () -> layer.adapt(ints(1, 2)));
    assertTrue(adapted.getMessage().contains("Cannot adapt layer"), adapted.getMessage());
  }
}
