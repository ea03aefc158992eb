package dev.jkeras.ops;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import dev.jkeras.DType;
import dev.jkeras.KerasTensor;
import dev.jkeras.backend.Backend;
import dev.jkeras.backend.Backends;
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
import java.util.Random;
import java.util.function.Function;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;
import org.tensorflow.ndarray.FloatNdArray;
import org.tensorflow.ndarray.NdArray;
import org.tensorflow.ndarray.NdArrays;
import org.tensorflow.ndarray.StdArrays;

/**
 * {@code einsum} and {@code dot_product_attention} judged by real Keras 3.15.1 (its numpy backend):
 * same values, shape and dtype, eagerly on tensors and on arrays.
 */
class AttentionOpsOracleTest {
  static final Map<String, NdArray<?>> INPUTS = new LinkedHashMap<>();

  static {
    INPUTS.put("x", random(1, 3, 4));
    INPUTS.put("y", random(2, 4, 5));
    INPUTS.put("sq", random(3, 3, 3));
    INPUTS.put("b1", random(4, 2, 3, 4));
    INPUTS.put("b2", random(5, 2, 4, 5));
    INPUTS.put("v3", random(6, 3));
    INPUTS.put("v4", random(7, 4));
    INPUTS.put("z", random(8, 5, 2));
    INPUTS.put("w3", random(9, 4, 2, 3));
    INPUTS.put("ints", StdArrays.ndCopyOf(new int[][] {{1, -2, 3, 0}, {4, 5, -6, 2}, {0, 1, 1, -1}}));
    INPUTS.put("ints2", StdArrays.ndCopyOf(new int[][] {{2, 1}, {0, -3}, {1, 1}, {5, -2}}));
    INPUTS.put("q", random(10, 2, 3, 2, 4));
    INPUTS.put("k", random(11, 2, 5, 2, 4));
    INPUTS.put("v", random(12, 2, 5, 2, 3));
    INPUTS.put("qsq", random(13, 2, 4, 2, 4));
    INPUTS.put("ksq", random(14, 2, 4, 2, 4));
    INPUTS.put("bias", random(15, 1, 2, 3, 5));
    INPUTS.put("mask", mask(2, 1, 3, 5));
    INPUTS.put("imask", StdArrays.ndCopyOf(new int[][][][] {{{{1, 0, 1, 1, 0}}}, {{{0, 1, 1, 1, 1}}}}));
    INPUTS.put("k1", random(16, 2, 5, 1, 4));
    INPUTS.put("v1", random(17, 2, 5, 1, 3));
  }

  static FloatNdArray random(long seed, long... shape) {
    Random r = new Random(seed);
    FloatNdArray a = NdArrays.ofFloats(org.tensorflow.ndarray.Shape.of(shape));
    a.scalars().forEach(s -> s.setFloat((float) (r.nextGaussian())));
    return a;
  }

  private static NdArray<Boolean> mask(long... shape) {
    Random r = new Random(99);
    NdArray<Boolean> a = NdArrays.ofBooleans(org.tensorflow.ndarray.Shape.of(shape));
    a.scalars().forEach(s -> s.setObject(r.nextInt(3) > 0));
    return a;
  }

  private record OpCase(String label, String expr, List<String> inputs, Function<List<KerasTensor>, KerasTensor> jkeras) {}

  private static final List<OpCase> CASES = new ArrayList<>();

  private static void op(String label, String expr, String inputs, Function<List<KerasTensor>, KerasTensor> jkeras) {
    CASES.add(new OpCase(label, expr, List.of(inputs.split(",")), jkeras));
  }

  private static void einsum(String label, String subscripts, String inputs) {
    int n = inputs.split(",").length;
    String args = String.join(", ", List.of("a", "b", "c", "d").subList(0, n));
    op(label, "ops.einsum('" + subscripts + "', " + args + ")", inputs,
        t -> Ops.einsum(subscripts, t.toArray(KerasTensor[]::new)));
  }

  static {
    einsum("einsum_matmul", "ij,jk->ik", "x,y");
    einsum("einsum_batch_matmul", "bij,bjk->bik", "b1,b2");
    einsum("einsum_implicit", "ij,jk", "x,y");
    einsum("einsum_implicit_transpose", "ji", "x");
    einsum("einsum_implicit_order", "ba,ac", "x,y");
    einsum("einsum_transpose", "ij->ji", "x");
    einsum("einsum_trace", "ii", "sq");
    einsum("einsum_diagonal", "ii->i", "sq");
    einsum("einsum_sum_all", "ij->", "x");
    einsum("einsum_row_sums", "ij->i", "x");
    einsum("einsum_outer", "i,j->ij", "v3,v4");
    einsum("einsum_dot", "i,i", "v4,v4");
    einsum("einsum_matvec", "ij,j->i", "x,v4");
    einsum("einsum_ellipsis_broadcast", "...ij,jk->...ik", "b1,y");
    einsum("einsum_ellipsis_both", "...ij,...jk->...ik", "b1,b2");
    einsum("einsum_three_operands", "ij,jk,kl->il", "x,y,z");
    einsum("einsum_three_outer", "i,j,k->ijk", "v3,v4,v3");
    einsum("einsum_dense_like", "abc,cde->abde", "b1,w3");
    einsum("einsum_spaces", "ij, jk -> ik", "x,y");
    einsum("einsum_uppercase", "Ij,jK->IK", "x,y");
    einsum("einsum_ints", "ij,jk->ik", "ints,ints2");
    einsum("einsum_int_and_float", "ij,jk->ik", "ints,y");
    einsum("einsum_attention_logits", "BTNH,BSNH->BNTS", "q,k");
    op("dpa", "ops.dot_product_attention(a, b, c)", "q,k,v", t -> Ops.dotProductAttention(t.get(0), t.get(1), t.get(2)));
    op("dpa_scale", "ops.dot_product_attention(a, b, c, scale=0.3)", "q,k,v",
        t -> Ops.dotProductAttention(t.get(0), t.get(1), t.get(2), null, null, 0.3, false));
    op("dpa_bias", "ops.dot_product_attention(a, b, c, bias=d)", "q,k,v,bias",
        t -> Ops.dotProductAttention(t.get(0), t.get(1), t.get(2), t.get(3), null, null, false));
    op("dpa_mask", "ops.dot_product_attention(a, b, c, mask=d)", "q,k,v,mask",
        t -> Ops.dotProductAttention(t.get(0), t.get(1), t.get(2), null, t.get(3), null, false));
    op("dpa_int_mask", "ops.dot_product_attention(a, b, c, mask=d)", "q,k,v,imask",
        t -> Ops.dotProductAttention(t.get(0), t.get(1), t.get(2), null, t.get(3), null, false));
    op("dpa_causal", "ops.dot_product_attention(a, b, c, is_causal=True)", "qsq,ksq,ksq",
        t -> Ops.dotProductAttention(t.get(0), t.get(1), t.get(2), null, null, null, true));
    op("dpa_causal_rectangular", "ops.dot_product_attention(a, b, c, is_causal=True)", "q,k,v",
        t -> Ops.dotProductAttention(t.get(0), t.get(1), t.get(2), null, null, null, true));
    op("dpa_causal_mask_bias", "ops.dot_product_attention(a, b, c, bias=d, mask=e, is_causal=True)",
        "q,k,v,bias,mask", t -> Ops.dotProductAttention(t.get(0), t.get(1), t.get(2), t.get(3), t.get(4), null, true));
    // grouped-query attention: Keras's numpy backend has none; its jax/tensorflow rule is heads repeated
    op("dpa_grouped_query", "ops.dot_product_attention(a, np.repeat(b, 2, axis=2), np.repeat(c, 2, axis=2))",
        "q,k1,v1", t -> Ops.dotProductAttention(t.get(0), t.get(1), t.get(2)));
  }

  private static Path dir;
  private static Map<String, Object> answers;

  @BeforeAll
  static void askKeras() throws IOException {
    KerasOracle.assumeAvailable();
    dir = Files.createTempDirectory("jkeras-attention-ops");
    for (Map.Entry<String, NdArray<?>> input : INPUTS.entrySet()) {
      Npy.write(dir.resolve(input.getKey() + ".npy"), input.getValue());
    }
    List<Map<String, Object>> ops = new ArrayList<>();
    CASES.forEach(c -> ops.add(Map.of("label", c.label(), "expr", c.expr(), "inputs", c.inputs())));
    Files.writeString(dir.resolve("cases.json"), Json.write(Map.of("ops", ops)));
    KerasOracle.run("optimizers_ops_oracle.py", dir.toString());
    answers = Json.parse(Files.readString(dir.resolve("answers.json")), "answers.json");
  }

  @TestFactory
  Stream<DynamicTest> onTensors() {
    return CASES.stream().map(c -> DynamicTest.dynamicTest(c.label(), () -> {
      Backend b = Backends.get();
      List<NdArray<?>> actual = b.eager(() -> List.of(c.jkeras().apply(c.inputs().stream()
          .map(name -> b.core().constant(INPUTS.get(name))).toList())));
      assertMatchesKeras(c.label(), actual.get(0));
    }));
  }

  @TestFactory
  Stream<DynamicTest> onArrays() {
    return CASES.stream().filter(c -> c.label().startsWith("einsum")).limit(4).map(c -> DynamicTest.dynamicTest(
        c.label(), () -> {
          String subscripts = c.expr().substring(c.expr().indexOf('\'') + 1, c.expr().lastIndexOf('\''));
          assertMatchesKeras(c.label(), Ops.einsum(subscripts, c.inputs().stream().map(INPUTS::get)
              .toArray(NdArray<?>[]::new)));
        }));
  }

  @SuppressWarnings("unchecked")
  private static void assertMatchesKeras(String label, NdArray<?> actual) {
    Map<String, Object> answer = (Map<String, Object>) ((Map<String, Object>) answers.get("ops")).get(label);
    assertNull(answer.get("error"), () -> "Keras failed on " + label + ":\n" + answer.get("error"));
    List<String> dtypes = (List<String>) answer.get("dtypes");
    assertEquals(dtypes.get(0), DType.of(actual).kerasName(), label + ": dtype");
    NdArray<?> expected = Npy.read(dir.resolve("out").resolve(label + "_0.npy"));
    assertEquals(java.util.Arrays.toString(expected.shape().asArray()),
        java.util.Arrays.toString(actual.shape().asArray()), label + ": shape");
    Conformance.assertClose(expected, actual, 1e-5, 1e-5, label);
  }
}
