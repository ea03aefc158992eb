package dev.jkeras.datasets;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.tensorflow.ndarray.ByteNdArray;
import org.tensorflow.ndarray.IntNdArray;
import org.tensorflow.ndarray.Shape;

class IdxReaderTest {
  @TempDir Path dir;

  @Test
  void readsGzippedImagesWithUnsignedPixels() throws IOException {
    byte[] pixels = {0, 1, (byte) 128, (byte) 255, 7, 8};
    Path file = write("images.gz", Fixtures.gzip(Fixtures.idx(pixels, 2, 1, 3)));

    Uint8Array images = IdxReader.read(DataFile.of(file), 3);

    assertEquals(Shape.of(2, 1, 3), images.shape());
    ByteNdArray x = images.toImages();
    assertEquals(128, Byte.toUnsignedInt(x.getByte(0, 0, 2)));
    assertEquals(255, Byte.toUnsignedInt(x.getByte(1, 0, 0)));
  }

  @Test
  void readsUncompressedLabelsAsInts() throws IOException {
    Path file = write("labels", Fixtures.idx(new byte[] {9, 0, (byte) 200}, 3));

    IntNdArray y = IdxReader.read(DataFile.of(file), 1).toLabels();

    assertEquals(Shape.of(3), y.shape());
    assertEquals(9, y.getInt(0));
    assertEquals(200, y.getInt(2));
  }

  @Test
  void arraysAreReadOnly() throws IOException {
    Path file = write("labels", Fixtures.idx(new byte[] {1, 2}, 2));
    IntNdArray y = IdxReader.read(DataFile.of(file), 1).toLabels();
    assertThrows(RuntimeException.class, () -> y.setInt(5, 0));
  }

  @Test
  void rejectsAFileThatIsNotIdx() throws IOException {
    Path file = write("notes.gz", Fixtures.gzip("hello, world".getBytes()));
    var e = assertThrows(IllegalStateException.class, () -> IdxReader.read(DataFile.of(file), 1));
    assertMentions(e, file.toString(), "not an IDX file");
  }

  @Test
  void rejectsLabelsWhereImagesAreExpected() throws IOException {
    Path file = write("labels.gz", Fixtures.gzip(Fixtures.idx(new byte[] {1, 2}, 2)));
    var e = assertThrows(IllegalStateException.class, () -> IdxReader.read(DataFile.of(file), 3));
    assertMentions(e, file.toString(), "0x00000801", "0x00000803");
  }

  @Test
  void rejectsOtherElementTypes() throws IOException {
    byte[] floats = {0, 0, 0x0D, 1, 0, 0, 0, 1, 0, 0, 0, 0};
    Path file = write("floats", floats);
    var e = assertThrows(IllegalStateException.class, () -> IdxReader.read(DataFile.of(file), 1));
    assertMentions(e, file.toString(), "0x0D");
  }

  @Test
  void rejectsTruncatedData() throws IOException {
    byte[] full = Fixtures.idx(Fixtures.pixels(10, 0), 10, Fixtures.ROWS, Fixtures.COLS);
    Path file = write("short.gz", Fixtures.gzip(Arrays.copyOf(full, full.length - 5)));
    var e = assertThrows(IllegalStateException.class, () -> IdxReader.read(DataFile.of(file), 3));
    assertMentions(e, file.toString(), "truncated", "120 elements", "115");
  }

  @Test
  void rejectsATruncatedGzipStream() throws IOException {
    byte[] gz = Fixtures.gzip(Fixtures.idx(Fixtures.pixels(100, 0), 100, Fixtures.ROWS, Fixtures.COLS));
    Path file = write("cut.gz", Arrays.copyOf(gz, gz.length / 2));
    var e = assertThrows(IllegalStateException.class, () -> IdxReader.read(DataFile.of(file), 3));
    assertMentions(e, file.toString(), "truncated");
  }

  @Test
  void rejectsCorruptGzipData() throws IOException {
    byte[] gz = Fixtures.gzip(Fixtures.idx(Fixtures.pixels(100, 0), 100, Fixtures.ROWS, Fixtures.COLS));
    for (int i = 20; i < gz.length - 8; i++) {
      gz[i] = (byte) 0xFF;
    }
    Path file = write("corrupt.gz", gz);
    var e = assertThrows(IllegalStateException.class, () -> IdxReader.read(DataFile.of(file), 3));
    assertMentions(e, file.toString());
  }

  @Test
  void rejectsBytesBeyondTheHeadersPromise() throws IOException {
    Path file = write("long", Fixtures.concat(Fixtures.idx(new byte[] {1, 2}, 2), new byte[] {3}));
    var e = assertThrows(IllegalStateException.class, () -> IdxReader.read(DataFile.of(file), 1));
    assertMentions(e, file.toString(), "beyond");
  }

  @Test
  void keepsEveryPixel() throws IOException {
    byte[] pixels = Fixtures.pixels(5, 42);
    Path file = write("images.gz", Fixtures.gzip(Fixtures.idx(pixels, 5, Fixtures.ROWS, Fixtures.COLS)));
    assertArrayEquals(pixels, IdxReader.read(DataFile.of(file), 3).data());
  }

  private Path write(String name, byte[] bytes) throws IOException {
    return Files.write(dir.resolve(name), bytes);
  }

  static void assertMentions(Throwable e, String... parts) {
    for (String part : parts) {
      assertTrue(e.getMessage().contains(part), "message lacks '" + part + "': " + e.getMessage());
    }
  }
}
