package dev.jkeras.datasets;

import static dev.jkeras.datasets.IdxReaderTest.assertMentions;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DatasetLocatorTest {
  private static final Map<String, byte[]> FILES = Fixtures.idxFiles(6, 2, 0);
  private static final DatasetFiles SPEC = FashionMnist.files(Fixtures.contentHashes(FILES));

  @TempDir Path tmp;
  private final ByteArrayOutputStream progress = new ByteArrayOutputStream();

  @Test
  void theFirstPlaceHoldingAllFilesWins() {
    Path keras = tmp.resolve("keras");
    Path system = tmp.resolve("system");
    Fixtures.write(keras.resolve("fashion-mnist"), Fixtures.idxFiles(3, 1, 1));
    Fixtures.write(system.resolve("fashion-mnist"), FILES);

    var data = FashionMnist.load(offline().search(DataSource.Kind.KERAS_CACHE, keras)
        .search(DataSource.Kind.SYSTEM, system).build(), SPEC);

    assertEquals(DataSource.Kind.KERAS_CACHE, data.source().kind());
    assertEquals(keras.resolve("fashion-mnist").toString(), data.source().location());
    assertEquals(3, data.train().size());
  }

  @Test
  void aDirectoryMissingAFileIsPassedOver() throws IOException {
    Path keras = Fixtures.write(tmp.resolve("keras/fashion-mnist"), FILES).getParent();
    Files.delete(keras.resolve("fashion-mnist").resolve(IdxSplits.TEST_IMAGES));
    Path system = Fixtures.write(tmp.resolve("system/fashion-mnist"), FILES).getParent();

    var data = FashionMnist.load(offline().search(DataSource.Kind.KERAS_CACHE, keras)
        .search(DataSource.Kind.SYSTEM, system).build(), SPEC);

    assertEquals(DataSource.Kind.SYSTEM, data.source().kind());
    assertEquals(6, data.train().size());
    assertEquals(2, data.test().size());
  }

  @Test
  void theCacheIsSearchedLast() {
    Path cache = Fixtures.write(tmp.resolve("cache/fashion-mnist"), FILES).getParent();
    var locator = offline().search(DataSource.Kind.KERAS_CACHE, tmp.resolve("keras")).cacheDirectory(cache).build();

    assertEquals(List.of(tmp.resolve("keras"), cache), locator.searchDirectories());
    assertEquals(DataSource.Kind.JKERAS_CACHE, FashionMnist.load(locator, SPEC).source().kind());
  }

  @Test
  void notFoundNamesEveryPlaceAndHowToGetTheData() {
    Path keras = tmp.resolve("keras");
    Fixtures.write(keras.resolve("fashion-mnist"), Map.of(IdxSplits.TRAIN_LABELS, FILES.get(IdxSplits.TRAIN_LABELS)));
    var locator = offline().search(DataSource.Kind.KERAS_CACHE, keras)
        .search(DataSource.Kind.SYSTEM, tmp.resolve("system")).cacheDirectory(tmp.resolve("cache")).build();

    var e = assertThrows(IllegalStateException.class, () -> FashionMnist.load(locator, SPEC));

    assertMentions(e, "Fashion-MNIST was not found", "Looked in",
        "the Keras cache: " + keras.resolve("fashion-mnist") + "/ (missing train-images-idx3-ubyte.gz, "
            + "t10k-labels-idx1-ubyte.gz, t10k-images-idx3-ubyte.gz)",
        "the system data directory: " + tmp.resolve("system/fashion-mnist") + "/ (no such directory)",
        "the jkeras cache: " + tmp.resolve("cache/fashion-mnist"),
        "Downloading is off", "apt-get install dataset-fashion-mnist", "~/.keras/datasets/fashion-mnist");
  }

  @Test
  void downloadsVerifiesAndCachesMissingFiles() throws IOException {
    Path cache = tmp.resolve("cache");
    try (var server = new Fixtures.FileServer(FILES)) {
      var locator = online(server).search(DataSource.Kind.SYSTEM, tmp.resolve("system")).cacheDirectory(cache).build();

      var data = FashionMnist.load(locator, SPEC);

      assertEquals(DataSource.Kind.DOWNLOAD, data.source().kind());
      assertEquals(server.baseUrl(), data.source().origin());
      assertEquals(6, data.train().size());
      assertEquals(IdxSplits.FILE_NAMES, server.requests);
      for (String name : IdxSplits.FILE_NAMES) {
        assertTrue(Files.isRegularFile(cache.resolve("fashion-mnist").resolve(name)), name);
      }
      assertEquals(4, filesIn(cache.resolve("fashion-mnist")).size());
      String printed = progress.toString(StandardCharsets.UTF_8);
      assertTrue(printed.contains("Downloading data from " + server.baseUrl() + IdxSplits.TRAIN_IMAGES), printed);
      int size = FILES.get(IdxSplits.TRAIN_IMAGES).length;
      assertTrue(printed.contains(size + "/" + size + " [==============================] - "), printed);

      var again = FashionMnist.load(locator, SPEC);
      assertEquals(DataSource.Kind.JKERAS_CACHE, again.source().kind());
      assertEquals(4, server.requests.size());
    }
  }

  @Test
  void downloadsOnlyTheFilesTheCacheLacks() throws IOException {
    Path cache = tmp.resolve("cache");
    Fixtures.write(cache.resolve("fashion-mnist"), Map.of(IdxSplits.TRAIN_IMAGES, FILES.get(IdxSplits.TRAIN_IMAGES)));
    try (var server = new Fixtures.FileServer(FILES)) {
      FashionMnist.load(online(server).cacheDirectory(cache).build(), SPEC);
      assertEquals(List.of(IdxSplits.TRAIN_LABELS, IdxSplits.TEST_LABELS, IdxSplits.TEST_IMAGES), server.requests);
    }
  }

  @Test
  void aDownloadWithTheWrongChecksumIsRejectedAndDeleted() throws IOException {
    Path cache = tmp.resolve("cache");
    Map<String, byte[]> served = new HashMap<>(FILES);
    served.put(IdxSplits.TEST_LABELS, Fixtures.gzip(Fixtures.idx(Fixtures.labels(2, 7), 2)));
    try (var server = new Fixtures.FileServer(served)) {
      var locator = online(server).cacheDirectory(cache).build();

      var e = assertThrows(IllegalStateException.class, () -> FashionMnist.load(locator, SPEC));

      assertMentions(e, "Looked in", "could not be downloaded", "SHA-256", IdxSplits.TEST_LABELS,
          SPEC.downloadLayout().files().get(2).sha256(), "deleted");
      Path dir = cache.resolve("fashion-mnist");
      assertFalse(Files.exists(dir.resolve(IdxSplits.TEST_LABELS)));
      assertTrue(filesIn(dir).stream().noneMatch(f -> f.endsWith(".part")), filesIn(dir).toString());
      assertFalse(Files.exists(dir.resolve(IdxSplits.TEST_IMAGES)));
    }
  }

  @Test
  void aMissingFileOnTheServerIsReported() throws IOException {
    try (var server = new Fixtures.FileServer(Map.of())) {
      var locator = online(server).cacheDirectory(tmp.resolve("cache")).build();
      var e = assertThrows(IllegalStateException.class, () -> FashionMnist.load(locator, SPEC));
      assertMentions(e, "HTTP 404", server.baseUrl() + IdxSplits.TRAIN_LABELS);
      assertEquals(List.of(), filesIn(tmp.resolve("cache/fashion-mnist")));
    }
  }

  @Test
  void anUnreachableServerLeadsToTheLookedInError() throws IOException {
    String deadUrl;
    try (var server = new Fixtures.FileServer(FILES)) {
      deadUrl = server.baseUrl();
    }
    var locator = DatasetLocator.builder().progress(new PrintStream(progress))
        .search(DataSource.Kind.KERAS_CACHE, tmp.resolve("keras"))
        .cacheDirectory(tmp.resolve("cache")).baseUrl(deadUrl).connectTimeout(Duration.ofSeconds(2)).build();

    var e = assertThrows(IllegalStateException.class, () -> FashionMnist.load(locator, SPEC));

    assertMentions(e, "Looked in", tmp.resolve("keras/fashion-mnist").toString(),
        tmp.resolve("cache/fashion-mnist").toString(), "Downloading from " + deadUrl + " failed",
        "apt-get install dataset-fashion-mnist");
  }

  @Test
  void kerasHomeAndJkerasHomeMoveTheCaches() {
    Path home = Path.of("/home/u");
    assertEquals(Path.of("/home/u/.keras/datasets"), DatasetLocator.kerasDatasetsDirectory(Map.of(), home));
    assertEquals(Path.of("/k/datasets"), DatasetLocator.kerasDatasetsDirectory(Map.of("KERAS_HOME", "/k"), home));
    assertEquals(Path.of("/home/u/.jkeras/datasets"), DatasetLocator.jkerasDatasetsDirectory(Map.of(), home));
    assertEquals(Path.of("/j/datasets"), DatasetLocator.jkerasDatasetsDirectory(Map.of("JKERAS_HOME", "/j"), home));

    var defaults = DatasetLocator.defaults(Map.of("KERAS_HOME", "/k"), home);
    assertEquals(List.of(Path.of("/k/datasets"), Path.of("/usr/share/datasets"), Path.of("/home/u/.jkeras/datasets")),
        defaults.searchDirectories());
    assertEquals(DatasetLocator.KERAS_BASE_URL, defaults.baseUrl().orElseThrow().toString());
  }

  @Test
  void theBuilderChecksItsSettings() {
    var builder = DatasetLocator.builder().baseUrl("https://example.org/data");
    assertThrows(IllegalStateException.class, builder::build);
    assertThrows(IllegalArgumentException.class, () -> DatasetLocator.builder().baseUrl("relative/path"));
    assertThrows(IllegalArgumentException.class, () -> DatasetLocator.builder().connectTimeout(Duration.ZERO));
    assertEquals("https://example.org/data/",
        builder.cacheDirectory(tmp).build().baseUrl().orElseThrow().toString());
  }

  private DatasetLocator.Builder offline() {
    return DatasetLocator.builder().progress(new PrintStream(progress, true, StandardCharsets.UTF_8));
  }

  private DatasetLocator.Builder online(Fixtures.FileServer server) {
    return offline().baseUrl(server.baseUrl()).connectTimeout(Duration.ofSeconds(2)).readTimeout(Duration.ofSeconds(5));
  }

  private static List<String> filesIn(Path dir) throws IOException {
    if (!Files.isDirectory(dir)) {
      return List.of();
    }
    try (Stream<Path> files = Files.list(dir)) {
      return files.map(p -> p.getFileName().toString()).sorted().toList();
    }
  }
}
