package dev.jkeras.serving;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpHandler;
import java.io.IOException;

/** The Prometheus endpoint: {@code GET} of the configured path answers the metrics in text format 0.0.4. */
final class PrometheusHandler implements HttpHandler {
  static final String CONTENT_TYPE = "text/plain; version=0.0.4; charset=utf-8";

  private final ServingMetrics metrics;
  private final String path;

  PrometheusHandler(ServingMetrics metrics, String path) {
    this.metrics = metrics;
    this.path = path;
  }

  @Override
  public void handle(HttpExchange exchange) throws IOException {
    if (PlainHandlers.refuse(exchange, path) == null) {
      PlainHandlers.send(exchange, 200, CONTENT_TYPE, metrics.prometheusText());
    }
  }
}
