package dev.jkeras.serving;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

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

@Timeout(30)
class ServingMetricsTest {
  @Test
  void requestCountsAndLatenciesReadBackFromTheText() {
    ServingMetrics metrics = new ServingMetrics();
    metrics.recordRequest("mlp", 1L, "Predict", "OK", Duration.ofNanos(15_000));
    metrics.recordRequest("mlp", 1L, "Predict", "OK", Duration.ofNanos(100_000));
    metrics.recordRequest("mlp", 1L, "Predict", ServingMetrics.statusName(400), Duration.ofMillis(1));
    metrics.recordRequest("nope", null, "Predict", ServingMetrics.statusName(404), Duration.ofMillis(1));
    PrometheusText text = new PrometheusText(metrics.prometheusText());

    assertEquals("counter", text.types.get(":tensorflow:serving:request_count"));
    assertEquals("histogram", text.types.get(":tensorflow:serving:request_latency"));
    assertEquals(2, text.value(":tensorflow:serving:request_count",
        Map.of("model_name", "mlp", "status", "OK", "version", "1", "API", "Predict")));
    assertEquals(1, text.value(":tensorflow:serving:request_count", Map.of("model_name", "mlp", "status", "INVALID_ARGUMENT")));
    assertEquals(1, text.value(":tensorflow:serving:request_count",
        Map.of("model_name", "nope", "status", "NOT_FOUND", "version", "")));

    Map<String, String> latency = Map.of("model_name", "mlp", "API", "Predict", "entrypoint", "REST", "version", "1");
    assertEquals(2, text.value(":tensorflow:serving:request_latency_count", latency), "only OK requests are timed");
    assertEquals(115, text.value(":tensorflow:serving:request_latency_sum", latency), 1e-9);
    Map<String, Double> buckets = text.buckets(":tensorflow:serving:request_latency", latency);
    assertEquals(34, buckets.size(), "TF Serving's 33 bounds and +Inf");
    assertEquals(List.of("10", "18", "32.4", "58.32", "104.976", "188.957", "340.122", "612.22"),
        new ArrayList<>(buckets.keySet()).subList(0, 8));
    assertEquals("1.47476e+09", new ArrayList<>(buckets.keySet()).get(32));
    assertEquals(0.0, buckets.get("10"));
    assertEquals(1.0, buckets.get("18"), "15 us is in (10, 18]");
    assertEquals(1.0, buckets.get("58.32"));
    assertEquals(2.0, buckets.get("104.976"), "100 us is in (58.32, 104.976]");
    assertEquals(2.0, buckets.get("+Inf"));
  }

  @Test
  void runtimeLatenciesAreTfServingsHistogram() {
    ServingMetrics metrics = new ServingMetrics();
    metrics.recordRuntime("mlp", 2L, "Predict", Duration.ofNanos(12_000));
    metrics.recordRuntime("mlp", 2L, "Predict", Duration.ofNanos(40_000));
    metrics.recordRuntime("mlp", 2L, "Regress", Duration.ofNanos(5_000));
    PrometheusText text = new PrometheusText(metrics.prometheusText());
    assertEquals("histogram", text.types.get(":tensorflow:serving:runtime_latency"));
    Map<String, String> predict = Map.of("model_name", "mlp", "API", "Predict", "runtime", "TF1", "version", "2");
    assertEquals(2, text.value(":tensorflow:serving:runtime_latency_count", predict));
    assertEquals(52, text.value(":tensorflow:serving:runtime_latency_sum", predict), 1e-9);
    Map<String, Double> buckets = text.buckets(":tensorflow:serving:runtime_latency", predict);
    assertEquals(34, buckets.size(), "TF Serving's 33 bounds 10*1.8^i and +Inf");
    assertEquals("1.47476e+09", new ArrayList<>(buckets.keySet()).get(32));
    assertEquals(0.0, buckets.get("10"));
    assertEquals(1.0, buckets.get("18"), "12 us is in (10, 18]");
    assertEquals(1.0, buckets.get("32.4"));
    assertEquals(2.0, buckets.get("58.32"), "40 us is in (32.4, 58.32]");
    Map<String, String> regress = Map.of("model_name", "mlp", "API", "Regress", "runtime", "TF1");
    assertEquals(1.0, text.buckets(":tensorflow:serving:runtime_latency", regress).get("10"));
    assertEquals(0, text.samples.stream().filter(s -> s.name().startsWith(":tensorflow:serving:request_latency")).count(),
        "runs are not requests");
  }

  @Test
  void batchSizesQueuingAndRunCountReadBack() {
    ServingMetrics metrics = new ServingMetrics();
    metrics.requestEnqueued(1);
    metrics.requestEnqueued(1);
    metrics.requestEnqueued(2);
    metrics.batchRan(4, new long[] {150, 90, 30});
    PrometheusText text = new PrometheusText(metrics.prometheusText());
    String input = ":tensorflow:serving:batching_session:input_batch_size";
    Map<String, Double> inputs = text.buckets(input, Map.of());
    assertEquals(15, inputs.size(), "bounds 1, 2, 4, ... 8192 and +Inf");
    assertEquals(2.0, inputs.get("1"));
    assertEquals(3.0, inputs.get("2"));
    assertEquals(3.0, inputs.get("8192"));
    assertEquals(3.0, inputs.get("+Inf"));
    assertEquals(4, text.value(input + "_sum", Map.of()));
    String processed = ":tensorflow:serving:batching_session:processed_batch_size";
    assertEquals(0.0, text.buckets(processed, Map.of()).get("2"));
    assertEquals(1.0, text.buckets(processed, Map.of()).get("4"));
    assertEquals(1, text.value(":tensorflow:serving:batching_session:wrapped_run_count", Map.of()));
    Map<String, String> pool = Map.of("thread_pool_name", "batch_threads");
    assertEquals(3, text.value(":tensorflow:serving:batching_session:queuing_latency_count", pool));
    assertEquals(2.0, text.buckets(":tensorflow:serving:batching_session:queuing_latency", pool).get("100"));
    assertEquals(270, text.value(":tensorflow:serving:batching_session:queuing_latency_sum", pool));
  }

  @Test
  void labelValuesAreEscapedAndSeriesAreBounded() {
    ServingMetrics metrics = new ServingMetrics();
    String hostile = "a\"b\\c\nd";
    metrics.recordRequest(hostile, 3L, "Predict", "OK", Duration.ofMillis(1));
    for (int i = 0; i < ServingMetrics.MAX_SERIES + 50; i++) {
      metrics.recordRequest("m" + i, 1L, "Predict", "NOT_FOUND", Duration.ZERO);
    }
    String raw = metrics.prometheusText();
    assertTrue(raw.contains("model_name=\"a\\\"b\\\\c\\nd\""), "escaped per the exposition format");
    PrometheusText text = new PrometheusText(raw);
    assertEquals(1, text.value(":tensorflow:serving:request_count", Map.of("model_name", hostile)));
    long series = text.samples.stream().filter(s -> s.name().equals(":tensorflow:serving:request_count")).count();
    assertEquals(ServingMetrics.MAX_SERIES + 1, series, "at most MAX_SERIES label sets, then one _other set");
    assertEquals(51, text.value(":tensorflow:serving:request_count", Map.of("model_name", "_other")));
  }

  @Test
  void countsStayExactUnderConcurrency() throws Exception {
    ServingMetrics metrics = new ServingMetrics();
    ExecutorService pool = Executors.newFixedThreadPool(8);
    try {
      List<Future<?>> futures = new ArrayList<>();
      for (int t = 0; t < 8; t++) {
        futures.add(pool.submit(() -> {
          for (int i = 0; i < 5000; i++) {
            metrics.recordRequest("mlp", 2L, "Predict", "OK", Duration.ofNanos(50_000));
            metrics.batchRan(1, new long[] {10});
            if (i % 1000 == 0) {
              new PrometheusText(metrics.prometheusText());
            }
          }
          return null;
        }));
      }
      for (Future<?> future : futures) {
        future.get(20, TimeUnit.SECONDS);
      }
    } finally {
      pool.shutdownNow();
    }
    PrometheusText text = new PrometheusText(metrics.prometheusText());
    assertEquals(40_000, text.value(":tensorflow:serving:request_count", Map.of("model_name", "mlp")));
    assertEquals(40_000, text.value(":tensorflow:serving:request_latency_count", Map.of("model_name", "mlp")));
    assertEquals(40_000, text.value(":tensorflow:serving:batching_session:wrapped_run_count", Map.of()));
  }
}
