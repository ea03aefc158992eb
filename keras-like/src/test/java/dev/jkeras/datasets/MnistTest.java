package dev.jkeras.datasets;

import static dev.jkeras.datasets.IdxReaderTest.assertMentions;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.tensorflow.ndarray.Shape;

class MnistTest {
  private static final byte[] NPZ = Fixtures.mnistNpz(7, 3);

  @TempDir Path tmp;

  @Test
  void readsAKerasNpz() throws IOException {
    Path file = Files.write(tmp.resolve("mnist.npz"), NPZ);

    TrainTestData data = Mnist.fromNpz(file);

    assertEquals(Shape.of(7, Fixtures.ROWS, Fixtures.COLS), data.train().x().shape());
    assertEquals(Shape.of(7), data.train().y().shape());
    assertEquals(Shape.of(3), data.test().y().shape());
    assertEquals(1, data.train().y().getInt(0));
    assertEquals(5, data.test().y().getInt(0));
    assertEquals(50 + 7 + 1, Byte.toUnsignedInt(data.test().x().getByte(1, 0, 1)));
  }

  @Test
  void aDirectoryMayHoldTheNpzOrIdxFiles() throws IOException {
    Files.write(tmp.resolve("mnist.npz"), NPZ);
    assertEquals(7, Mnist.fromDirectory(tmp).train().size());

    Path idx = Fixtures.write(tmp.resolve("idx"), Fixtures.idxFiles(4, 2, 0));
    assertEquals(4, Mnist.fromDirectory(idx).train().size());
  }

  @Test
  void anNpzLackingAnArrayIsRejected() throws IOException {
    Map<String, byte[]> arrays = new LinkedHashMap<>();
    arrays.put("x_train", Fixtures.npyUint8(Fixtures.pixels(1, 0), 1, Fixtures.ROWS, Fixtures.COLS));
    Path file = Files.write(tmp.resolve("mnist.npz"), Fixtures.npz(arrays));
    var e = assertThrows(IllegalStateException.class, () -> Mnist.fromNpz(file));
    assertMentions(e, file.toString(), "'y_train'", "x_train.npy");
  }

  @Test
  void aTruncatedNpzIsRejected() throws IOException {
    Path file = Files.write(tmp.resolve("mnist.npz"), Arrays.copyOf(NPZ, NPZ.length / 2));
    var e = assertThrows(IllegalStateException.class, () -> Mnist.fromNpz(file));
    assertMentions(e, file.toString());
  }

  @Test
  void looksForTheNpzThenTheIdxLayoutInEachPlace() {
    Path system = tmp.resolve("system");
    Fixtures.write(system.resolve("mnist"), Fixtures.idxFiles(4, 2, 0));
    var locator = DatasetLocator.builder().search(DataSource.Kind.KERAS_CACHE, tmp.resolve("keras"))
        .search(DataSource.Kind.SYSTEM, system).build();

    TrainTestData data = Mnist.loadData(locator);

    assertEquals(DataSource.of(DataSource.Kind.SYSTEM, system.resolve("mnist").toString()), data.source());
    assertEquals(4, data.train().size());
  }

  @Test
  void downloadsTheNpzAndChecksIt() throws IOException {
    Path cache = tmp.resolve("cache");
    try (var server = new Fixtures.FileServer(Map.of("mnist.npz", NPZ))) {
      var good = locator(server, cache);
      TrainTestData data = Mnist.load(good, Mnist.files(Checksums.sha256(NPZ)));
      assertEquals(DataSource.Kind.DOWNLOAD, data.source().kind());
      assertEquals(cache.resolve("mnist.npz").toString(), data.source().location());
      assertEquals(7, data.train().size());

      Files.delete(cache.resolve("mnist.npz"));
      var e = assertThrows(IllegalStateException.class, () -> Mnist.loadData(good));
      assertMentions(e, "MNIST was not found", Mnist.NPZ_SHA256, "SHA-256", "mnist.npz");
      assertFalse(Files.exists(cache.resolve("mnist.npz")));
      try (var left = Files.list(cache)) {
        assertEquals(0, left.count());
      }
    }
  }

  @Test
  void notFoundListsBothLayouts() {
    var locator = DatasetLocator.builder().search(DataSource.Kind.KERAS_CACHE, tmp.resolve("keras")).build();
    var e = assertThrows(IllegalStateException.class, () -> Mnist.loadData(locator));
    assertMentions(e, tmp.resolve("keras/mnist.npz") + " (missing)", tmp.resolve("keras/mnist") + "/ (no such directory)",
        "copy mnist.npz", "~/.keras/datasets/");
    assertTrue(e.getMessage().contains(DatasetLocator.KERAS_BASE_URL + "mnist.npz"));
  }

  private static DatasetLocator locator(Fixtures.FileServer server, Path cache) {
    return DatasetLocator.builder().progress(new PrintStream(new ByteArrayOutputStream()))
        .cacheDirectory(cache).baseUrl(server.baseUrl()).connectTimeout(Duration.ofSeconds(2)).build();
  }
}
