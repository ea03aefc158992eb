package dev.jkeras.serving;

import static dev.jkeras.serving.ServingFixtures.get;
import static dev.jkeras.serving.ServingFixtures.post;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.sun.net.httpserver.HttpServer;
import dev.jkeras.backend.SavedModelOptions;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** {@code --model_config_file_poll_wait_seconds}: the models config file read again while serving. */
@Timeout(180)
class ModelConfigReloadTest {
  private static final String PREDICT = "{\"instances\": [[1.0]]}";
  private static final String ANSWER = "{\n    \"predictions\": [[2.5]\n    ]\n}";

  @TempDir
  Path temp;

  private static void await(String what, BooleanSupplier condition) throws InterruptedException {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
    while (!condition.getAsBoolean()) {
      if (System.nanoTime() > deadline) {
        throw new AssertionError("timed out waiting for " + what);
      }
      Thread.sleep(50);
    }
  }

  private static String entry(String name, Path base, String extra) {
    return "  config {\n    name: '" + name + "'\n    base_path: '" + base + "'\n    model_platform: 'tensorflow'\n"
        + extra + "  }\n";
  }

  /** Writes the config under a temporary name and renames it into place, as a deploy should. */
  private void writeConfig(Path file, String... entries) throws Exception {
    Path staging = file.resolveSibling("." + file.getFileName() + ".tmp");
    Files.writeString(staging, "model_config_list {\n" + String.join("", entries) + "}\n");
    Files.move(staging, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
  }

  @Test
  void modelsAddedAreLoadedChangedAreReloadedAndRemovedUnloadAfterTheirRequests() throws Exception {
    Path a = ServingFixtures.version(temp.resolve("a"), "half_plus_two_tf1", 1);
    Path b = ServingFixtures.version(temp.resolve("b"), "half_plus_two_tf1", 1);
    Path config = temp.resolve("models.config");
    writeConfig(config, entry("a", a, ""));
    CountDownLatch entered = new CountDownLatch(1);
    CountDownLatch release = new CountDownLatch(1);
    SignatureRunner holding = (handle, signature, inputs) -> {
      if (handle.modelName().equals("a") && release.getCount() > 0) {
        entered.countDown();
        try {
          release.await(60, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
        }
      }
      return handle.model().call(signature, inputs);
    };
    try (ModelServer server = ModelServer.builder().modelConfigFile(config)
        .modelConfigFilePollWait(Duration.ofMillis(100)).fileSystemPollWait(Duration.ofMillis(100)).restApiPort(0)
        .signatureRunner(holding).build().start()) {
      assertEquals(List.of("a"), server.modelNames());
      assertEquals(404, get(server, "/v1/models/b").status());

      writeConfig(config, entry("a", a, ""), entry("b", b, ""));
      await("model b added", () -> server.modelNames().equals(List.of("a", "b")));
      assertEquals(ANSWER, post(server, "/v1/models/b:predict", PREDICT).body());
      assertEquals(400, get(server, "/v1/models/b/labels/stable").status(), "no label yet");

      writeConfig(config, entry("a", a, ""), entry("b", b, "    version_labels { key: 'stable' value: 1 }\n"));
      await("model b's label", () -> get(server, "/v1/models/b/labels/stable").status() == 200);
      assertEquals(ANSWER, post(server, "/v1/models/b/labels/stable:predict", PREDICT).body());

      CompletableFuture<HttpResponse<String>> inFlight = ServingFixtures.CLIENT.sendAsync(
          HttpRequest.newBuilder(ServingFixtures.uri(server, "/v1/models/a:predict")).timeout(Duration.ofSeconds(90))
              .POST(HttpRequest.BodyPublishers.ofString(PREDICT)).build(),
          HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
      assertTrue(entered.await(60, TimeUnit.SECONDS), "the request reached model a");
      writeConfig(config, entry("b", b, "    version_labels { key: 'stable' value: 1 }\n"));
      await("model a removed", () -> server.modelNames().equals(List.of("b")));
      ServingFixtures.Reply gone = post(server, "/v1/models/a:predict", PREDICT);
      assertEquals(404, gone.status());
      assertEquals("{\n    \"error\": \"Servable not found for request: Latest(a)\"\n}", gone.body());
      release.countDown();
      HttpResponse<String> finished = inFlight.get(60, TimeUnit.SECONDS);
      assertEquals(200, finished.statusCode(), "the request in flight on the removed model finishes");
      assertEquals(ANSWER, finished.body());

      Files.writeString(config, "model_config_list { config { name: 'c' base_path: 'x' } oops }\n");
      Thread.sleep(600);
      assertEquals(List.of("b"), server.modelNames(), "a config that does not parse changes nothing");
      writeConfig(config, entry("b", b, ""), entry("c", temp.resolve("missing"), ""));
      Thread.sleep(600);
      assertEquals(List.of("b"), server.modelNames(), "nor one naming a base path that is not a directory");
      assertEquals(200, get(server, "/v1/models/b/labels/stable").status());
      assertThrows(IllegalArgumentException.class, server::reloadConfig);
    }
  }

  @Test
  void aRequestThatLooksUpAModelJustReplacedByAReloadGoesToTheReplacement() throws Exception {
    Path a = ServingFixtures.version(temp.resolve("a"), "half_plus_two_tf1", 1);
    VersionLoader loader = new VersionLoader(SavedModelOptions.defaults().checkInputShapes(false));
    ServedModel old = new ServedModel(new ModelConfig("a", a), loader);
    old.poll();
    old.close();
    ServedModel replacement = new ServedModel(new ModelConfig("a", a), loader);
    replacement.poll();
    AtomicInteger lookups = new AtomicInteger();
    RestApi api = new RestApi(name -> lookups.getAndIncrement() == 0 ? old : replacement, SignatureRunner.direct(),
        request -> {}, 1 << 20);
    HttpServer http = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
    http.createContext("/", api);
    http.start();
    try {
      ServingFixtures.Reply reply = ServingFixtures.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:"
          + http.getAddress().getPort() + "/v1/models/a:predict")).POST(HttpRequest.BodyPublishers.ofString(PREDICT)));
      assertEquals(200, reply.status(), reply.body());
      assertEquals(ANSWER, reply.body());
    } finally {
      http.stop(0);
      replacement.close();
    }
  }

  @Test
  void thePollWaitNeedsAConfigFile() throws Exception {
    Path a = ServingFixtures.version(temp.resolve("a"), "half_plus_two_tf1", 1);
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> ModelServer.builder()
        .model("a", a).modelConfigFilePollWait(Duration.ofSeconds(1)).build());
    assertTrue(e.getMessage().contains("needs a models config file"), e.getMessage());
    try (ModelServer server = ModelServer.builder().model("a", a).restApiPort(0).build().start()) {
      assertThrows(IllegalStateException.class, server::reloadConfig);
    }
  }
}
