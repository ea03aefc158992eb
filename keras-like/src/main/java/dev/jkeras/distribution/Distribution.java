package dev.jkeras.distribution;

import dev.jkeras.backend.Backends;

/**
 * The process's distribution, as Keras 3's {@code keras.distribution.set_distribution} and
 * {@code distribution()}: set once, before the model is built, it makes this process a worker of the
 * cluster (TensorFlow's gRPC server starts, and every model graph made afterwards runs on it), and
 * {@code fit} then trains data-parallel with the other workers.
 *
 * <p>TensorFlow's server binds every network interface of the machine on the worker's port and has
 * no authentication: run workers on a private network, or firewall the ports to the workers' hosts.
 * A process joins one cluster for its lifetime (TensorFlow cannot stop a server).
 */
public final class Distribution {
  private static volatile DataParallel current;

  private Distribution() {}

  /**
   * Makes this process a worker of {@code distribution}'s cluster; call it before building the model.
   * Setting the same distribution again does nothing.
   *
   * @throws IllegalArgumentException when the cluster is invalid (an address without an explicit host,
   *     a wildcard address, a bad port, an index outside the cluster)
   * @throws IllegalStateException when another distribution is set already, or the server cannot start
   */
  public static synchronized void setDistribution(DataParallel distribution) {
    if (distribution == null) {
      if (current != null) {
        throw new IllegalStateException("This process is worker " + current.taskIndex() + " of " + current.workers()
            + " and cannot leave the cluster (TensorFlow cannot stop its server): end the process instead.");
      }
      return;
    }
    Backends.get().cluster().join(distribution.spec());
    current = distribution;
  }

  /** The distribution set, or null when this process trains alone. */
  public static DataParallel distribution() {
    return current;
  }

  /**
   * True when this process writes the files of training (checkpoints, TensorBoard logs, saved
   * models): alone, or as the chief (worker 0) of a distribution.
   */
  public static boolean isChief() {
    DataParallel d = current;
    return d == null || d.isChief();
  }

  private static final java.util.Set<String> SKIPPED = java.util.concurrent.ConcurrentHashMap.newKeySet();

  /**
   * True when this process should skip writing {@code what} because it is a worker other than the
   * chief (as TensorFlow's multi-worker training, where only the chief's files are kept); says so once
   * per kind of file.
   */
  public static boolean skipsWriting(String what) {
    DataParallel d = current;
    if (d == null || d.isChief()) {
      return false;
    }
    if (SKIPPED.add(what)) {
      System.getLogger(Distribution.class.getName()).log(System.Logger.Level.INFO, "Worker " + d.taskIndex()
          + " is not the chief: it skips writing " + what + " (the chief, worker 0, writes them)");
    }
    return true;
  }
}
