package dev.jkeras.serving;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.tensorflow.ndarray.NdArray;

/** Batching, the Prometheus endpoint and the health endpoint of a running {@link ModelServer}. */
@Timeout(90)
class ServingFeaturesHttpTest {
  private static final Path FIXTURES = Path.of("../../shared/fixtures/savedmodels").toAbsolutePath().normalize();
  private final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).connectTimeout(Duration.ofSeconds(5)).build();

  private static Path basePath(Path tmp) throws Exception {
    Path fixture = FIXTURES.resolve("matrix_half_plus_two_tf1");
    assumeTrue(Files.isDirectory(fixture), "fixture missing: " + fixture);
    Path version = tmp.resolve("matrix").resolve("1");
    Files.createDirectories(version);
    Files.copy(fixture.resolve("saved_model.pb"), version.resolve("saved_model.pb"));
    return version.getParent();
  }

  private HttpResponse<String> send(String method, int port, String path, String body) throws Exception {
    HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
        .timeout(Duration.ofSeconds(20));
    request.method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body));
    return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
  }

  @Test
  void batchedPredictionsAreCountedAndServedInPrometheusFormat(@TempDir Path tmp) throws Exception {
    Path base = basePath(tmp);
    Path batching = tmp.resolve("batching.txt");
    Files.writeString(batching, "max_batch_size { value: 8 }\nbatch_timeout_micros { value: 20000 }\nnum_batch_threads { value: 1 }\n");
    Path monitoring = tmp.resolve("monitoring.txt");
    Files.writeString(monitoring, "prometheus_config { enable: true path: \"/monitoring/prometheus/metrics\" }\n");
    ExecutorService pool = Executors.newFixedThreadPool(8);
    try (ModelServer server = ModelServer.builder().model("matrix", base).restApiPort(0)
        .batchingParametersFile(batching).monitoringConfigFile(monitoring).build().start()) {
      int port = server.port();
      List<Future<HttpResponse<String>>> responses = new ArrayList<>();
      for (int i = 0; i < 8; i++) {
        int v = i;
        responses.add(pool.submit(() -> send("POST", port, "/v1/models/matrix:predict",
            "{\"instances\": [[[" + v + ",0,0],[0,0,0],[0,0,2]]]}")));
      }
      for (int i = 0; i < 8; i++) {
        HttpResponse<String> response = responses.get(i).get(30, TimeUnit.SECONDS);
        assertEquals(200, response.statusCode(), response.body());
        String compact = response.body().replaceAll("\\s", "");
        assertTrue(compact.startsWith("{\"predictions\":[[[" + (0.5 * i + 2)), compact);
        assertTrue(compact.contains("[2.0,2.0,3.0]"), compact);
      }
      assertEquals(404, send("POST", port, "/v1/models/nope:predict", "{\"instances\": [1]}").statusCode());
      assertEquals(400, send("POST", port, "/v1/models/matrix:predict", "{\"instances\": [[\"x\"]]}").statusCode());

      HttpResponse<String> metrics = send("GET", port, "/monitoring/prometheus/metrics", null);
      assertEquals(200, metrics.statusCode());
      assertEquals(PrometheusHandler.CONTENT_TYPE, metrics.headers().firstValue("Content-Type").orElse(""));
      PrometheusText text = new PrometheusText(metrics.body());
      assertEquals(8, text.value(":tensorflow:serving:request_count",
          Map.of("model_name", "matrix", "status", "OK", "API", "Predict", "version", "1")));
      assertEquals(1, text.value(":tensorflow:serving:request_count", Map.of("model_name", "nope", "status", "NOT_FOUND")));
      assertEquals(1, text.value(":tensorflow:serving:request_count",
          Map.of("model_name", "matrix", "status", "INVALID_ARGUMENT")));
      assertEquals(8, text.value(":tensorflow:serving:request_latency_count",
          Map.of("model_name", "matrix", "API", "Predict", "entrypoint", "REST")));
      assertEquals("histogram", text.types.get(":tensorflow:serving:runtime_latency"));
      Map<String, String> runtime = Map.of("model_name", "matrix", "API", "Predict", "runtime", "TF1", "version", "1");
      assertEquals(8, text.value(":tensorflow:serving:runtime_latency_count", runtime),
          "the 8 model runs; the bad request and the unknown model ran nothing");
      double runSum = text.value(":tensorflow:serving:runtime_latency_sum", runtime);
      double requestSum = text.value(":tensorflow:serving:request_latency_sum", Map.of("model_name", "matrix"));
      assertTrue(runSum > 0 && runSum <= requestSum, "each run is part of its request: " + runSum + " vs " + requestSum);
      double batches = text.value(":tensorflow:serving:batching_session:wrapped_run_count", Map.of());
      assertTrue(batches >= 1 && batches < 8, "8 concurrent requests ran in " + batches + " batches");
      assertEquals(8, text.value(":tensorflow:serving:batching_session:processed_batch_size_sum", Map.of()));
      assertEquals(8, text.value(":tensorflow:serving:batching_session:input_batch_size_count", Map.of()));

      assertEquals(405, send("POST", port, "/monitoring/prometheus/metrics", "").statusCode());
      HttpResponse<String> near = send("GET", port, "/monitoring/prometheus/metricsx", null);
      assertEquals(404, near.statusCode());
      assertTrue(near.body().contains("\"error\""), near.body());
      assertEquals(200, send("HEAD", port, "/monitoring/prometheus/metrics", null).statusCode());
    } finally {
      pool.shutdownNow();
    }
  }

  @Test
  void healthSaysServingWhenEveryModelHasAnAvailableVersion(@TempDir Path tmp) throws Exception {
    Path base = basePath(tmp);
    Path empty = Files.createDirectories(tmp.resolve("empty"));
    try (ModelServer server = ModelServer.builder().model("matrix", base).restApiPort(0).build().start()) {
      HttpResponse<String> health = send("GET", server.port(), "/healthz", null);
      assertEquals(200, health.statusCode(), health.body());
      assertEquals("application/json", health.headers().firstValue("Content-Type").orElse(""));
      String compact = health.body().replaceAll("\\s", "");
      assertEquals("{\"status\":\"SERVING\",\"models\":[{\"name\":\"matrix\",\"versions\":[{\"version\":\"1\","
          + "\"state\":\"AVAILABLE\"}]}]}", compact);
      assertEquals(405, send("DELETE", server.port(), "/healthz", null).statusCode());
      assertEquals(404, send("GET", server.port(), "/monitoring/prometheus/metrics", null).statusCode(),
          "no metrics endpoint unless monitoring is enabled, as in TF Serving");
    }
    try (ModelServer server = ModelServer.builder().model("matrix", base).model("waiting", empty).restApiPort(0)
        .fileSystemPollWait(Duration.ZERO).build().start()) {
      HttpResponse<String> health = send("GET", server.port(), "/healthz", null);
      assertEquals(503, health.statusCode(), health.body());
      String compact = health.body().replaceAll("\\s", "");
      assertTrue(compact.startsWith("{\"status\":\"NOT_SERVING\""), compact);
      assertTrue(compact.contains("{\"name\":\"waiting\",\"versions\":[]}"), compact);
    }
  }

  @Test
  void aFullBatchQueueAnswersUnavailable() throws Exception {
    FakeModel model = new FakeModel();
    model.hold();
    BatchingOptions options = BatchingOptions.defaults().maxBatchSize(1).maxEnqueuedBatches(1).numBatchThreads(1);
    ExecutorService pool = Executors.newFixedThreadPool(2);
    try (ServingFeatures features = new ServingFeatures(options, MonitoringConfig.prometheus(), Map::of)) {
      SignatureRunner runner = features.runner(SignatureRunner.direct());
      ServableHandle handle = new ServableHandle(new LoadedVersion("fake", 1, model, null));
      Map<String, NdArray<?>> x = Map.of("x", FakeModel.rows(1, 2, 3));
      Future<?> running = pool.submit(() -> runner.run(handle, "serving_default", x));
      assertTrue(model.entered.await(10, TimeUnit.SECONDS));
      Future<?> waiting = pool.submit(() -> runner.run(handle, "serving_default", x));
      String enqueued = ":tensorflow:serving:batching_session:input_batch_size_count";
      long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
      while (new PrometheusText(features.metrics().prometheusText()).value(enqueued, Map.of()) < 2) {
        assertTrue(System.nanoTime() < deadline, "the second request was enqueued");
        Thread.sleep(2);
      }
      ServingException e = assertThrows(ServingException.class, () -> runner.run(handle, "serving_default", x));
      assertEquals(ServingException.Code.UNAVAILABLE, e.code());
      assertEquals(503, e.code().httpStatus());
      assertTrue(e.getMessage().contains("is full"), e.getMessage());
      model.release();
      running.get(10, TimeUnit.SECONDS);
      waiting.get(10, TimeUnit.SECONDS);
    } finally {
      model.release();
      pool.shutdownNow();
    }
  }

  @Test
  void batchingAndACustomRunnerAreExclusive(@TempDir Path tmp) throws Exception {
    Path base = Files.createDirectories(tmp.resolve("m"));
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> ModelServer.builder()
        .model("m", base).enableBatching(BatchingOptions.defaults()).signatureRunner(SignatureRunner.direct()).build());
    assertTrue(e.getMessage().contains("not both"), e.getMessage());
    com.sun.net.httpserver.HttpHandler handler = exchange -> exchange.close();
    e = assertThrows(IllegalArgumentException.class,
        () -> ModelServer.builder().model("m", base).handler("/healthz", handler).build());
    assertTrue(e.getMessage().contains("/healthz is the server's own"), e.getMessage());
    e = assertThrows(IllegalArgumentException.class, () -> ModelServer.builder().model("m", base)
        .monitoring(MonitoringConfig.prometheus()).handler(ServingMetrics.PROMETHEUS_PATH, handler).build());
    assertTrue(e.getMessage().contains("is the server's own"), e.getMessage());
  }
}
