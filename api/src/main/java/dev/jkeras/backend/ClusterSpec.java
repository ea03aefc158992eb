package dev.jkeras.backend;

import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * The workers of a data-parallel job and this process's place among them: {@code workers} are the
 * {@code host:port} addresses of job {@code worker}'s tasks, in task order, and this process is task
 * {@code taskIndex} (task 0 is the chief). Collectives fail after {@code timeoutSeconds} when a peer
 * does not take part.
 *
 * <p>Every address must name its host explicitly: TensorFlow's server binds every interface of the
 * machine and has no authentication, so a cluster is accepted only with addresses a user chose
 * (no wildcard {@code 0.0.0.0} or {@code ::}, no empty host).
 */
public record ClusterSpec(List<String> workers, int taskIndex, int timeoutSeconds) {

  public ClusterSpec {
    if (workers == null || workers.isEmpty()) {
      throw new IllegalArgumentException("A cluster needs at least one worker address (host:port), got none");
    }
    workers = List.copyOf(workers);
    Set<String> seen = new HashSet<>();
    for (int i = 0; i < workers.size(); i++) {
      String address = workers.get(i);
      checkAddress(i, address);
      if (!seen.add(address)) {
        throw new IllegalArgumentException("Worker address " + address + " is listed twice in the cluster "
            + workers + ": give each worker task its own host:port");
      }
    }
    if (taskIndex < 0 || taskIndex >= workers.size()) {
      throw new IllegalArgumentException("Task index " + taskIndex + " is not a worker of the cluster: it has "
          + workers.size() + " worker(s), so the index must be 0 to " + (workers.size() - 1));
    }
    if (timeoutSeconds <= 0) {
      throw new IllegalArgumentException("timeoutSeconds must be positive, got " + timeoutSeconds);
    }
  }

  private static void checkAddress(int task, String address) {
    String hint = " Give each worker as host:port with an explicit host (e.g. 10.0.0.5:20000 or 127.0.0.1:20000).";
    if (address == null || address.isBlank()) {
      throw new IllegalArgumentException("Worker " + task + " has an empty address." + hint);
    }
    int colon = address.lastIndexOf(':');
    if (colon < 0) {
      throw new IllegalArgumentException("Worker " + task + " address '" + address + "' has no port." + hint);
    }
    String host = address.substring(0, colon);
    String port = address.substring(colon + 1);
    if (host.startsWith("[") && host.endsWith("]")) {
      host = host.substring(1, host.length() - 1);
    }
    if (host.isBlank() || !host.strip().equals(host)) {
      throw new IllegalArgumentException("Worker " + task + " address '" + address + "' has an empty host." + hint);
    }
    if (host.equals("0.0.0.0") || host.equals("::") || host.equals("*") || host.matches("0+(\\.0+)*")
        || host.matches("[0:]+")) {
      throw new IllegalArgumentException("Worker " + task + " address '" + address + "' is a wildcard address: "
          + "jkeras does not start a cluster on addresses it was not given explicitly (TensorFlow's server has no "
          + "authentication)." + hint);
    }
    if (!host.matches("[A-Za-z0-9.\\-:_]+")) {
      throw new IllegalArgumentException("Worker " + task + " address '" + address + "' has an invalid host '" + host
          + "'." + hint);
    }
    int value;
    try {
      value = Integer.parseInt(port);
    } catch (NumberFormatException e) {
      value = -1;
    }
    if (value < 1 || value > 65535) {
      throw new IllegalArgumentException("Worker " + task + " address '" + address + "' has an invalid port '" + port
          + "' (expected 1 to 65535)." + hint);
    }
  }

  /** The number of workers. */
  public int numWorkers() {
    return workers.size();
  }

  /** True for task 0, the chief, which alone writes checkpoints, logs and saved files. */
  public boolean isChief() {
    return taskIndex == 0;
  }

  /** This task's address. */
  public String address() {
    return workers.get(taskIndex);
  }
}
