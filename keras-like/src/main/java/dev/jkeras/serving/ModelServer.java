package dev.jkeras.serving;

import com.sun.net.httpserver.HttpHandler;
import com.sun.net.httpserver.HttpServer;
import dev.jkeras.backend.SavedModelOptions;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A model server speaking TensorFlow Serving's RESTful API, for SavedModels (made by Python TensorFlow
 * or exported by jkeras) and {@code .keras} files laid out as TF Serving lays out models: numbered
 * version folders under a base path, the newest served, new versions picked up while running.
 *
 * <pre>{@code
 * try (ModelServer server = ModelServer.builder().model("half_plus_two", Path.of("/models/half_plus_two"))
 *     .restApiPort(8501).build()) {
 *   server.start();
 *   // POST http://127.0.0.1:8501/v1/models/half_plus_two:predict  {"instances": [1.0, 2.0, 5.0]}
 * }
 * }</pre>
 *
 * It listens on the loopback address unless told otherwise ({@link Builder#host}): TF Serving listens on
 * every interface, but a server reachable from the network should be a decision, not a default.
 */
public final class ModelServer implements AutoCloseable {
  private static final System.Logger LOG = System.getLogger(ModelServer.class.getName());
  /** The JDK HTTP server's switch for TCP_NODELAY on the connections it accepts; read once per JVM. */
  static final String NODELAY_PROPERTY = "sun.net.httpserver.nodelay";

  static {
    // The JDK's HTTP server leaves Nagle's algorithm on and writes a response's headers and body in two
    // writes: the body then waits for the client's delayed ACK, about 40 ms on Linux, on every response
    // of a keep-alive connection. An explicit setting of the property is respected.
    if (System.getProperty(NODELAY_PROPERTY) == null) {
      System.setProperty(NODELAY_PROPERTY, "true");
    }
  }

  private final Builder options;
  private final VersionLoader loader;
  /** The models served, by name; replaced as a whole (never changed in place) when the config file is reloaded. */
  private volatile Map<String, ServedModel> models;
  private HttpServer http;
  private ThreadPoolExecutor workers;
  private ScheduledExecutorService poller;
  private ServingFeatures features;
  /** Held while models are polled, reloaded or closed, so those never overlap. */
  private final Object modelsLock = new Object();
  private volatile boolean closed;
  /** Touched by the poll thread only. */
  private String lastReloadError;

  private ModelServer(Builder options) {
    this.options = options;
    this.loader = new VersionLoader(options.savedModelOptions);
    Map<String, ServedModel> served = new LinkedHashMap<>();
    for (ModelConfig config : options.models) {
      served.put(config.name(), new ServedModel(config, loader));
    }
    this.models = served;
  }

  public static Builder builder() {
    return new Builder();
  }

  /**
   * Loads the models' versions (waiting for them, as TF Serving does before it serves), starts polling
   * their base paths and starts listening.
   */
  public synchronized ModelServer start() {
    if (closed) {
      throw new IllegalStateException("This server is closed; build a new one");
    }
    if (http != null) {
      return this;
    }
    models.values().forEach(ServedModel::poll);
    AtomicInteger threadNumber = new AtomicInteger();
    workers = new ThreadPoolExecutor(options.threads, options.threads, 60, TimeUnit.SECONDS,
        new ArrayBlockingQueue<>(options.queueCapacity), r -> {
          Thread t = new Thread(r, "jkeras-serve-rest-" + threadNumber.incrementAndGet());
          t.setDaemon(true);
          return t;
        }, new ThreadPoolExecutor.CallerRunsPolicy());
    try {
      http = HttpServer.create(new InetSocketAddress(options.host, options.port), options.queueCapacity);
    } catch (IOException e) {
      workers.shutdownNow();
      throw new UncheckedIOException("Could not listen on " + options.host + ":" + options.port + " (" + e.getMessage()
          + "); pick a free port with --rest_api_port, or 0 for any", e);
    }
    features = new ServingFeatures(options.batching, options.monitoring, this::states);
    http.createContext("/", new RestApi(name -> models.get(name), features.runner(options.runner),
        features.observer(options.observer), options.maxBodyBytes));
    features.handlers().forEach(http::createContext);
    options.handlers.forEach(http::createContext);
    http.setExecutor(workers);
    http.start();
    boolean reload = options.configFile != null && options.configPollWait.compareTo(Duration.ZERO) > 0;
    if (options.pollWait.compareTo(Duration.ZERO) > 0 || reload) {
      poller = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "jkeras-serve-poll");
        t.setDaemon(true);
        return t;
      });
    }
    if (options.pollWait.compareTo(Duration.ZERO) > 0) {
      long millis = Math.max(1, options.pollWait.toMillis());
      poller.scheduleWithFixedDelay(this::pollAll, millis, millis, TimeUnit.MILLISECONDS);
    }
    if (reload) {
      long millis = Math.max(1, options.configPollWait.toMillis());
      poller.scheduleWithFixedDelay(this::reloadConfigQuietly, millis, millis, TimeUnit.MILLISECONDS);
    }
    LOG.log(System.Logger.Level.INFO, "Serving " + models.keySet() + " at http://" + options.host + ":" + port() + "/v1/");
    return this;
  }

  private void pollAll() {
    synchronized (modelsLock) {
      for (ServedModel model : models.values()) {
        try {
          model.poll();
        } catch (RuntimeException e) {
          LOG.log(System.Logger.Level.WARNING, "Polling model " + model.name() + " failed", e);
        }
      }
    }
  }

  /** Looks at every model's base path now, as the poll thread does every {@code file_system_poll_wait_seconds}. */
  public void pollNow() {
    pollAll();
  }

  private void reloadConfigQuietly() {
    try {
      reloadConfig();
      lastReloadError = null;
    } catch (RuntimeException e) {
      String error = String.valueOf(e.getMessage());
      if (!error.equals(lastReloadError)) {
        LOG.log(System.Logger.Level.WARNING, "Reloading the models config file " + options.configFile + " failed;"
            + " still serving " + models.keySet() + " (logged again when the error changes): " + error);
      }
      lastReloadError = error;
    }
  }

  /**
   * Reads the models config file again, as the poll thread does every {@code
   * model_config_file_poll_wait_seconds}: models it adds are loaded (and served once a version is
   * available), models it no longer lists stop being served and unload once their requests in flight
   * finish, and a model whose entry changed (base path, version policy, labels) is loaded anew under its
   * new entry, then takes over from the old one, which unloads after its requests. A file that cannot
   * be read or parsed, or that names a base path that is not a directory, changes nothing (the error
   * is thrown here and logged by the poll thread).
   *
   * @throws IllegalStateException when the server was not built from a models config file
   */
  public void reloadConfig() {
    if (options.configFile == null) {
      throw new IllegalStateException("This server was not built with modelConfigFile(file); there is nothing to reload");
    }
    synchronized (modelsLock) {
      if (!closed) {
        reload();
      }
    }
  }

  private void reload() {
    List<ModelConfig> configs = ModelConfigFile.read(options.configFile);
    Map<String, ModelConfig> wanted = new LinkedHashMap<>();
    for (ModelConfig config : configs) {
      if (wanted.put(config.name(), config) != null) {
        throw new IllegalArgumentException("Model '" + config.name() + "' is configured twice in " + options.configFile);
      }
      checkBasePath(config);
    }
    Map<String, ServedModel> current = models;
    Map<String, ServedModel> next = new LinkedHashMap<>();
    List<ServedModel> retired = new ArrayList<>();
    for (ModelConfig config : wanted.values()) {
      ServedModel existing = current.get(config.name());
      if (existing != null && existing.config.equals(config)) {
        next.put(config.name(), existing);
        continue;
      }
      ServedModel added = new ServedModel(config, loader);
      added.poll();
      next.put(config.name(), added);
      if (existing != null) {
        retired.add(existing);
      }
      LOG.log(System.Logger.Level.INFO, (existing == null ? "Added model " : "Reconfigured model ") + config.name()
          + " from " + options.configFile);
    }
    current.forEach((name, model) -> {
      if (!wanted.containsKey(name)) {
        retired.add(model);
        LOG.log(System.Logger.Level.INFO, "Removed model " + name + " (no longer in " + options.configFile + ")");
      }
    });
    models = next;
    retired.forEach(ServedModel::close);
  }

  /** The port the server listens on (the one the system chose when built with port 0). */
  public synchronized int port() {
    if (http == null) {
      throw new IllegalStateException("The server is not started; call start() first");
    }
    return http.getAddress().getPort();
  }

  /** The names of the models served. */
  public List<String> modelNames() {
    return List.copyOf(models.keySet());
  }

  /** The status of every version of {@code model} seen so far, newest first. */
  public List<VersionStatus> status(String model) {
    ServedModel served = models.get(model);
    if (served == null) {
      throw new IllegalArgumentException("No model '" + model + "'. Models: " + models.keySet());
    }
    return served.status(null, null);
  }

  private Map<String, List<VersionStatus>> states() {
    Map<String, List<VersionStatus>> states = new LinkedHashMap<>();
    models.forEach((name, model) -> {
      try {
        states.put(name, model.status(null, null));
      } catch (ServingException e) {
        states.put(name, List.of());
      }
    });
    return states;
  }

  /** A handle on the newest version of {@code model} (or {@code version}); close it when done. */
  public ServableHandle handle(String model, Long version) {
    ServedModel served = models.get(model);
    if (served == null) {
      throw ServedModel.notFound(model, version);
    }
    return served.acquire(version, null);
  }

  /** Stops listening and polling, then unloads every version once its requests finish. */
  @Override
  public synchronized void close() {
    if (closed) {
      return;
    }
    closed = true;
    if (poller != null) {
      poller.shutdownNow();
    }
    if (http != null) {
      http.stop(0);
    }
    if (workers != null) {
      workers.shutdown();
      try {
        workers.awaitTermination(30, TimeUnit.SECONDS);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }
    if (features != null) {
      features.close();
    }
    synchronized (modelsLock) {
      models.values().forEach(ServedModel::close);
    }
  }

  private static void checkBasePath(ModelConfig model) {
    if (!Files.isDirectory(model.basePath())) {
      throw new IllegalArgumentException("The base path of model '" + model.name() + "', " + model.basePath()
          + ", is not a directory; it should hold numbered version folders such as " + model.basePath() + "/1");
    }
  }

  /** What a {@link ModelServer} serves and how; TF Serving's flag for each is named beside it. */
  public static final class Builder {
    private final List<ModelConfig> models = new ArrayList<>();
    private String host = "127.0.0.1";
    private int port = 8501;
    private int threads = 4 * Runtime.getRuntime().availableProcessors();
    private int queueCapacity = 1024;
    private Duration pollWait = Duration.ofSeconds(1);
    private Path configFile;
    private Duration configPollWait = Duration.ZERO;
    private long maxBodyBytes = 16L << 20;
    private SavedModelOptions savedModelOptions = SavedModelOptions.defaults().checkInputShapes(false);
    private SignatureRunner runner = SignatureRunner.direct();
    private RequestObserver observer = request -> {};
    private final Map<String, HttpHandler> handlers = new LinkedHashMap<>();
    private BatchingOptions batching;
    private MonitoringConfig monitoring = MonitoringConfig.disabled();
    private boolean customRunner;

    private Builder() {}

    /**
     * Batches concurrent requests to the same model version and signature on the server
     * ({@code --enable_batching}; see {@link BatchScheduler}); a full queue answers 503 UNAVAILABLE.
     */
    public Builder enableBatching(BatchingOptions options) {
      this.batching = options;
      return this;
    }

    /** Batching with the parameters of a TF Serving text-proto file ({@code --batching_parameters_file}). */
    public Builder batchingParametersFile(Path file) {
      return enableBatching(BatchingOptions.fromFile(file));
    }

    /** Whether and where metrics are served in Prometheus's text format (default: off, as in TF Serving). */
    public Builder monitoring(MonitoringConfig config) {
      this.monitoring = config;
      return this;
    }

    /** Monitoring as a TF Serving text-proto file says ({@code --monitoring_config_file}). */
    public Builder monitoringConfigFile(Path file) {
      return monitoring(MonitoringConfig.fromFile(file));
    }

    /** Serves the versions under {@code basePath} as {@code name} ({@code --model_name}, {@code --model_base_path}). */
    public Builder model(String name, Path basePath) {
      return model(new ModelConfig(name, basePath));
    }

    public Builder model(ModelConfig config) {
      if (models.stream().anyMatch(m -> m.name().equals(config.name()))) {
        throw new IllegalArgumentException("Model '" + config.name() + "' is configured twice");
      }
      models.add(config);
      return this;
    }

    /**
     * Serves the models of a TF Serving models config file ({@code --model_config_file}); with {@link
     * #modelConfigFilePollWait} the server reads it again periodically.
     */
    public Builder modelConfigFile(Path file) {
      if (configFile != null) {
        throw new IllegalArgumentException("A models config file is given twice: " + configFile + " and " + file);
      }
      ModelConfigFile.read(file).forEach(this::model);
      configFile = file;
      return this;
    }

    /**
     * How often the models config file is read again ({@code --model_config_file_poll_wait_seconds};
     * default 0: read once, at start, as TF Serving); see {@link ModelServer#reloadConfig}.
     */
    public Builder modelConfigFilePollWait(Duration wait) {
      if (wait.isNegative()) {
        throw new IllegalArgumentException("model_config_file_poll_wait_seconds may not be negative, got " + wait);
      }
      this.configPollWait = wait;
      return this;
    }

    /** The address to listen on ({@code --rest_api_host}; default 127.0.0.1, loopback only). */
    public Builder host(String host) {
      this.host = host;
      return this;
    }

    /** The port to listen on ({@code --rest_api_port}, default 8501; 0 picks a free one). */
    public Builder restApiPort(int port) {
      if (port < 0 || port > 65535) {
        throw new IllegalArgumentException("rest_api_port must be 0..65535, got " + port);
      }
      this.port = port;
      return this;
    }

    /** Threads handling requests ({@code --rest_api_num_threads}, default 4 per core). */
    public Builder restApiNumThreads(int threads) {
      if (threads < 1) {
        throw new IllegalArgumentException("rest_api_num_threads must be at least 1, got " + threads);
      }
      this.threads = threads;
      return this;
    }

    /** How often base paths are looked at for new versions ({@code --file_system_poll_wait_seconds}, default 1 s; 0: once, at start). */
    public Builder fileSystemPollWait(Duration wait) {
      if (wait.isNegative()) {
        throw new IllegalArgumentException("file_system_poll_wait_seconds may not be negative, got " + wait);
      }
      this.pollWait = wait;
      return this;
    }

    /** The largest request body accepted, in bytes (default 16 MiB); larger ones get HTTP 413. */
    public Builder maxRequestBodyBytes(long bytes) {
      if (bytes < 1) {
        throw new IllegalArgumentException("The request body limit must be positive, got " + bytes);
      }
      this.maxBodyBytes = bytes;
      return this;
    }

    /**
     * How SavedModels are loaded: the op screen, resource limits, call timeout. The default is
     * {@code SavedModelOptions.defaults().checkInputShapes(false)}: as TF Serving, the graph's ops judge
     * an input's shape (half_plus_two's {@code [-1, 1]} input takes {@code {"instances": [1.0, 2.0, 5.0]}}).
     */
    public Builder savedModelOptions(SavedModelOptions options) {
      this.savedModelOptions = options;
      return this;
    }

    /** What runs a request's signature (default {@link SignatureRunner#direct()}), e.g. a batching one. */
    public Builder signatureRunner(SignatureRunner runner) {
      this.runner = runner;
      this.customRunner = true;
      return this;
    }

    /** Told of every request once its status is known. */
    public Builder requestObserver(RequestObserver observer) {
      this.observer = observer;
      return this;
    }

    /** Serves {@code handler} at {@code path} beside the REST API, e.g. a metrics page. */
    public Builder handler(String path, HttpHandler handler) {
      if (path.toLowerCase(java.util.Locale.ROOT).startsWith("/v1/") || path.equals("/")) {
        throw new IllegalArgumentException("Path " + path + " belongs to the REST API; pick another");
      }
      handlers.put(path, handler);
      return this;
    }

    public ModelServer build() {
      if (batching != null && customRunner) {
        throw new IllegalArgumentException("Batching runs requests itself; give either enableBatching(...) or"
            + " signatureRunner(...), not both");
      }
      for (String taken : monitoring.prometheusEnabled() ? List.of(HealthHandler.PATH, monitoring.prometheusPath())
          : List.of(HealthHandler.PATH)) {
        if (handlers.containsKey(taken)) {
          throw new IllegalArgumentException("Path " + taken + " is the server's own (health or metrics); serve the"
              + " handler at another path");
        }
      }
      if (models.isEmpty()) {
        throw new IllegalArgumentException("No model to serve: give model(name, basePath) or modelConfigFile(file)");
      }
      if (configFile == null && configPollWait.compareTo(Duration.ZERO) > 0) {
        throw new IllegalArgumentException("model_config_file_poll_wait_seconds needs a models config file"
            + " (modelConfigFile(file), --model_config_file)");
      }
      models.forEach(ModelServer::checkBasePath);
      return new ModelServer(this);
    }
  }
}
