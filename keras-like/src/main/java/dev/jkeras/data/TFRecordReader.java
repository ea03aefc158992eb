package dev.jkeras.data;

import dev.jkeras.CorruptRecordException;
import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.NoSuchElementException;
import java.util.Objects;

/**
 * Reads the records of a TFRecord file in order, checking both checksums of each. A record whose
 * checksum does not match, or that the file cuts short, ends the reading with a {@link
 * CorruptRecordException} naming the file and the byte offset as TensorFlow's reader reports it (the
 * record's data, 12 bytes past its header, for a bad data checksum; the record's header otherwise); nothing from the damaged part is returned. A record's data
 * is read only as far as the file goes, so a length field claiming more bytes than the file holds
 * allocates no more than the file's size. Not safe for use by several threads at once.
 */
public final class TFRecordReader implements AutoCloseable, Iterator<byte[]> {
  /** The largest record a Java array holds, with its footer. */
  private static final long MAX_RECORD_BYTES = Integer.MAX_VALUE - 16;

  private final Path file;
  private final InputStream in;
  private long offset;
  private byte[] next;
  private boolean done;

  private TFRecordReader(Path file, InputStream in) {
    this.file = file;
    this.in = in;
  }

  /** A reader of the uncompressed file at {@code path}. */
  public static TFRecordReader open(Path path) {
    return open(path, TFRecordCompression.NONE);
  }

  /**
   * A reader of the file at {@code path}, compressed as given.
   *
   * @throws IllegalArgumentException if the file is missing, a directory or unreadable, or is not in the
   *     compression format given
   */
  public static TFRecordReader open(Path path, TFRecordCompression compression) {
    Objects.requireNonNull(path, "path");
    Objects.requireNonNull(compression, "compression");
    if (Files.isDirectory(path)) {
      throw new IllegalArgumentException("Cannot read TFRecords from " + path + ": it is a directory");
    }
    InputStream raw = null;
    try {
      raw = Files.newInputStream(path);
      return new TFRecordReader(path, new BufferedInputStream(compression.wrap(new BufferedInputStream(raw, 1 << 16)),
          1 << 16));
    } catch (NoSuchFileException e) {
      throw new IllegalArgumentException("No TFRecord file at " + path.toAbsolutePath() + "; check the path", e);
    } catch (IOException e) {
      closeQuietly(raw);
      throw new IllegalArgumentException("Cannot read TFRecords from " + path + " as " + describe(compression)
          + ": " + e.getMessage() + ". Check the file and its compression", e);
    }
  }

  /** Every record of the file, in order. */
  public static List<byte[]> readAll(Path path, TFRecordCompression compression) {
    List<byte[]> records = new ArrayList<>();
    try (TFRecordReader reader = open(path, compression)) {
      reader.forEachRemaining(records::add);
    }
    return records;
  }

  /**
   * Whether another record follows; reads and checks it.
   *
   * @throws CorruptRecordException if it is damaged or cut short
   */
  @Override
  public boolean hasNext() {
    if (next == null && !done) {
      next = readRecord();
      done = next == null;
    }
    return next != null;
  }

  /** The next record. */
  @Override
  public byte[] next() {
    if (!hasNext()) {
      throw new NoSuchElementException("No more records in " + file);
    }
    byte[] record = next;
    next = null;
    return record;
  }

  /** The uncompressed byte offset of the next record's header. */
  public long offset() {
    return offset;
  }

  private byte[] readRecord() {
    byte[] header = read(TFRecordFraming.HEADER_BYTES);
    if (header.length == 0) {
      return null;
    }
    if (header.length < TFRecordFraming.HEADER_BYTES) {
      throw damaged(offset, "the file ends inside a record's 12-byte header (" + header.length + " bytes left)");
    }
    if (TFRecordFraming.readInt(header, 8) != TFRecordFraming.maskedCrc(header, 0, 8)) {
      throw damaged(offset, "the record's length fails its CRC32C check");
    }
    long length = TFRecordFraming.readLong(header, 0);
    long dataOffset = offset + TFRecordFraming.HEADER_BYTES;
    if (length < 0 || length > MAX_RECORD_BYTES) {
      throw damaged(offset, "the record claims " + Long.toUnsignedString(length)
          + " bytes, more than a Java array holds (" + MAX_RECORD_BYTES + ")");
    }
    byte[] body = read((int) length + TFRecordFraming.FOOTER_BYTES);
    if (body.length < length + TFRecordFraming.FOOTER_BYTES) {
      throw damaged(offset, "the file ends inside the record: it claims " + length + " bytes of data and a"
          + " 4-byte checksum, " + body.length + " bytes are left");
    }
    if (TFRecordFraming.readInt(body, (int) length) != TFRecordFraming.maskedCrc(body, 0, (int) length)) {
      throw damaged(dataOffset, "the record's data fails its CRC32C check");
    }
    offset = dataOffset + body.length;
    return java.util.Arrays.copyOf(body, (int) length);
  }

  private byte[] read(int n) {
    try {
      return in.readNBytes(n);
    } catch (IOException e) {
      throw damaged(offset, "the stream cannot be read or decompressed (" + e.getMessage() + ")", e);
    }
  }

  private CorruptRecordException damaged(long at, String problem) {
    return damaged(at, problem, null);
  }

  private CorruptRecordException damaged(long at, String problem, Throwable cause) {
    done = true;
    next = null;
    return new CorruptRecordException(file, at, problem, cause);
  }

  private static String describe(TFRecordCompression compression) {
    return compression == TFRecordCompression.NONE ? "an uncompressed file" : compression + " data";
  }

  private static void closeQuietly(InputStream in) {
    if (in != null) {
      try {
        in.close();
      } catch (IOException ignored) {
        // reported by the caller's exception
      }
    }
  }

  @Override
  public void close() {
    try {
      in.close();
    } catch (IOException e) {
      throw new IllegalStateException("Could not close " + file + ": " + e.getMessage(), e);
    }
  }
}
