package dev.jkeras.data;

import dev.jkeras.DType;
import dev.jkeras.KerasTensor;
import dev.jkeras.backend.data.DatasetHandle;
import dev.jkeras.ops.Ops;
import java.util.List;

/**
 * A source made of symbolic tensors of a traced {@code flatMap} or {@code interleave} function (its
 * element, or values computed from it): {@code from_tensors}, {@code from_tensor_slices} or
 * {@code range} of them. Such a dataset exists only inside the function; built anywhere else it fails.
 */
record FunctionTensorsSource(Kind kind, List<KerasTensor> tensors) implements DatasetNode {

  /** What the source makes of its tensors. */
  enum Kind {
    /** One element of the tensors ({@code Dataset.fromTensors}). */
    TENSORS("Dataset.fromTensors"),
    /** The rows of the tensors ({@code Dataset.fromTensorSlices}). */
    TENSOR_SLICES("Dataset.fromTensorSlices"),
    /** {@code range(stop)}, {@code range(start, stop)} or {@code range(start, stop, step)} of integer scalars. */
    RANGE("Dataset.range");

    private final String call;

    Kind(String call) {
      this.call = call;
    }
  }

  FunctionTensorsSource {
    if (tensors == null || tensors.isEmpty() || tensors.contains(null)) {
      throw new IllegalArgumentException(kind.call + " needs at least one tensor, and no null; got " + tensors);
    }
    tensors = List.copyOf(tensors);
    if (kind == Kind.TENSOR_SLICES) {
      for (int i = 0; i < tensors.size(); i++) {
        if (tensors.get(i).shape().rank() == 0) {
          throw new IllegalArgumentException(kind.call + ": component " + i + " is a scalar " + tensors.get(i)
              + "; each tensor is sliced along its first dimension, so give tensors of rank >= 1 (or use "
              + "Dataset.fromTensors for one element)");
        }
      }
    }
    if (kind == Kind.RANGE) {
      if (tensors.size() > 3) {
        throw new IllegalArgumentException("Dataset.range takes stop, start and stop, or start, stop and step; got "
            + tensors.size() + " tensors");
      }
      tensors.forEach(t -> requireIntegerScalar(t, kind.call));
    }
  }

  /** Fails unless {@code count} is an int32 or int64 scalar, as tf.data's counts and bounds are. */
  static void requireIntegerScalar(KerasTensor count, String call) {
    if (count == null) {
      throw new IllegalArgumentException(call + " needs an integer scalar tensor, got null");
    }
    if ((count.dtype() != DType.INT64 && count.dtype() != DType.INT32) || count.shape().rank() != 0) {
      throw new IllegalArgumentException(call + " takes an int32 or int64 scalar tensor, got " + count.dtype() + " "
          + count.shape() + "; cast it (Ops.cast(t, \"int64\")) or reduce it to a scalar first");
    }
  }

  /** {@code count} as the int64 scalar tf.data's kernels take. */
  static KerasTensor int64(KerasTensor count) {
    return count.dtype() == DType.INT64 ? count : Ops.cast(count, DType.INT64);
  }

  @Override
  public DatasetHandle build(PipelineBuild build) {
    build.requireInsideFunction(kind.call + " of symbolic tensors");
    return switch (kind) {
      case TENSORS -> build.datasets().tensors(tensors);
      case TENSOR_SLICES -> build.datasets().tensorSlices(tensors);
      case RANGE -> build.datasets().range(
          tensors.size() == 1 ? Ops.scalar(0, DType.INT64) : int64(tensors.get(0)),
          int64(tensors.get(tensors.size() == 1 ? 0 : 1)),
          tensors.size() == 3 ? int64(tensors.get(2)) : Ops.scalar(1, DType.INT64));
    };
  }
}
