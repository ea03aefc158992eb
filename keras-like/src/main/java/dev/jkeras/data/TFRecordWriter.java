package dev.jkeras.data;

import dev.jkeras.backend.AtomicFiles;
import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Objects;

/**
 * Writes a TFRecord file, as {@code tf.io.TFRecordWriter(path, options)}: records (usually serialized
 * {@link Example}s) framed with their lengths and masked CRC32C checksums, optionally compressed.
 * TensorFlow's {@code TFRecordDataset} reads the files, and so does {@link TFRecordReader}.
 *
 * <p>The records go to a temporary file beside {@code path}; {@link #close()} moves it into place, so
 * {@code path} never holds a partly written file. {@link #abort()} drops what was written and leaves
 * {@code path} as it was. Not safe for use by several threads at once.
 *
 * <pre>{@code
 * try (var writer = TFRecordWriter.open(path, TFRecordCompression.GZIP)) {
 *   writer.write(Example.builder().floats("x", 1f, 2f).int64s("y", 1).build());
 * }
 * }</pre>
 */
public final class TFRecordWriter implements AutoCloseable {
  private final Path target;
  private final Path staging;
  private final OutputStream out;
  private long records;
  private boolean closed;

  private TFRecordWriter(Path target, TFRecordCompression compression) throws IOException {
    this.target = target;
    Files.createDirectories(target.getParent());
    this.staging = AtomicFiles.newFile(target, "");
    OutputStream file = null;
    try {
      file = Files.newOutputStream(staging);
      this.out = compression.wrap(new BufferedOutputStream(file, 1 << 16));
    } catch (IOException | RuntimeException e) {
      if (file != null) {
        file.close();
      }
      Files.deleteIfExists(staging);
      throw e;
    }
  }

  /** A writer of an uncompressed file at {@code path}. */
  public static TFRecordWriter open(Path path) {
    return open(path, TFRecordCompression.NONE);
  }

  /**
   * A writer of a file at {@code path}, compressed as given.
   *
   * @throws IllegalArgumentException if {@code path} is a directory
   * @throws IllegalStateException if the temporary file cannot be created
   */
  public static TFRecordWriter open(Path path, TFRecordCompression compression) {
    Objects.requireNonNull(path, "path");
    Objects.requireNonNull(compression, "compression");
    Path absolute = path.toAbsolutePath().normalize();
    if (Files.isDirectory(absolute)) {
      throw new IllegalArgumentException("Cannot write a TFRecord file at " + absolute + ": it is a directory");
    }
    try {
      return new TFRecordWriter(absolute, compression);
    } catch (IOException e) {
      throw new IllegalStateException("Could not start writing " + absolute + ": " + e.getMessage(), e);
    }
  }

  /** Writes every record of {@code records} to a new file at {@code path}; on any failure {@code path} is untouched. */
  public static void write(Path path, TFRecordCompression compression, Iterable<byte[]> records) {
    TFRecordWriter writer = open(path, compression);
    try {
      for (byte[] record : records) {
        writer.write(record);
      }
    } catch (RuntimeException | Error e) {
      writer.abort();
      throw e;
    }
    writer.close();
  }

  /** Appends one record. */
  public void write(byte[] record) {
    Objects.requireNonNull(record, "record");
    checkOpen();
    try {
      out.write(TFRecordFraming.header(record.length));
      out.write(record);
      out.write(TFRecordFraming.footer(record));
      records++;
    } catch (IOException e) {
      throw new IllegalStateException("Could not write record " + records + " of " + target + ": " + e.getMessage(), e);
    }
  }

  /** Appends one serialized Example. */
  public void write(Example example) {
    write(example.toByteArray());
  }

  /** Appends one serialized SequenceExample. */
  public void write(SequenceExample example) {
    write(example.toByteArray());
  }

  /** How many records were written so far. */
  public long recordsWritten() {
    return records;
  }

  /** Drops everything written; the target file keeps its previous content (or stays absent). */
  public void abort() {
    if (closed) {
      return;
    }
    closed = true;
    try {
      out.close();
    } catch (IOException ignored) {
      // the staging file is deleted below either way
    } finally {
      deleteStaging();
    }
  }

  /**
   * Finishes the file and moves it into place.
   *
   * @throws IllegalStateException if it cannot be completed; the target is then untouched
   */
  @Override
  public void close() {
    if (closed) {
      return;
    }
    closed = true;
    try {
      out.close();
      try {
        Files.move(staging, target, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
      } catch (AtomicMoveNotSupportedException e) {
        Files.move(staging, target, StandardCopyOption.REPLACE_EXISTING);
      }
    } catch (IOException e) {
      throw new IllegalStateException("Could not finish " + target + ": " + e.getMessage(), e);
    } finally {
      deleteStaging();
    }
  }

  private void deleteStaging() {
    try {
      Files.deleteIfExists(staging);
    } catch (IOException ignored) {
      // left for the next write to the same target, which removes stale staging files
    }
  }

  private void checkOpen() {
    if (closed) {
      throw new IllegalStateException("The TFRecord writer of " + target + " is closed");
    }
  }
}
