package dev.jkeras.data;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.jkeras.DType;
import dev.jkeras.KerasTensor;
import dev.jkeras.ops.Ops;
import dev.jkeras.utils.Np;
import java.util.List;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Function;
import org.junit.jupiter.api.Test;
import org.tensorflow.ndarray.NdArray;

/**
 * {@code flatMap} over symbolic elements on TensorFlow's FlatMapDataset, and the datasets a traced
 * function builds from its element ({@code fromTensors}, {@code fromTensorSlices}, {@code range},
 * {@code repeat} and {@code take} of tensors). Expected values are those of tf.data's documentation
 * (the Keras oracle runs numpy only, without tf.data).
 */
class DatasetFlatMapTest {

  private static long[] longs(Dataset dataset) {
    return dataset.toList().stream().mapToLong(e -> ((Number) e.get(0).getObject()).longValue()).toArray();
  }

  @Test
  void theInnerDatasetDependsOnTheSymbolicElement() {
    // Dataset.range(3).flat_map(lambda i: Dataset.from_tensors(i).repeat(i)): 0 zero times, 1 once, 2 twice
    assertArrayEquals(new long[] {1, 2, 2}, longs(Dataset.range(3).flatMap(i -> Dataset.fromTensors(i).repeat(i))));
  }

  @Test
  void tfDataDocumentationExampleFlatMapOfTensorSlices() {
    // tf.data.Dataset.flat_map's docstring: from_tensor_slices([[1, 2, 3], [4, 5, 6], [7, 8, 9]])
    //   .flat_map(tf.data.Dataset.from_tensor_slices) -> [1, 2, 3, 4, 5, 6, 7, 8, 9]
    Dataset rows = Dataset.fromTensorSlices(Np.array(new int[][] {{1, 2, 3}, {4, 5, 6}, {7, 8, 9}}));
    assertArrayEquals(new long[] {1, 2, 3, 4, 5, 6, 7, 8, 9}, longs(rows.flatMap(Dataset::fromTensorSlices)));
    assertEquals(DType.INT32, rows.flatMap(Dataset::fromTensorSlices).elementSpec().components().get(0).dtype());
  }

  @Test
  void tfDataDocumentationExampleInterleaveOfRepeatedTensors() {
    // tf.data.Dataset.interleave's docstring: range(1, 6).interleave(lambda x: from_tensors(x).repeat(6),
    //   cycle_length=2, block_length=4)
    long[] expected = {1, 1, 1, 1, 2, 2, 2, 2, 1, 1, 2, 2, 3, 3, 3, 3, 4, 4, 4, 4, 3, 3, 4, 4, 5, 5, 5, 5, 5, 5};
    assertArrayEquals(expected, longs(Dataset.range(1, 6)
        .interleave(x -> Dataset.fromTensors(x).repeat(Ops.scalar(6, DType.INT64)), 2, 4, 0)));
  }

  @Test
  void rangeAndTakeOfTheElementAndNestedFlatMaps() {
    assertArrayEquals(new long[] {0, 0, 1, 0, 1, 2}, longs(Dataset.range(1, 4).flatMap(Dataset::range)));
    assertArrayEquals(new long[] {0, 0, 1, 0, 1, 2}, longs(Dataset.range(4).flatMap(i -> Dataset.range(10).take(i))));
    assertArrayEquals(new long[] {2, 4, 3, 5}, longs(Dataset.range(2, 4)
        .flatMap(i -> Dataset.range(i, Ops.add(i, 3L), Ops.scalar(2, DType.INT64)))));
    assertArrayEquals(new long[] {10, 20, 21, 30, 31, 32}, longs(Dataset.range(1, 4)
        .flatMap(i -> Dataset.range(i).flatMap(j -> Dataset.fromTensors(Ops.add(Ops.multiply(i, 10L), j))))));
    Dataset int32 = Dataset.fromTensorSlices(Np.array(new int[] {1, 2}));
    assertArrayEquals(new long[] {0, 0, 1}, longs(int32.flatMap(Dataset::range)), "an int32 bound is cast to int64");
  }

  @Test
  void aTupleOfTensorsGivesPairElementsThatMapTakes() {
    Dataset pairs = Dataset.range(3).flatMap(i -> Dataset.fromTensors(i, Ops.multiply(i, i)).repeat(2));
    List<List<NdArray<?>>> elements = pairs.toList();
    assertEquals(6, elements.size());
    assertEquals(4L, elements.get(5).get(1).getObject());
    assertArrayEquals(new long[] {0, 0, 2, 2, 6, 6}, longs(pairs.map((a, b) -> Ops.add(a, b))));
  }

  @Test
  void flatMapReadsTheDatasetsInOrderAfterBatchAndItsCardinalityIsUnknown() {
    Dataset flat = Dataset.range(5).batch(2).flatMap(Dataset::fromTensorSlices);
    assertArrayEquals(new long[] {0, 1, 2, 3, 4}, longs(flat));
    assertEquals(Dataset.UNKNOWN_CARDINALITY, flat.cardinality());
    assertArrayEquals(new long[] {0, 1, 2, 3, 4, 0, 1}, longs(flat.repeat().take(7)));
  }

  @Test
  void fitTrainsOnAFlatMappedDatasetUntilItEnds() {
    // (x, y) pairs made inside the function by a map that reads the outer element: ((i + j), i) for j < 4
    Dataset pairs = Dataset.range(2).flatMap(i -> Dataset.range(4).map(j -> List.of(
        Ops.reshape(Ops.cast(Ops.add(j, i), DType.FLOAT32), 1), Ops.reshape(Ops.cast(i, DType.FLOAT32), 1))));
    assertEquals("(TensorSpec(shape=(1,), dtype=float32), TensorSpec(shape=(1,), dtype=float32))",
        pairs.elementSpec().toString());
    try (var model = new dev.jkeras.models.Sequential(new dev.jkeras.layers.Dense(1).inputShape(1))) {
      model.compile(c -> c.optimizer("sgd").loss("mse"));
      var history = model.fit(pairs.batch(4), fit -> fit.epochs(2).verbose(0));
      assertEquals(2, history.history().get("loss").size());
      assertTrue(Double.isFinite(history.history().get("loss").get(1)));
    }
  }

  @Test
  void fromTensorsOfArraysIsOneElement() {
    List<List<NdArray<?>>> one = Dataset.fromTensors(Np.array(new int[] {1, 2, 3}), Np.array(new long[] {4})).toList();
    assertEquals(1, one.size());
    assertEquals(Np.array(new int[] {1, 2, 3}), one.get(0).get(0));
    assertEquals(Np.array(new long[] {4}), one.get(0).get(1));
  }

  // ---- hostile functions and tensors

  private static String message(Runnable call) {
    return assertThrows(IllegalArgumentException.class, call::run).getMessage();
  }

  @Test
  void aFunctionReturningNullOrSomethingElseThanADatasetFailsAtTheCall() {
    String none = message(() -> Dataset.range(3).flatMap(i -> null));
    assertTrue(none.contains("returned null") && none.contains("must return a Dataset"), none);
    @SuppressWarnings({"unchecked", "rawtypes"})
    Function<KerasTensor, Dataset> tensor = (Function) (Function<KerasTensor, KerasTensor>) i -> Ops.add(i, 1L);
    String other = message(() -> Dataset.range(3).flatMap(tensor));
    assertTrue(other.contains("must return a Dataset") && other.contains("KerasTensor")
        && other.contains("Dataset.fromTensors"), other);
    assertTrue(message(() -> Dataset.range(3).flatMap(null)).contains("got null"));
  }

  @Test
  void aFunctionThatThrowsOrReadsJavaArraysFailsSayingWhy() {
    String thrown = message(() -> Dataset.range(3).flatMap(i -> {
      throw new IllegalStateException("no datasets today");
    }));
    assertTrue(thrown.contains("the flatMap function") && thrown.contains("no datasets today"), thrown);
    String arrays = message(() -> Dataset.range(3).flatMap(i -> Dataset.fromTensorSlices(Np.array(new int[] {1}))));
    assertTrue(arrays.contains("a flatMap function") && arrays.contains("cannot read arrays"), arrays);
    String generator = assertThrows(RuntimeException.class, () -> Dataset.range(2).flatMap(i -> Dataset.fromIterable(
        List.of(Np.array(new int[] {1})), Dataset.tensorSpec(dev.jkeras.Shape.of(1), "int32")))).getMessage();
    assertTrue(generator.contains("Java generator"), generator);
  }

  @Test
  void badCountsBoundsAndSlicesInsideTheFunctionFailClearly() {
    String floatCount = message(() -> Dataset.range(3).flatMap(i -> Dataset.fromTensors(i)
        .repeat(Ops.cast(i, DType.FLOAT32))));
    assertTrue(floatCount.contains("repeat(count)") && floatCount.contains("int32 or int64 scalar")
        && floatCount.contains("float32"), floatCount);
    String vectorBound = message(() -> Dataset.range(3).batch(2).flatMap(Dataset::range));
    assertTrue(vectorBound.contains("Dataset.range") && vectorBound.contains("scalar"), vectorBound);
    String scalarSlices = message(() -> Dataset.range(3).flatMap(Dataset::fromTensorSlices));
    assertTrue(scalarSlices.contains("is a scalar") && scalarSlices.contains("fromTensors"), scalarSlices);
    String stringTake = message(() -> Dataset.fromTensorSlices(Np.array(new String[] {"a"}))
        .flatMap(s -> Dataset.range(3).take(s)));
    assertTrue(stringTake.contains("take(count)") && stringTake.contains("string"), stringTake);
  }

  @Test
  void aSymbolicTensorUsedOutsideItsFunctionIsRefused() {
    AtomicReference<KerasTensor> leaked = new AtomicReference<>();
    Dataset.range(2).flatMap(i -> {
      leaked.set(i);
      return Dataset.fromTensors(i);
    });
    String outside = message(() -> Dataset.fromTensors(leaked.get()).toList());
    assertTrue(outside.contains("inside a flatMap or interleave function") && outside.contains("fromTensors(NdArray"),
        outside);
    String repeat = message(() -> Dataset.range(2).repeat(leaked.get()).toList());
    assertTrue(repeat.contains("repeat(KerasTensor)"), repeat);
    String another = assertThrows(RuntimeException.class,
        () -> Dataset.range(2).flatMap(i -> Dataset.fromTensors(leaked.get())).toList()).getMessage();
    assertTrue(another.contains("the flatMap function"), another);
  }

  @Test
  void anInnerFunctionCapturesTheOuterElementAndMapsSeeIt() {
    assertArrayEquals(new long[] {0, 1, 1, 2, 2, 2}, longs(Dataset.range(3)
        .flatMap(i -> Dataset.range(Ops.add(i, 1L)).flatMap(j -> Dataset.fromTensors(i)))));
    // range(1, 4).flat_map(lambda i: range(i).map(lambda j: 10 * i + j))
    assertArrayEquals(new long[] {10, 20, 21, 30, 31, 32}, longs(Dataset.range(1, 4)
        .flatMap(i -> Dataset.range(i).map(j -> Ops.add(Ops.multiply(i, 10L), j)))));
    assertArrayEquals(new long[] {1, 2, 2}, longs(Dataset.range(3)
        .flatMap(i -> Dataset.range(5).filter(j -> Ops.greater(i, j)).map(j -> i))), "a map returning the outer tensor");
  }

  @Test
  void tupleElementsAreRefusedWithWhatToDo() {
    Dataset pairs = Dataset.fromTensorSlices(Np.array(new int[] {1, 2}), Np.array(new int[] {3, 4}));
    String tuple = message(() -> pairs.flatMap(Dataset::fromTensors));
    assertTrue(tuple.contains("flatMap(x -> ...) takes elements of one tensor") && tuple.contains("map((x, y) -> x)"),
        tuple);
  }
}
