package dev.jkeras.serving;

import java.math.BigDecimal;
import java.math.MathContext;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.DoubleAdder;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.Function;

/**
 * A server's monitoring: request counts, request latencies and batching, written in Prometheus's text
 * exposition format under TF Serving's metric names ({@code /monitoring/prometheus/metrics}):
 * <ul>
 *   <li>{@code :tensorflow:serving:request_count} (counter) by {@code model_name} and {@code status}
 *       (the canonical code name: {@code OK}, {@code INVALID_ARGUMENT}, {@code NOT_FOUND}, ...), as TF
 *       Serving, plus jkeras's {@code version} and {@code API} labels;
 *   <li>{@code :tensorflow:serving:request_latency} (histogram, microseconds, TF Serving's buckets
 *       10·1.8<sup>i</sup>) of the requests that succeeded, by {@code model_name}, {@code API} and
 *       {@code entrypoint} ({@code REST}), plus {@code version};
 *   <li>{@code :tensorflow:serving:runtime_latency} (histogram, microseconds, the same buckets) of the
 *       model runs that succeeded, by {@code model_name}, {@code API} ({@code Predict}, {@code Classify},
 *       {@code Regress}) and {@code runtime} ({@code TF1}: TensorFlow sessions), plus {@code version}; with
 *       batching a run includes waiting for the batch, as TF Serving's batching session does;
 *   <li>{@code :tensorflow:serving:batching_session:input_batch_size} and {@code processed_batch_size}
 *       (histograms of rows per request and per batch, buckets 1, 2, 4, ... 8192),
 *       {@code queuing_latency} (microseconds a request waited for its batch, by
 *       {@code thread_pool_name}) and {@code wrapped_run_count} (counter of model calls made for
 *       batches).
 * </ul>
 * Extra labels keep TF Serving's queries working, since PromQL selectors match label subsets. Buckets
 * hold values up to and including their {@code le} bound, as Prometheus defines them. A family keeps at
 * most {@value #MAX_SERIES} label sets; later ones are counted under label values {@code _other}, so
 * hostile model names cannot grow memory. All methods are safe to call from many threads.
 */
public final class ServingMetrics implements BatchScheduler.Listener {
  /** TF Serving's default path of the Prometheus endpoint. */
  public static final String PROMETHEUS_PATH = "/monitoring/prometheus/metrics";
  static final int MAX_SERIES = 1000;
  static final String REQUEST_COUNT = ":tensorflow:serving:request_count";
  static final String REQUEST_LATENCY = ":tensorflow:serving:request_latency";
  static final String RUNTIME_LATENCY = ":tensorflow:serving:runtime_latency";
  static final String INPUT_BATCH_SIZE = ":tensorflow:serving:batching_session:input_batch_size";
  static final String PROCESSED_BATCH_SIZE = ":tensorflow:serving:batching_session:processed_batch_size";
  static final String QUEUING_LATENCY = ":tensorflow:serving:batching_session:queuing_latency";
  static final String WRAPPED_RUN_COUNT = ":tensorflow:serving:batching_session:wrapped_run_count";
  private static final String OTHER = "_other";

  private static final double[] LATENCY_BUCKETS = exponential(10, 1.8, 33);
  private static final double[] BATCH_SIZE_BUCKETS = exponential(1, 2, 14);
  private static final double[] QUEUING_BUCKETS = exponential(100, 1.2, 52);

  private final Family<LongAdder> requestCount =
      new Family<>(List.of("model_name", "status", "version", "API"), labels -> new LongAdder());
  private final Family<Histogram> requestLatency =
      new Family<>(List.of("model_name", "API", "entrypoint", "version"), labels -> new Histogram(LATENCY_BUCKETS));
  private final Family<Histogram> runtimeLatency =
      new Family<>(List.of("model_name", "API", "runtime", "version"), labels -> new Histogram(LATENCY_BUCKETS));
  private final Histogram inputBatchSize = new Histogram(BATCH_SIZE_BUCKETS);
  private final Histogram processedBatchSize = new Histogram(BATCH_SIZE_BUCKETS);
  private final Histogram queuingLatency = new Histogram(QUEUING_BUCKETS);
  private final LongAdder wrappedRunCount = new LongAdder();
  private final String threadPoolName;

  /** Metrics whose batching queuing latency is labelled with TF Serving's default pool name, {@code batch_threads}. */
  public ServingMetrics() {
    this("batch_threads");
  }

  public ServingMetrics(String threadPoolName) {
    this.threadPoolName = threadPoolName;
  }

  /**
   * Counts one finished request of {@code api} ({@code Predict}, {@code Classify}, {@code Regress},
   * {@code GetModelStatus}, {@code GetModelMetadata}) to {@code modelName} at {@code version} (null when
   * no version was resolved) with {@code status} (e.g. from {@link #statusName}); the latency of
   * successful ones goes to the histogram.
   */
  public void recordRequest(String modelName, Long version, String api, String status, Duration latency) {
    String versionLabel = version == null ? "" : version.toString();
    requestCount.get(List.of(modelName, status, versionLabel, api)).increment();
    if (status.equals("OK")) {
      requestLatency.get(List.of(modelName, api, "REST", versionLabel)).observe(latency.toNanos() / 1000.0);
    }
  }

  /**
   * Records one successful model run of {@code api} ({@code Predict}, {@code Classify}, {@code Regress})
   * on {@code modelName} at {@code version}: TF Serving's runtime latency, runtime {@code TF1}.
   */
  public void recordRuntime(String modelName, Long version, String api, Duration latency) {
    String versionLabel = version == null ? "" : version.toString();
    runtimeLatency.get(List.of(modelName, api, "TF1", versionLabel)).observe(latency.toNanos() / 1000.0);
  }

  /** The canonical status name TF Serving's REST server maps to {@code httpStatus}. */
  public static String statusName(int httpStatus) {
    return switch (httpStatus) {
      case 200 -> "OK";
      case 400 -> "INVALID_ARGUMENT";
      case 401 -> "UNAUTHENTICATED";
      case 403 -> "PERMISSION_DENIED";
      case 404 -> "NOT_FOUND";
      case 409 -> "ABORTED";
      case 429 -> "RESOURCE_EXHAUSTED";
      case 501 -> "UNIMPLEMENTED";
      case 503 -> "UNAVAILABLE";
      case 504 -> "DEADLINE_EXCEEDED";
      default -> httpStatus >= 200 && httpStatus < 300 ? "OK" : httpStatus < 500 ? "FAILED_PRECONDITION" : "INTERNAL";
    };
  }

  @Override
  public void requestEnqueued(int rows) {
    inputBatchSize.observe(rows);
  }

  @Override
  public void batchRan(int rows, long[] queuingMicros) {
    processedBatchSize.observe(rows);
    wrappedRunCount.increment();
    for (long micros : queuingMicros) {
      queuingLatency.observe(micros);
    }
  }

  /** All metrics in Prometheus's text exposition format (version 0.0.4). */
  public String prometheusText() {
    StringBuilder out = new StringBuilder();
    out.append("# TYPE ").append(REQUEST_COUNT).append(" counter\n");
    requestCount.forEach((labels, count) -> sample(out, REQUEST_COUNT, requestCount.names, labels, count.sum()));
    out.append("# TYPE ").append(REQUEST_LATENCY).append(" histogram\n");
    requestLatency.forEach((labels, histogram) -> histogram.write(out, REQUEST_LATENCY, requestLatency.names, labels));
    out.append("# TYPE ").append(RUNTIME_LATENCY).append(" histogram\n");
    runtimeLatency.forEach((labels, histogram) -> histogram.write(out, RUNTIME_LATENCY, runtimeLatency.names, labels));
    out.append("# TYPE ").append(INPUT_BATCH_SIZE).append(" histogram\n");
    inputBatchSize.write(out, INPUT_BATCH_SIZE, List.of(), List.of());
    out.append("# TYPE ").append(PROCESSED_BATCH_SIZE).append(" histogram\n");
    processedBatchSize.write(out, PROCESSED_BATCH_SIZE, List.of(), List.of());
    out.append("# TYPE ").append(QUEUING_LATENCY).append(" histogram\n");
    queuingLatency.write(out, QUEUING_LATENCY, List.of("thread_pool_name"), List.of(threadPoolName));
    out.append("# TYPE ").append(WRAPPED_RUN_COUNT).append(" counter\n");
    sample(out, WRAPPED_RUN_COUNT, List.of(), List.of(), wrappedRunCount.sum());
    return out.toString();
  }

  private static void sample(StringBuilder out, String name, List<String> names, List<String> values, double value) {
    out.append(name);
    labels(out, names, values, null);
    out.append(' ').append(number(value)).append('\n');
  }

  private static void labels(StringBuilder out, List<String> names, List<String> values, String le) {
    if (names.isEmpty() && le == null) {
      return;
    }
    out.append('{');
    for (int i = 0; i < names.size(); i++) {
      if (i > 0) {
        out.append(',');
      }
      out.append(names.get(i)).append("=\"").append(escape(values.get(i))).append('"');
    }
    if (le != null) {
      out.append(names.isEmpty() ? "" : ",").append("le=\"").append(le).append('"');
    }
    out.append('}');
  }

  static String escape(String value) {
    return value.replace("\\", "\\\\").replace("\"", "\\\"").replace("\n", "\\n");
  }

  /** A sample value: integers without a fraction, others as Java writes doubles (Prometheus reads both). */
  static String number(double value) {
    if (value == Math.rint(value) && Math.abs(value) < 1e15) {
      return Long.toString((long) value);
    }
    return Double.toString(value);
  }

  /** A bucket bound as TF Serving writes it: six significant digits, no trailing zeros. */
  static String bound(double value) {
    BigDecimal rounded = new BigDecimal(value).round(new MathContext(6)).stripTrailingZeros();
    if (rounded.precision() - rounded.scale() > 6) {
      return String.format("%.5e", value).replaceAll("\\.?0+e", "e");
    }
    return rounded.toPlainString();
  }

  /** TensorFlow's {@code Buckets::Exponential(scale, growth, count)}: bounds scale·growth^i, i < count. */
  static double[] exponential(double scale, double growth, int count) {
    double[] bounds = new double[count];
    double bound = scale;
    for (int i = 0; i < count; i++) {
      bounds[i] = bound;
      bound *= growth;
    }
    return bounds;
  }

  /** The series of one metric, by label values. */
  private static final class Family<T> {
    final List<String> names;
    final Function<List<String>, T> create;
    final Map<List<String>, T> series = new ConcurrentHashMap<>();

    Family(List<String> names, Function<List<String>, T> create) {
      this.names = names;
      this.create = create;
    }

    T get(List<String> values) {
      T existing = series.get(values);
      if (existing != null) {
        return existing;
      }
      List<String> key = series.size() < MAX_SERIES ? values : values.stream().map(v -> OTHER).toList();
      return series.computeIfAbsent(key, create);
    }

    void forEach(java.util.function.BiConsumer<List<String>, T> action) {
      List<List<String>> keys = new ArrayList<>(series.keySet());
      keys.sort(Comparator.comparing(List::toString));
      keys.forEach(key -> action.accept(key, series.get(key)));
    }
  }

  /** A histogram with fixed bounds; the last bucket is {@code +Inf}. */
  static final class Histogram {
    private final double[] bounds;
    private final LongAdder[] counts;
    private final DoubleAdder sum = new DoubleAdder();

    Histogram(double[] bounds) {
      this.bounds = bounds;
      this.counts = new LongAdder[bounds.length + 1];
      for (int i = 0; i < counts.length; i++) {
        counts[i] = new LongAdder();
      }
    }

    void observe(double value) {
      int low = 0;
      int high = bounds.length;
      while (low < high) {
        int mid = (low + high) >>> 1;
        if (value <= bounds[mid]) {
          high = mid;
        } else {
          low = mid + 1;
        }
      }
      counts[low].increment();
      sum.add(value);
    }

    void write(StringBuilder out, String name, List<String> names, List<String> values) {
      long cumulative = 0;
      for (int i = 0; i < counts.length; i++) {
        cumulative += counts[i].sum();
        out.append(name).append("_bucket");
        labels(out, names, values, i < bounds.length ? bound(bounds[i]) : "+Inf");
        out.append(' ').append(cumulative).append('\n');
      }
      sample(out, name + "_sum", names, values, sum.sum());
      sample(out, name + "_count", names, values, cumulative);
    }
  }
}
