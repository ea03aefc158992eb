package dev.jkeras.ops;

import dev.jkeras.DType;
import dev.jkeras.KerasTensor;
import dev.jkeras.backend.Backend;
import dev.jkeras.backend.Backends;
import java.util.Arrays;
import java.util.List;
import java.util.function.Function;
import org.tensorflow.ndarray.NdArray;

/** What the op families share: the backend, eager runs on arrays, and Keras's float promotion. */
final class OpSupport {
  private OpSupport() {}

  static Backend backend() {
    return Backends.get();
  }

  /** Runs {@code fn} eagerly on constants holding {@code args} and returns its value. */
  static NdArray<?> eager(Function<List<KerasTensor>, KerasTensor> fn, NdArray<?>... args) {
    Backend b = backend();
    return b.eager(() -> List.of(fn.apply(Arrays.stream(args).map(b.core()::constant).toList()))).get(0);
  }

  /** {@code x} itself when floating, else cast to float32: Keras's result dtype of float functions of integers. */
  static KerasTensor floating(KerasTensor x) {
    return x.dtype().isFloating() ? x : CoreOps.cast(x, DType.FLOAT32);
  }
}
