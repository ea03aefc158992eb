package dev.jkeras.datasets;

import java.io.DataInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.zip.ZipException;
import org.tensorflow.ndarray.Shape;

/**
 * Reads IDX files, the format of MNIST and Fashion-MNIST: two zero bytes, a type byte (0x08 for
 * unsigned bytes), a rank byte, one big-endian int32 per dimension, then the elements in row-major
 * order. Files may be gzip-compressed.
 */
final class IdxReader {
  private static final int UNSIGNED_BYTE = 0x08;

  private IdxReader() {}

  /**
   * Reads an IDX file of unsigned bytes with the given rank (1 for labels, 3 for images).
   *
   * @throws IllegalStateException if the file is not such a file, or is truncated or corrupt
   * @throws UncheckedIOException if it cannot be read at all
   */
  static Uint8Array read(DataFile file, int expectedRank) {
    try (InputStream content = file.openContent()) {
      return parse(new DataInputStream(content), file, expectedRank);
    } catch (EOFException e) {
      throw corrupt(file, "it ends early (" + e.getMessage() + "); it is truncated", e);
    } catch (ZipException e) {
      throw corrupt(file, "its gzip data is corrupt (" + e.getMessage() + ")", e);
    } catch (IOException e) {
      throw new UncheckedIOException("Cannot read IDX file " + file.name() + ": " + e, e);
    }
  }

  private static Uint8Array parse(DataInputStream in, DataFile file, int expectedRank) throws IOException {
    int magic = in.readInt();
    int type = (magic >>> 8) & 0xff;
    int rank = magic & 0xff;
    if ((magic >>> 16) != 0) {
      throw corrupt(file, String.format("its magic number 0x%08X does not start with two zero bytes;"
          + " it is not an IDX file", magic), null);
    }
    if (type != UNSIGNED_BYTE) {
      throw corrupt(file, String.format("it holds IDX type 0x%02X; only unsigned bytes (0x08) are supported", type), null);
    }
    if (rank != expectedRank) {
      throw corrupt(file, String.format("its magic number 0x%08X says rank %d, expected 0x%08X (rank %d)",
          magic, rank, (UNSIGNED_BYTE << 8) | expectedRank, expectedRank), null);
    }
    long[] dims = new long[rank];
    long count = 1;
    for (int i = 0; i < rank; i++) {
      dims[i] = in.readInt();
      if (dims[i] < 0) {
        throw corrupt(file, "dimension " + i + " of its header is negative (" + dims[i] + ")", null);
      }
      count *= dims[i];
      if (count > Integer.MAX_VALUE - 8) {
        throw corrupt(file, "its header promises more than 2^31 elements", null);
      }
    }
    Shape shape = Shape.of(dims);
    byte[] data = in.readNBytes((int) count);
    if (data.length < count) {
      throw corrupt(file, "its header promises " + count + " elements for shape " + shape
          + " but it holds only " + data.length + "; it is truncated", null);
    }
    if (in.read() != -1) {
      throw corrupt(file, "it has bytes beyond the " + count + " elements its header promises for shape " + shape, null);
    }
    return new Uint8Array(shape, data);
  }

  private static IllegalStateException corrupt(DataFile file, String problem, Exception cause) {
    return new IllegalStateException("Corrupt IDX file " + file.name() + ": " + problem
        + ". Delete it and fetch it again.", cause);
  }
}
