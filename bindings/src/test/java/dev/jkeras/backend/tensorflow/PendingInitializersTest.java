package dev.jkeras.backend.tensorflow;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.jkeras.DType;
import dev.jkeras.KerasTensor;
import dev.jkeras.Shape;
import dev.jkeras.backend.Backends;
import dev.jkeras.backend.GraphFunction;
import dev.jkeras.backend.ModelGraph;
import dev.jkeras.backend.Variable;
import dev.jkeras.ops.Ops;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;
import org.tensorflow.ndarray.FloatNdArray;
import org.tensorflow.ndarray.NdArray;
import org.tensorflow.ndarray.NdArrays;
import org.tensorflow.ndarray.StdArrays;

/**
 * A graph's new variables get their initial values together, in one session run, when a value is
 * first needed: values are those of an initializer run on its own, whatever uses them first.
 */
class PendingInitializersTest {

  private static float[] values(NdArray<?> array) {
    return StdArrays.array1dCopyOf((FloatNdArray) array);
  }

  private static Variable normal(ModelGraph graph, String name, long seed) {
    return graph.variable(name, Shape.of(16), DType.FLOAT32,
        () -> Ops.randomNormal(Shape.of(16), 0, 1, DType.FLOAT32, seed));
  }

  @Test
  void aSeededInitializerGivesTheSameValuesAloneAndInABatch() {
    float[] alone;
    try (ModelGraph graph = Backends.get().newGraph("alone")) {
      alone = values(normal(graph, "w", 42).read());
    }
    try (ModelGraph graph = Backends.get().newGraph("batch")) {
      List<Variable> others = new ArrayList<>();
      for (int i = 0; i < 5; i++) {
        others.add(normal(graph, "before" + i, 7 + i));
      }
      Variable w = normal(graph, "w", 42);
      others.add(normal(graph, "after", 9));
      assertFalse(((TfVariable) w).isInitialized(), "nothing ran yet");
      assertArrayEquals(alone, values(w.read()));
      assertTrue(others.stream().allMatch(v -> ((TfVariable) v).isInitialized()), "all ran in the same run");
    }
  }

  @Test
  void anInitializerReadingAnotherPendingVariableSeesItsValue() {
    try (ModelGraph graph = Backends.get().newGraph("chained")) {
      Variable a = graph.variable("a", Shape.of(2), DType.FLOAT32,
          () -> Backends.get().core().constant(NdArrays.vectorOf(1f, 2f)));
      Variable b = graph.variable("b", Shape.of(2), DType.FLOAT32, () -> Ops.multiply(a.value(), 3.0));
      assertArrayEquals(new float[] {3f, 6f}, values(b.read()));
      assertArrayEquals(new float[] {1f, 2f}, values(a.read()));
    }
  }

  @Test
  void aFunctionRunInitializesTheVariablesItReads() {
    try (ModelGraph graph = Backends.get().newGraph("function")) {
      Variable w = graph.variable("w", Shape.of(2), DType.FLOAT32,
          () -> Backends.get().core().constant(NdArrays.vectorOf(4f, 5f)));
      KerasTensor doubled = graph.trace(() -> Ops.multiply(w.value(), 2.0));
      GraphFunction function = graph.function(List.of(), List.of(doubled), List.of());
      assertArrayEquals(new float[] {8f, 10f}, values(function.call(List.of()).get(0)));
    }
  }

  @Test
  void aWriteBeforeTheFirstReadWins() {
    try (ModelGraph graph = Backends.get().newGraph("write")) {
      Variable w = normal(graph, "w", 3);
      w.write(NdArrays.vectorOf(new float[16]));
      assertArrayEquals(new float[16], values(w.read()));
    }
  }

  @Test
  void aFailingInitializerIsNamedOnEveryUseAndTheOthersAreInitialized() {
    try (ModelGraph graph = Backends.get().newGraph("failing")) {
      Variable good = graph.variable("good", Shape.of(2), DType.FLOAT32,
          () -> Backends.get().core().constant(NdArrays.vectorOf(1f, 2f)));
      Variable bad = graph.variable("bad", Shape.of(1), DType.FLOAT32,
          () -> Ops.take(Backends.get().core().constant(NdArrays.vectorOf(1f, 2f)),
              Backends.get().core().constant(NdArrays.vectorOf(5))));
      IllegalStateException error = assertThrows(IllegalStateException.class, good::read);
      assertTrue(error.getMessage().startsWith("The initializer of variable 'bad' failed: "), error.getMessage());
      assertTrue(((TfVariable) good).isInitialized(), "the others were initialized");
      assertFalse(((TfVariable) bad).isInitialized());
      IllegalStateException again = assertThrows(IllegalStateException.class, good::read, "every use reports it");
      assertEquals(error.getMessage(), again.getMessage());
    }
  }

  @Test
  void manyThreadsReadingAtOnceEachSeeTheirValue() throws Exception {
    float[][] alone = new float[8][];
    for (int i = 0; i < alone.length; i++) {
      try (ModelGraph graph = Backends.get().newGraph("alone" + i)) {
        alone[i] = values(normal(graph, "w", 100 + i).read());
      }
    }
    ExecutorService pool = Executors.newFixedThreadPool(4);
    try (ModelGraph graph = Backends.get().newGraph("threads")) {
      List<Variable> variables = new ArrayList<>();
      for (int i = 0; i < alone.length; i++) {
        variables.add(normal(graph, "w" + i, 100 + i));
      }
      List<Future<float[]>> reads = new ArrayList<>();
      for (Variable v : variables) {
        reads.add(pool.submit(() -> values(v.read())));
      }
      for (int i = 0; i < alone.length; i++) {
        assertArrayEquals(alone[i], reads.get(i).get());
      }
    } finally {
      pool.shutdown();
    }
  }
}
