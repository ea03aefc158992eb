package dev.jkeras.optimization.sparsity;

import dev.jkeras.DType;
import dev.jkeras.KerasTensor;
import dev.jkeras.Shape;
import dev.jkeras.ops.Ops;
import java.util.List;

/**
 * The threshold and mask of one weight for a target sparsity, as tfmot's {@code Pruning._update_mask}
 * and {@code _maybe_update_block_mask}: with {@code k = max(round(size * (1 - sparsity)), 1)}, the
 * threshold is the k-th largest {@code |w|} and the mask keeps every weight with {@code |w| >=
 * threshold} (the k-th one always, as tfmot's one-hot at its position). In blocks of {@code
 * blockSize} (rank-2 weights), the blocks' average or maximum magnitude stands for the block and
 * whole blocks are kept or pruned.
 */
final class MagnitudeMask {
  private MagnitudeMask() {}

  /** {@code [threshold, mask]} for {@code weights} at {@code sparsity} (a float32 scalar). */
  static List<KerasTensor> update(KerasTensor weights, KerasTensor sparsity, int[] blockSize, String pooling) {
    if (blockSize[0] == 1 && blockSize[1] == 1) {
      return elementwise(weights, sparsity);
    }
    long height = weights.shape().get(0);
    long width = weights.shape().get(1);
    KerasTensor pooled = pool(Ops.abs(weights), blockSize, pooling);
    List<KerasTensor> pooledMask = elementwise(pooled, sparsity);
    KerasTensor mask = pooledMask.get(1);
    long rows = pooled.shape().get(0);
    long cols = pooled.shape().get(1);
    KerasTensor blocks = Ops.multiply(Ops.reshape(mask, rows, 1, cols, 1),
        Ops.ones(Shape.of(1, blockSize[0], 1, blockSize[1]), DType.FLOAT32));
    KerasTensor expanded = Ops.reshape(blocks, rows * blockSize[0], cols * blockSize[1]);
    KerasTensor sliced = Ops.slice(expanded, new int[] {0, 0}, new int[] {(int) height, (int) width});
    return List.of(pooledMask.get(0), sliced);
  }

  private static List<KerasTensor> elementwise(KerasTensor weights, KerasTensor sparsity) {
    KerasTensor magnitudes = Ops.abs(weights);
    int size = Math.toIntExact(weights.shape().size());
    KerasTensor kept = Ops.round(Ops.multiply(Ops.scalar((float) size, DType.FLOAT32), Ops.subtract(1.0, sparsity)));
    KerasTensor k = Ops.cast(Ops.maximum(kept, 1.0), DType.INT32);
    List<KerasTensor> sorted = Ops.topK(Ops.reshape(magnitudes, -1), size);
    KerasTensor position = Ops.subtract(k, 1L);
    KerasTensor threshold = Ops.take(sorted.get(0), position);
    KerasTensor at = Ops.take(sorted.get(1), position);
    KerasTensor atThreshold = Ops.reshape(Ops.greater(Ops.oneHot(at, size, DType.FLOAT32), 0.5),
        weights.shape().asArray());
    KerasTensor atLeast = Ops.logicalOr(Ops.greater(magnitudes, threshold), Ops.equal(magnitudes, threshold));
    KerasTensor keep = Ops.logicalOr(atLeast, atThreshold);
    return List.of(threshold, Ops.cast(keep, DType.FLOAT32));
  }

  /** tfmot's {@code factorized_pool}: pooled along the rows, then along the columns, SAME padding. */
  private static KerasTensor pool(KerasTensor magnitudes, int[] blockSize, String pooling) {
    long height = magnitudes.shape().get(0);
    long width = magnitudes.shape().get(1);
    KerasTensor x = Ops.reshape(magnitudes, 1, 1, height, width);
    x = pool1d(x, blockSize[0], pooling);
    x = Ops.transpose(x, 0, 1, 3, 2);
    x = pool1d(x, blockSize[1], pooling);
    x = Ops.transpose(x, 0, 1, 3, 2);
    long[] dims = x.shape().asArray();
    return Ops.reshape(x, dims[2], dims[3]);
  }

  private static KerasTensor pool1d(KerasTensor x, int window, String pooling) {
    int[] size = {1, window};
    return "MAX".equals(pooling) ? Ops.maxPool(x, size, size, "same") : Ops.averagePool(x, size, size, "same");
  }
}
