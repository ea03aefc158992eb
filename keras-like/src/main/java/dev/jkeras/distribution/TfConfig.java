package dev.jkeras.distribution;

import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParseException;
import com.google.gson.JsonParser;
import java.util.ArrayList;
import java.util.List;

/**
 * A cluster in TensorFlow's {@code TF_CONFIG} format, as {@code tf.distribute.cluster_resolver.TFConfigClusterResolver}
 * reads it: {@code {"cluster": {"worker": ["host:port", ...]}, "task": {"type": "worker", "index": i}}}.
 * Only job {@code worker} is supported (task 0 is the chief, as in {@code MultiWorkerMirroredStrategy}
 * without a {@code chief} job). Addresses are checked when the distribution is made: each must name
 * its host explicitly.
 *
 * @param workers the worker addresses, in task order
 * @param taskType the task's job, {@code "worker"}
 * @param taskIndex this process's task index
 */
public record TfConfig(List<String> workers, String taskType, int taskIndex) {
  /** The environment variable TensorFlow reads the cluster from. */
  public static final String ENVIRONMENT_VARIABLE = "TF_CONFIG";

  private static final String EXAMPLE = " Expected e.g. {\"cluster\": {\"worker\": [\"10.0.0.1:20000\", "
      + "\"10.0.0.2:20000\"]}, \"task\": {\"type\": \"worker\", \"index\": 0}}.";

  public TfConfig {
    workers = List.copyOf(workers);
  }

  /** The cluster of {@code workers} as seen by worker {@code taskIndex}. */
  public static TfConfig of(List<String> workers, int taskIndex) {
    return new TfConfig(workers, "worker", taskIndex);
  }

  /**
   * The {@code TF_CONFIG} environment variable, parsed.
   *
   * @throws IllegalStateException when it is not set
   * @throws IllegalArgumentException when it is not a valid cluster
   */
  public static TfConfig fromEnvironment() {
    String value = System.getenv(ENVIRONMENT_VARIABLE);
    if (value == null || value.isBlank()) {
      throw new IllegalStateException("The " + ENVIRONMENT_VARIABLE + " environment variable is not set: set it on "
          + "every worker to the cluster and that worker's task, or give the cluster in Java with "
          + "TfConfig.of(workers, index)." + EXAMPLE);
    }
    return parse(value);
  }

  /** Parses a cluster in {@code TF_CONFIG}'s JSON format. */
  public static TfConfig parse(String json) {
    JsonElement root;
    try {
      root = JsonParser.parseString(json);
    } catch (JsonParseException e) {
      throw new IllegalArgumentException(ENVIRONMENT_VARIABLE + " is not valid JSON (" + rootCause(e) + "): " + json
          + "." + EXAMPLE, e);
    }
    JsonObject config = object(root, "the TF_CONFIG value");
    JsonObject cluster = object(config.get("cluster"), "\"cluster\"");
    for (String job : cluster.keySet()) {
      if (!job.equals("worker")) {
        throw new IllegalArgumentException(ENVIRONMENT_VARIABLE + "'s cluster has job \"" + job + "\": jkeras trains "
            + "data-parallel with job \"worker\" alone (worker 0 is the chief; no \"chief\", \"ps\" or \"evaluator\" "
            + "job)." + EXAMPLE);
      }
    }
    JsonElement workerList = cluster.get("worker");
    if (workerList == null || !workerList.isJsonArray() || workerList.getAsJsonArray().isEmpty()) {
      throw new IllegalArgumentException(ENVIRONMENT_VARIABLE + "'s cluster needs \"worker\": a non-empty list of "
          + "\"host:port\" strings, got " + workerList + "." + EXAMPLE);
    }
    List<String> workers = new ArrayList<>();
    JsonArray array = workerList.getAsJsonArray();
    for (int i = 0; i < array.size(); i++) {
      JsonElement address = array.get(i);
      if (!address.isJsonPrimitive() || !address.getAsJsonPrimitive().isString()) {
        throw new IllegalArgumentException(ENVIRONMENT_VARIABLE + "'s worker " + i + " is " + address
            + ", expected a \"host:port\" string." + EXAMPLE);
      }
      workers.add(address.getAsString());
    }
    JsonObject task = object(config.get("task"), "\"task\"");
    JsonElement type = task.get("type");
    if (type == null || !type.isJsonPrimitive() || !type.getAsString().equals("worker")) {
      throw new IllegalArgumentException(ENVIRONMENT_VARIABLE + "'s task type is " + type + ", expected \"worker\"."
          + EXAMPLE);
    }
    JsonElement index = task.get("index");
    int taskIndex;
    try {
      if (index == null || !index.isJsonPrimitive() || !index.getAsJsonPrimitive().isNumber()) {
        throw new NumberFormatException();
      }
      taskIndex = index.getAsBigDecimal().intValueExact();
    } catch (NumberFormatException | ArithmeticException e) {
      throw new IllegalArgumentException(ENVIRONMENT_VARIABLE + "'s task index is " + index + ", expected an "
          + "integer from 0 to " + (workers.size() - 1) + "." + EXAMPLE);
    }
    if (taskIndex < 0 || taskIndex >= workers.size()) {
      throw new IllegalArgumentException(ENVIRONMENT_VARIABLE + "'s task index " + taskIndex + " is not a worker of "
          + "the cluster: it lists " + workers.size() + " worker(s), so the index must be 0 to "
          + (workers.size() - 1) + ".");
    }
    return new TfConfig(workers, "worker", taskIndex);
  }

  private static JsonObject object(JsonElement element, String what) {
    if (element == null || !element.isJsonObject()) {
      throw new IllegalArgumentException(ENVIRONMENT_VARIABLE + " needs " + what + " to be a JSON object, got "
          + element + "." + EXAMPLE);
    }
    return element.getAsJsonObject();
  }

  private static String rootCause(Throwable e) {
    while (e.getCause() != null) {
      e = e.getCause();
    }
    return e.getMessage();
  }
}
