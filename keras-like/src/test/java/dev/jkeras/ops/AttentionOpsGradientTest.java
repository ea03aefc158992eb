package dev.jkeras.ops;

import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.jkeras.KerasTensor;
import dev.jkeras.backend.Backends;
import dev.jkeras.backend.GraphFunction;
import dev.jkeras.backend.ModelGraph;
import dev.jkeras.testing.Conformance;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.tensorflow.ndarray.FloatNdArray;
import org.tensorflow.ndarray.NdArray;
import org.tensorflow.ndarray.StdArrays;

/**
 * einsum and dot_product_attention are differentiable in a model's graph: their TensorFlow gradients
 * with respect to every operand equal central finite differences of {@code sum(sin(1.3 * op))};
 * malformed subscripts and shapes get clear errors.
 */
class AttentionOpsGradientTest {
  private static final double H = 1e-2;

  private record Case(List<FloatNdArray> inputs, Function<List<KerasTensor>, KerasTensor> op) {}

  private static Case gradientCase(String name) {
    return switch (name) {
      case "matmul" -> einsum("ij,jk->ik", AttentionOpsOracleTest.random(1, 3, 4), AttentionOpsOracleTest.random(2, 4, 2));
      case "batch" -> einsum("bij,bjk->bik", AttentionOpsOracleTest.random(3, 2, 3, 2),
          AttentionOpsOracleTest.random(4, 2, 2, 3));
      case "broadcast" -> einsum("...ij,jk->...ik", AttentionOpsOracleTest.random(5, 2, 2, 3),
          AttentionOpsOracleTest.random(6, 3, 2));
      case "dense" -> einsum("abc,cde->abde", AttentionOpsOracleTest.random(7, 2, 2, 3),
          AttentionOpsOracleTest.random(8, 3, 2, 2));
      case "reduce" -> einsum("ij->j", AttentionOpsOracleTest.random(9, 3, 4));
      case "three" -> einsum("ij,jk,kl->il", AttentionOpsOracleTest.random(10, 2, 3), AttentionOpsOracleTest.random(11, 3, 2),
          AttentionOpsOracleTest.random(12, 2, 2));
      case "attention" -> new Case(List.of(AttentionOpsOracleTest.random(13, 1, 3, 2, 2),
          AttentionOpsOracleTest.random(14, 1, 4, 2, 2), AttentionOpsOracleTest.random(15, 1, 4, 2, 3)),
          t -> Ops.dotProductAttention(t.get(0), t.get(1), t.get(2), null, null, null, false));
      case "causal_attention" -> new Case(List.of(AttentionOpsOracleTest.random(16, 1, 3, 2, 2),
          AttentionOpsOracleTest.random(17, 1, 3, 2, 2), AttentionOpsOracleTest.random(18, 1, 3, 2, 2)),
          t -> Ops.dotProductAttention(t.get(0), t.get(1), t.get(2), null, null, 0.7, true));
      default -> throw new IllegalArgumentException(name);
    };
  }

  private static Case einsum(String subscripts, FloatNdArray... inputs) {
    return new Case(List.of(inputs), t -> Ops.einsum(subscripts, t.toArray(KerasTensor[]::new)));
  }

  private static KerasTensor loss(Case c, List<KerasTensor> xs) {
    return Ops.sum(Ops.sin(Ops.multiply(c.op().apply(xs), 1.3)));
  }

  private static double eagerLoss(Case c, List<FloatNdArray> inputs) {
    NdArray<?> value = Backends.get().eager(() -> List.of(loss(c, inputs.stream().map(Ops::convertToTensor).toList())))
        .get(0);
    return Conformance.values(value)[0];
  }

  @ParameterizedTest
  @ValueSource(strings = {"matmul", "batch", "broadcast", "dense", "reduce", "three", "attention", "causal_attention"})
  void gradientsMatchFiniteDifferences(String name) {
    Case c = gradientCase(name);
    List<double[]> analytic = new ArrayList<>();
    try (ModelGraph graph = Backends.get().newGraph("grad_" + name)) {
      GraphFunction f = graph.trace(() -> {
        List<KerasTensor> xs = c.inputs().stream().map(Ops::convertToTensor).toList();
        List<KerasTensor> grads = graph.gradientsOfTensors(loss(c, xs), xs);
        grads.forEach(g -> assertNotNull(g, name + ": no gradient"));
        return graph.function(List.of(), grads, List.of());
      });
      f.call(List.of()).forEach(g -> analytic.add(Conformance.values(g)));
    }
    double worst = 0;
    for (int i = 0; i < c.inputs().size(); i++) {
      FloatNdArray x = c.inputs().get(i);
      long n = x.size();
      for (int j = 0; j < n; j++) {
        double numeric = (eagerLoss(c, shifted(c.inputs(), i, j, H)) - eagerLoss(c, shifted(c.inputs(), i, j, -H)))
            / (2 * H);
        double error = Math.abs(analytic.get(i)[j] - numeric) / Math.max(1, Math.abs(numeric));
        worst = Math.max(worst, error);
      }
    }
    assertTrue(worst < 3e-3, name + ": worst relative gradient error " + worst);
  }

  private static List<FloatNdArray> shifted(List<FloatNdArray> inputs, int which, int flat, double h) {
    List<FloatNdArray> out = new ArrayList<>();
    for (int i = 0; i < inputs.size(); i++) {
      FloatNdArray copy = org.tensorflow.ndarray.NdArrays.ofFloats(inputs.get(i).shape());
      inputs.get(i).copyTo(copy);
      if (i == which) {
        int[] index = {0};
        copy.scalars().forEach(s -> {
          if (index[0]++ == flat) {
            s.setFloat(s.getFloat() + (float) h);
          }
        });
      }
      out.add(copy);
    }
    return out;
  }

  private static void rejects(String expected, Runnable op) {
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Backends.get().eager(() -> {
      op.run();
      return List.of();
    }));
    assertTrue(e.getMessage().contains(expected), "message: " + e.getMessage());
  }

  private static KerasTensor t(float[][] v) {
    return Ops.convertToTensor(StdArrays.ndCopyOf(v));
  }

  private static KerasTensor zeros(long... shape) {
    return Ops.zeros(dev.jkeras.Shape.of(shape), dev.jkeras.DType.FLOAT32);
  }

  @Test
  void badSubscriptsAndShapesGetClearErrors() {
    float[][] a = {{1, 2, 3}, {4, 5, 6}};
    rejects("name 2 operand(s) but 1 were given", () -> Ops.einsum("ij,jk->ik", t(a)));
    rejects("names 3 axes but the operand has shape (2, 3)", () -> Ops.einsum("ijk->i", t(a)));
    rejects("index 'j' has size 3 in one operand and 2 in operand 1", () -> Ops.einsum("ij,jk->ik", t(a), t(a)));
    rejects("invalid character '1'", () -> Ops.einsum("i1->i", t(a)));
    rejects("output index 'z' appears in no input", () -> Ops.einsum("ij->iz", t(a)));
    rejects("output index 'i' appears more than once", () -> Ops.einsum("ij->ii", t(a)));
    rejects("At most one '->'", () -> Ops.einsum("ij->j->i", t(a)));
    rejects("more than one '...'", () -> Ops.einsum("...i...->i", t(a)));
    rejects("no '...' to hold them", () -> Ops.einsum("...j->j", Ops.reshape(t(a), 1, 2, 3)));
    rejects("einsum needs at least one operand", () -> Ops.einsum("->", new KerasTensor[0]));
    rejects("only supports 4D inputs", () -> Ops.dotProductAttention(t(a), t(a), t(a)));
    rejects("differ in the head size H", () -> Ops.dotProductAttention(zeros(1, 2, 2, 4), zeros(1, 3, 2, 5),
        zeros(1, 3, 2, 4)));
    rejects("key and value differ in the key length S", () -> Ops.dotProductAttention(zeros(1, 2, 2, 4),
        zeros(1, 3, 2, 4), zeros(1, 4, 2, 4)));
    rejects("the mask of shape (3, 2) does not broadcast to the logits' shape (B, N, T, S) = (1, 2, 2, 3)",
        () -> Ops.dotProductAttention(zeros(1, 2, 2, 4), zeros(1, 3, 2, 4), zeros(1, 3, 2, 4), null, zeros(3, 2), null,
            false));
    rejects("the bias of shape (1, 1, 1, 1, 3) does not broadcast", () -> Ops.dotProductAttention(zeros(1, 2, 2, 4),
        zeros(1, 3, 2, 4), zeros(1, 3, 2, 4), zeros(1, 1, 1, 1, 3), null, null, false));
    rejects("must be a multiple of the key's K=3", () -> Ops.dotProductAttention(zeros(1, 2, 2, 4),
        zeros(1, 3, 3, 4), zeros(1, 3, 3, 4)));
  }
}
