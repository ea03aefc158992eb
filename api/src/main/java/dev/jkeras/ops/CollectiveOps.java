package dev.jkeras.ops;

import static dev.jkeras.ops.OpSupport.backend;

import dev.jkeras.DType;
import dev.jkeras.KerasTensor;
import dev.jkeras.Shape;
import dev.jkeras.backend.ClusterBackend;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Collectives across the workers of a cluster (TensorFlow's {@code tf.distribute} cross-worker
 * reductions): the mean of every worker's tensors and the chief's tensors sent to every worker. They
 * trace into the graph being traced and exchange values when it runs; {@link Ops} re-exports every
 * function here.
 *
 * <p>Each collective takes the next instance key of this process, so every worker must trace the
 * same collectives in the same order (the same program, as data-parallel training runs it).
 * Tensors are packed, by dtype, into one flat tensor per collective: one exchange per dtype
 * instead of one per tensor.
 */
public final class CollectiveOps {
  private static final AtomicInteger INSTANCE_KEYS = new AtomicInteger();

  private CollectiveOps() {}

  /**
   * The element-wise mean over the workers of each of {@code tensors} (nulls stay null), packed into
   * one all-reduce per dtype.
   */
  public static List<KerasTensor> allReduceMean(List<KerasTensor> tensors) {
    return allReduceMean(tensors, true);
  }

  /**
   * As {@link #allReduceMean(List)}; {@code packed} false all-reduces each tensor by itself (one
   * exchange per tensor; for measuring what packing saves).
   */
  public static List<KerasTensor> allReduceMean(List<KerasTensor> tensors, boolean packed) {
    ClusterBackend cluster = backend().cluster();
    if (!packed) {
      List<KerasTensor> result = new ArrayList<>();
      for (KerasTensor t : tensors) {
        result.add(t == null ? null : cluster.allReduce(t, true, INSTANCE_KEYS.incrementAndGet()));
      }
      return result;
    }
    return byDtype(tensors, flat -> cluster.allReduce(flat, true, INSTANCE_KEYS.incrementAndGet()));
  }

  /**
   * The element-wise sum over the workers of each of {@code tensors} (nulls stay null), packed into
   * one all-reduce per dtype: the reduction of metric state (totals and counts) across replicas.
   */
  public static List<KerasTensor> allReduceSum(List<KerasTensor> tensors) {
    ClusterBackend cluster = backend().cluster();
    return byDtype(tensors, flat -> cluster.allReduce(flat, false, INSTANCE_KEYS.incrementAndGet()));
  }

  /**
   * Every worker's {@code tensors} replaced by the chief's (task 0's) values: the chief sends them
   * packed, one broadcast per dtype, and the other workers receive them. Shapes must be fully known.
   */
  public static List<KerasTensor> broadcastFromChief(List<KerasTensor> tensors) {
    ClusterBackend cluster = backend().cluster();
    boolean chief = cluster.joined().orElseThrow(() -> new IllegalStateException(
        "broadcastFromChief needs a cluster: this process joined none")).isChief();
    return byDtype(tensors, flat -> {
      int key = INSTANCE_KEYS.incrementAndGet();
      return chief ? cluster.broadcastSend(flat, key) : cluster.broadcastReceive(flat.dtype(), flat.shape(), key);
    });
  }

  /** {@code tensors} (nulls kept) flattened and concatenated per dtype, {@code exchange}d, and cut back. */
  private static List<KerasTensor> byDtype(List<KerasTensor> tensors,
      java.util.function.UnaryOperator<KerasTensor> exchange) {
    Map<DType, List<Integer>> groups = new LinkedHashMap<>();
    for (int i = 0; i < tensors.size(); i++) {
      KerasTensor t = tensors.get(i);
      if (t != null) {
        if (!t.shape().isFullyDefined()) {
          throw new IllegalArgumentException("Collectives pack tensors of fully known shapes; tensor " + i
              + " has shape " + t.shape());
        }
        groups.computeIfAbsent(t.dtype(), d -> new ArrayList<>()).add(i);
      }
    }
    KerasTensor[] result = new KerasTensor[tensors.size()];
    for (List<Integer> group : groups.values()) {
      KerasTensor[] flats = group.stream().map(i -> NumpyOps.reshape(tensors.get(i), -1)).toArray(KerasTensor[]::new);
      KerasTensor packed = exchange.apply(flats.length == 1 ? flats[0] : NumpyOps.concatenate(flats, 0));
      int offset = 0;
      for (int i : group) {
        Shape shape = tensors.get(i).shape();
        int size = Math.toIntExact(shape.size());
        KerasTensor part = group.size() == 1 ? packed : CoreOps.slice(packed, new int[] {offset}, new int[] {size});
        result[i] = NumpyOps.reshape(part, shape.asArray());
        offset += size;
      }
    }
    return java.util.Arrays.asList(result);
  }
}
