package dev.jkeras.backend;

import java.util.List;

/**
 * A run that needed the other workers of the cluster failed: a peer died, was unreachable or did not
 * take part in a collective within the cluster's timeout. The message names the worker tasks that
 * were found unreachable when the failure was reported.
 */
public final class ClusterException extends IllegalStateException {
  private final List<Integer> unreachableTasks;

  public ClusterException(String message, List<Integer> unreachableTasks, Throwable cause) {
    super(message, cause);
    this.unreachableTasks = List.copyOf(unreachableTasks);
  }

  /** The worker task indices that did not accept a connection when the failure was reported (may be empty). */
  public List<Integer> unreachableTasks() {
    return unreachableTasks;
  }
}
