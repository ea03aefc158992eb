package dev.jkeras.serving;

import static dev.jkeras.serving.ServingFixtures.get;
import static dev.jkeras.serving.ServingFixtures.post;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.jkeras.serving.ServingFixtures.Reply;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * The REST API on TF Serving's own test models: the request/response pairs of its api_rest.md, and the
 * exact bytes its handler (http_rest_api_handler.cc, json_tensor.cc) writes.
 */
@Timeout(120)
class RestApiTest {
  @TempDir
  static Path temp;
  static ModelServer server;
  static final java.util.Queue<RequestObserver.Request> observed = new java.util.concurrent.ConcurrentLinkedQueue<>();

  @BeforeAll
  static void start() {
    server = ModelServer.builder()
        .model("half_plus_two", ServingFixtures.version(temp.resolve("half_plus_two"), "half_plus_two_tf1", 123))
        .model("half_plus_three", ServingFixtures.version(temp.resolve("half_plus_three"), "half_plus_three_tf1", 123))
        .model("counter", ServingFixtures.version(temp.resolve("counter"), "counter_tf1", 123))
        .model("dense", ServingFixtures.version(temp.resolve("dense"), "keras_dense_single_input", 1))
        .restApiPort(0).fileSystemPollWait(Duration.ZERO).maxRequestBodyBytes(4096)
        .requestObserver(observed::add).build().start();
  }

  @AfterAll
  static void stop() {
    if (server != null) {
      server.close();
    }
  }

  private static void assertError(int status, String message, Reply reply) {
    assertEquals("{\n    \"error\": \"" + message.replace("\\", "\\\\").replace("\"", "\\\"").replace("\n", "\\n")
        + "\"\n}", reply.body());
    assertEquals(status, reply.status(), reply.body());
    assertEquals("application/json", reply.contentType());
  }

  @Test
  void modelStatusIsWrittenAsApiRestMdShowsIt() {
    String expected = """
        {
         "model_version_status": [
          {
           "version": "123",
           "state": "AVAILABLE",
           "status": {
            "error_code": "OK",
            "error_message": ""
           }
          }
         ]
        }
        """;
    Reply all = get(server, "/v1/models/half_plus_two");
    assertEquals(200, all.status());
    assertEquals("application/json", all.contentType());
    assertEquals(expected, all.body());
    assertEquals(expected, get(server, "/v1/models/half_plus_two/versions/123").body());
  }

  @Test
  void predictRowFormat() {
    // TF Serving's half_plus_two example ({"instances": [1.0, 2.0, 5.0]} -> [2.5, 3.0, 4.5]) with x's [-1, 1]
    // shape; the bytes as json_tensor.cc writes them (pretty writer, one-line rows, "]" on its own line)
    Reply reply = post(server, "/v1/models/half_plus_two:predict", "{\"instances\": [[1.0],[2.0],[5.0]]}");
    assertEquals(200, reply.status(), reply.body());
    assertEquals("{\n    \"predictions\": [[2.5], [3.0], [4.5]\n    ]\n}", reply.body());
    // api_rest.md's own request, scalars for x's [-1, 1]: the graph broadcasts them, as under TF Serving.
    Reply documented = post(server, "/v1/models/half_plus_two:predict", "{\"instances\": [1.0, 2.0, 5.0]}");
    assertEquals(200, documented.status(), documented.body());
    assertEquals("{\n    \"predictions\": [2.5, 3.0, 4.5\n    ]\n}", documented.body());
    // half_plus_two's x is [-1, 1]: http_rest_api_handler_test's {"instances": [[1.0], [2.0]]} -> [[2.5], [3.0]]
    assertEquals("{\n    \"predictions\": [[2.5], [3.0]\n    ]\n}",
        post(server, "/v1/models/half_plus_two:predict", "{\"instances\": [[1.0], [2.0]]}").body());
    assertEquals("{\n    \"predictions\": [[2.5], [3.0]\n    ]\n}",
        post(server, "/v1/models/half_plus_two/versions/123:predict",
            "{\"signature_name\": \"serving_default\", \"instances\": [{\"x\": [1]}, {\"x\": [2]}]}").body());
  }

  @Test
  void predictColumnarFormat() {
    Reply reply = post(server, "/v1/models/half_plus_two:predict", "{\"inputs\": [[1.0], [2.0]]}");
    assertEquals(200, reply.status(), reply.body());
    assertEquals("{\n    \"outputs\": [\n        [\n            2.5\n        ],\n        [\n            3.0\n        ]\n    ]\n}",
        reply.body());
    assertEquals(reply.body(), post(server, "/v1/models/half_plus_two:predict", "{\"inputs\": {\"x\": [[1], [2]]}}").body());
    // half_plus_three's signatures disagree with its graph: TF Java cannot run them, and the error says why
    Reply three = post(server, "/v1/models/half_plus_three:predict", "{\"inputs\": 1.0}");
    assertEquals(400, three.status());
    assertTrue(three.body().contains("Serving signature name: \\\"serving_default\\\" not found in signature def "
        + "(jkeras cannot run it: input 'x' is declared with shape [] but tensor 'x:0' has shape [-1, 1])"), three.body());
  }

  @Test
  void regressAsApiRestMdShowsIt() {
    // api_rest.md's regress example, byte for byte: half_plus_two's regress_x_to_y2 computes 0.5 * x + 3 as
    // half_plus_three's regress does
    Reply reply = post(server, "/v1/models/half_plus_two:regress",
        "{\"signature_name\": \"regress_x_to_y2\", \"examples\": [{\"x\": 1.0}, {\"x\": 2.0}]}");
    assertEquals(200, reply.status(), reply.body());
    assertEquals("{\n    \"results\": [3.5, 4.0]\n}", reply.body());
    // http_rest_api_handler_test: regress_x_to_y, x = 80 -> 42
    assertEquals("{\n    \"results\": [42.0]\n}", post(server, "/v1/models/half_plus_two:regress",
        "{\"signature_name\": \"regress_x_to_y\", \"examples\": [ { \"x\": 80.0 } ] }").body());
    // a context feature is merged into every example
    assertEquals("{\n    \"results\": [3.0, 3.0]\n}", post(server, "/v1/models/half_plus_two:regress",
        "{\"signature_name\": \"regress_x_to_y\", \"context\": {\"x\": 2.0}, \"examples\": [{}, {\"y\": \"a\"}]}").body());
  }

  @Test
  void classify() {
    // http_rest_api_handler_test: classify_x_to_y, x = 20 -> [[["", 12]]], x = 10 -> 7
    Reply reply = post(server, "/v1/models/half_plus_two:classify",
        "{\"signature_name\": \"classify_x_to_y\", \"examples\": [ { \"x\": 20.0 }, { \"x\": 10.0 } ] }");
    assertEquals(200, reply.status(), reply.body());
    assertEquals("{\n    \"results\": [[[\"\", 12.0]], [[\"\", 7.0]]\n    ]\n}", reply.body());
  }

  @Test
  void metadataListsTheSignatureDefs() {
    Reply reply = get(server, "/v1/models/half_plus_two/metadata");
    assertEquals(200, reply.status(), reply.body());
    String body = reply.body();
    assertTrue(body.startsWith("{\n\"model_spec\":{\n \"name\": \"half_plus_two\",\n \"signature_name\": \"\",\n"
        + " \"version\": \"123\"\n}\n,\n\"metadata\": {\"signature_def\": {\n \"signature_def\": {\n"), body);
    String servingDefault = """
          "serving_default": {
           "inputs": {
            "x": {
             "dtype": "DT_FLOAT",
             "tensor_shape": {
              "dim": [
               {
                "size": "-1",
                "name": ""
               },
               {
                "size": "1",
                "name": ""
               }
              ],
              "unknown_rank": false
             },
             "name": "x:0"
            }
           },
           "outputs": {
            "y": {
             "dtype": "DT_FLOAT",
             "tensor_shape": {
              "dim": [
               {
                "size": "-1",
                "name": ""
               },
               {
                "size": "1",
                "name": ""
               }
              ],
              "unknown_rank": false
             },
             "name": "y:0"
            }
           },
           "method_name": "tensorflow/serving/predict",
           "defaults": {}
          }""";
    assertTrue(body.contains(servingDefault.indent(2).stripTrailing()), body);
    assertTrue(body.contains("\"classify_x_to_y\": {"), body);
    assertTrue(body.contains("\"dtype\": \"DT_STRING\",\n     \"tensor_shape\": {\n      \"dim\": [],\n"
        + "      \"unknown_rank\": true\n     },\n     \"name\": \"tf_example:0\""), body);
    assertTrue(body.endsWith("}\n}\n}\n"), body);
    assertEquals(body, get(server, "/v1/models/half_plus_two/versions/123/metadata").body());
  }

  @Test
  void signaturesJkerasCannotRunAreRefusedWithTheReason() {
    // counter's signatures fetch float_ref tensors, which jkeras does not read; TF Serving's REST API could not
    // call reset_counter anyway (no inputs: "Failed to get input map for signature")
    Reply reply = post(server, "/v1/models/counter:predict", "{\"signature_name\": \"incr_counter_by\", \"inputs\": {\"delta\": 3}}");
    assertEquals(400, reply.status());
    assertTrue(reply.body().contains("output 'output' has dtype DT_FLOAT_REF"), reply.body());
  }

  @Test
  void theObserverIsToldOfEveryRequestWithItsModelVersionAndStatus() {
    post(server, "/v1/models/half_plus_two:predict", "{\"instances\": [[7.0]]}");
    post(server, "/v1/models/nothere:predict", "{\"instances\": [[7.0]]}");
    assertTrue(observed.stream().anyMatch(r -> r.path().equals("/v1/models/half_plus_two:predict")
        && r.model().equals("half_plus_two") && r.version() == 123L && r.api().equals("predict")
        && r.httpStatus() == 200 && r.code() == ServingException.Code.OK && r.nanos() > 0), observed.toString());
    assertTrue(observed.stream().anyMatch(r -> "nothere".equals(r.model()) && r.version() == null
        && r.httpStatus() == 404 && r.code() == ServingException.Code.NOT_FOUND), observed.toString());
  }

  @Test
  void unknownModelsAndVersions() {
    assertError(404, "Servable not found for request: Latest(half)",
        post(server, "/v1/models/half:predict", "{\"instances\": [1.0,5.0]}"));
    assertError(404, "Servable not found for request: Specific(half_plus_two, 50)",
        post(server, "/v1/models/half_plus_two/versions/50:predict", "{\"instances\": [[1.0]]}"));
    assertError(404, "Could not find any versions of model foo", get(server, "/v1/models/foo"));
    assertError(404, "Could not find version 50 of model half_plus_two", get(server, "/v1/models/half_plus_two/versions/50"));
    assertError(404, "Servable not found for request: Latest(foo)", get(server, "/v1/models/foo/metadata"));
    assertError(400, "Unrecognized servable version label: stable", get(server, "/v1/models/half_plus_two/labels/stable"));
    assertError(400, "Failed to convert version: 18446744073709551615 to numeric.",
        post(server, "/v1/models/foo/versions/18446744073709551615:regress", ""));
  }

  @Test
  void malformedPathsAndMethods() {
    assertError(400, "Malformed request: GET /v1/foo", get(server, "/v1/foo"));
    assertError(400, "Missing model name in request.", get(server, "/v1/models"));
    assertError(400, "Malformed request: GET /v1/models/foo:predict", get(server, "/v1/models/foo:predict"));
    assertError(400, "Malformed request: POST /v1/models/foo/metadata",
        post(server, "/v1/models/foo/metadata", "{}"));
    assertError(400, "Malformed request: POST /v1/models/foo/versions/HELLO:regress",
        post(server, "/v1/models/foo/versions/HELLO:regress", "{}"));
    assertError(400, "Malformed request: DELETE /v1/models/half_plus_two", ServingFixtures.send(
        java.net.http.HttpRequest.newBuilder(ServingFixtures.uri(server, "/v1/models/half_plus_two")).DELETE()));
    Reply outside = get(server, "/index.html");
    assertEquals(404, outside.status());
    assertTrue(outside.body().startsWith("{\n    \"error\": \"Not found: GET /index.html"), outside.body());
  }

  @Test
  void corsPreflightAsTfServingAnswersIt() {
    var preflight = java.net.http.HttpRequest.newBuilder(ServingFixtures.uri(server, "/v1/models/half_plus_two:predict"))
        .method("OPTIONS", java.net.http.HttpRequest.BodyPublishers.noBody());
    assertEquals(400, ServingFixtures.send(preflight).status(), "no Origin: Origin header is missing in CORS preflight");
    assertEquals(200, ServingFixtures.send(preflight.header("Origin", "http://example.com")).status());
  }

  @Test
  void malformedJson() {
    String predict = "/v1/models/half_plus_two:predict";
    assertError(400, "JSON Parse error: The document is empty", post(server, predict, ""));
    assertError(400, "JSON Parse error: Invalid value. at offset: 0", post(server, predict, "instances = [1, 2]"));
    assertError(400, "JSON Parse error: Missing a comma or ']' after an array element. at offset: 17",
        post(server, predict, "{\"instances\": [1 2]}"));
    assertError(400, "JSON Value: [\n    1\n] Is not object".replace("[\n    1\n]", "[1]"), post(server, predict, "[1]"));
    assertError(400, "JSON Value: {\n    \"signature_name\": 100\n} not formatted correctly. 'signature_name' key must "
        + "be a string value.", post(server, predict, "{ \"signature_name\": 100 }"));
    assertError(400, "Missing 'inputs' or 'instances' key", post(server, predict, "{}"));
    assertError(400, "JSON Value: {\n    \"instances\": []\n} No values in 'instances' array",
        post(server, predict, "{\"instances\": []}"));
    assertError(400, "JSON Value: {\n    \"instances\": [1],\n    \"inputs\": [1]\n} Not formatted correctly expecting "
        + "only one of 'inputs' or 'instances' keys to exist ", post(server, predict, "{\"instances\": [1], \"inputs\": [1]}"));
    String deep = "{\"instances\": " + "[".repeat(100_000) + "]".repeat(100_000) + "}";
    Reply tooDeep = post(server, predict, deep.substring(0, 4000));
    assertEquals(400, tooDeep.status(), tooDeep.body());
  }

  @Test
  void wrongNamesShapesAndTypes() {
    String predict = "/v1/models/half_plus_two:predict";
    assertError(400, "Failed to process element: 0 of 'instances' list. Error: INVALID_ARGUMENT: JSON Value: \"x\" "
        + "Type: String is not of expected type: float", post(server, predict, "{ \"instances\": [\"x\", \"y\"] }"));
    assertError(400, "Failed to process element: 0 key: z of 'instances' list. Error: INVALID_ARGUMENT: JSON object: "
        + "does not have named input: z", post(server, predict, "{\"instances\": [{\"z\": [1]}]}"));
    assertError(400, "Missing named input: x in 'inputs' object.", post(server, predict, "{\"inputs\": {\"z\": [1]}}"));
    assertError(400, "Failed to process element: 1 of 'instances' list. Error: INVALID_ARGUMENT: Expecting tensor "
        + "size: 1 but got: 2", post(server, predict, "{\"instances\": [[1], [1, 2]]}"));
    assertError(400, "Encountered list at unexpected size: 1 at level: 1 expected size: 2",
        post(server, predict, "{\"inputs\": [[1], [1, 2]]}".replace("[[1], [1, 2]]", "[[1, 2], [1]]")));
    assertError(400, "Serving signature name: \"nope\" not found in signature def",
        post(server, predict, "{\"signature_name\": \"nope\", \"instances\": [[1]]}"));
    // As TF Serving, the graph judges shapes: half_plus_two's element-wise ops take a [1, 2] input.
    Reply shape = post(server, predict, "{\"instances\": [[1, 2]]}");
    assertEquals("{\n    \"predictions\": [[2.5, 3.0]\n    ]\n}", shape.body());
    // A shape the graph's MatMul refuses fails with TensorFlow's message, as a bad request.
    Reply matmul = post(server, "/v1/models/dense:predict", "{\"instances\": [[1, 2]]}");
    assertEquals(400, matmul.status(), matmul.body());
    assertTrue(matmul.body().contains("Matrix size-incompatible") || matmul.body().contains("incompatible"),
        matmul.body());
    assertFalse(matmul.body().contains("at dev.jkeras") || matmul.body().contains("at org.tensorflow"),
        "no stack trace: " + matmul.body());
    assertEquals(200, post(server, "/v1/models/dense:predict", "{\"instances\": [[0.1, 0.2, 0.3, 0.4, 0.5]]}")
        .status());
    assertError(400, "Unexpected element type in feature: x expecting type: float", post(server,
        "/v1/models/half_plus_two:regress", "{\"signature_name\": \"regress_x_to_y\", \"examples\": [{\"x\": [1.0, 2]}]}"));
    assertError(400, "JSON Value: {\n    \"examples\": []\n} 'examples' value is an empty array",
        post(server, "/v1/models/half_plus_two:regress", "{\"examples\": []}"));
  }

  @Test
  void oversizedBodiesGet413AndTheServerKeepsServing() {
    Reply big = post(server, "/v1/models/half_plus_two:predict", "{\"instances\": [" + "[1.0],".repeat(2000) + "[1.0]]}");
    assertEquals(413, big.status(), big.body());
    assertTrue(big.body().contains("larger than this server's limit of 4096 bytes"), big.body());
    assertEquals(200, post(server, "/v1/models/half_plus_two:predict", "{\"instances\": [[1.0]]}").status());
  }
}
