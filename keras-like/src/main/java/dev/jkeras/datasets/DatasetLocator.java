package dev.jkeras.datasets;

import java.io.IOException;
import java.io.PrintStream;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.stream.Collectors;

/**
 * Where the data set loaders look for files, and where they download them when they find none.
 *
 * <p>Each place searched is a <em>datasets directory</em> holding data sets the Keras way: Fashion-MNIST
 * as {@code fashion-mnist/train-images-idx3-ubyte.gz} and so on, MNIST as {@code mnist.npz}. {@link
 * #defaults()} searches, in order:
 *
 * <ol>
 *   <li>Keras's cache, {@code $KERAS_HOME/datasets} or else {@code ~/.keras/datasets};
 *   <li>{@code /usr/share/datasets}, where Debian's {@code dataset-fashion-mnist} package installs;
 *   <li>jkeras's cache, {@code $JKERAS_HOME/datasets} or else {@code ~/.jkeras/datasets};
 * </ol>
 *
 * and then downloads from Keras's server, {@value #KERAS_BASE_URL}, into jkeras's cache, checking
 * each file's SHA-256. A {@link #builder()} sets other places, for tests or for machines with the
 * data elsewhere:
 *
 * <pre>{@code
 * var locator = DatasetLocator.builder()
 *     .search(DataSource.Kind.SYSTEM, Path.of("/data/keras"))
 *     .cacheDirectory(Path.of("/tmp/jkeras-cache"))
 *     .build();                      // no baseUrl: never downloads
 * var data = FashionMnist.loadData(locator);
 * }</pre>
 */
public final class DatasetLocator {
  /** The base URL Keras downloads its data sets from. */
  public static final String KERAS_BASE_URL = "https://storage.googleapis.com/tensorflow/tf-keras-datasets/";
  /** The directory Debian's data set packages install into. */
  public static final Path SYSTEM_DATASETS = Path.of("/usr/share/datasets");
  private static final Duration DEFAULT_CONNECT_TIMEOUT = Duration.ofSeconds(5);
  private static final Duration DEFAULT_READ_TIMEOUT = Duration.ofSeconds(30);

  /** A datasets directory and the kind of place it is. */
  record Root(DataSource.Kind kind, Path dir) {}

  /** Where a data set was found: which layout, its files, and the place. */
  record Located(FileSet layout, List<Path> files, DataSource source) {}

  private final List<Root> roots;
  private final Path cacheDirectory;
  private final URI baseUrl;
  private final Downloader downloader;

  private DatasetLocator(Builder builder) {
    List<Root> searched = new ArrayList<>(builder.roots);
    if (builder.cacheDirectory != null
        && searched.stream().noneMatch(r -> r.dir().equals(builder.cacheDirectory))) {
      searched.add(new Root(DataSource.Kind.JKERAS_CACHE, builder.cacheDirectory));
    }
    this.roots = List.copyOf(searched);
    this.cacheDirectory = builder.cacheDirectory;
    this.baseUrl = builder.baseUrl;
    PrintStream out = builder.progress;
    boolean dynamic = out == System.err && System.console() != null;
    this.downloader = new Downloader(builder.connectTimeout, builder.readTimeout,
        () -> new DownloadProgress(out, dynamic));
  }

  /** The standard places, read from the environment and {@code user.home}, downloading when needed. */
  public static DatasetLocator defaults() {
    return defaults(System.getenv(), Path.of(System.getProperty("user.home")));
  }

  static DatasetLocator defaults(Map<String, String> env, Path home) {
    return builder()
        .search(DataSource.Kind.KERAS_CACHE, kerasDatasetsDirectory(env, home))
        .search(DataSource.Kind.SYSTEM, SYSTEM_DATASETS)
        .cacheDirectory(jkerasDatasetsDirectory(env, home))
        .baseUrl(KERAS_BASE_URL)
        .build();
  }

  /** Keras's datasets directory: {@code $KERAS_HOME/datasets}, or {@code ~/.keras/datasets}. */
  static Path kerasDatasetsDirectory(Map<String, String> env, Path home) {
    return homeDirectory(env, "KERAS_HOME", home.resolve(".keras")).resolve("datasets");
  }

  /** jkeras's datasets directory: {@code $JKERAS_HOME/datasets}, or {@code ~/.jkeras/datasets}. */
  static Path jkerasDatasetsDirectory(Map<String, String> env, Path home) {
    return homeDirectory(env, "JKERAS_HOME", home.resolve(".jkeras")).resolve("datasets");
  }

  private static Path homeDirectory(Map<String, String> env, String variable, Path fallback) {
    String value = env.get(variable);
    return value == null || value.isBlank() ? fallback : Path.of(value);
  }

  /** A builder with no places, no cache and no downloading. */
  public static Builder builder() {
    return new Builder();
  }

  /** The datasets directories searched, in order, the jkeras cache last. */
  public List<Path> searchDirectories() {
    return roots.stream().map(Root::dir).toList();
  }

  /** Where downloads go, if anywhere. */
  public Optional<Path> cacheDirectory() {
    return Optional.ofNullable(cacheDirectory);
  }

  /** The base URL downloads come from; empty when downloading is off. */
  public Optional<URI> baseUrl() {
    return Optional.ofNullable(baseUrl);
  }

  /**
   * Finds {@code dataset}'s files, downloading them if they are nowhere.
   *
   * @throws IllegalStateException naming every place looked, the download's failure and how to get the files
   */
  Located locate(DatasetFiles dataset) {
    List<String> looked = new ArrayList<>();
    for (Root root : roots) {
      for (FileSet layout : dataset.layouts()) {
        List<Path> files = resolve(root.dir(), layout);
        List<Path> missing = files.stream().filter(f -> !Files.isRegularFile(f)).toList();
        if (missing.isEmpty()) {
          return new Located(layout, files, DataSource.of(root.kind(), place(files).toString()));
        }
        looked.add(root.kind().phrase() + ": " + describeMissing(files, missing));
      }
    }
    String downloadOutcome;
    if (baseUrl == null || cacheDirectory == null || !dataset.downloadLayout().downloadable()) {
      downloadOutcome = "Downloading is off.";
    } else {
      try {
        return download(dataset.downloadLayout());
      } catch (IOException e) {
        downloadOutcome = "Downloading from " + baseUrl + " failed: " + describe(e);
      }
    }
    throw new IllegalStateException(dataset.name() + " was not found"
        + (downloadOutcome.startsWith("Downloading is off") ? "" : " and could not be downloaded") + ".\n"
        + "Looked in:\n  - " + String.join("\n  - ", looked) + "\n"
        + downloadOutcome + "\n"
        + dataset.howToGet());
  }

  private Located download(FileSet layout) throws IOException {
    List<Path> files = resolve(cacheDirectory, layout);
    for (int i = 0; i < files.size(); i++) {
      RemoteFile file = layout.files().get(i);
      if (!Files.isRegularFile(files.get(i))) {
        downloader.download(baseUrl.resolve(file.fileName()), files.get(i), file);
      }
    }
    return new Located(layout, files, DataSource.downloaded(baseUrl.toString(), place(files).toString()));
  }

  private static List<Path> resolve(Path dir, FileSet layout) {
    return layout.files().stream().map(f -> dir.resolve(f.path())).toList();
  }

  /** The one file, or the directory holding several. */
  private static Path place(List<Path> files) {
    return files.size() == 1 ? files.get(0) : files.get(0).getParent();
  }

  private static String describeMissing(List<Path> files, List<Path> missing) {
    if (files.size() == 1) {
      return files.get(0) + " (missing)";
    }
    Path dir = place(files);
    if (!Files.isDirectory(dir)) {
      return dir + "/ (no such directory)";
    }
    return dir + "/ (missing " + missing.stream().map(p -> p.getFileName().toString())
        .collect(Collectors.joining(", ")) + ")";
  }

  private static String describe(IOException e) {
    String message = e.getMessage();
    return message == null ? e.getClass().getSimpleName() : e.getClass().getSimpleName() + ": " + message;
  }

  /** Builds a {@link DatasetLocator}; by default it searches nowhere and never downloads. */
  public static final class Builder {
    private final List<Root> roots = new ArrayList<>();
    private Path cacheDirectory;
    private URI baseUrl;
    private Duration connectTimeout = DEFAULT_CONNECT_TIMEOUT;
    private Duration readTimeout = DEFAULT_READ_TIMEOUT;
    private PrintStream progress = System.err;

    private Builder() {}

    /** Searches the datasets directory {@code dir}, after those added before; {@code kind} says what it is. */
    public Builder search(DataSource.Kind kind, Path dir) {
      Objects.requireNonNull(kind, "kind");
      Objects.requireNonNull(dir, "dir");
      if (kind == DataSource.Kind.DOWNLOAD || kind == DataSource.Kind.CLASSPATH) {
        throw new IllegalArgumentException("A searched directory cannot be of kind " + kind);
      }
      roots.add(new Root(kind, dir));
      return this;
    }

    /** The datasets directory downloads go into; it is searched after all the others. */
    public Builder cacheDirectory(Path dir) {
      this.cacheDirectory = Objects.requireNonNull(dir, "dir");
      return this;
    }

    /** Downloads missing files from {@code url} + file name; needs a {@link #cacheDirectory(Path)}. */
    public Builder baseUrl(String url) {
      Objects.requireNonNull(url, "url");
      URI uri = URI.create(url.endsWith("/") ? url : url + "/");
      if (!uri.isAbsolute()) {
        throw new IllegalArgumentException("The base URL must be absolute, e.g. " + KERAS_BASE_URL + "; got " + url);
      }
      this.baseUrl = uri;
      return this;
    }

    /** Never downloads. */
    public Builder noDownload() {
      this.baseUrl = null;
      return this;
    }

    /** How long to wait for the server to accept a connection; 5 seconds unless set. */
    public Builder connectTimeout(Duration timeout) {
      this.connectTimeout = positive(timeout, "connect timeout");
      return this;
    }

    /** How long to wait for each block of a download; 30 seconds unless set. */
    public Builder readTimeout(Duration timeout) {
      this.readTimeout = positive(timeout, "read timeout");
      return this;
    }

    /** Where the download progress bar is printed: standard error unless set; null prints nothing. */
    public Builder progress(PrintStream out) {
      this.progress = out;
      return this;
    }

    /**
     * The locator.
     *
     * @throws IllegalStateException if a base URL is set without a cache directory to download into
     */
    public DatasetLocator build() {
      if (baseUrl != null && cacheDirectory == null) {
        throw new IllegalStateException("Downloading from " + baseUrl + " needs a cacheDirectory(...) to download into");
      }
      return new DatasetLocator(this);
    }

    private static Duration positive(Duration timeout, String what) {
      Objects.requireNonNull(timeout, what);
      if (timeout.isNegative() || timeout.isZero() || timeout.toMillis() > Integer.MAX_VALUE) {
        throw new IllegalArgumentException("The " + what + " must be positive and under 24 days; got " + timeout);
      }
      return timeout;
    }
  }
}
