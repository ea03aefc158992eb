package dev.jkeras.serving;

import static dev.jkeras.serving.ServingFixtures.get;
import static dev.jkeras.serving.ServingFixtures.post;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.jkeras.layers.Dense;
import dev.jkeras.models.Sequential;
import dev.jkeras.serving.ServingFixtures.Reply;
import dev.jkeras.serving.VersionStatus.State;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.tensorflow.ndarray.FloatNdArray;
import org.tensorflow.ndarray.StdArrays;

/** TF Serving's model layout: version folders picked up while serving, old ones unloaded after their requests. */
@Timeout(180)
class ModelLifecycleTest {
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

  private static State state(ModelServer server, String model, long version) {
    return server.status(model).stream().filter(s -> s.version() == version).map(VersionStatus::state).findFirst()
        .orElse(null);
  }

  @Test
  void aNewVersionIsServedAndTheOldOneUnloadsAfterItsRequestInFlight() throws Exception {
    Path base = ServingFixtures.version(temp.resolve("m"), "half_plus_two_tf1", 1);
    CountDownLatch entered = new CountDownLatch(1);
    CountDownLatch release = new CountDownLatch(1);
    SignatureRunner holding = (handle, signature, inputs) -> {
      if (handle.version() == 1 && release.getCount() > 0) {
        entered.countDown();
        try {
          release.await(60, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
        }
      }
      return handle.model().call(signature, inputs);
    };
    try (ModelServer server = ModelServer.builder().model("m", base).restApiPort(0)
        .fileSystemPollWait(Duration.ofMillis(100)).signatureRunner(holding).build().start()) {
      assertEquals(List.of(VersionStatus.ok(1, State.AVAILABLE)), server.status("m"));
      CompletableFuture<HttpResponse<String>> inFlight = ServingFixtures.CLIENT.sendAsync(
          HttpRequest.newBuilder(ServingFixtures.uri(server, "/v1/models/m:predict")).timeout(Duration.ofSeconds(90))
              .POST(HttpRequest.BodyPublishers.ofString("{\"instances\": [[1.0], [3.0]]}")).build(),
          HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
      assertTrue(entered.await(60, TimeUnit.SECONDS), "the request reached the model");

      ServingFixtures.copyTree(ServingFixtures.fixture("half_plus_two_tf1_java"), base.resolve("2"));
      await("version 2 available", () -> state(server, "m", 2) == State.AVAILABLE);
      assertEquals(State.UNLOADING, state(server, "m", 1), "version 1 waits for its request");
      assertEquals("{\n    \"predictions\": [[2.5]\n    ]\n}",
          post(server, "/v1/models/m:predict", "{\"instances\": [[1.0]]}").body(), "new requests go to version 2");
      Reply retired = post(server, "/v1/models/m/versions/1:predict", "{\"instances\": [[1.0]]}");
      assertEquals(404, retired.status(), retired.body());

      release.countDown();
      HttpResponse<String> finished = inFlight.get(60, TimeUnit.SECONDS);
      assertEquals(200, finished.statusCode(), finished.body());
      assertEquals("{\n    \"predictions\": [[2.5], [3.5]\n    ]\n}", finished.body());
      await("version 1 unloaded", () -> state(server, "m", 1) == State.END);
      assertEquals("""
          {
           "model_version_status": [
            {
             "version": "2",
             "state": "AVAILABLE",
             "status": {
              "error_code": "OK",
              "error_message": ""
             }
            },
            {
             "version": "1",
             "state": "END",
             "status": {
              "error_code": "OK",
              "error_message": ""
             }
            }
           ]
          }
          """, get(server, "/v1/models/m").body());
    }
  }

  @Test
  void aVersionThatFailsToLoadShowsTheErrorAndTheOthersKeepServing() throws Exception {
    Path base = ServingFixtures.version(temp.resolve("m"), "half_plus_two_tf1", 1);
    try (ModelServer server = ModelServer.builder().model("m", base).restApiPort(0)
        .fileSystemPollWait(Duration.ofMillis(100)).build().start()) {
      Path broken = base.resolve(".7");
      Files.createDirectories(broken);
      Files.write(broken.resolve("saved_model.pb"), new byte[] {1, 2, 3, 4, 5});
      Files.move(broken, base.resolve("7"));
      await("version 7 tried", () -> state(server, "m", 7) == State.END);
      VersionStatus seven = server.status("m").get(0);
      assertEquals(7, seven.version());
      assertTrue(!seven.errorMessage().isEmpty() && seven.errorCode() != ServingException.Code.OK, seven.toString());
      Reply status = get(server, "/v1/models/m/versions/7");
      assertTrue(status.body().contains("\"state\": \"END\""), status.body());
      assertEquals(State.AVAILABLE, state(server, "m", 1), "version 1 still serves: a broken version replaces nothing");
      assertEquals(200, post(server, "/v1/models/m:predict", "{\"instances\": [[1.0]]}").status());
    }
  }

  @Test
  void aConfigFileServesTwoModelsOneOfThemAKerasFile() throws Exception {
    Path keras = temp.resolve("keras_model");
    Files.createDirectories(keras.resolve("3"));
    float[][] x = {{1f, 2f, 3f}, {-1f, 0.5f, 2f}};
    FloatNdArray expected;
    try (var model = new Sequential(new Dense(4, "relu").inputShape(3), new Dense(2, "softmax"))) {
      model.compile("adam", "mse");
      expected = model.predict(StdArrays.ndCopyOf(x));
      model.save(keras.resolve("3/model.keras").toString());
    }
    Path hpt = ServingFixtures.version(temp.resolve("hpt"), "half_plus_two_tf1", 1);
    ServingFixtures.copyTree(ServingFixtures.fixture("half_plus_two_tf1_java"), hpt.resolve("2"));
    Path config = temp.resolve("models.config");
    Files.writeString(config, """
        # two models
        model_config_list {
          config {
            name: 'classifier'
            base_path: '%s'
            model_platform: 'tensorflow'
          }
          config {
            name: "half_plus_two"
            base_path: "%s"
            model_platform: "tensorflow"
            model_version_policy { specific { versions: 1 } }
            version_labels { key: 'stable' value: 1 }
          }
        }
        """.formatted(keras, hpt));
    try (ModelServer server = ModelServer.builder().modelConfigFile(config).restApiPort(0)
        .fileSystemPollWait(Duration.ZERO).build().start()) {
      assertEquals(List.of("classifier", "half_plus_two"), server.modelNames());
      Reply reply = post(server, "/v1/models/classifier:predict", "{\"instances\": [[1, 2, 3], [-1, 0.5, 2]]}");
      assertEquals(200, reply.status(), reply.body());
      String row0 = RapidJsonWriter.decimal(expected.getFloat(0, 0)) + ", " + RapidJsonWriter.decimal(expected.getFloat(0, 1));
      String row1 = RapidJsonWriter.decimal(expected.getFloat(1, 0)) + ", " + RapidJsonWriter.decimal(expected.getFloat(1, 1));
      assertEquals("{\n    \"predictions\": [[" + row0 + "], [" + row1 + "]\n    ]\n}", reply.body());
      assertEquals(List.of(VersionStatus.ok(1, State.AVAILABLE)), server.status("half_plus_two"), "specific { versions: 1 }");
      assertEquals(200, post(server, "/v1/models/half_plus_two/labels/stable:predict", "{\"instances\": [[1.0]]}").status());
      assertEquals(404, post(server, "/v1/models/half_plus_two/versions/2:predict", "{\"instances\": [[1.0]]}").status());
      assertTrue(scratchFolders().findAny().isPresent(), "the .keras file was exported to a scratch SavedModel");
    }
    assertTrue(scratchFolders().findAny().isEmpty(), "the scratch SavedModel is deleted when its version unloads");
  }

  private static java.util.stream.Stream<Path> scratchFolders() throws java.io.IOException {
    return Files.list(Path.of(System.getProperty("java.io.tmpdir")))
        .filter(p -> p.getFileName().toString().startsWith("jkeras-serve-classifier-3-"));
  }

  @Test
  void anEmptiedBasePathKeepsTheLoadedVersionServing() throws Exception {
    Path base = ServingFixtures.version(temp.resolve("m"), "half_plus_two_tf1", 1);
    try (ModelServer server = ModelServer.builder().model("m", base).restApiPort(0)
        .fileSystemPollWait(Duration.ZERO).build().start()) {
      Files.move(base.resolve("1"), temp.resolve("moved-away"));
      server.pollNow();
      assertEquals(State.AVAILABLE, state(server, "m", 1));
      assertEquals(200, post(server, "/v1/models/m:predict", "{\"instances\": [[1.0]]}").status());
    }
  }

  @Test
  void configFileErrorsNameTheLine() {
    IllegalArgumentException unknown = assertThrows(IllegalArgumentException.class, () -> ModelConfigFile.parse(
        "model_config_list {\n config {\n  name: 'a'\n  bsae_path: '/x'\n }\n}\n", "models.config"));
    assertTrue(unknown.getMessage().startsWith("models.config:4: unknown field 'bsae_path' in config"), unknown.getMessage());
    IllegalArgumentException platform = assertThrows(IllegalArgumentException.class, () -> ModelConfigFile.parse(
        "model_config_list { config { name: 'a' base_path: '/x' model_platform: 'pytorch' } }", "f"));
    assertTrue(platform.getMessage().contains("model_platform 'pytorch' is not served here"), platform.getMessage());
    IllegalArgumentException missing = assertThrows(IllegalArgumentException.class, () -> ModelConfigFile.parse(
        "model_config_list { config { name: 'a' } }", "f"));
    assertTrue(missing.getMessage().contains("needs name: '...' and base_path: '...'"), missing.getMessage());
    IllegalArgumentException open = assertThrows(IllegalArgumentException.class, () -> ModelConfigFile.parse(
        "model_config_list { config { name: 'a' base_path: '/x' }", "f"));
    assertTrue(open.getMessage().contains("missing '}'"), open.getMessage());
    List<ModelConfig> all = ModelConfigFile.parse(
        "model_config_list { config { name: 'a' base_path: '/x' model_version_policy { all {} } } }", "f");
    assertEquals(new VersionPolicy.All(), all.get(0).versionPolicy());
  }

  @Test
  void commandLineFlagsAreCheckedWithClearErrors() {
    assertEquals("8501", Serve.parse(List.of("--rest_api_port=8501")).get("rest_api_port"));
    assertEquals("m", Serve.parse(List.of("--model_name", "m")).get("model_name"));
    IllegalArgumentException unknown = assertThrows(IllegalArgumentException.class,
        () -> Serve.parse(List.of("--model_nmae=m")));
    assertTrue(unknown.getMessage().startsWith("unknown flag --model_nmae; known flags: --model_name"), unknown.getMessage());
    IllegalArgumentException port = assertThrows(IllegalArgumentException.class,
        () -> Serve.build(Serve.parse(List.of("--model_base_path=" + temp, "--rest_api_port=http"))));
    assertEquals("--rest_api_port wants a whole number, got 'http'", port.getMessage());
    IllegalArgumentException nothing = assertThrows(IllegalArgumentException.class, () -> Serve.build(Serve.parse(List.of())));
    assertTrue(nothing.getMessage().startsWith("nothing to serve"), nothing.getMessage());
    IllegalArgumentException both = assertThrows(IllegalArgumentException.class, () -> Serve.build(Serve.parse(
        List.of("--model_config_file=x", "--model_base_path=y"))));
    assertTrue(both.getMessage().contains("not both"), both.getMessage());
    IllegalArgumentException noDir = assertThrows(IllegalArgumentException.class, () -> Serve.build(Serve.parse(
        List.of("--model_base_path=" + temp.resolve("absent")))));
    assertTrue(noDir.getMessage().contains("is not a directory"), noDir.getMessage());
  }
}
