package dev.jkeras.distribution;

import dev.jkeras.backend.ClusterSpec;
import java.util.List;

/**
 * Data-parallel training across worker processes, as Keras 3's {@code keras.distribution.DataParallel}
 * with TensorFlow's {@code MultiWorkerMirroredStrategy} underneath: every worker holds a full copy of
 * the model, takes its slice of each global batch, and the gradients are averaged over the workers
 * (one packed all-reduce per step) before every worker applies the same update. The chief (task 0)
 * sends its initial weights to the others when a fit starts, and alone writes checkpoints,
 * TensorBoard logs and saved files. Arrays and graph datasets are sharded by batch, in {@code fit}
 * and {@code evaluate}; the logged loss and metrics are computed from the metric state summed over
 * the workers, so every worker logs (and {@code evaluate} returns) the global values.
 *
 * <p>Made from a {@link TfConfig}; installed with {@link Distribution#setDistribution} before the
 * model is built. Values are immutable: the {@code with...} methods return a changed copy.
 */
public class DataParallel {
  /** Seconds a collective waits for the other workers before failing, unless set otherwise. */
  public static final int DEFAULT_TIMEOUT_SECONDS = 60;

  private final TfConfig config;
  private final int timeoutSeconds;
  private final boolean packGradients;

  /** Data parallelism over the cluster of {@code config}. */
  public DataParallel(TfConfig config) {
    this(config, DEFAULT_TIMEOUT_SECONDS, true);
  }

  private DataParallel(TfConfig config, int timeoutSeconds, boolean packGradients) {
    this.config = java.util.Objects.requireNonNull(config, "config");
    this.timeoutSeconds = timeoutSeconds;
    this.packGradients = packGradients;
    spec();
  }

  /** Data parallelism over the cluster of the {@code TF_CONFIG} environment variable. */
  public static DataParallel fromTfConfig() {
    return new DataParallel(TfConfig.fromEnvironment());
  }

  /**
   * This distribution with collectives failing after {@code seconds} when a peer does not take part
   * (a dead or stuck worker); the first step also waits this long for the other workers to start.
   */
  public DataParallel withTimeoutSeconds(int seconds) {
    return new DataParallel(config, seconds, packGradients);
  }

  /**
   * This distribution with the gradients all-reduced packed into one tensor per dtype ({@code true},
   * the default) or one all-reduce per gradient.
   */
  public DataParallel withPackedGradients(boolean packed) {
    return new DataParallel(config, timeoutSeconds, packed);
  }

  /** The cluster as the backend takes it; checks the addresses and the task index. */
  public final ClusterSpec spec() {
    return new ClusterSpec(config.workers(), config.taskIndex(), timeoutSeconds);
  }

  /** The number of workers, each one replica: {@code num_replicas_in_sync}. */
  public int numReplicasInSync() {
    return config.workers().size();
  }

  /** Keras 3's {@code num_processes}: the number of worker processes in the cluster. */
  public int numProcesses() {
    return config.workers().size();
  }

  /** Keras 3's {@code data_shard_id}: the shard of each global batch this process trains on (its task index). */
  public int dataShardId() {
    return config.taskIndex();
  }

  /** This process's task index. */
  public int taskIndex() {
    return config.taskIndex();
  }

  /** True for worker 0, which alone writes files. */
  public boolean isChief() {
    return config.taskIndex() == 0;
  }

  public List<String> workers() {
    return config.workers();
  }

  public int timeoutSeconds() {
    return timeoutSeconds;
  }

  public boolean packGradients() {
    return packGradients;
  }

  @Override
  public String toString() {
    return getClass().getSimpleName() + "(worker " + taskIndex() + " of " + workers() + ", timeout " + timeoutSeconds
        + " s" + (packGradients ? "" : ", unpacked gradients") + ")";
  }
}
