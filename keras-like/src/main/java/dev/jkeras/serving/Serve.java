package dev.jkeras.serving;

import java.io.PrintStream;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;

/**
 * {@code jkeras serve}: runs a {@link ModelServer} from TensorFlow Serving's command-line flags until
 * the process is stopped.
 *
 * <pre>
 * java -cp ... dev.jkeras.serving.Serve --model_name=half_plus_two --model_base_path=/models/half_plus_two \
 *     --rest_api_port=8501
 * </pre>
 */
public final class Serve {
  private static final Map<String, String> FLAGS = new LinkedHashMap<>();

  static {
    FLAGS.put("model_name", "name of the model, in the REST API's paths (default: default)");
    FLAGS.put("model_base_path", "folder holding the model's numbered version folders");
    FLAGS.put("model_config_file", "TF Serving models config file (text proto); instead of model_name/model_base_path");
    FLAGS.put("model_config_file_poll_wait_seconds", "seconds between reads of --model_config_file (default 0: once)");
    FLAGS.put("rest_api_port", "port of the REST API (default 8501; 0 picks a free one)");
    FLAGS.put("rest_api_host", "address to listen on (default 127.0.0.1, loopback only; 0.0.0.0 for every interface)");
    FLAGS.put("rest_api_num_threads", "threads handling requests (default 4 per core)");
    FLAGS.put("file_system_poll_wait_seconds", "seconds between looks for new versions (default 1; 0: once)");
    FLAGS.put("rest_api_max_body_bytes", "largest request body accepted (default 16777216); larger get HTTP 413");
    FLAGS.put("enable_batching", "batch concurrent requests on the server (default false)");
    FLAGS.put("batching_parameters_file", "TF Serving BatchingParameters file (text proto), with --enable_batching");
    FLAGS.put("monitoring_config_file", "TF Serving MonitoringConfig file (text proto): Prometheus metrics endpoint");
  }

  /** Flags that may stand alone, meaning true, as TF Serving's boolean flags do. */
  private static final List<String> BOOLEAN_FLAGS = List.of("enable_batching");

  private Serve() {}

  public static void main(String[] args) throws InterruptedException {
    ModelServer server;
    try {
      Map<String, String> flags = parse(List.of(args));
      if (flags.containsKey("help")) {
        usage(System.out);
        return;
      }
      server = build(flags);
    } catch (IllegalArgumentException | java.io.UncheckedIOException e) {
      System.err.println("jkeras serve: " + e.getMessage());
      System.err.println();
      usage(System.err);
      System.exit(2);
      return;
    }
    try {
      server.start();
    } catch (RuntimeException e) {
      System.err.println("jkeras serve: " + e.getMessage());
      server.close();
      System.exit(1);
      return;
    }
    System.out.println("Serving " + server.modelNames() + " on port " + server.port() + " (REST API at /v1/)");
    server.modelNames().forEach(name -> server.status(name).forEach(s -> System.out.println("  " + name
        + " version " + s.version() + ": " + s.state() + (s.errorMessage().isEmpty() ? "" : " (" + s.errorMessage() + ")"))));
    CountDownLatch stopped = new CountDownLatch(1);
    Runtime.getRuntime().addShutdownHook(new Thread(() -> {
      server.close();
      stopped.countDown();
    }));
    stopped.await();
  }

  /** TF Serving's flags, {@code --name=value} or {@code --name value}; unknown or repeated flags fail. */
  static Map<String, String> parse(List<String> args) {
    Map<String, String> flags = new LinkedHashMap<>();
    for (int i = 0; i < args.size(); i++) {
      String arg = args.get(i);
      if (arg.equals("--help") || arg.equals("-h")) {
        flags.put("help", "");
        continue;
      }
      if (!arg.startsWith("--") || arg.length() == 2) {
        throw new IllegalArgumentException("unexpected argument '" + arg + "'; flags look like --model_name=NAME");
      }
      int eq = arg.indexOf('=');
      String name = eq < 0 ? arg.substring(2) : arg.substring(2, eq);
      String value;
      if (eq >= 0) {
        value = arg.substring(eq + 1);
      } else if (BOOLEAN_FLAGS.contains(name)) {
        value = "true";
      } else if (i + 1 < args.size() && !args.get(i + 1).startsWith("--")) {
        value = args.get(++i);
      } else {
        throw new IllegalArgumentException("flag --" + name + " needs a value, e.g. --" + name + "=...");
      }
      if (!FLAGS.containsKey(name)) {
        throw new IllegalArgumentException("unknown flag --" + name + "; known flags: --" + String.join(", --", FLAGS.keySet()));
      }
      if (flags.put(name, value) != null) {
        throw new IllegalArgumentException("flag --" + name + " is given twice");
      }
    }
    return flags;
  }

  static ModelServer build(Map<String, String> flags) {
    ModelServer.Builder builder = ModelServer.builder();
    String config = flags.get("model_config_file");
    String base = flags.get("model_base_path");
    if (config != null && (base != null || flags.containsKey("model_name"))) {
      throw new IllegalArgumentException("give either --model_config_file or --model_name/--model_base_path, not both");
    }
    if (flags.containsKey("model_config_file_poll_wait_seconds") && config == null) {
      throw new IllegalArgumentException("--model_config_file_poll_wait_seconds needs --model_config_file");
    }
    if (config != null) {
      builder.modelConfigFile(Path.of(config));
      if (flags.containsKey("model_config_file_poll_wait_seconds")) {
        builder.modelConfigFilePollWait(Duration.ofSeconds(integer(flags, "model_config_file_poll_wait_seconds")));
      }
    } else if (base != null) {
      builder.model(flags.getOrDefault("model_name", "default"), Path.of(base));
    } else {
      throw new IllegalArgumentException("nothing to serve: give --model_base_path=DIR (and --model_name=NAME), or "
          + "--model_config_file=FILE");
    }
    if (flags.containsKey("rest_api_port")) {
      builder.restApiPort(integer(flags, "rest_api_port"));
    }
    if (flags.containsKey("rest_api_host")) {
      builder.host(flags.get("rest_api_host"));
    }
    if (flags.containsKey("rest_api_num_threads")) {
      builder.restApiNumThreads(integer(flags, "rest_api_num_threads"));
    }
    if (flags.containsKey("file_system_poll_wait_seconds")) {
      builder.fileSystemPollWait(Duration.ofSeconds(integer(flags, "file_system_poll_wait_seconds")));
    }
    if (flags.containsKey("rest_api_max_body_bytes")) {
      try {
        builder.maxRequestBodyBytes(Long.parseLong(flags.get("rest_api_max_body_bytes")));
      } catch (NumberFormatException e) {
        throw new IllegalArgumentException("--rest_api_max_body_bytes wants a whole number of bytes, got '"
            + flags.get("rest_api_max_body_bytes") + "'");
      }
    }
    batchingAndMonitoring(flags, builder);
    return builder.build();
  }

  private static void batchingAndMonitoring(Map<String, String> flags, ModelServer.Builder builder) {
    String batching = flags.getOrDefault("enable_batching", "false");
    if (!batching.equals("true") && !batching.equals("false")) {
      throw new IllegalArgumentException("--enable_batching is true or false, got '" + batching + "'");
    }
    String parameters = flags.get("batching_parameters_file");
    if (batching.equals("true")) {
      builder.enableBatching(parameters == null ? BatchingOptions.defaults() : BatchingOptions.fromFile(Path.of(parameters)));
    } else if (parameters != null) {
      throw new IllegalArgumentException("--batching_parameters_file is read only with --enable_batching=true; add it");
    }
    if (flags.containsKey("monitoring_config_file")) {
      builder.monitoringConfigFile(Path.of(flags.get("monitoring_config_file")));
    }
  }

  private static int integer(Map<String, String> flags, String name) {
    try {
      return Integer.parseInt(flags.get(name));
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException("--" + name + " wants a whole number, got '" + flags.get(name) + "'");
    }
  }

  private static void usage(PrintStream out) {
    out.println("usage: jkeras serve --model_name=NAME --model_base_path=DIR [--rest_api_port=8501] [flags]");
    out.println("       jkeras serve --model_config_file=FILE [flags]");
    FLAGS.forEach((name, help) -> out.printf("  --%-30s %s%n", name, help));
  }
}
