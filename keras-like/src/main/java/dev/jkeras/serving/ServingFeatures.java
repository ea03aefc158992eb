package dev.jkeras.serving;

import com.sun.net.httpserver.HttpHandler;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;

/**
 * What a {@link ModelServer} adds around its REST API when asked: server-side batching (the
 * {@link BatchScheduler} becomes the signature runner), monitoring ({@link ServingMetrics} observes every
 * request and batch and is served in Prometheus's format) and the health endpoint.
 */
final class ServingFeatures implements AutoCloseable {
  private static final Map<String, String> API_NAMES = Map.of("predict", "Predict", "classify", "Classify",
      "regress", "Regress", "metadata", "GetModelMetadata", "status", "GetModelStatus");

  private final BatchScheduler scheduler;
  private final ServingMetrics metrics;
  private final MonitoringConfig monitoring;
  private final Supplier<Map<String, List<VersionStatus>>> states;

  /** {@code batching} null serves without batching. */
  ServingFeatures(BatchingOptions batching, MonitoringConfig monitoring,
      Supplier<Map<String, List<VersionStatus>>> states) {
    this.monitoring = monitoring;
    this.metrics = monitoring.prometheusEnabled() ? new ServingMetrics() : null;
    this.scheduler = batching == null ? null
        : metrics == null ? new BatchScheduler(batching) : new BatchScheduler(batching, metrics);
    this.states = states;
  }

  /** The metrics, or null when monitoring is off. */
  ServingMetrics metrics() {
    return metrics;
  }

  /** The batching runner when batching is on, else {@code runner}. */
  SignatureRunner runner(SignatureRunner runner) {
    if (scheduler == null) {
      return runner;
    }
    return (handle, signature, inputs) -> {
      try {
        return scheduler.call(handle.model(), signature, inputs);
      } catch (BatchScheduler.QueueFullException | BatchScheduler.ClosedException e) {
        throw new ServingException(ServingException.Code.UNAVAILABLE, e.getMessage());
      }
    };
  }

  /** {@code observer}, after the metrics have counted the request when monitoring is on. */
  RequestObserver observer(RequestObserver observer) {
    if (metrics == null) {
      return observer;
    }
    return request -> {
      if (request.model() != null) {
        String api = request.api() == null ? "" : API_NAMES.getOrDefault(request.api(), request.api());
        metrics.recordRequest(request.model(), request.version(), api, request.code().name(),
            java.time.Duration.ofNanos(request.nanos()));
        if (request.runtimeNanos() >= 0) {
          metrics.recordRuntime(request.model(), request.version(), api, java.time.Duration.ofNanos(request.runtimeNanos()));
        }
      }
      observer.completed(request);
    };
  }

  /** The side endpoints by path: health always, metrics when monitoring is on. */
  Map<String, HttpHandler> handlers() {
    Map<String, HttpHandler> handlers = new LinkedHashMap<>();
    handlers.put(HealthHandler.PATH, new HealthHandler(states));
    if (metrics != null) {
      handlers.put(monitoring.prometheusPath(), new PrometheusHandler(metrics, monitoring.prometheusPath()));
    }
    return handlers;
  }

  /** Fails requests still waiting for a batch and stops the batch threads. */
  @Override
  public void close() {
    if (scheduler != null) {
      scheduler.close();
    }
  }
}
