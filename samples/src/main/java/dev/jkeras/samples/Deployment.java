package dev.jkeras.samples;

import dev.jkeras.layers.Dense;
import dev.jkeras.layers.Flatten;
import dev.jkeras.models.Sequential;
import dev.jkeras.ops.Ops;
import dev.jkeras.serving.ModelServer;
import dev.jkeras.serving.MonitoringConfig;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.tensorflow.ndarray.FloatNdArray;
import org.tensorflow.ndarray.NdArray;

/**
 * Seed 000's deployment section ("install TensorFlow on a server or cloud instance, and query the
 * model's predictions via a REST API"): the Fashion-MNIST MLP is trained and exported as version 1 of a
 * TF Serving model base path, served by {@link ModelServer} on 127.0.0.1 (a free port) and queried over
 * TF Serving's REST API from {@link java.net.http.HttpClient}: status, metadata and {@code :predict},
 * whose answers must equal {@code model.predict}'s. It prints the same queries as {@code curl} commands
 * (and runs one when curl is installed) and the Prometheus request counts. Then the model trains one
 * more epoch and is rolled out as version 2 (exported under a temporary name, renamed into place) while a
 * client keeps sending requests; the sample waits until version 2 alone is served and reports how many
 * requests failed during the roll, and both versions' accuracy as served.
 */
public final class Deployment implements Sample {
  private static final String MODEL = "fashion_mnist";
  private static final int CHECKED_IMAGES = 5;
  private static final int IMAGES_PER_REQUEST = 250;
  private static final Duration ROLL_TIMEOUT = Duration.ofSeconds(60);
  private static final Duration AFTER_ROLL = Duration.ofSeconds(1);
  private static final Pattern PREDICT_COUNT = Pattern.compile(
      "^:tensorflow:serving:request_count\\{[^}]*version=\"([0-9]+)\",API=\"Predict\"} ([0-9.e+]+)$", Pattern.MULTILINE);
  private static final Pattern NUMBER = Pattern.compile("-?(?:NaN|Infinity|[0-9][0-9.]*(?:e[+-]?[0-9]+)?)");

  @Override
  public String name() {
    return "deployment";
  }

  @Override
  public String description() {
    return "Seed 000 (deployment): serve the Fashion-MNIST MLP over TF Serving's REST API on loopback, query it"
        + " from Java and curl, read its metrics, and roll out version 2 under load";
  }

  @Override
  public String bookReports() {
    return "The seed describes deployment (TensorFlow on a server, queried via a REST API) without figures";
  }

  @Override
  public void run(SampleArgs args) {
    try {
      deploy(args);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("Interrupted while deploying", e);
    }
  }

  private void deploy(SampleArgs args) throws IOException, InterruptedException {
    var data = SampleData.fashionMnist(args);
    var xTrain = Ops.divide(Ops.cast(data.train().x(), "float32"), 255f);
    var xTest = (FloatNdArray) Ops.divide(Ops.cast(data.test().x(), "float32"), 255f);
    NdArray<?> yTest = data.test().y();
    Path out = args.outputDir(this);
    Path base = out.resolve("models").resolve(MODEL);
    ServingClient.deleteTree(base);
    Files.createDirectories(base);
    try (var model = new Sequential(
        new Flatten().inputShape(28, 28),
        new Dense(300, "relu"),
        new Dense(100, "relu"),
        new Dense(10, "softmax"))) {
      model.compile("sgd", "sparse_categorical_crossentropy", "accuracy");
      int epochs = args.epochs(5);
      model.fit(xTrain, data.train().y(), fit -> fit.epochs(epochs).verbose(2));
      double accuracy1 = model.evaluate(xTest, yTest).get("accuracy");
      NdArray<?> predicted1 = model.predict(xTest);
      model.export(base.resolve("1"));
      System.out.println("Model base path: " + base.toAbsolutePath() + " (version 1 exported)");
      args.record("epochs_v1", epochs);

      try (ModelServer server = ModelServer.builder().model(MODEL, base).host("127.0.0.1").restApiPort(0)
          .fileSystemPollWait(Duration.ofMillis(200)).monitoring(MonitoringConfig.prometheus()).build().start()) {
        ServingClient client = new ServingClient(server.port(), MODEL);
        System.out.println("Serving on http://127.0.0.1:" + server.port());
        show(client, client.statusPath());
        show(client, client.metadataPath());
        Path instances = writeInstances(out, xTest);
        HttpResponse<String> answer = client.post(client.predictPath(), instancesJson(xTest, 0, CHECKED_IMAGES));
        System.out.println("POST " + client.predictPath() + " (" + CHECKED_IMAGES + " test images) -> HTTP "
            + answer.statusCode() + "\n" + answer.body());
        float[][] firstRows = predictions(answer, CHECKED_IMAGES);
        System.out.printf(Locale.ROOT, "Served classes %s, labels %s; max |served - model.predict| %.2e%n",
            classes(firstRows), labels(yTest, CHECKED_IMAGES), maxDifference(firstRows, predicted1, 0));
        printCurl(client, instances);
        runCurl(client);
        long requests = printRequestCounts(client);
        args.record("request_count_before_roll", requests);

        Served served1 = serveAll(client, xTest, predicted1, yTest);
        System.out.printf(Locale.ROOT, "Version 1: test accuracy %.4f served, %.4f by evaluate; max |served -"
            + " predict| %.2e over %d images%n", served1.accuracy(), accuracy1, served1.maxDifference(), served1.rows());
        args.record("v1_test_accuracy", accuracy1);
        args.record("v1_served_test_accuracy", served1.accuracy());
        args.record("v1_served_vs_predict_max_abs_diff", served1.maxDifference());

        model.fit(xTrain, data.train().y(), fit -> fit.epochs(1).verbose(2));
        double accuracy2 = model.evaluate(xTest, yTest).get("accuracy");
        NdArray<?> predicted2 = model.predict(xTest);
        Roll roll = rollOut(client, base, model, instancesJson(xTest, 0, 1));
        System.out.printf(Locale.ROOT, "Roll to version 2: %d requests sent from the export until %d s after version 2"
            + " alone was served (%.2f s), %d failed; answered by version 1: %d, by version 2: %d (metrics); %s%n",
            roll.sent(), AFTER_ROLL.toSeconds(), roll.seconds(), roll.failed(), roll.byVersion1(), roll.byVersion2(),
            roll.onlyVersion2() ? "version 2 alone is served"
                : "VERSION 2 WAS NOT SERVED ALONE WITHIN " + ROLL_TIMEOUT.toSeconds() + " s");
        show(client, client.statusPath());
        args.record("roll_requests_sent", roll.sent());
        args.record("roll_requests_failed", roll.failed());
        args.record("roll_seconds", roll.seconds());
        args.record("roll_answered_by_v1", roll.byVersion1());
        args.record("roll_answered_by_v2", roll.byVersion2());
        args.record("roll_only_v2_served", roll.onlyVersion2());

        Served served2 = serveAll(client, xTest, predicted2, yTest);
        System.out.printf(Locale.ROOT, "Version 2 (one more epoch): test accuracy %.4f served, %.4f by evaluate;"
            + " max |served - predict| %.2e (data: %s)%n", served2.accuracy(), accuracy2, served2.maxDifference(),
            data.description());
        args.record("v2_test_accuracy", accuracy2);
        args.record("v2_served_test_accuracy", served2.accuracy());
        args.record("v2_served_vs_predict_max_abs_diff", served2.maxDifference());
        args.record("request_count_at_end", printRequestCounts(client));
      }
    }
    System.out.println("Server closed");
  }

  /** The outcome of rolling out version 2 while a client sends requests. */
  private record Roll(long sent, long failed, double seconds, boolean onlyVersion2, long byVersion1, long byVersion2) {}

  /** One version's answers to the whole test set, compared with {@code model.predict}. */
  private record Served(long rows, double accuracy, double maxDifference) {}

  private static Roll rollOut(ServingClient client, Path base, Sequential model, String body)
      throws IOException, InterruptedException {
    AtomicBoolean stop = new AtomicBoolean();
    AtomicLong sent = new AtomicLong();
    AtomicLong failed = new AtomicLong();
    Thread sender = new Thread(() -> {
      while (!stop.get()) {
        sent.incrementAndGet();
        if (!client.predictSucceeds(body)) {
          failed.incrementAndGet();
        }
      }
    }, "deployment-client");
    sender.setDaemon(true);
    Map<String, Long> before = predictCounts(client);
    long began = System.nanoTime();
    sender.start();
    boolean only2;
    try {
      Path staging = base.resolve(".2.incoming");
      model.export(staging);
      ServingClient.renameIntoPlace(staging, base, 2);
      only2 = client.awaitOnlyVersion(2, began + ROLL_TIMEOUT.toNanos());
      Thread.sleep(AFTER_ROLL.toMillis());
    } finally {
      stop.set(true);
      sender.join(TimeUnit.SECONDS.toMillis(40));
    }
    if (sender.isAlive()) {
      throw new IllegalStateException("The client thread did not stop within 40 s of the roll");
    }
    double seconds = (System.nanoTime() - began) / 1e9;
    Map<String, Long> after = predictCounts(client);
    return new Roll(sent.get(), failed.get(), seconds, only2, after.getOrDefault("1", 0L) - before.getOrDefault("1", 0L),
        after.getOrDefault("2", 0L) - before.getOrDefault("2", 0L));
  }

  private static Served serveAll(ServingClient client, FloatNdArray x, NdArray<?> predicted, NdArray<?> labels)
      throws IOException, InterruptedException {
    int rows = (int) x.shape().get(0);
    long correct = 0;
    double difference = 0;
    for (int from = 0; from < rows; from += IMAGES_PER_REQUEST) {
      int to = Math.min(rows, from + IMAGES_PER_REQUEST);
      float[][] served = predictions(client.post(client.predictPath(), instancesJson(x, from, to)), to - from);
      difference = Math.max(difference, maxDifference(served, predicted, from));
      for (int r = 0; r < served.length; r++) {
        correct += argmax(served[r]) == ((Number) labels.getObject(from + r)).longValue() ? 1 : 0;
      }
    }
    return new Served(rows, (double) correct / rows, difference);
  }

  private static void show(ServingClient client, String path) throws IOException, InterruptedException {
    HttpResponse<String> response = client.get(path);
    System.out.println("GET " + path + " -> HTTP " + response.statusCode() + "\n" + response.body());
  }

  /** TF Serving's row format, {@code {"instances": [image, ...]}}, for test images {@code from} to {@code to}. */
  static String instancesJson(FloatNdArray x, int from, int to) {
    int height = (int) x.shape().get(1);
    int width = (int) x.shape().get(2);
    StringBuilder json = new StringBuilder("{\"instances\": [");
    for (int i = from; i < to; i++) {
      json.append(i == from ? "[" : ", [");
      for (int r = 0; r < height; r++) {
        json.append(r == 0 ? "[" : ", [");
        for (int c = 0; c < width; c++) {
          json.append(c == 0 ? "" : ", ").append(x.getFloat(i, r, c));
        }
        json.append(']');
      }
      json.append(']');
    }
    return json.append("]}").toString();
  }

  /** The {@code predictions} of a {@code :predict} answer, one row per image; fails with the answer if it is not one. */
  static float[][] predictions(HttpResponse<String> response, int rows) {
    String body = response.body();
    int start = body.indexOf("\"predictions\"");
    if (response.statusCode() != 200 || start < 0) {
      throw new IllegalStateException("Expected HTTP 200 with \"predictions\" from " + response.uri() + ", got HTTP "
          + response.statusCode() + ": " + body);
    }
    List<Float> values = new ArrayList<>();
    Matcher number = NUMBER.matcher(body).region(start + "\"predictions\"".length(), body.length());
    while (number.find()) {
      values.add(Float.parseFloat(number.group()));
    }
    if (values.size() % rows != 0) {
      throw new IllegalStateException("Expected " + rows + " rows of predictions, got " + values.size() + " values");
    }
    int classes = values.size() / rows;
    float[][] result = new float[rows][classes];
    for (int i = 0; i < values.size(); i++) {
      result[i / classes][i % classes] = values.get(i);
    }
    return result;
  }

  private static double maxDifference(float[][] served, NdArray<?> predicted, int firstRow) {
    double max = 0;
    for (int r = 0; r < served.length; r++) {
      for (int c = 0; c < served[r].length; c++) {
        double expected = ((Number) predicted.getObject(firstRow + r, c)).doubleValue();
        max = Math.max(max, Math.abs(served[r][c] - expected));
      }
    }
    return max;
  }

  private static int argmax(float[] row) {
    int best = 0;
    for (int c = 1; c < row.length; c++) {
      best = row[c] > row[best] ? c : best;
    }
    return best;
  }

  private static List<Integer> classes(float[][] rows) {
    List<Integer> classes = new ArrayList<>();
    for (float[] row : rows) {
      classes.add(argmax(row));
    }
    return classes;
  }

  private static List<Long> labels(NdArray<?> y, int rows) {
    List<Long> labels = new ArrayList<>();
    for (int r = 0; r < rows; r++) {
      labels.add(((Number) y.getObject(r)).longValue());
    }
    return labels;
  }

  /** The checked images' request body as a file, for {@code curl -d @file}; written under a temp name, then moved. */
  private static Path writeInstances(Path out, FloatNdArray x) throws IOException {
    Path file = out.resolve("instances.json");
    Path temp = out.resolve(".instances.json.tmp");
    Files.writeString(temp, instancesJson(x, 0, CHECKED_IMAGES), StandardCharsets.UTF_8);
    return Files.move(temp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
  }

  private static void printCurl(ServingClient client, Path instances) {
    System.out.println("The same from a shell (while the server runs):");
    System.out.println("  curl " + client.uri(client.statusPath()));
    System.out.println("  curl " + client.uri(client.metadataPath()));
    System.out.println("  curl -d @" + instances.toAbsolutePath() + " " + client.uri(client.predictPath()));
    System.out.println("  curl " + client.uri("/monitoring/prometheus/metrics"));
  }

  /** Runs {@code curl} on the status page if it is on the PATH, for at most 15 s, and prints what it printed. */
  private static void runCurl(ServingClient client) throws IOException, InterruptedException {
    if (!onPath("curl")) {
      System.out.println("(curl is not on the PATH; not run)");
      return;
    }
    String url = client.uri(client.statusPath()).toString();
    Process curl = new ProcessBuilder("curl", "-sS", "--max-time", "10", url).redirectErrorStream(true).start();
    curl.getOutputStream().close();
    boolean done = curl.waitFor(15, TimeUnit.SECONDS);
    if (!done) {
      curl.destroyForcibly().waitFor(5, TimeUnit.SECONDS);
      System.out.println("$ curl " + url + "\n(no answer within 15 s; stopped)");
      return;
    }
    String output = new String(curl.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    System.out.println("$ curl " + url + "   (exit status " + curl.exitValue() + ")\n" + output);
  }

  private static boolean onPath(String program) {
    String path = System.getenv("PATH");
    if (path == null) {
      return false;
    }
    for (String dir : path.split(java.io.File.pathSeparator)) {
      if (!dir.isEmpty() && Files.isExecutable(Path.of(dir, program))) {
        return true;
      }
    }
    return false;
  }

  /** The metrics page's {@code Predict} request counts by version. */
  private static Map<String, Long> predictCounts(ServingClient client) throws IOException, InterruptedException {
    Map<String, Long> counts = new java.util.TreeMap<>();
    Matcher line = PREDICT_COUNT.matcher(client.metrics());
    while (line.find()) {
      counts.merge(line.group(1), (long) Double.parseDouble(line.group(2)), Long::sum);
    }
    return counts;
  }

  /** Prints the metrics page's request-count lines; returns their total. */
  private static long printRequestCounts(ServingClient client) throws IOException, InterruptedException {
    long total = 0;
    System.out.println("GET /monitoring/prometheus/metrics, request counts:");
    for (String line : client.metrics().split("\n")) {
      if (line.startsWith(":tensorflow:serving:request_count")) {
        System.out.println("  " + line);
        total += (long) Double.parseDouble(line.substring(line.lastIndexOf(' ') + 1));
      }
    }
    return total;
  }
}
