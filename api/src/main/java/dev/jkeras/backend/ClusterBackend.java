package dev.jkeras.backend;

import dev.jkeras.DType;
import dev.jkeras.KerasTensor;
import dev.jkeras.Shape;
import java.util.Optional;

/**
 * A runtime's multi-process execution: this process joins a cluster of workers once, after which
 * every new graph's session runs on this process's server, and collectives (all-reduce, broadcast)
 * traced into a graph exchange tensors with the other workers at run time. Every worker of a
 * collective traces it with the same {@code instanceKey}, dtype and shape.
 */
public interface ClusterBackend {

  /**
   * Starts this process's server for {@code spec}; graphs made from now on run on it. A process joins
   * one cluster for its lifetime: joining the same spec again does nothing, another one is refused.
   */
  void join(ClusterSpec spec);

  /** The cluster this process joined, if any. */
  Optional<ClusterSpec> joined();

  /**
   * The element-wise sum over the workers of {@code x}, divided by their number when {@code mean}; in
   * the graph being traced.
   */
  KerasTensor allReduce(KerasTensor x, boolean mean, int instanceKey);

  /** Sends {@code x} from this worker to every other; returns {@code x} once sent. */
  KerasTensor broadcastSend(KerasTensor x, int instanceKey);

  /** Receives the tensor another worker sends with {@link #broadcastSend}. */
  KerasTensor broadcastReceive(DType dtype, Shape shape, int instanceKey);
}
