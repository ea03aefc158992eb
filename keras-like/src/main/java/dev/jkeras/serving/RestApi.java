package dev.jkeras.serving;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpHandler;
import dev.jkeras.DType;
import dev.jkeras.backend.SignatureSpec;
import dev.jkeras.backend.TensorSpec;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Function;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.tensorflow.ndarray.FloatNdArray;
import org.tensorflow.ndarray.NdArray;
import org.tensorflow.ndarray.NdArrays;
import org.tensorflow.ndarray.Shape;
import org.tensorflow.ndarray.buffer.DataBuffers;

/**
 * TF Serving's RESTful API: model status, metadata, predict, classify and regress under {@code /v1/},
 * with its paths, JSON, error texts and HTTP statuses. Every response, error or not, is JSON and goes
 * out through {@link #respond}; no exception escapes to the client as a stack trace.
 */
final class RestApi implements HttpHandler {
  private static final System.Logger LOG = System.getLogger(RestApi.class.getName());
  private static final Pattern PREDICTION = Pattern.compile(
      "(?i)/v1/models/([^/:]+)(?:(?:/versions/(\\d+))|(?:/labels/([^/:]+)))?:(classify|regress|predict)");
  private static final Pattern STATUS = Pattern.compile(
      "(?i)/v1/models(?:/([^/:]+))?(?:(?:/versions/(\\d+))|(?:/labels/([^/:]+)))?(?:/(metadata))?");
  private static final Pattern API_ROOT = Pattern.compile("(?i)/v1/.*");
  private static final String DEFAULT_SIGNATURE = "serving_default";

  private final Function<String, ServedModel> models;
  private final SignatureRunner runner;
  private final RequestObserver observer;
  private final long maxBodyBytes;

  RestApi(Function<String, ServedModel> models, SignatureRunner runner, RequestObserver observer, long maxBodyBytes) {
    this.models = models;
    this.runner = runner;
    this.observer = observer;
    this.maxBodyBytes = maxBodyBytes;
  }

  /** What one request turned out to be, filled in as it is handled. */
  private static final class Call {
    final String method;
    final String path;
    String model;
    Long version;
    String api = "";
    long runtimeNanos = -1;

    Call(String method, String path) {
      this.method = method;
      this.path = path;
    }
  }

  private record Response(int status, ServingException.Code code, String body) {
    static Response ok(String body) {
      return new Response(200, ServingException.Code.OK, body);
    }
  }

  @Override
  public void handle(HttpExchange exchange) throws IOException {
    long start = System.nanoTime();
    Call call = new Call(exchange.getRequestMethod(), exchange.getRequestURI().getRawPath());
    Response response;
    try {
      response = dispatch(exchange, call);
    } catch (ServingException e) {
      response = error(e.code(), e.getMessage());
    } catch (IllegalArgumentException e) {
      response = error(ServingException.Code.INVALID_ARGUMENT, e.getMessage());
    } catch (IllegalStateException e) {
      boolean timedOut = e.getMessage() != null && e.getMessage().contains("did not finish within");
      if (!timedOut) {
        LOG.log(System.Logger.Level.WARNING, "Request " + call.method + " " + call.path + " failed", e);
      }
      response = error(timedOut ? ServingException.Code.DEADLINE_EXCEEDED : ServingException.Code.INTERNAL,
          e.getMessage());
    } catch (RuntimeException | StackOverflowError | OutOfMemoryError e) {
      LOG.log(System.Logger.Level.WARNING, "Request " + call.method + " " + call.path + " failed", e);
      response = error(ServingException.Code.INTERNAL, "Internal error: " + e.getClass().getSimpleName()
          + (e.getMessage() == null ? "" : ": " + e.getMessage()));
    }
    respond(exchange, call, response, start);
  }

  private static Response error(ServingException.Code code, String message) {
    String body = new RapidJsonWriter().startObject().key("error").string(message == null ? "" : message).endObject()
        .toString();
    return new Response(code.httpStatus(), code, body);
  }

  /** Sends a response and tells the observer: the one place a request's status is final. */
  private void respond(HttpExchange exchange, Call call, Response response, long start) throws IOException {
    try {
      byte[] body = response.body.getBytes(StandardCharsets.UTF_8);
      if (!response.body.isEmpty() || !call.method.equals("OPTIONS")) {
        exchange.getResponseHeaders().set("Content-Type", "application/json");
      }
      boolean head = call.method.equals("HEAD");
      exchange.sendResponseHeaders(response.status, head || body.length == 0 ? -1 : body.length);
      if (!head && body.length > 0) {
        try (OutputStream out = exchange.getResponseBody()) {
          out.write(body);
        }
      }
    } finally {
      exchange.close();
      try {
        observer.completed(new RequestObserver.Request(call.method, call.path, call.model, call.version, call.api,
            response.status, response.code, System.nanoTime() - start, call.runtimeNanos));
      } catch (RuntimeException e) {
        LOG.log(System.Logger.Level.WARNING, "The request observer failed", e);
      }
    }
  }

  private Response dispatch(HttpExchange exchange, Call call) throws IOException {
    String method = call.method;
    String path = call.path;
    if (!API_ROOT.matcher(path).matches()) {
      return error(ServingException.Code.NOT_FOUND, "Not found: " + method + " " + path
          + ". TF Serving's REST API is under /v1/, e.g. GET /v1/models/NAME");
    }
    byte[] body = readBody(exchange);
    if (method.equals("OPTIONS")) {
      String origin = exchange.getRequestHeaders().getFirst("Origin");
      return origin != null && origin.matches("(?s).*https?://.*") ? Response.ok("")
          : new Response(400, ServingException.Code.FAILED_PRECONDITION, "");
    }
    if (method.equals("POST")) {
      Matcher m = PREDICTION.matcher(path);
      if (!m.matches()) {
        throw malformed(call);
      }
      fillModel(call, m);
      call.api = m.group(4);
      return switch (m.group(4)) {
        case "predict" -> predict(call, m.group(3), body);
        case "classify" -> classifyOrRegress(call, m.group(3), body, true);
        case "regress" -> classifyOrRegress(call, m.group(3), body, false);
        default -> throw malformed(call);
      };
    } else if (method.equals("GET")) {
      Matcher m = STATUS.matcher(path);
      if (!m.matches()) {
        throw malformed(call);
      }
      fillModel(call, m);
      if (call.model == null || call.model.isEmpty()) {
        throw ServingException.invalid("Missing model name in request.");
      }
      if ("metadata".equals(m.group(4))) {
        call.api = "metadata";
        return metadata(call, m.group(3));
      }
      call.api = "status";
      return status(call, m.group(3));
    }
    throw malformed(call);
  }

  private static ServingException malformed(Call call) {
    return ServingException.invalid("Malformed request: " + call.method + " " + call.path);
  }

  private static void fillModel(Call call, Matcher m) {
    call.model = m.group(1) == null ? null : URLDecoder.decode(m.group(1).replace("+", "%2B"), StandardCharsets.UTF_8);
    if (m.group(2) != null) {
      try {
        call.version = Long.parseLong(m.group(2));
      } catch (NumberFormatException e) {
        throw ServingException.invalid("Failed to convert version: " + m.group(2) + " to numeric.");
      }
    }
  }

  private static String label(Matcher m, int group) {
    return m.group(group) == null ? null : URLDecoder.decode(m.group(group).replace("+", "%2B"), StandardCharsets.UTF_8);
  }

  private byte[] readBody(HttpExchange exchange) throws IOException {
    String declared = exchange.getRequestHeaders().getFirst("Content-Length");
    if (declared != null) {
      try {
        if (Long.parseLong(declared.trim()) > maxBodyBytes) {
          throw tooLarge();
        }
      } catch (NumberFormatException e) {
        throw ServingException.invalid("Content-Length '" + declared + "' is not a number");
      }
    }
    try (InputStream in = exchange.getRequestBody()) {
      byte[] body = in.readNBytes((int) Math.min(Integer.MAX_VALUE - 8, maxBodyBytes + 1));
      if (body.length > maxBodyBytes) {
        throw tooLarge();
      }
      return body;
    }
  }

  private ServingException tooLarge() {
    return new ServingException(ServingException.Code.PAYLOAD_TOO_LARGE, "Request body is larger than this server's "
        + "limit of " + maxBodyBytes + " bytes; send smaller batches, or start the server with a larger "
        + "--rest_api_max_body_bytes");
  }

  /** Runs the model through the runner, timing the run for the observer (TF Serving's runtime latency). */
  private Map<String, NdArray<?>> run(Call call, ServableHandle handle, String signature,
      Map<String, NdArray<?>> inputs) {
    long start = System.nanoTime();
    Map<String, NdArray<?>> outputs = runner.run(handle, signature, inputs);
    call.runtimeNanos = System.nanoTime() - start;
    return outputs;
  }

  private ServedModel model(Call call) {
    ServedModel model = models.apply(call.model);
    if (model == null) {
      throw ServedModel.notFound(call.model, call.version);
    }
    return model;
  }

  /**
   * A handle on the version the request names. When the model was replaced (its config reloaded) between
   * looking it up and acquiring, the replacement is asked, so a reconfiguration drops no request.
   */
  private ServableHandle acquire(Call call, String label) {
    ServedModel model = model(call);
    ServableHandle handle;
    try {
      handle = model.acquire(call.version, label);
    } catch (ServingException e) {
      ServedModel now = models.apply(call.model);
      if (e.code() != ServingException.Code.NOT_FOUND || now == null || now == model) {
        throw e;
      }
      handle = now.acquire(call.version, label);
    }
    call.version = handle.version();
    return handle;
  }

  // ------------------------------------------------------------------ status and metadata

  private Response status(Call call, String label) {
    ServedModel model = models.apply(call.model);
    if (model == null) {
      throw call.version == null ? ServingException.notFound("Could not find any versions of model " + call.model)
          : ServingException.notFound("Could not find version " + call.version + " of model " + call.model);
    }
    List<Object> versions = new ArrayList<>();
    for (VersionStatus status : model.status(call.version, label)) {
      Map<String, Object> entry = new LinkedHashMap<>();
      entry.put("version", Long.toString(status.version()));
      entry.put("state", status.state().name());
      Map<String, Object> detail = new LinkedHashMap<>();
      detail.put("error_code", status.errorCode().name());
      detail.put("error_message", status.errorMessage());
      entry.put("status", detail);
      versions.add(entry);
    }
    return Response.ok(ProtoJson.write(Map.of("model_version_status", versions)));
  }

  private Response metadata(Call call, String label) {
    try (ServableHandle handle = acquire(call, label)) {
      Map<String, Object> spec = new LinkedHashMap<>();
      spec.put("name", call.model);
      spec.put("signature_name", "");
      spec.put("version", Long.toString(handle.version()));
      Map<String, Object> signatures = new LinkedHashMap<>();
      for (SignatureSpec signature : new TreeMap<>(handle.model().signatures()).values()) {
        Map<String, Object> def = new LinkedHashMap<>();
        def.put("inputs", tensorInfos(signature.inputs()));
        def.put("outputs", tensorInfos(signature.outputs()));
        def.put("method_name", signature.methodName());
        def.put("defaults", Map.of());
        signatures.put(signature.name(), def);
      }
      String body = "{\n\"model_spec\":" + ProtoJson.write(spec) + ",\n\"metadata\": {\"signature_def\": "
          + ProtoJson.write(Map.of("signature_def", signatures)) + "}\n}\n";
      return Response.ok(body);
    }
  }

  private static Map<String, Object> tensorInfos(Map<String, TensorSpec> specs) {
    Map<String, Object> infos = new LinkedHashMap<>();
    for (TensorSpec spec : new TreeMap<>(specs).values()) {
      Map<String, Object> info = new LinkedHashMap<>();
      info.put("dtype", TensorJson.protoTypeName(spec.dtype()));
      Map<String, Object> shape = new LinkedHashMap<>();
      List<Object> dims = new ArrayList<>();
      if (spec.rankKnown()) {
        for (int i = 0; i < spec.shape().rank(); i++) {
          long size = spec.shape().get(i);
          Map<String, Object> dim = new LinkedHashMap<>();
          dim.put("size", Long.toString(size < 0 ? -1 : size));
          dim.put("name", "");
          dims.add(dim);
        }
      }
      shape.put("dim", dims);
      shape.put("unknown_rank", !spec.rankKnown());
      info.put("tensor_shape", shape);
      info.put("name", spec.tensorName() == null ? spec.name() : spec.tensorName());
      infos.put(spec.name(), info);
    }
    return infos;
  }

  // ------------------------------------------------------------------ predict

  private static Map<?, ?> parseObject(byte[] body) {
    if (body.length == 0) {
      throw ServingException.invalid("JSON Parse error: The document is empty");
    }
    Object doc;
    try {
      doc = Json.parse(body);
    } catch (Json.ParseException e) {
      throw ServingException.invalid("JSON Parse error: " + e.getMessage());
    }
    if (!(doc instanceof Map<?, ?> object)) {
      throw formatError(doc, "Is not object");
    }
    return object;
  }

  private static ServingException formatError(Object doc, String what) {
    return ServingException.invalid("JSON Value: " + RapidJsonWriter.debugString(doc) + " " + what);
  }

  private static String signatureName(Map<?, ?> doc) {
    if (!doc.containsKey("signature_name")) {
      return "";
    }
    if (!(doc.get("signature_name") instanceof String name)) {
      throw ServingException.invalid("JSON Value: " + RapidJsonWriter.debugString(doc)
          + " not formatted correctly. 'signature_name' key must be a string value.");
    }
    return name;
  }

  private Response predict(Call call, String label, byte[] body) {
    DenseInstances.Request dense = DenseInstances.read(body);
    Map<?, ?> doc = dense == null ? parseObject(body) : null;
    String requested = dense == null ? signatureName(doc) : dense.signatureName();
    try (ServableHandle handle = acquire(call, label)) {
      String name = requested.isEmpty() ? DEFAULT_SIGNATURE : requested;
      SignatureSpec signature = handle.model().signatures().get(name);
      if (signature == null) {
        String bad = handle.model().badSignatures().get(name);
        throw ServingException.invalid("Serving signature name: \"" + name + "\" not found in signature def"
            + (bad == null ? "" : " (jkeras cannot run it: " + bad + ")"));
      }
      if (signature.inputs().isEmpty()) {
        throw ServingException.invalid("Failed to get input map for signature: "
            + (requested.isEmpty() ? "DEFAULT" : requested));
      }
      if (dense != null) {
        Map.Entry<String, TensorSpec> only = signature.inputs().size() == 1
            ? signature.inputs().entrySet().iterator().next() : null;
        if (only != null && only.getValue().dtype() == DType.FLOAT32) {
          NdArray<?> values = NdArrays.wrap(Shape.of(dense.shape()), DataBuffers.of(dense.values(), false, false));
          return Response.ok(TensorJson.predictions(run(call, handle, name, Map.of(only.getKey(), values))));
        }
        doc = parseObject(body);
      }
      boolean rows = doc.containsKey("instances");
      boolean columns = doc.containsKey("inputs");
      Map<String, NdArray<?>> inputs;
      if (rows && columns) {
        throw formatError(doc, "Not formatted correctly expecting only one of 'inputs' or 'instances' keys to exist ");
      } else if (rows) {
        if (!(doc.get("instances") instanceof List<?> instances)) {
          throw formatError(doc, "Expecting 'instances' to be an list/array");
        }
        if (instances.isEmpty()) {
          throw formatError(doc, "No values in 'instances' array");
        }
        inputs = TensorJson.fromInstances(instances, signature.inputs());
      } else if (columns) {
        inputs = TensorJson.fromInputs(doc.get("inputs"), signature.inputs());
      } else {
        throw ServingException.invalid("Missing 'inputs' or 'instances' key");
      }
      Map<String, NdArray<?>> outputs = run(call, handle, name, inputs);
      return Response.ok(rows ? TensorJson.predictions(outputs) : TensorJson.outputs(outputs));
    }
  }

  // ------------------------------------------------------------------ classify and regress

  private Response classifyOrRegress(Call call, String label, byte[] body, boolean classify) {
    Map<?, ?> doc = parseObject(body);
    String requested = signatureName(doc);
    Object context = doc.get("context");
    if (!doc.containsKey("examples")) {
      throw formatError(doc, "When method is classify, key 'examples' is expected and was not found");
    }
    if (!(doc.get("examples") instanceof List<?> examples)) {
      throw formatError(doc, "Expecting 'examples' value to be an list/array");
    }
    if (examples.isEmpty()) {
      throw formatError(doc, "'examples' value is an empty array");
    }
    List<byte[]> serialized = ExampleJson.serialized(examples, context);
    try (ServableHandle handle = acquire(call, label)) {
      String name = requested.isEmpty() ? DEFAULT_SIGNATURE : requested;
      SignatureSpec signature = handle.model().signatures().get(name);
      if (signature == null) {
        throw ServingException.invalid("No signature was found with the name: " + name);
      }
      if (signature.inputs().size() != 1) {
        throw ServingException.invalid("Expected one input Tensor.");
      }
      String what = classify ? "classification" : "regression";
      TensorSpec input = signature.inputs().get("inputs");
      if (input == null) {
        throw ServingException.invalid("No " + what + " inputs found in SignatureDef: " + describe(signature));
      }
      if (input.dtype() != DType.STRING) {
        throw ServingException.invalid("Signature '" + name + "' takes " + input + "; " + what + " needs serialized "
            + "tf.Example strings in its 'inputs' input");
      }
      if (classify && signature.outputs().size() != 1 && signature.outputs().size() != 2) {
        throw ServingException.invalid("Expected one or two output Tensors, found " + signature.outputs().size());
      }
      if (!classify && signature.outputs().size() != 1) {
        throw ServingException.invalid("Expected one output Tensor.");
      }
      if (classify && !signature.outputs().containsKey("classes") && !signature.outputs().containsKey("scores")) {
        throw ServingException.invalid("Expected classification signature outputs to contain at least one of "
            + "\"classes\" or \"scores\". Signature was: " + describe(signature));
      }
      if (!classify && !signature.outputs().containsKey("outputs")) {
        throw ServingException.invalid("No regression outputs found in SignatureDef: " + describe(signature));
      }
      NdArray<byte[]> examplesTensor = NdArrays.wrap(Shape.of(serialized.size()),
          DataBuffers.ofObjects(serialized.toArray(new byte[0][])));
      Map<String, NdArray<?>> outputs = run(call, handle, name, Map.of("inputs", examplesTensor));
      return Response.ok(classify ? classifications(outputs, serialized.size()) : regressions(outputs, serialized.size()));
    }
  }

  private static String describe(SignatureSpec signature) {
    return "method_name: " + signature.methodName() + ", inputs: " + signature.inputs().values() + ", outputs: "
        + signature.outputs().values();
  }

  private static String regressions(Map<String, NdArray<?>> outputs, int examples) {
    NdArray<?> output = outputs.get("outputs");
    long[] shape = output.shape().asArray();
    if (!(shape.length == 1 || (shape.length == 2 && shape[1] == 1))) {
      throw ServingException.invalid("Expected output Tensor shape to be either [batch_size] or [batch_size, 1] but got "
          + TensorJson.shapeString(shape));
    }
    if (shape[0] != examples) {
      throw ServingException.invalid("Input batch size did not match output batch size: " + examples + " vs. "
          + shape[0]);
    }
    if (!(output instanceof FloatNdArray values)) {
      throw ServingException.invalid("Expected output Tensor of DT_FLOAT.  Got: "
          + TensorJson.protoTypeName(DType.of(output)));
    }
    float[] flat = new float[examples];
    values.copyTo(DataBuffers.of(flat, false, false));
    RapidJsonWriter writer = new RapidJsonWriter().startObject().key("results").singleLineArrays(true).startArray();
    for (float v : flat) {
      writer.raw(RapidJsonWriter.decimal(v));
    }
    return writer.endArray().endObject().toString();
  }

  private static String classifications(Map<String, NdArray<?>> outputs, int examples) {
    NdArray<?> classes = outputs.get("classes");
    NdArray<?> scores = outputs.get("scores");
    long numClasses = -1;
    if (classes != null) {
      long[] shape = classes.shape().asArray();
      if (shape.length != 2) {
        throw ServingException.invalid("Expected Tensor shape: [batch_size num_classes] but got "
            + TensorJson.shapeString(shape));
      }
      if (DType.of(classes) != DType.STRING) {
        throw ServingException.invalid("Expected classes Tensor of DT_STRING. Got: "
            + TensorJson.protoTypeName(DType.of(classes)));
      }
      if (shape[0] != examples) {
        throw ServingException.invalid("Expected classes output batch size of " + examples + ". Got: " + shape[0]);
      }
      numClasses = shape[1];
    }
    if (scores != null) {
      long[] shape = scores.shape().asArray();
      if (shape.length != 2) {
        throw ServingException.invalid("Expected Tensor shape: [batch_size num_classes] but got "
            + TensorJson.shapeString(shape));
      }
      if (!(scores instanceof FloatNdArray)) {
        throw ServingException.invalid("Expected scores Tensor of DT_FLOAT. Got: "
            + TensorJson.protoTypeName(DType.of(scores)));
      }
      if (shape[0] != examples) {
        throw ServingException.invalid("Expected scores output batch size of " + examples + ". Got: " + shape[0]);
      }
      if (numClasses >= 0 && numClasses != shape[1]) {
        throw ServingException.invalid("Tensors class and score should match in dim_size(1). Got " + numClasses
            + " vs. " + shape[1]);
      }
      numClasses = shape[1];
    }
    RapidJsonWriter writer = new RapidJsonWriter().startObject().key("results").startArray();
    for (long i = 0; i < examples; i++) {
      writer.singleLineArrays(true).startArray();
      for (long k = 0; k < numClasses; k++) {
        writer.startArray();
        writer.string(classes == null ? "" : String.valueOf(classes.getObject(i, k)));
        writer.raw(RapidJsonWriter.decimal(scores == null ? 0f : ((FloatNdArray) scores).getFloat(i, k)));
        writer.endArray();
      }
      writer.endArray().singleLineArrays(false);
    }
    return writer.endArray().endObject().toString();
  }
}
