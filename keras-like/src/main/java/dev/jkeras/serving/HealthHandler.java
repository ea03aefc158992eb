package dev.jkeras.serving;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpHandler;
import java.io.IOException;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;

/**
 * The health endpoint, {@value #PATH}: 200 with {@code "status": "SERVING"} when every configured model
 * has a version AVAILABLE, else 503 with {@code "NOT_SERVING"}; the body lists each model's versions
 * and states. TF Serving has no such endpoint (its users probe {@code GET /v1/models/NAME}, which needs
 * a model name per probe); load balancers and Kubernetes probes want one fixed path that covers every
 * model, and {@code /healthz} is the name they conventionally use, outside TF Serving's {@code /v1/}
 * namespace so it can never shadow a model. It reads the version states only: it never runs a model.
 */
final class HealthHandler implements HttpHandler {
  static final String PATH = "/healthz";

  private final Supplier<Map<String, List<VersionStatus>>> states;

  HealthHandler(Supplier<Map<String, List<VersionStatus>>> states) {
    this.states = states;
  }

  @Override
  public void handle(HttpExchange exchange) throws IOException {
    if (PlainHandlers.refuse(exchange, PATH) != null) {
      return;
    }
    Map<String, List<VersionStatus>> models = states.get();
    boolean serving = models.values().stream()
        .allMatch(versions -> versions.stream().anyMatch(v -> v.state() == VersionStatus.State.AVAILABLE));
    RapidJsonWriter json = new RapidJsonWriter().startObject().key("status").string(serving ? "SERVING" : "NOT_SERVING")
        .key("models").startArray();
    models.forEach((name, versions) -> {
      json.startObject().key("name").string(name).key("versions").startArray();
      for (VersionStatus version : versions) {
        json.startObject().key("version").string(Long.toString(version.version())).key("state")
            .string(version.state().name()).endObject();
      }
      json.endArray().endObject();
    });
    PlainHandlers.send(exchange, serving ? 200 : 503, "application/json", json.endArray().endObject().toString());
  }
}
