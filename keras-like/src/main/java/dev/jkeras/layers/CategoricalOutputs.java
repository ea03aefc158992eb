package dev.jkeras.layers;

import dev.jkeras.DType;
import dev.jkeras.KerasTensor;
import dev.jkeras.ops.Ops;
import java.util.List;

/**
 * Integer categories encoded as Keras's preprocessing layers encode them ({@code
 * numerical_utils.encode_categorical_inputs}): {@code one_hot} (a trailing axis of size 1 replaced
 * by the vector), {@code multi_hot} and {@code count} (one vector per sample, the last axis
 * reduced); values outside {@code [0, depth)} count for nothing.
 */
final class CategoricalOutputs {
  static final List<String> ENCODINGS = List.of("one_hot", "multi_hot", "count");

  private CategoricalOutputs() {}

  static KerasTensor encode(KerasTensor indices, String mode, int depth, DType dtype) {
    KerasTensor x = indices.rank() == 0 ? Ops.expandDims(indices, -1) : indices;
    return switch (mode) {
      case "one_hot" -> Ops.oneHot(x.rank() > 1 && x.shape().get(-1) == 1 ? Ops.squeeze(x, -1) : x, depth, dtype);
      case "multi_hot" -> Ops.multiHot(x, depth, dtype);
      case "count" -> Ops.categoryCount(x, depth, dtype);
      default -> throw new IllegalArgumentException("Unknown output_mode '" + mode + "'");
    };
  }

  /** Keras's spelling of an output mode, with its deprecated aliases ({@code binary}, {@code tf-idf}) resolved. */
  static String outputMode(String layer, String given, List<String> allowed) {
    String mode = "binary".equals(given) ? "multi_hot" : "tf-idf".equals(given) ? "tf_idf" : given;
    if (!allowed.contains(mode)) {
      throw new IllegalArgumentException("Invalid value for argument `output_mode` of " + layer + ". Expected one of "
          + allowed + ". Received: output_mode=" + given);
    }
    return mode;
  }
}
