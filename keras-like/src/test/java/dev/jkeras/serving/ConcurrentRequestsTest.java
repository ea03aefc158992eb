package dev.jkeras.serving;

import static dev.jkeras.serving.ServingFixtures.post;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.jkeras.serving.ServingFixtures.Reply;
import java.nio.charset.StandardCharsets;
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

/** Many clients at once, good and bad requests mixed, and a Keras model with string features. */
@Timeout(180)
class ConcurrentRequestsTest {
  @TempDir
  Path temp;

  @Test
  void eightClientsMixingGoodAndBadRequestsAllGetTheirAnswers() throws Exception {
    Path base = ServingFixtures.version(temp.resolve("m"), "half_plus_two_tf1", 1);
    try (ModelServer server = ModelServer.builder().model("m", base).restApiPort(0).restApiNumThreads(4)
        .fileSystemPollWait(Duration.ZERO).build().start()) {
      ExecutorService clients = Executors.newFixedThreadPool(8);
      try {
        List<Future<Void>> results = new ArrayList<>();
        for (int c = 0; c < 8; c++) {
          int client = c;
          results.add(clients.submit(() -> {
            for (int i = 0; i < 25; i++) {
              float x = client * 100 + i;
              Reply good = post(server, "/v1/models/m:predict", "{\"instances\": [[" + x + "]]}");
              assertEquals("{\n    \"predictions\": [[" + RapidJsonWriter.decimal(0.5f * x + 2) + "]\n    ]\n}", good.body());
              Reply bad = post(server, "/v1/models/m:predict", i % 2 == 0 ? "{\"instances\": [[" : "{\"instances\": [\"a\"]}");
              assertEquals(400, bad.status(), bad.body());
            }
            return null;
          }));
        }
        for (Future<Void> result : results) {
          result.get(120, TimeUnit.SECONDS);
        }
      } finally {
        clients.shutdownNow();
      }
      assertEquals(200, post(server, "/v1/models/m:predict", "{\"instances\": [[1.0]]}").status(), "still serving");
    }
  }

  @Test
  void aKerasModelTakesStringIntAndDoubleFeaturesInRowFormat() throws Exception {
    Path base = ServingFixtures.version(temp.resolve("heart"), "keras_heart_featurecolumns", 1);
    try (ModelServer server = ModelServer.builder().model("heart", base).restApiPort(0)
        .fileSystemPollWait(Duration.ZERO).build().start()) {
      // the fixture's rows 1 and 2 of heart.csv: -> 3.2e-6 and 1.0 (observed); "Sex" of row 1 sent as base64 ("M")
      String body = """
          {"instances": [
            {"Age": 40, "Sex": {"b64": "TQ=="}, "ChestPainType": "ATA", "RestingBP": 140, "Cholesterol": 289,
             "FastingBS": 0, "RestingECG": "Normal", "MaxHR": 172, "ExerciseAngina": "N", "Oldpeak": 0, "ST_Slope": "Up"},
            {"Age": 49, "Sex": "F", "ChestPainType": "NAP", "RestingBP": 160, "Cholesterol": 180,
             "FastingBS": 0, "RestingECG": "Normal", "MaxHR": 156, "ExerciseAngina": "N", "Oldpeak": 1.0, "ST_Slope": "Flat"}
          ]}""";
      Reply reply = post(server, "/v1/models/heart:predict", body);
      assertEquals(200, reply.status(), reply.body());
      List<?> predictions = (List<?>) ((Map<?, ?>) Json.parse(reply.body().getBytes(StandardCharsets.UTF_8)))
          .get("predictions");
      double first = ((Json.Number) ((List<?>) predictions.get(0)).get(0)).value();
      double second = ((Json.Number) ((List<?>) predictions.get(1)).get(0)).value();
      assertTrue(first < 1e-4, reply.body());
      assertTrue(second > 0.999, reply.body());
      Reply missing = post(server, "/v1/models/heart:predict", "{\"instances\": [{\"Age\": 40}]}");
      assertEquals(400, missing.status());
      assertTrue(missing.body().contains("keys must be equal to: Age,ChestPainType,Cholesterol,ExerciseAngina,FastingBS,"
          + "MaxHR,Oldpeak,RestingBP,RestingECG,ST_Slope,Sex"), missing.body());
      Reply intAsText = post(server, "/v1/models/heart:predict", "{\"inputs\": {\"Age\": [\"forty\"]}}");
      assertEquals(400, intAsText.status());
    }
  }
}
