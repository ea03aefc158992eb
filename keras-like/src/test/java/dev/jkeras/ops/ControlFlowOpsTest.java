package dev.jkeras.ops;

import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.jkeras.DType;
import dev.jkeras.KerasTensor;
import dev.jkeras.backend.Backends;
import dev.jkeras.backend.GraphFunction;
import dev.jkeras.backend.ModelGraph;
import dev.jkeras.testing.Conformance;
import dev.jkeras.testing.KerasOracle;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;
import org.tensorflow.ndarray.NdArray;
import org.tensorflow.ndarray.StdArrays;

/**
 * keras.ops.while_loop, fori_loop, scan and cond: values judged by real Keras (numpy backend), eagerly and
 * inside a traced graph (TensorFlow's StatelessWhile / StatelessIf); gradients in the graph against central
 * finite differences of {@code sum(sin(f(x)))}; hostile bodies and predicates give clear errors.
 */
class ControlFlowOpsTest {
  private static final float[][] X = {{0.9f, -1.3f, 0.4f}, {-0.5f, 0.8f, -1.9f}, {1.4f, 0.2f, 0.7f}, {0.3f, -0.6f, 1.1f}};
  private static final double H = 3e-3;

  private record Case(String label, String python, Function<KerasTensor, List<KerasTensor>> f) {}

  private static final List<Case> CASES = new ArrayList<>();

  private static void add(String label, String python, Function<KerasTensor, List<KerasTensor>> f) {
    CASES.add(new Case(label, python, f));
  }

  static {
    add("while_loop", "ops.while_loop(lambda i, v: i < 5, lambda i, v: (i + 1, ops.sin(v) * 1.5 + 0.1), "
        + "(np.int32(0), x))[1]",
        x -> Ops.whileLoop(v -> Ops.less(v.get(0), 5), v -> List.of(Ops.add(v.get(0), 1L),
            Ops.add(Ops.multiply(Ops.sin(v.get(1)), 1.5), 0.1)), List.of(Ops.scalar(0, DType.INT32), x)).subList(1, 2));
    add("while_loop_max", "ops.while_loop(lambda v: ops.sum(v) < 100.0, lambda v: (v * 1.3 + x,), (x,), "
        + "maximum_iterations=3)[0]",
        x -> Ops.whileLoop(v -> Ops.less(Ops.sum(v.get(0)), 100.0),
            v -> List.of(Ops.add(Ops.multiply(v.get(0), 1.3), x)), List.of(x), 3));
    add("while_loop_data_cond", "ops.while_loop(lambda v: ops.sum(v * v) < 40.0, lambda v: (v * 1.2 + 0.05,), (x,))[0]",
        x -> Ops.whileLoop(v -> Ops.less(Ops.sum(Ops.multiply(v.get(0), v.get(0))), 40.0),
            v -> List.of(Ops.add(Ops.multiply(v.get(0), 1.2), 0.05)), List.of(x)));
    add("fori_loop", "ops.fori_loop(1, 4, lambda i, v: ops.tanh(v * ops.cast(i, 'float32') + x), x)",
        x -> Ops.foriLoop(1, 4, (i, v) -> List.of(Ops.tanh(Ops.add(Ops.multiply(v.get(0), Ops.cast(i, DType.FLOAT32)),
            x))), List.of(x)));
    add("scan", "ops.scan(lambda c, r: (ops.tanh(c * 0.8 + r), c * r), ops.zeros((3,)), x)",
        x -> scanned(Ops.scan((c, r) -> new ControlFlowOps.Scanned(
            List.of(Ops.tanh(Ops.add(Ops.multiply(c.get(0), 0.8), r.get(0)))),
            List.of(Ops.multiply(c.get(0), r.get(0)))), List.of(Ops.zeros(dev.jkeras.Shape.of(3), DType.FLOAT32)),
            List.of(x))));
    add("scan_reverse", "ops.scan(lambda c, r: (ops.tanh(c * 0.8 + r), ops.sin(c) + r), x[0], x, reverse=True)",
        x -> scanned(Ops.scan((c, r) -> new ControlFlowOps.Scanned(
            List.of(Ops.tanh(Ops.add(Ops.multiply(c.get(0), 0.8), r.get(0)))),
            List.of(Ops.add(Ops.sin(c.get(0)), r.get(0)))), List.of(Ops.take(x, Ops.scalar(0, DType.INT32), 0)),
            List.of(x), null, true)));
    add("scan_length", "ops.scan(lambda c, _: (c * 1.1 + x[1], None), x[2], length=3)[0]",
        x -> Ops.scan((c, r) -> new ControlFlowOps.Scanned(List.of(Ops.add(Ops.multiply(c.get(0), 1.1),
            Ops.take(x, Ops.scalar(1, DType.INT32), 0))), List.of()),
            List.of(Ops.take(x, Ops.scalar(2, DType.INT32), 0)), null, 3, false).carry());
    // The first carry feeds the second in the same step, as a stacked RNN cell's state feeds the next cell.
    add("scan_chained_carry", "ops.scan(lambda c, r: ((ops.tanh(c[0] * 0.8 + r), ops.sin(ops.tanh(c[0] * 0.8 + r)) "
        + "* c[1] + r), None), (ops.zeros((3,)), ops.ones((3,))), x)[0]",
        x -> Ops.scan((c, r) -> {
          KerasTensor a = Ops.tanh(Ops.add(Ops.multiply(c.get(0), 0.8), r.get(0)));
          return new ControlFlowOps.Scanned(List.of(a, Ops.add(Ops.multiply(Ops.sin(a), c.get(1)), r.get(0))), List.of());
        }, List.of(Ops.zeros(dev.jkeras.Shape.of(3), DType.FLOAT32), Ops.ones(dev.jkeras.Shape.of(3), DType.FLOAT32)),
            List.of(x)).carry());
    // Weights used once, as the right operand of a matmul whose left operand is the carry, the step's row and
    // a value computed in the step: their gradients are one product after the reverse loop, not one per step.
    add("scan_matmul_weights", "ops.scan(lambda c, r: (ops.tanh(ops.matmul(c, x[0:3]) + ops.matmul(r, x[1:4]) "
        + "+ ops.matmul(ops.sin(c), x[0:3] * 0.5)), None), ops.ones((2, 3)) * 0.3, ops.reshape(x, (2, 2, 3)))[0]",
        x -> {
          KerasTensor w1 = Ops.slice(x, new int[] {0, 0}, new int[] {3, 3});
          KerasTensor w2 = Ops.slice(x, new int[] {1, 0}, new int[] {3, 3});
          KerasTensor w3 = Ops.multiply(Ops.slice(x, new int[] {0, 0}, new int[] {3, 3}), 0.5);
          return Ops.scan((c, r) -> new ControlFlowOps.Scanned(List.of(Ops.tanh(Ops.add(Ops.add(
              Ops.matmul(c.get(0), w1), Ops.matmul(r.get(0), w2)), Ops.matmul(Ops.sin(c.get(0)), w3)))), List.of()),
              List.of(Ops.multiply(Ops.ones(dev.jkeras.Shape.of(2, 3), DType.FLOAT32), 0.3)),
              List.of(Ops.reshape(x, 2, 2, 3))).carry();
        });
    add("cond_true", "ops.cond(ops.sum(x) > 0.0, lambda: ops.sin(x) * 2.0, lambda: x - 1.0)",
        x -> Ops.cond(Ops.greater(Ops.sum(x), 0.0), () -> List.of(Ops.multiply(Ops.sin(x), 2.0)),
            () -> List.of(Ops.subtract(x, 1.0))));
    add("cond_false", "ops.cond(ops.sum(x) > 5.0, lambda: ops.sin(x) * 2.0, lambda: ops.tanh(x) * x)",
        x -> Ops.cond(Ops.greater(Ops.sum(x), 5.0), () -> List.of(Ops.multiply(Ops.sin(x), 2.0)),
            () -> List.of(Ops.multiply(Ops.tanh(x), x))));
    add("cond_disjoint", "ops.cond(ops.sum(x) > 0.0, lambda: ops.sin(x[0]) * x[1], lambda: ops.exp(x[2]))",
        x -> Ops.cond(Ops.greater(Ops.sum(x), 0.0), () -> List.of(Ops.multiply(Ops.sin(row(x, 0)), row(x, 1))),
            () -> List.of(Ops.exp(row(x, 2)))));
    add("cond_in_loop", "ops.fori_loop(0, 4, lambda i, v: ops.cond(i < 2, lambda: v * 1.5, lambda: ops.sin(v)), x)",
        x -> Ops.foriLoop(0, 4, (i, v) -> Ops.cond(Ops.less(i, 2),
            () -> List.of(Ops.multiply(v.get(0), 1.5)), () -> List.of(Ops.sin(v.get(0)))), List.of(x)));
    add("loop_in_loop", "ops.fori_loop(0, 3, lambda i, v: ops.fori_loop(0, 2, lambda j, w: ops.tanh(w + x), v), x)",
        x -> Ops.foriLoop(0, 3, (i, v) -> Ops.foriLoop(0, 2, (j, w) -> List.of(Ops.tanh(Ops.add(w.get(0), x))), v),
            List.of(x)));
  }

  private static KerasTensor row(KerasTensor x, int i) {
    return Ops.take(x, Ops.scalar(i, DType.INT32), 0);
  }

  private static List<KerasTensor> scanned(ControlFlowOps.Scanned s) {
    List<KerasTensor> all = new ArrayList<>(s.carry());
    all.addAll(s.ys());
    return all;
  }

  private static Map<String, List<double[]>> keras;

  @BeforeAll
  static void askKeras() {
    StringBuilder code = new StringBuilder("import keras_env, json, numpy as np\nfrom keras import ops\n");
    code.append("x = np.array(").append(Arrays.deepToString(X)).append(", dtype='float32')\n");
    code.append("def flat(r):\n  r = r if isinstance(r, (list, tuple)) else [r]\n  out = []\n"
        + "  for t in r:\n    if isinstance(t, (list, tuple)): out += flat(t)\n"
        + "    elif t is not None: out.append(np.asarray(t, dtype='float64').ravel().tolist())\n  return out\n");
    for (Case c : CASES) {
      code.append("print('@@").append(c.label()).append("=' + '|'.join(','.join(repr(v) for v in a) for a in flat(").append(c.python())
          .append(")))\n");
    }
    Map<String, String> printed = KerasOracle.printedValues(code.toString());
    keras = new LinkedHashMap<>();
    printed.forEach((k, v) -> {
      List<double[]> arrays = new ArrayList<>();
      for (String a : v.split("\\|", -1)) {
        arrays.add(Arrays.stream(a.split(",")).filter(n -> !n.isBlank()).mapToDouble(Double::parseDouble).toArray());
      }
      keras.put(k, arrays);
    });
  }

  private static List<NdArray<?>> eager(Function<KerasTensor, List<KerasTensor>> f, float[][] x) {
    return Backends.get().eager(() -> f.apply(Ops.convertToTensor(StdArrays.ndCopyOf(x))));
  }

  private static List<NdArray<?>> graph(Function<KerasTensor, List<KerasTensor>> f, float[][] x) {
    try (ModelGraph graph = Backends.get().newGraph("control_flow")) {
      GraphFunction fn = graph.trace(() -> graph.function(List.of(), f.apply(Ops.convertToTensor(StdArrays.ndCopyOf(x))),
          List.of()));
      return fn.call(List.of());
    }
  }

  private static void assertKeras(String label, List<NdArray<?>> actual, String how) {
    List<double[]> expected = keras.get(label);
    assertNotNull(expected, "Keras gave no value for " + label);
    assertTrue(expected.size() == actual.size(), label + " " + how + ": " + actual.size() + " results, Keras "
        + expected.size());
    for (int i = 0; i < actual.size(); i++) {
      Conformance.assertClose(expected.get(i), Conformance.values(actual.get(i)), 1e-5, 1e-5, label + " " + how
          + " result " + i);
    }
  }

  @TestFactory
  Stream<DynamicTest> valuesMatchKeras() {
    return CASES.stream().flatMap(c -> Stream.of(
        DynamicTest.dynamicTest(c.label() + " eager", () -> assertKeras(c.label(), eager(c.f(), X), "eager")),
        DynamicTest.dynamicTest(c.label() + " graph", () -> assertKeras(c.label(), graph(c.f(), X), "in a graph"))));
  }

  private static KerasTensor loss(Function<KerasTensor, List<KerasTensor>> f, KerasTensor x) {
    KerasTensor total = null;
    for (KerasTensor y : f.apply(x)) {
      KerasTensor term = Ops.sum(Ops.sin(Ops.multiply(y, 1.3)));
      total = total == null ? term : Ops.add(total, term);
    }
    return total;
  }

  @TestFactory
  Stream<DynamicTest> gradientsMatchFiniteDifferences() {
    return CASES.stream().map(c -> DynamicTest.dynamicTest(c.label(), () -> {
      double[] analytic;
      try (ModelGraph graph = Backends.get().newGraph("grad_" + c.label())) {
        GraphFunction fn = graph.trace(() -> {
          KerasTensor x = Ops.convertToTensor(StdArrays.ndCopyOf(X));
          KerasTensor grad = graph.gradientsOfTensors(loss(c.f(), x), List.of(x)).get(0);
          assertNotNull(grad, c.label() + ": no gradient");
          return graph.function(List.of(), List.of(grad), List.of());
        });
        analytic = Conformance.values(fn.call(List.of()).get(0));
      }
      double worst = 0;
      for (int i = 0; i < X.length; i++) {
        for (int j = 0; j < X[i].length; j++) {
          float[][] plus = copy();
          float[][] minus = copy();
          plus[i][j] += (float) H;
          minus[i][j] -= (float) H;
          double numeric = (eagerLoss(c.f(), plus) - eagerLoss(c.f(), minus)) / (plus[i][j] - (double) minus[i][j]);
          worst = Math.max(worst, Math.abs(analytic[i * X[i].length + j] - numeric) / Math.max(1, Math.abs(numeric)));
        }
      }
      assertTrue(worst < 2e-3, c.label() + ": worst relative gradient error " + worst);
    }));
  }

  private static double eagerLoss(Function<KerasTensor, List<KerasTensor>> f, float[][] x) {
    return Conformance.values(Backends.get().eager(() -> List.of(loss(f, Ops.convertToTensor(StdArrays.ndCopyOf(x)))))
        .get(0))[0];
  }

  private static float[][] copy() {
    float[][] c = new float[X.length][];
    for (int i = 0; i < X.length; i++) {
      c[i] = X[i].clone();
    }
    return c;
  }

  // ------------------------------------------------------------------ hostile input

  private static void assertRejects(String expected, Function<KerasTensor, List<KerasTensor>> f) {
    for (String how : List.of("eager", "graph")) {
      IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
          () -> {
            List<NdArray<?>> unused = how.equals("eager") ? eager(f, X) : graph(f, X);
          }, how);
      assertTrue(e.getMessage().contains(expected), how + ": " + e.getMessage());
    }
  }

  @Test
  void bodyReturningTheWrongCountIsRejected() {
    assertRejects("must return 2 loop variable(s)", x -> Ops.whileLoop(v -> Ops.less(v.get(0), 3),
        v -> List.of(Ops.add(v.get(0), 1L)), List.of(Ops.scalar(0, DType.INT32), x)));
  }

  @Test
  void bodyChangingDtypeOrShapeIsRejected() {
    assertRejects("must keep its dtype and shape", x -> Ops.whileLoop(v -> Ops.less(v.get(0), 3),
        v -> List.of(Ops.add(v.get(0), 1L), Ops.cast(v.get(1), DType.FLOAT64)), List.of(Ops.scalar(0, DType.INT32), x)));
    assertRejects("must keep its dtype and shape", x -> Ops.foriLoop(0, 3,
        (i, v) -> List.of(Ops.sum(v.get(0), 0)), List.of(x)));
    assertRejects("must keep its dtype and shape", x -> Ops.scan((c, r) -> new ControlFlowOps.Scanned(
        List.of(Ops.concatenate(new KerasTensor[] {c.get(0), r.get(0)}, 0)), List.of()),
        List.of(Ops.zeros(dev.jkeras.Shape.of(3), DType.FLOAT32)), List.of(x)).carry());
  }

  @Test
  void predicatesMustBeScalarBools() {
    assertRejects("while_loop's cond must be a scalar bool tensor, got float32",
        x -> Ops.whileLoop(v -> Ops.sum(v.get(0)), v -> v, List.of(x)));
    assertRejects("while_loop's cond must be a scalar bool tensor, got bool of shape (4, 3)",
        x -> Ops.whileLoop(v -> Ops.greater(v.get(0), 0.0), v -> v, List.of(x)));
    assertRejects("cond's pred must be a scalar bool tensor, got bool of shape (4, 3)",
        x -> Ops.cond(Ops.greater(x, 0.0), () -> List.of(x), () -> List.of(x)));
  }

  @Test
  void branchesMustAgree() {
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> graph(x -> Ops.cond(
        Ops.greater(Ops.sum(x), 0.0), () -> List.of(x), () -> List.of(Ops.cast(x, DType.INT32))), X));
    assertTrue(e.getMessage().contains("both branches must return as many tensors, of the same dtypes"), e.getMessage());
  }

  @Test
  void argumentsAreChecked() {
    assertRejects("scan: got no `xs` to scan over and `length` not provided", x -> Ops.scan((c, r) ->
        new ControlFlowOps.Scanned(c, List.of()), List.of(x), null, null, false).carry());
    assertRejects("length (5) does not match the first dimension of xs (4)", x -> Ops.scan((c, r) ->
        new ControlFlowOps.Scanned(c, List.of()), List.of(x), List.of(x), 5, false).carry());
    assertRejects("maximum_iterations must be >= 0", x -> Ops.whileLoop(v -> Ops.less(Ops.sum(v.get(0)), 1.0),
        v -> v, List.of(x), -1));
    assertRejects("loop_vars must be a non-empty list", x -> Ops.whileLoop(v -> null, v -> v, List.of()));
    assertRejects("fori_loop: lower must be an int32 scalar", x -> Ops.foriLoop(x, Ops.scalar(3, DType.INT32),
        (i, v) -> v, List.of(x)));
  }
}
