package dev.jkeras.layers;

import static dev.jkeras.layers.EagerLayers.call;
import static dev.jkeras.layers.EagerLayers.floats;
import static dev.jkeras.layers.EagerLayers.longs;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.jkeras.models.Model;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.tensorflow.ndarray.NdArray;
import org.tensorflow.ndarray.NdArrays;
import org.tensorflow.ndarray.StdArrays;

/**
 * {@link Hashing} against the exact bins of Keras's {@code hashing_test.py} (TensorFlow's FarmHash64
 * and SipHash; the numpy-backed oracle cannot run the layer, "requires TensorFlow"): each test names
 * the Keras test its inputs and expected bins come from.
 */
class HashingTest {
  private static final String[] LETTERS = {"A", "B", "C", "D", "E"};
  private static final String[] WIRE = {"omar", "stringer", "marlo", "wire", "skywalker"};

  private static NdArray<String> column(String... values) {
    NdArray<String> array = NdArrays.ofObjects(String.class, org.tensorflow.ndarray.Shape.of(values.length, 1));
    for (int i = 0; i < values.length; i++) {
      array.setObject(values[i], i, 0);
    }
    return array;
  }

  private static NdArray<?> intColumn() {
    return StdArrays.ndCopyOf(new long[][] {{0}, {1}, {2}, {3}, {4}});
  }

  /** {@code test_correctness}: FarmHash, a mask value, and SipHash with a pair or a single salt. */
  @Test
  void correctness() {
    assertEquals(List.of(1L, 0L, 1L, 1L, 2L), longs(call(new Hashing(3), column(LETTERS))));
    assertEquals(List.of(1L, 1L, 0L, 2L, 2L), longs(call(new Hashing(3).maskValue(""), column("A", "B", "", "C", "D"))));
    assertEquals(List.of(1L, 2L, 1L, 0L, 2L), longs(call(new Hashing(3).salt(133, 137), column(LETTERS))));
    assertEquals(List.of(0L, 0L, 2L, 1L, 0L), longs(call(new Hashing(3).salt(133), column(LETTERS))));
  }

  /** {@code test_hash_single_bin}, {@code test_hash_dense_input_farmhash}, {@code test_hash_dense_list_input_farmhash}. */
  @Test
  void farmHashOfStrings() {
    assertEquals(List.of(0L, 0L, 0L, 0L, 0L), longs(call(new Hashing(1), column(LETTERS))));
    assertEquals(List.of(0L, 0L, 1L, 0L, 0L), longs(call(new Hashing(2), column(WIRE))));
    assertEquals(List.of(0L, 0L, 1L, 0L, 0L), longs(call(new Hashing(2), NdArrays.vectorOfObjects(WIRE))));
  }

  /** {@code test_hash_dense_input_mask_value_farmhash}. */
  @Test
  void maskValues() {
    assertEquals(List.of(1L, 1L, 2L, 1L, 1L), longs(call(new Hashing(3).maskValue(""), column(WIRE))));
    assertEquals(List.of(0L, 1L, 2L, 1L, 1L), longs(call(new Hashing(3).maskValue("omar"), column(WIRE))));
  }

  /** {@code test_hash_dense_int_input_farmhash}, {@code test_hash_dense_int_input_siphash}, {@code test_tensor_like_inputs}. */
  @Test
  void integersHashAsTheirDecimalStrings() {
    assertEquals(List.of(1L, 0L, 1L, 0L, 2L), longs(call(new Hashing(3), intColumn())));
    assertEquals(List.of(1L, 1L, 2L, 0L, 1L), longs(call(new Hashing(3).salt(133, 137), intColumn())));
    assertEquals(List.of(1L, 0L, 1L, 0L, 2L), longs(call(new Hashing(3), StdArrays.ndCopyOf(new int[] {0, 1, 2, 3, 4}))));
  }

  /** {@code test_hash_dense_input_siphash}. */
  @Test
  void sipHashOfStrings() {
    assertEquals(List.of(0L, 1L, 0L, 1L, 0L), longs(call(new Hashing(2).salt(133, 137), column(WIRE))));
    assertEquals(List.of(1L, 0L, 1L, 0L, 1L), longs(call(new Hashing(2).salt(211, 137), column(WIRE))));
  }

  /** {@code test_one_hot_output}, {@code test_multi_hot_output}, {@code test_count_output} (1-D and 2-D). */
  @Test
  void encodedOutputs() {
    NdArray<?> ints = StdArrays.ndCopyOf(new long[] {0, 1, 2, 3, 4});
    assertEquals(List.of(0f, 1f, 0f, 1f, 0f, 0f, 0f, 1f, 0f, 1f, 0f, 0f, 0f, 0f, 1f),
        floats(call(new Hashing(3).outputMode("one_hot"), ints)));
    NdArray<?> row = StdArrays.ndCopyOf(new long[][] {{0, 1, 2, 3, 4}});
    assertEquals(List.of(1f, 1f, 1f), floats(call(new Hashing(3).outputMode("multi_hot"), row)));
    assertEquals(List.of(2f, 2f, 1f), floats(call(new Hashing(3).outputMode("count"), ints)));
    assertEquals(List.of(2f, 2f, 1f), floats(call(new Hashing(3).outputMode("count"), row)));
    var input = Input.of("int64", 5);
    assertEquals("(None, 3)", new Hashing(3).outputMode("one_hot").apply(Input.of("int64", 1)).shape().toString());
    assertEquals("(None, 3)", new Hashing(3).outputMode("multi_hot").apply(input).shape().toString());
  }

  /** Strings flow through a traced model: a string Input hashed in the graph gives the same bins. */
  @Test
  void hashesStringsInAModel() {
    var input = Input.of("string", 1);
    try (Model model = new Model(input, new Hashing(3).apply(input))) {
      NdArray<?> bins = model.predictArray(column(LETTERS), p -> p.verbose(0));
      assertEquals(List.of(1L, 0L, 1L, 1L, 2L), longs(bins));
    }
  }

  /** {@code test_invalid_inputs} and {@code test_config}. */
  @Test
  void invalidOptionsAndConfig() {
    assertThrows(IllegalArgumentException.class, () -> new Hashing(-1));
    assertThrows(IllegalArgumentException.class, () -> new Hashing(1).salt(133, 137, 177));
    assertTrue(assertThrows(IllegalArgumentException.class, () -> new Hashing(2).outputMode("tf_idf")).getMessage()
        .contains("Received: output_mode=tf_idf"));
    Hashing layer = new Hashing(3).maskValue("").salt(133).outputMode("count");
    var config = layer.getConfig();
    assertEquals(List.of(133L, 133L), config.get("salt"));
    assertEquals("", config.get("mask_value"));
    assertEquals(config, Hashing.fromConfig(new dev.jkeras.saving.Config("Hashing", config)).getConfig());
  }
}
