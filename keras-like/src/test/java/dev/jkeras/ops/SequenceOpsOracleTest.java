package dev.jkeras.ops;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import dev.jkeras.DType;
import dev.jkeras.KerasTensor;
import dev.jkeras.backend.Backend;
import dev.jkeras.backend.Backends;
import dev.jkeras.layers.Layer;
import dev.jkeras.models.Sequential;
import dev.jkeras.saving.Json;
import dev.jkeras.testing.Conformance;
import dev.jkeras.testing.KerasOracle;
import dev.jkeras.testing.Npy;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;
import org.tensorflow.ndarray.NdArray;
import org.tensorflow.ndarray.StdArrays;

/**
 * The sequence and attention ops of issue 16 (arange, tile, cumsum, cumprod, top_k, take_along_axis,
 * sort, argsort, tril, triu, isnan/isinf/isfinite, slice, slice_update, swapaxes, moveaxis, roll)
 * judged by real Keras 3.15.1: same values and dtype, eagerly on tensors; cases marked symbolic also
 * run inside a layer's {@code call} of a model ({@code predict}), the first input being the batch.
 * One difference is by design: top_k's indices are int32, as Keras's TensorFlow and JAX backends give
 * them (its numpy backend, the oracle, gives int64).
 */
class SequenceOpsOracleTest {
  private static final Map<String, NdArray<?>> INPUTS = new LinkedHashMap<>();

  static {
    INPUTS.put("x", StdArrays.ndCopyOf(new float[][] {{-1.5f, 0.2f, 2.0f, 0.2f}, {0.7f, -0.3f, 3.1f, 0.7f},
        {1.0f, 1.0f, -2.0f, 0.5f}}));
    INPUTS.put("ints", StdArrays.ndCopyOf(new int[][] {{3, -2, 3, 1}, {4, 0, -6, 4}}));
    INPUTS.put("x3", StdArrays.ndCopyOf(new float[][][] {
        {{0.1f, -0.2f, 0.3f}, {2.0f, -1.0f, 0.5f}}, {{-1.3f, 0.6f, 0.2f}, {0.4f, 1.9f, -2.2f}}}));
    INPUTS.put("idx", StdArrays.ndCopyOf(new int[][] {{3, 0}, {-1, 2}, {1, 1}}));
    INPUTS.put("idxflat", StdArrays.ndCopyOf(new int[] {11, -1, 0, 5}));
    // top_k on ties: Keras's numpy backend (argpartition) leaves their order open; SequenceOpsTest checks TensorFlow's
    INPUTS.put("distinct", StdArrays.ndCopyOf(new float[][] {{-1.5f, 0.2f, 2.0f, 0.3f}, {0.7f, -0.3f, 3.1f, 0.6f}}));
    INPUTS.put("distinctInts", StdArrays.ndCopyOf(new int[][] {{3, -2, 5, 1}, {4, 0, -6, 7}}));
    INPUTS.put("col1", StdArrays.ndCopyOf(new float[][][] {{{1f}, {2f}, {3f}}}));
    INPUTS.put("hot3", StdArrays.ndCopyOf(new int[][] {{0, 2, 1}, {2, 0, 1}}));
    INPUTS.put("hot", StdArrays.ndCopyOf(new int[][] {{0, 2, 1}, {3, -1, 1}}));
    INPUTS.put("idxflat2", StdArrays.ndCopyOf(new int[] {2, -1, 0, 0}));
    INPUTS.put("idx0", StdArrays.ndCopyOf(new int[][] {{2, 0, 1, 2}}));
    INPUTS.put("upd", StdArrays.ndCopyOf(new float[][] {{9f, 8f}, {7f, 6f}}));
    INPUTS.put("special", StdArrays.ndCopyOf(new float[] {Float.NaN, 1f, Float.POSITIVE_INFINITY, -0f,
        Float.NEGATIVE_INFINITY}));
    INPUTS.put("bools", StdArrays.ndCopyOf(new boolean[] {true, false, true}));
  }

  private record OpCase(String label, String expr, List<String> inputs, Function<List<KerasTensor>, Object> jkeras,
      boolean symbolic) {}

  private static final List<OpCase> CASES = new ArrayList<>();

  private static void op(String label, String expr, String inputs, Function<List<KerasTensor>, Object> jkeras) {
    CASES.add(new OpCase(label, expr, List.of(inputs.split(",")), jkeras, false));
  }

  private static void sym(String label, String expr, String inputs, Function<List<KerasTensor>, Object> jkeras) {
    CASES.add(new OpCase(label, expr, List.of(inputs.split(",")), jkeras, true));
  }

  static {
    op("arange_stop", "ops.arange(5)", "x", t -> Ops.arange(5));
    op("arange_step", "ops.arange(2, 11, 3)", "x", t -> Ops.arange(2, 11, 3));
    op("arange_negative_step", "ops.arange(5, -3, -2)", "x", t -> Ops.arange(5, -3, -2));
    op("arange_float", "ops.arange(0.5, 2.0, 0.25)", "x", t -> Ops.arange(0.5, 2.0, 0.25));
    op("arange_empty", "ops.arange(3, 3)", "x", t -> Ops.arange(3, 3, 1));
    op("arange_dtype", "ops.arange(0, 4, 1, dtype='float32')", "x", t -> Ops.arange(0, 4, 1, DType.FLOAT32));
    sym("tile", "ops.tile(a, (1, 3))", "x", t -> Ops.tile(t.get(0), 1, 3));
    op("tile_fewer_repeats", "ops.tile(a, 2)", "x", t -> Ops.tile(t.get(0), 2));
    op("tile_more_repeats", "ops.tile(a, (2, 1, 2))", "ints", t -> Ops.tile(t.get(0), 2, 1, 2));
    op("tile_zero", "ops.tile(a, (0, 1))", "x", t -> Ops.tile(t.get(0), 0, 1));
    sym("cumsum_axis", "ops.cumsum(a, axis=1)", "x", t -> Ops.cumsum(t.get(0), 1));
    op("cumsum_negative_axis", "ops.cumsum(a, axis=-2)", "x3", t -> Ops.cumsum(t.get(0), -2));
    op("cumsum_flat", "ops.cumsum(a)", "x", t -> Ops.cumsum(t.get(0)));
    op("cumsum_ints", "ops.cumsum(a, axis=0)", "ints", t -> Ops.cumsum(t.get(0), 0));
    op("cumsum_bools", "ops.cumsum(a)", "bools", t -> Ops.cumsum(t.get(0)));
    op("cumprod_axis", "ops.cumprod(a, axis=-1)", "x", t -> Ops.cumprod(t.get(0), -1));
    op("cumprod_flat", "ops.cumprod(a)", "ints", t -> Ops.cumprod(t.get(0)));
    sym("top_k", "ops.top_k(a, 2)", "distinct", t -> Ops.topK(t.get(0), 2));
    op("top_k_ints", "ops.top_k(a, 3)", "distinctInts", t -> Ops.topK(t.get(0), 3));
    op("top_k_all", "ops.top_k(a, 3)", "x3", t -> Ops.topK(t.get(0), 3));
    op("top_k_zero", "ops.top_k(a, 0)", "x", t -> Ops.topK(t.get(0), 0));
    op("take_along_axis", "ops.take_along_axis(a, b, axis=1)", "x,idx", t -> Ops.takeAlongAxis(t.get(0), t.get(1), 1));
    op("take_along_axis_first", "ops.take_along_axis(a, b, axis=0)", "x,idx0",
        t -> Ops.takeAlongAxis(t.get(0), t.get(1), 0));
    op("take_along_axis_negative_axis", "ops.take_along_axis(a, b, axis=-1)", "x,idx",
        t -> Ops.takeAlongAxis(t.get(0), t.get(1), -1));
    op("take_along_axis_flat", "ops.take_along_axis(a, b)", "x,idxflat", t -> Ops.takeAlongAxis(t.get(0), t.get(1)));
    sym("sort", "ops.sort(a)", "x", t -> Ops.sort(t.get(0), -1));
    op("sort_first_axis", "ops.sort(a, axis=0)", "x", t -> Ops.sort(t.get(0), 0));
    op("sort_ints", "ops.sort(a, axis=-1)", "ints", t -> Ops.sort(t.get(0), -1));
    op("argsort_ties", "ops.argsort(a)", "x", t -> Ops.argsort(t.get(0), -1));
    op("argsort_ints_ties", "ops.argsort(a, axis=1)", "ints", t -> Ops.argsort(t.get(0), 1));
    op("argsort_middle", "ops.argsort(a, axis=1)", "x3", t -> Ops.argsort(t.get(0), 1));
    sym("tril", "ops.tril(a)", "x3", t -> Ops.tril(t.get(0), 0));
    sym("tril_over_the_batch_axis", "ops.tril(a, k=1)", "x", t -> Ops.tril(t.get(0), 1));
    op("tril_k", "ops.tril(a, k=1)", "x", t -> Ops.tril(t.get(0), 1));
    op("tril_negative_k", "ops.tril(a, k=-1)", "x3", t -> Ops.tril(t.get(0), -1));
    op("tril_k_out_of_range", "ops.tril(a, k=-7)", "x", t -> Ops.tril(t.get(0), -7));
    sym("triu", "ops.triu(a, k=1)", "x3", t -> Ops.triu(t.get(0), 1));
    op("triu_ints", "ops.triu(a)", "ints", t -> Ops.triu(t.get(0), 0));
    op("triu_k_out_of_range", "ops.triu(a, k=9)", "x", t -> Ops.triu(t.get(0), 9));
    op("isnan", "ops.isnan(a)", "special", t -> Ops.isnan(t.get(0)));
    op("isinf", "ops.isinf(a)", "special", t -> Ops.isinf(t.get(0)));
    op("isfinite", "ops.isfinite(a)", "special", t -> Ops.isfinite(t.get(0)));
    op("isnan_ints", "ops.isnan(a)", "ints", t -> Ops.isnan(t.get(0)));
    op("isfinite_ints", "ops.isfinite(a)", "ints", t -> Ops.isfinite(t.get(0)));
    op("slice", "ops.slice(a, (0, 1), (2, 2))", "x", t -> Ops.slice(t.get(0), new int[] {0, 1}, new int[] {2, 2}));
    op("slice_empty", "ops.slice(a, (1, 0), (0, 3))", "x", t -> Ops.slice(t.get(0), new int[] {1, 0}, new int[] {0, 3}));
    op("slice_update", "ops.slice_update(a, (1, 2), b)", "x,upd",
        t -> Ops.sliceUpdate(t.get(0), new int[] {1, 2}, t.get(1)));
    op("swapaxes", "ops.swapaxes(a, 0, -1)", "x3", t -> Ops.swapaxes(t.get(0), 0, -1));
    op("moveaxis", "ops.moveaxis(a, 0, -1)", "x3", t -> Ops.moveaxis(t.get(0), 0, -1));
    op("moveaxis_back", "ops.moveaxis(a, -1, 0)", "x3", t -> Ops.moveaxis(t.get(0), -1, 0));
    sym("roll", "ops.roll(a, 1, axis=1)", "x", t -> Ops.roll(t.get(0), 1, 1));
    op("roll_negative", "ops.roll(a, -5, axis=-1)", "x3", t -> Ops.roll(t.get(0), -5, -1));
    op("repeat_zero", "ops.repeat(a, 0, axis=1)", "x", t -> Ops.repeat(t.get(0), 0, 1));
    op("repeat_flat", "ops.repeat(a, 2)", "ints", t -> Ops.repeat(t.get(0), 2));
    op("squeeze_all", "ops.squeeze(a)", "col1", t -> Ops.squeeze(t.get(0)));
    op("flip_all", "ops.flip(a)", "x3", t -> Ops.flip(t.get(0)));
    op("one_hot_axis0", "ops.one_hot(a, 3, axis=0)", "hot3", t -> Ops.oneHot(t.get(0), 3, 0, DType.FLOAT32));
    op("one_hot_middle_int", "ops.one_hot(a, 4, axis=1, dtype='int32')", "hot",
        t -> Ops.oneHot(t.get(0), 4, 1, DType.INT32));
    op("sin_ints", "ops.sin(a)", "ints", t -> Ops.sin(t.get(0)));
    op("cos_ints", "ops.cos(a)", "ints", t -> Ops.cos(t.get(0)));
    sym("take_axis", "ops.take(a, b, axis=1)", "x,idx", t -> Ops.take(t.get(0), t.get(1), 1));
    op("take_2d_indices", "ops.take(a, b, axis=2)", "x3,hot3", t -> Ops.take(t.get(0), t.get(1), 2));
    op("take_2d_indices_first_axis", "ops.take(a, b, axis=0)", "x,hot3", t -> Ops.take(t.get(0), t.get(1), 0));
    op("take_last_axis", "ops.take(a, b, axis=-1)", "x3,idxflat2", t -> Ops.take(t.get(0), t.get(1), -1));
    op("roll_flat", "ops.roll(a, 2)", "x", t -> Ops.roll(t.get(0), 2));
  }

  private record ArrayCase(String label, String expr, List<String> inputs, Function<List<NdArray<?>>, NdArray<?>> jkeras) {}

  private static final List<ArrayCase> ARRAY_CASES = List.of(
      new ArrayCase("array_arange", "ops.arange(1.0, 2.0, 0.5)", List.of("x"), a -> Ops.arangeArray(1, 2, 0.5, "float32")),
      new ArrayCase("array_tile", "ops.tile(a, (1, 2))", List.of("ints"), a -> Ops.tile(a.get(0), 1, 2)),
      new ArrayCase("array_cumsum", "ops.cumsum(a, axis=1)", List.of("ints"), a -> Ops.cumsum(a.get(0), 1)),
      new ArrayCase("array_take_along_axis", "ops.take_along_axis(a, b, axis=1)", List.of("x", "idx"),
          a -> Ops.takeAlongAxis(a.get(0), a.get(1), 1)),
      new ArrayCase("array_sort", "ops.sort(a, axis=0)", List.of("ints"), a -> Ops.sort(a.get(0), 0)),
      new ArrayCase("array_argsort", "ops.argsort(a, axis=-1)", List.of("ints"), a -> Ops.argsort(a.get(0), -1)),
      new ArrayCase("array_tril", "ops.tril(a, k=-1)", List.of("x"), a -> Ops.tril(a.get(0), -1)),
      new ArrayCase("array_triu", "ops.triu(a, k=-1)", List.of("x"), a -> Ops.triu(a.get(0), -1)),
      new ArrayCase("array_slice", "ops.slice(a, (1, 1), (2, 3))", List.of("x"),
          a -> Ops.slice(a.get(0), new int[] {1, 1}, new int[] {2, 3})),
      new ArrayCase("array_slice_update", "ops.slice_update(a, (0, 0), b)", List.of("x", "upd"),
          a -> Ops.sliceUpdate(a.get(0), new int[] {0, 0}, a.get(1))));

  private static Path dir;
  private static Map<String, Object> answers;

  @BeforeAll
  static void askKeras() throws IOException {
    KerasOracle.assumeAvailable();
    dir = Files.createTempDirectory("jkeras-sequence-ops");
    for (Map.Entry<String, NdArray<?>> input : INPUTS.entrySet()) {
      Npy.write(dir.resolve(input.getKey() + ".npy"), input.getValue());
    }
    List<Map<String, Object>> ops = new ArrayList<>();
    CASES.forEach(c -> ops.add(Map.of("label", c.label(), "expr", c.expr(), "inputs", c.inputs())));
    ARRAY_CASES.forEach(c -> ops.add(Map.of("label", c.label(), "expr", c.expr(), "inputs", c.inputs())));
    Files.writeString(dir.resolve("cases.json"), Json.write(Map.of("ops", ops)));
    KerasOracle.run("optimizers_ops_oracle.py", dir.toString());
    answers = Json.parse(Files.readString(dir.resolve("answers.json")), "answers.json");
  }

  @TestFactory
  Stream<DynamicTest> tensorOps() {
    return CASES.stream().map(c -> DynamicTest.dynamicTest(c.label(), () -> {
      Backend b = Backends.get();
      List<NdArray<?>> actual = b.eager(() -> results(c.jkeras().apply(c.inputs().stream()
          .map(name -> b.core().constant(INPUTS.get(name))).toList())));
      assertMatchesKeras(c.label(), actual);
    }));
  }

  @TestFactory
  Stream<DynamicTest> symbolicOps() {
    return CASES.stream().filter(OpCase::symbolic).map(c -> DynamicTest.dynamicTest(c.label(), () -> {
      NdArray<?> batch = INPUTS.get(c.inputs().get(0));
      int[] sample = java.util.stream.LongStream.of(batch.shape().asArray()).skip(1).mapToInt(Math::toIntExact).toArray();
      try (Sequential model = new Sequential(new Apply(c).inputShape(sample))) {
        NdArray<?> predicted = model.predictArray(batch, o -> o.verbose(0));
        Conformance.assertClose(Conformance.values(kerasResult(c.label(), 0)), Conformance.values(predicted), 1e-5,
            1e-6, c.label() + " on symbolic tensors");
      }
    }));
  }

  @TestFactory
  Stream<DynamicTest> arrayOps() {
    return ARRAY_CASES.stream().map(c -> DynamicTest.dynamicTest(c.label(), () ->
        assertMatchesKeras(c.label(), List.of(c.jkeras().apply(c.inputs().stream().map(INPUTS::get).toList())))));
  }

  /** A layer whose call is one case's function (its first result). */
  private static final class Apply extends Layer {
    private final OpCase op;

    Apply(OpCase op) {
      this.op = op;
    }

    @Override
    protected KerasTensor call(KerasTensor inputs, boolean training) {
      List<KerasTensor> args = new ArrayList<>(List.of(inputs));
      op.inputs().stream().skip(1).forEach(name -> args.add(Ops.convertToTensor(INPUTS.get(name))));
      return results(op.jkeras().apply(args)).get(0);
    }
  }

  @SuppressWarnings("unchecked")
  private static List<KerasTensor> results(Object result) {
    return result instanceof KerasTensor t ? List.of(t) : (List<KerasTensor>) result;
  }

  private static NdArray<?> kerasResult(String label, int index) {
    return Npy.read(dir.resolve("out").resolve(label + "_" + index + ".npy"));
  }

  @SuppressWarnings("unchecked")
  private static void assertMatchesKeras(String label, List<NdArray<?>> actual) {
    Map<String, Object> answer = (Map<String, Object>) ((Map<String, Object>) answers.get("ops")).get(label);
    assertNull(answer.get("error"), () -> "Keras failed on " + label + ":\n" + answer.get("error"));
    List<String> dtypes = (List<String>) answer.get("dtypes");
    assertEquals(dtypes.size(), actual.size(), label + ": number of results");
    for (int i = 0; i < actual.size(); i++) {
      String what = label + (actual.size() > 1 ? " result " + i : "");
      if (!(label.startsWith("top_k") && i == 1)) {
        assertEquals(dtypes.get(i), DType.of(actual.get(i)).kerasName(), what + ": dtype");
      } else {
        assertEquals("int32", DType.of(actual.get(i)).kerasName(), what + ": dtype");
      }
      NdArray<?> expected = kerasResult(label, i);
      assertEquals(java.util.Arrays.toString(expected.shape().asArray()),
          java.util.Arrays.toString(actual.get(i).shape().asArray()), what + ": shape");
      Conformance.assertClose(expected, actual.get(i), 1e-5, 1e-6, what);
    }
  }
}
