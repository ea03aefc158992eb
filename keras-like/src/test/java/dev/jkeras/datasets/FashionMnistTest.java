package dev.jkeras.datasets;

import static dev.jkeras.datasets.IdxReaderTest.assertMentions;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.tensorflow.ndarray.ByteNdArray;
import org.tensorflow.ndarray.Shape;
import org.tensorflow.ndarray.index.Indices;

class FashionMnistTest {
  private static final Path DEBIAN = Path.of("/usr/share/datasets/fashion-mnist");
  private static final Path SUBSET = Path.of("../samples/src/main/resources/datasets/fashion-mnist-subset");

  @TempDir Path tmp;

  @Test
  void loadsTheDebianPackage() {
    assumeTrue(Files.isDirectory(DEBIAN), "dataset-fashion-mnist is not installed");
    var locator = DatasetLocator.builder().search(DataSource.Kind.SYSTEM, DEBIAN.getParent()).build();

    TrainTestData data = FashionMnist.loadData(locator);

    assertEquals(DataSource.of(DataSource.Kind.SYSTEM, DEBIAN.toString()), data.source());
    assertEquals(Shape.of(60000, 28, 28), data.train().x().shape());
    assertEquals(Shape.of(60000), data.train().y().shape());
    assertEquals(Shape.of(10000, 28, 28), data.test().x().shape());
    assertEquals(Shape.of(10000), data.test().y().shape());
    assertEquals(9, data.train().y().getInt(0));
    assertEquals(0, data.train().y().getInt(1));
    assertEquals(9, data.test().y().getInt(0));
    assertEquals(2, data.test().y().getInt(1));
    assertPixelRange(data.train().x().slice(Indices.range(0, 1000)));
    int[] counts = new int[10];
    data.train().y().scalars().forEach(label -> counts[label.getInt()]++);
    assertArrayEquals(new int[] {6000, 6000, 6000, 6000, 6000, 6000, 6000, 6000, 6000, 6000}, counts);
  }

  @Test
  void theChecksumsMatchTheDebianFilesContent() throws IOException {
    assumeTrue(Files.isDirectory(DEBIAN), "dataset-fashion-mnist is not installed");
    for (Map.Entry<String, String> file : FashionMnist.CONTENT_SHA256.entrySet()) {
      assertEquals(file.getValue(), Checksums.sha256(DEBIAN.resolve(file.getKey()), true), file.getKey());
    }
  }

  @Test
  void theSubsetIsTheFirst6000And1000Images() throws IOException {
    assumeTrue(Files.isDirectory(SUBSET), "not run from the keras-like module of the source tree");
    TrainTestData subset = FashionMnist.fromDirectory(SUBSET);

    assertEquals(Shape.of(6000, 28, 28), subset.train().x().shape());
    assertEquals(Shape.of(1000, 28, 28), subset.test().x().shape());
    assertEquals(DataSource.Kind.DIRECTORY, subset.source().kind());
    assertPixelRange(subset.train().x());
    long bytes;
    try (Stream<Path> files = Files.list(SUBSET)) {
      bytes = files.filter(f -> f.toString().endsWith(".gz")).mapToLong(f -> f.toFile().length()).sum();
    }
    assertTrue(bytes < 3_200_000, "subset is " + bytes + " bytes");

    assumeTrue(Files.isDirectory(DEBIAN), "dataset-fashion-mnist is not installed");
    TrainTestData full = FashionMnist.fromDirectory(DEBIAN);
    assertEquals(full.train().x().slice(Indices.range(0, 6000)), subset.train().x());
    assertEquals(full.train().y().slice(Indices.range(0, 6000)), subset.train().y());
    assertEquals(full.test().x().slice(Indices.range(0, 1000)), subset.test().x());
    assertEquals(full.test().y().slice(Indices.range(0, 1000)), subset.test().y());
  }

  @Test
  void loadsFromTheClassPath() throws IOException {
    Fixtures.write(tmp.resolve("datasets/small"), Fixtures.idxFiles(5, 2, 3));
    try (var loader = new URLClassLoader(new URL[] {tmp.toUri().toURL()}, null)) {
      TrainTestData data = FashionMnist.fromClasspath("/datasets/small/", loader);

      assertEquals(5, data.train().size());
      assertEquals(2, data.test().size());
      assertEquals(DataSource.of(DataSource.Kind.CLASSPATH, "datasets/small"), data.source());
      assertEquals(3, data.train().y().getInt(0));
    }
  }

  @Test
  void aMissingClassPathResourceIsNamed() throws IOException {
    Fixtures.write(tmp.resolve("datasets/small"), Map.of(IdxSplits.TRAIN_LABELS, new byte[0]));
    try (var loader = new URLClassLoader(new URL[] {tmp.toUri().toURL()}, null)) {
      var e = assertThrows(IllegalArgumentException.class, () -> FashionMnist.fromClasspath("datasets/small", loader));
      assertMentions(e, "datasets/small/" + IdxSplits.TRAIN_IMAGES, "class path");
    }
  }

  @Test
  void readsADirectoryOfUncompressedFiles() throws IOException {
    for (Map.Entry<String, byte[]> file : Fixtures.idxFiles(4, 2, 0).entrySet()) {
      Files.write(tmp.resolve(file.getKey().replace(".gz", "")), Fixtures.gunzip(file.getValue()));
    }
    TrainTestData data = FashionMnist.fromDirectory(tmp);
    assertEquals(4, data.train().size());
    assertEquals(DataSource.of(DataSource.Kind.DIRECTORY, tmp.toString()), data.source());
  }

  @Test
  void aDirectoryMissingFilesIsRejected() {
    var e = assertThrows(IllegalArgumentException.class, () -> FashionMnist.fromDirectory(tmp));
    assertMentions(e, tmp.toString(), IdxSplits.TRAIN_IMAGES, IdxSplits.TEST_LABELS);
  }

  @Test
  void imagesAndLabelsMustAgreeInNumber() {
    Map<String, byte[]> files = new HashMap<>(Fixtures.idxFiles(4, 2, 0));
    files.put(IdxSplits.TEST_LABELS, Fixtures.gzip(Fixtures.idx(Fixtures.labels(3, 0), 3)));
    Fixtures.write(tmp, files);
    var e = assertThrows(IllegalStateException.class, () -> FashionMnist.fromDirectory(tmp));
    assertMentions(e, "2 images", "3 labels", IdxSplits.TEST_LABELS);
  }

  private static void assertPixelRange(ByteNdArray images) {
    int[] minMax = {255, 0};
    images.scalars().forEach(pixel -> {
      int value = Byte.toUnsignedInt(pixel.getByte());
      minMax[0] = Math.min(minMax[0], value);
      minMax[1] = Math.max(minMax[1], value);
    });
    assertEquals(0, minMax[0]);
    assertEquals(255, minMax[1]);
  }
}
