package dev.jkeras.ops;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.jkeras.KerasTensor;
import dev.jkeras.RaggedTensor;
import dev.jkeras.backend.Backends;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.tensorflow.ndarray.NdArray;
import org.tensorflow.ndarray.NdArrays;
import org.tensorflow.ndarray.StdArrays;

/**
 * The string ops family on arrays, with the values {@code tf.strings} documents for these inputs
 * (Keras has no string ops, so there is no oracle for them; the layers built on them are checked
 * against Keras's own tests).
 */
class StringOpsTest {

  private static List<Object> values(NdArray<?> array) {
    List<Object> out = new ArrayList<>();
    array.scalars().forEach(s -> out.add(s.getObject()));
    return out;
  }

  private static List<NdArray<?>> eager(java.util.function.Supplier<List<KerasTensor>> body) {
    return Backends.get().eager(body);
  }

  @Test
  void lowerIsAsciiByDefaultAndUnicodeWithUtf8() {
    NdArray<String> text = NdArrays.vectorOfObjects("HeLLo", "ÉCOLE Straße");
    assertEquals(List.of("hello", "École straße"), values(StringOps.lower(text)));
    assertEquals(List.of("hello", "école straße"), values(eager(() ->
        List.of(Ops.lower(Ops.convertToTensor(text), "utf-8"))).get(0)));
  }

  @Test
  void substrCutsBytesAndStopsAtTheEnd() {
    NdArray<String> text = NdArrays.vectorOfObjects("hello world", "hi", "");
    assertEquals(List.of("hello", "hi", ""), values(eager(() ->
        List.of(Ops.substr(Ops.convertToTensor(text), 0, 5))).get(0)));
    assertEquals(List.of("ello ", "i"), values(eager(() ->
        List.of(Ops.substr(Ops.convertToTensor(NdArrays.vectorOfObjects("hello world", "hi")), 1, 5))).get(0)));
    // As tf.strings.substr: a position past the end of a string fails.
    RuntimeException beyond = assertThrows(RuntimeException.class, () -> eager(() ->
        List.of(Ops.substr(Ops.convertToTensor(NdArrays.vectorOfObjects("hello", "hi")), 3, 5))));
    assertTrue(beyond.getMessage().contains("out of range"), beyond.getMessage());
    assertThrows(IllegalArgumentException.class,
        () -> eager(() -> List.of(Ops.substr(Ops.convertToTensor(text), -1, 2))));
  }

  @Test
  void regexReplaceReplacesEveryMatch() {
    assertEquals(List.of("a-b-c", "x"), values(StringOps.regexReplace(NdArrays.vectorOfObjects("a, b; c", "x"),
        "[,;] *", "-")));
  }

  @Test
  void splitNgramsAndPaddingMakeRowsOfTokens() {
    NdArray<String> text = NdArrays.vectorOfObjects("  the quick  fox ", "", "jumps");
    List<NdArray<?>> out = eager(() -> {
      RaggedTensor rows = Ops.splitWhitespace(Ops.convertToTensor(text));
      RaggedTensor grams = Ops.ngrams(rows, new long[] {1, 2}, "_");
      KerasTensor empty = Ops.convertToTensor(NdArrays.scalarOfObject("<pad>"));
      return List.of(rows.values(), rows.rowSplits(), grams.values(), grams.rowSplits(),
          Ops.raggedToDense(rows, empty, -1), Ops.raggedToDense(rows, empty, 2));
    });
    assertEquals(List.of("the", "quick", "fox", "jumps"), values(out.get(0)));
    assertEquals(List.of(0L, 3L, 3L, 4L), values(out.get(1)));
    assertEquals(List.of("the", "quick", "fox", "the_quick", "quick_fox", "jumps"), values(out.get(2)));
    assertEquals(List.of(0L, 5L, 5L, 6L), values(out.get(3)));
    assertEquals(List.of("the", "quick", "fox", "<pad>", "<pad>", "<pad>", "jumps", "<pad>", "<pad>"),
        values(out.get(4)));
    assertEquals(org.tensorflow.ndarray.Shape.of(3, 2), out.get(5).shape());
    assertEquals(List.of("the", "quick", "<pad>", "<pad>", "jumps", "<pad>"), values(out.get(5)));
  }

  @Test
  void unicodeSplitKeepsMultiByteCharacters() {
    List<NdArray<?>> out = eager(() -> {
      RaggedTensor chars = Ops.unicodeSplit(Ops.convertToTensor(NdArrays.vectorOfObjects("né", "€x")));
      return List.of(chars.values(), chars.rowSplits());
    });
    assertEquals(List.of("n", "é", "€", "x"), values(out.get(0)));
    assertEquals(List.of(0L, 2L, 4L), values(out.get(1)));
  }

  @Test
  void lookupFindsKeysAndGivesTheDefaultElsewhere() {
    LookupTable words = LookupTable.ofStrings(List.of("b", "a", "c"), new long[] {10, 20, 30});
    NdArray<String> keys = NdArrays.ofObjects(String.class, org.tensorflow.ndarray.Shape.of(2, 2));
    keys.setObject("a", 0, 0);
    keys.setObject("zz", 0, 1);
    keys.setObject("c", 1, 0);
    keys.setObject("b", 1, 1);
    NdArray<?> found = StringOps.lookup(keys, words, -1);
    assertEquals(List.of(20L, -1L, 30L, 10L), values(found));
    assertEquals(org.tensorflow.ndarray.Shape.of(2, 2), found.shape());
    LookupTable ints = LookupTable.ofLongs(new long[] {1138, -5, 7}, new long[] {1, 2, 3});
    assertEquals(List.of(2L, 0L, 1L), values(StringOps.lookup(StdArrays.ndCopyOf(new int[] {-5, 8, 1138}), ints, 0)));
    LookupTable none = LookupTable.ofStrings(List.of(), new long[0]);
    assertEquals(List.of(9L), values(StringOps.lookup(NdArrays.vectorOfObjects("a"), none, 9)));
  }

  @Test
  void badArgumentsAreRefused() {
    assertTrue(assertThrows(IllegalArgumentException.class, () -> LookupTable.ofStrings(List.of("a", "a"),
        new long[] {1, 2})).getMessage().contains("distinct"));
    assertThrows(IllegalArgumentException.class, () -> StringOps.toHashBucketFast(NdArrays.vectorOfObjects("a"), 0));
    IllegalArgumentException numbers = assertThrows(IllegalArgumentException.class, () -> eager(() ->
        List.of(Ops.lower(Ops.convertToTensor(StdArrays.ndCopyOf(new float[] {1}))))));
    assertTrue(numbers.getMessage().contains("needs a string tensor"), numbers.getMessage());
    IllegalArgumentException wrongKeys = assertThrows(IllegalArgumentException.class, () -> StringOps.lookup(
        StdArrays.ndCopyOf(new int[] {1}), LookupTable.ofStrings(List.of("a"), new long[] {1}), 0));
    assertTrue(wrongKeys.getMessage().contains("string keys"), wrongKeys.getMessage());
  }
}
