package dev.jkeras.datasets;

import static dev.jkeras.datasets.IdxReaderTest.assertMentions;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import org.junit.jupiter.api.Test;
import org.tensorflow.ndarray.Shape;

class NpyReaderTest {

  @Test
  void readsAUint8ArrayInCOrder() throws IOException {
    byte[] data = Fixtures.pixels(2, 250);
    Uint8Array array = read(Fixtures.npyUint8(data, 2, Fixtures.ROWS, Fixtures.COLS));
    assertEquals(Shape.of(2, Fixtures.ROWS, Fixtures.COLS), array.shape());
    assertArrayEquals(data, array.data());
    assertEquals(250, Byte.toUnsignedInt(array.toImages().getByte(0, 0, 0)));
  }

  @Test
  void readsAVector() throws IOException {
    Uint8Array array = read(Fixtures.npyUint8(new byte[] {5, 0, 4}, 3));
    assertEquals(Shape.of(3), array.shape());
    assertEquals(4, array.toLabels().getInt(2));
  }

  @Test
  void readsVersion2Headers() throws IOException {
    byte[] header = "{'shape': (2,), 'fortran_order': False, 'descr': '|u1'}\n".getBytes(StandardCharsets.ISO_8859_1);
    ByteBuffer prefix = ByteBuffer.allocate(12).order(ByteOrder.LITTLE_ENDIAN);
    prefix.put(new byte[] {(byte) 0x93, 'N', 'U', 'M', 'P', 'Y', 2, 0}).putInt(header.length);
    Uint8Array array = read(Fixtures.concat(prefix.array(), header, new byte[] {7, 8}));
    assertArrayEquals(new byte[] {7, 8}, array.data());
  }

  @Test
  void rejectsOtherDtypes() {
    byte[] npy = Fixtures.npy("{'descr': '<f4', 'fortran_order': False, 'shape': (1,), }", new byte[4]);
    assertMentions(assertThrows(IllegalStateException.class, () -> read(npy)), "x.npy", "'<f4'", "uint8");
  }

  @Test
  void rejectsFortranOrder() {
    byte[] npy = Fixtures.npy("{'descr': '|u1', 'fortran_order': True, 'shape': (2, 2), }", new byte[4]);
    assertMentions(assertThrows(IllegalStateException.class, () -> read(npy)), "Fortran order");
  }

  @Test
  void rejectsTruncatedData() {
    byte[] npy = Fixtures.npyUint8(new byte[10], 10);
    byte[] cut = Arrays.copyOf(npy, npy.length - 3);
    assertMentions(assertThrows(IllegalStateException.class, () -> read(cut)), "x.npy", "truncated", "7");
  }

  @Test
  void rejectsATruncatedHeader() {
    byte[] cut = Arrays.copyOf(Fixtures.npyUint8(new byte[10], 10), 20);
    assertMentions(assertThrows(IllegalStateException.class, () -> read(cut)), "x.npy", "truncated");
  }

  @Test
  void rejectsFilesWithoutTheMagicString() {
    byte[] notNpy = "PK not numpy at all".getBytes(StandardCharsets.US_ASCII);
    assertMentions(assertThrows(IllegalStateException.class, () -> read(notNpy)), "x.npy", "magic");
  }

  private static Uint8Array read(byte[] npy) throws IOException {
    return NpyReader.read(new ByteArrayInputStream(npy), "x.npy");
  }
}
