package dev.jkeras.serving;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** {@code jkeras serve}'s batching and monitoring flags, as TF Serving spells them. */
@Timeout(60)
class ServeBatchingFlagsTest {
  @Test
  void enableBatchingStandsAloneOrTakesTrueOrFalse() {
    assertEquals("true", Serve.parse(List.of("--enable_batching", "--model_name=m")).get("enable_batching"));
    assertEquals("m", Serve.parse(List.of("--enable_batching", "--model_name=m")).get("model_name"));
    assertEquals("false", Serve.parse(List.of("--enable_batching=false")).get("enable_batching"));
    assertEquals(Map.of("batching_parameters_file", "b.txt", "monitoring_config_file", "m.txt"),
        Serve.parse(List.of("--batching_parameters_file=b.txt", "--monitoring_config_file", "m.txt")));
  }

  @Test
  void badBatchingAndMonitoringFlagsSayWhatToDo(@TempDir Path tmp) throws Exception {
    Path base = Files.createDirectories(tmp.resolve("m"));
    Path parameters = tmp.resolve("batching.txt");
    Files.writeString(parameters, "max_batch_size { value: 0 }");
    assertError(List.of("--model_base_path=" + base, "--enable_batching=yes"), "--enable_batching is true or false");
    assertError(List.of("--model_base_path=" + base, "--batching_parameters_file=" + parameters),
        "is read only with --enable_batching=true");
    assertError(List.of("--model_base_path=" + base, "--enable_batching", "--batching_parameters_file=" + parameters),
        "max_batch_size must be between 1");
    Path monitoring = tmp.resolve("monitoring.txt");
    Files.writeString(monitoring, "prometheus_config { enable: maybe }");
    assertError(List.of("--model_base_path=" + base, "--monitoring_config_file=" + monitoring),
        "enable must be true or false");
    assertError(List.of("--model_base_path=" + base, "--model_config_file_poll_wait_seconds=1"),
        "--model_config_file_poll_wait_seconds needs --model_config_file");
    Path config = tmp.resolve("models.config");
    Files.writeString(config, "model_config_list { config { name: 'm' base_path: '" + base + "' } }\n");
    assertError(List.of("--model_config_file=" + config, "--model_config_file_poll_wait_seconds=soon"),
        "--model_config_file_poll_wait_seconds wants a whole number");
  }

  @Test
  void theFlagsTurnOnBatchingAndThePrometheusEndpoint(@TempDir Path tmp) throws Exception {
    Path fixture = ServingFixtures.FIXTURES.resolve("matrix_half_plus_two_tf1");
    org.junit.jupiter.api.Assumptions.assumeTrue(Files.isDirectory(fixture), "fixture missing: " + fixture);
    Path base = tmp.resolve("matrix");
    Files.createDirectories(base.resolve("1"));
    Files.copy(fixture.resolve("saved_model.pb"), base.resolve("1").resolve("saved_model.pb"));
    Path parameters = tmp.resolve("batching.txt");
    Files.writeString(parameters, "max_batch_size { value: 4 }\nnum_batch_threads { value: 1 }\n");
    Path monitoring = tmp.resolve("monitoring.txt");
    Files.writeString(monitoring, "prometheus_config { enable: true, path: \"/metrics\" }\n");
    try (ModelServer server = Serve.build(Serve.parse(List.of("--model_name=matrix", "--model_base_path=" + base,
        "--rest_api_port=0", "--enable_batching", "--batching_parameters_file=" + parameters,
        "--monitoring_config_file=" + monitoring))).start()) {
      HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
      String root = "http://127.0.0.1:" + server.port();
      HttpResponse<String> predict = http.send(HttpRequest.newBuilder(URI.create(root + "/v1/models/matrix:predict"))
          .timeout(Duration.ofSeconds(20)).POST(HttpRequest.BodyPublishers.ofString(
              "{\"instances\": [[[1,2,3],[4,5,6],[7,8,9]]]}")).build(), HttpResponse.BodyHandlers.ofString());
      assertEquals(200, predict.statusCode(), predict.body());
      HttpResponse<String> metrics = http.send(HttpRequest.newBuilder(URI.create(root + "/metrics"))
          .timeout(Duration.ofSeconds(20)).build(), HttpResponse.BodyHandlers.ofString());
      PrometheusText text = new PrometheusText(metrics.body());
      assertEquals(1, text.value(":tensorflow:serving:batching_session:wrapped_run_count", Map.of()));
      assertEquals(1, text.value(":tensorflow:serving:request_count", Map.of("model_name", "matrix", "status", "OK")));
    }
  }

  private static void assertError(List<String> args, String expected) {
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Serve.build(Serve.parse(args)));
    assertTrue(e.getMessage().contains(expected), args + " gave: " + e.getMessage());
  }
}
