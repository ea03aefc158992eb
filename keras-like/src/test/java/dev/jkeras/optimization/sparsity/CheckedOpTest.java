package dev.jkeras.optimization.sparsity;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.jkeras.KerasTensor;
import dev.jkeras.ops.Ops;
import org.junit.jupiter.api.Test;
import dev.jkeras.backend.Backends;
import java.util.List;
import java.util.function.Supplier;
import org.tensorflow.ndarray.FloatNdArray;
import org.tensorflow.ndarray.NdArray;
import org.tensorflow.ndarray.NdArrays;

/** {@code Ops.checked}, the run-time assertion the pruning wrapper's missing-callback error uses, on eager tensors. */
class CheckedOpTest {

  @Test
  void passesTheValueWhereTheConditionHoldsAndFailsWithTheMessageElsewhere() {
    NdArray<?> passed = eager(() -> {
      KerasTensor value = Ops.convertToTensor(NdArrays.vectorOf(1f, 2f));
      return Ops.checked(value, Ops.greater(value, 0.0), "must be positive");
    });
    assertEquals(2f, ((FloatNdArray) passed).getFloat(1));
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> eager(() -> {
      KerasTensor value = Ops.convertToTensor(NdArrays.vectorOf(1f, 2f));
      return Ops.checked(value, Ops.greater(value, 1.5), "must be above 1.5");
    }));
    assertEquals("must be above 1.5", e.getMessage());
    assertThrows(IllegalArgumentException.class, () -> eager(() -> {
      KerasTensor value = Ops.convertToTensor(NdArrays.vectorOf(1f, 2f));
      return Ops.checked(value, value, "not a bool condition");
    }));
  }

  private static NdArray<?> eager(Supplier<KerasTensor> body) {
    return Backends.get().eager(() -> List.of(body.get())).get(0);
  }
}
