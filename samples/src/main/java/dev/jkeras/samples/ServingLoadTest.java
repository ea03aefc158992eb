package dev.jkeras.samples;

import dev.jkeras.layers.Dense;
import dev.jkeras.models.Sequential;
import dev.jkeras.serving.ModelServer;
import dev.jkeras.serving.MonitoringConfig;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Random;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicLongArray;

/**
 * The REST server under load, on loopback only: the seed MLP (784-300-100-10) exported as version 1 of a
 * TF Serving model base path, served in this JVM on 127.0.0.1, and N concurrent clients (default 32)
 * sending batch-1 {@code :predict} requests for D seconds (default 60), once without and once with
 * server-side batching. Halfway through each run a new version is copied in under a temporary name and
 * renamed into place; every failed request is counted. Reports errors, p50/p99 latency, throughput,
 * resident memory (VmRSS of this JVM, server and clients together) at start, middle and end, and the
 * throughput ratio.
 *
 * <p>{@code --clients N --seconds D --max-batch-size B --batch-threads T --units U --rounds R --client
 * socket|jdk}: {@code --units} widens both hidden layers to U (784-U-U-10), a model whose call, not the
 * HTTP and JSON work around it, dominates a request; the seed MLP's call is a small share of a request's
 * cost, so batching it can add little. {@code --rounds} repeats the pair of runs (without, with
 * batching) and prints each round's ratio, as a noisy machine needs. {@code --client socket} (the
 * default) sends from {@link KeepAliveClient}s, one keep-alive connection per client as wrk does;
 * {@code jdk} from {@code java.net.http.HttpClient}, which costs the JVM more CPU per request than the
 * server's own work.
 */
public final class ServingLoadTest {
  private static final String MODEL = "mlp";

  /** One run's figures. */
  record Result(String label, long requests, long errors, long swapErrors, double seconds, double p50Ms,
      double p99Ms, MemoryStatus.Reading start, MemoryStatus.Reading middle, MemoryStatus.Reading end,
      boolean swapped, double meanBatchRows, double cpuMsPerRequest) {
    double throughput() {
      return requests / seconds;
    }

    @Override
    public String toString() {
      return String.format(Locale.ROOT, "%-12s %8d requests, %d errors (%d during the version swap%s), %7.0f req/s,"
          + " p50 %.2f ms, p99 %.2f ms, %.2f ms CPU per request, %s, RSS start %s, middle %s, end %s", label, requests,
          errors, swapErrors, swapped ? ", version 2 served" : ", VERSION 2 NOT PICKED UP", throughput(), p50Ms, p99Ms,
          cpuMsPerRequest,
          Double.isNaN(meanBatchRows) ? "unbatched" : String.format(Locale.ROOT, "mean batch %.1f rows", meanBatchRows),
          start, middle, end);
    }
  }

  private ServingLoadTest() {}

  public static void main(String[] args) throws Exception {
    int clients = intArg(args, "--clients", 32);
    int seconds = intArg(args, "--seconds", 60);
    int maxBatchSize = intArg(args, "--max-batch-size", 32);
    int batchThreads = intArg(args, "--batch-threads", Math.min(2, Runtime.getRuntime().availableProcessors()));
    int units = intArg(args, "--units", 0);
    int rounds = intArg(args, "--rounds", 1);
    boolean jdkClient = stringArg(args, "--client", "socket").equals("jdk");
    List<Result> results = run(clients, seconds, maxBatchSize, batchThreads, units, rounds, jdkClient);
    boolean failed = false;
    for (int r = 0; r < rounds; r++) {
      Result plain = results.get(2 * r);
      Result batched = results.get(2 * r + 1);
      System.out.printf(Locale.ROOT, "round %d: throughput with batching / without: %.2fx (%.0f / %.0f req/s), CPU per"
          + " request without / with: %.2fx%n", r + 1, batched.throughput() / plain.throughput(), batched.throughput(),
          plain.throughput(), plain.cpuMsPerRequest / batched.cpuMsPerRequest);
      failed |= plain.errors + batched.errors > 0 || !plain.swapped || !batched.swapped;
    }
    System.out.printf(Locale.ROOT, "load average at the end: %s%n", loadAverage());
    if (failed) {
      System.exit(1);
    }
  }

  /** Both runs with the seed MLP; prints each result as it ends. */
  static List<Result> run(int clients, int seconds, int maxBatchSize, int batchThreads) throws Exception {
    return run(clients, seconds, maxBatchSize, batchThreads, 0);
  }

  /** Both runs; {@code units} > 0 serves 784-units-units-10 instead of the seed MLP. */
  static List<Result> run(int clients, int seconds, int maxBatchSize, int batchThreads, int units) throws Exception {
    return run(clients, seconds, maxBatchSize, batchThreads, units, 1, false);
  }

  /**
   * {@code rounds} pairs of runs (without batching, then with), from keep-alive socket clients or, with
   * {@code jdkClient}, {@code java.net.http} ones.
   */
  static List<Result> run(int clients, int seconds, int maxBatchSize, int batchThreads, int units, int rounds,
      boolean jdkClient) throws Exception {
    Path work = Files.createTempDirectory("jkeras-serving-load");
    try {
      Path exported = work.resolve("export");
      int first = units > 0 ? units : 300;
      int second = units > 0 ? units : 100;
      try (Sequential model = new Sequential(new Dense(first, "relu").inputShape(784), new Dense(second, "relu"),
          new Dense(10, "softmax"))) {
        model.compile("rmsprop", "sparse_categorical_crossentropy", "accuracy");
        model.export(exported);
      }
      Path batching = work.resolve("batching_parameters.txt");
      Files.writeString(batching, "max_batch_size { value: " + maxBatchSize + " }\n"
          + "batch_timeout_micros { value: 0 }\n"
          + "max_enqueued_batches { value: " + Math.max(10, 2 * clients) + " }\n"
          + "num_batch_threads { value: " + batchThreads + " }\n");
      System.out.printf(Locale.ROOT, "Serving load test: %s MLP 784-%d-%d-10, %d clients x batch-1 :predict for %d s"
          + " on 127.0.0.1 (%s clients), %d processors, load average %s; batching: %s%n", units > 0 ? "wide" : "seed",
          first, second, clients, seconds, jdkClient ? "java.net.http" : "keep-alive socket",
          Runtime.getRuntime().availableProcessors(), loadAverage(),
          Files.readString(batching).replace('\n', ' ').trim());
      List<Result> results = new ArrayList<>();
      for (int round = 0; round < rounds * 2; round++) {
        boolean batched = round % 2 == 1;
        Path base = work.resolve("base-" + round);
        ServingClient.copyTree(exported, base.resolve("1"));
        Result result = load(batched ? "batching" : "no batching", base, batched ? batching : null, clients, seconds,
            exported, jdkClient);
        System.out.println(result);
        results.add(result);
      }
      return results;
    } finally {
      ServingClient.deleteTree(work);
    }
  }

  private static Result load(String label, Path base, Path batching, int clients, int seconds, Path export,
      boolean jdkClient) throws Exception {
    ModelServer.Builder builder = ModelServer.builder().model(MODEL, base).host("127.0.0.1").restApiPort(0)
        .restApiNumThreads(clients).fileSystemPollWait(Duration.ofMillis(500)).monitoring(MonitoringConfig.prometheus());
    if (batching != null) {
      builder.batchingParametersFile(batching);
    }
    try (ModelServer server = builder.build().start()) {
      ServingClient client = new ServingClient(server.port(), MODEL);
      List<String> bodies = new ArrayList<>();
      Random random = new Random(42);
      for (int c = 0; c < clients; c++) {
        StringBuilder body = new StringBuilder("{\"instances\": [[");
        for (int i = 0; i < 784; i++) {
          body.append(i == 0 ? "" : ",").append(random.nextInt(256) / 255f);
        }
        bodies.add(body.append("]]}").toString());
      }
      for (int i = 0; i < 50; i++) {
        client.predictSucceeds(bodies.get(0));
      }
      MemoryStatus.Reading start = MemoryStatus.read();
      AtomicLong errors = new AtomicLong();
      AtomicLong swapErrors = new AtomicLong();
      AtomicLongArray swapWindow = new AtomicLongArray(new long[] {Long.MAX_VALUE, Long.MAX_VALUE});
      long cpuBefore = processCpuNanos();
      long began = System.nanoTime();
      long deadline = began + TimeUnit.SECONDS.toNanos(seconds);
      ExecutorService pool = Executors.newFixedThreadPool(clients);
      List<Future<long[]>> futures = new ArrayList<>();
      for (int c = 0; c < clients; c++) {
        String body = bodies.get(c);
        futures.add(pool.submit(() -> {
          long[] latencies = new long[1 << 16];
          int n = 0;
          KeepAliveClient socket = jdkClient ? null : new KeepAliveClient(server.port(), client.predictPath(), body);
          while (System.nanoTime() < deadline) {
            long sent = System.nanoTime();
            boolean ok = socket == null ? client.predictSucceeds(body) : socket.send("\"predictions\"");
            long done = System.nanoTime();
            if (!ok) {
              errors.incrementAndGet();
              if (done >= swapWindow.get(0) && sent <= swapWindow.get(1)) {
                swapErrors.incrementAndGet();
              }
            }
            if (n == latencies.length) {
              latencies = java.util.Arrays.copyOf(latencies, n * 2);
            }
            latencies[n++] = done - sent;
          }
          if (socket != null) {
            socket.close();
          }
          return java.util.Arrays.copyOf(latencies, n);
        }));
      }
      sleepUntil(began + TimeUnit.SECONDS.toNanos(seconds) / 2);
      MemoryStatus.Reading middle = MemoryStatus.read();
      swapWindow.set(0, System.nanoTime());
      ServingClient.deployVersion(export, base, 2);
      boolean swapped = client.awaitOnlyVersion(2, deadline);
      swapWindow.set(1, System.nanoTime());
      long total = 0;
      List<long[]> all = new ArrayList<>();
      for (Future<long[]> future : futures) {
        long[] latencies = future.get(seconds + 60L, TimeUnit.SECONDS);
        all.add(latencies);
        total += latencies.length;
      }
      double elapsed = (System.nanoTime() - began) / 1e9;
      double cpuMs = (processCpuNanos() - cpuBefore) / 1e6 / Math.max(1, total);
      pool.shutdown();
      MemoryStatus.Reading end = MemoryStatus.read();
      long[] merged = all.stream().flatMapToLong(java.util.Arrays::stream).sorted().toArray();
      String metrics = client.metrics();
      return new Result(label, total, errors.get(), swapErrors.get(), elapsed, percentile(merged, 0.50),
          percentile(merged, 0.99), start, middle, end, swapped, meanBatch(metrics), cpuMs);
    }
  }

  /** Rows per batch on average, from the server's metrics page; NaN when nothing was batched. */
  private static double meanBatch(String metrics) {
    double sum = Double.NaN;
    double count = Double.NaN;
    for (String line : metrics.split("\n")) {
      String name = ":tensorflow:serving:batching_session:processed_batch_size_";
      if (line.startsWith(name + "sum ")) {
        sum = Double.parseDouble(line.substring(line.indexOf(' ') + 1));
      } else if (line.startsWith(name + "count ")) {
        count = Double.parseDouble(line.substring(line.indexOf(' ') + 1));
      }
    }
    return count > 0 ? sum / count : Double.NaN;
  }

  /**
   * CPU time this JVM (server and clients) has used, so that a run's cost per request can be compared
   * with another's even when other processes take a changing share of the machine.
   */
  private static long processCpuNanos() {
    if (java.lang.management.ManagementFactory.getOperatingSystemMXBean()
        instanceof com.sun.management.OperatingSystemMXBean os) {
      return os.getProcessCpuTime();
    }
    return -1;
  }

  /** The 1, 5 and 15 minute load averages, as {@code uptime} shows them. */
  static String loadAverage() {
    try {
      String[] fields = Files.readString(Path.of("/proc/loadavg")).trim().split("\\s+");
      return fields[0] + " " + fields[1] + " " + fields[2];
    } catch (IOException | RuntimeException e) {
      return "unknown";
    }
  }

  private static double percentile(long[] sorted, double p) {
    if (sorted.length == 0) {
      return Double.NaN;
    }
    return sorted[(int) Math.min(sorted.length - 1, Math.ceil(p * sorted.length) - 1)] / 1e6;
  }

  private static void sleepUntil(long nanos) throws InterruptedException {
    long left;
    while ((left = nanos - System.nanoTime()) > 0) {
      Thread.sleep(Math.max(1, left / 1_000_000));
    }
  }

  private static String stringArg(String[] args, String name, String fallback) {
    for (int i = 0; i < args.length - 1; i++) {
      if (args[i].equals(name)) {
        if (!List.of("socket", "jdk").contains(args[i + 1])) {
          throw new IllegalArgumentException(name + " takes socket or jdk, got '" + args[i + 1] + "'");
        }
        return args[i + 1];
      }
    }
    return fallback;
  }

  private static int intArg(String[] args, String name, int fallback) {
    for (int i = 0; i < args.length - 1; i++) {
      if (args[i].equals(name)) {
        try {
          return Integer.parseInt(args[i + 1]);
        } catch (NumberFormatException e) {
          throw new IllegalArgumentException(name + " takes a whole number, got '" + args[i + 1] + "'");
        }
      }
    }
    return fallback;
  }
}
