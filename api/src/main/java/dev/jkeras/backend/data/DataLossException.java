package dev.jkeras.backend.data;

/**
 * A dataset's file reader found damaged data (TensorFlow's {@code DataLoss}: a TFRecord checksum that
 * does not match, or a record cut short). TensorFlow's kernel gives the byte offset but not the file;
 * the dataset that knows its files turns it into a {@code CorruptRecordException} naming the file.
 */
public class DataLossException extends IllegalStateException {
  private final long offset;

  /** @param offset the byte offset TensorFlow reports, or -1 when its message gives none */
  public DataLossException(String message, long offset, Throwable cause) {
    super(message, cause);
    this.offset = offset;
  }

  /** The byte offset of the damaged part in the uncompressed stream, or -1 if unknown. */
  public long offset() {
    return offset;
  }
}
