package dev.jkeras;

import java.nio.file.Path;

/**
 * A record file (TFRecord) that cannot be read past a point: a checksum that does not match or a record
 * cut short. Names the file and the byte offset (in the uncompressed stream) of the part that failed, so
 * the rest of the file can be inspected or the file written again. Readers throw it instead of returning
 * anything from the damaged part.
 */
public final class CorruptRecordException extends IllegalArgumentException {
  private final Path file;
  private final long offset;

  /**
   * @param file the file being read
   * @param offset the byte offset of the damaged part, counted in the uncompressed stream
   * @param problem what is wrong there, e.g. {@code "the record's data fails its CRC32C check"}
   */
  public CorruptRecordException(Path file, long offset, String problem) {
    this(file, offset, problem, null);
  }

  public CorruptRecordException(Path file, long offset, String problem, Throwable cause) {
    super("Corrupt TFRecord file " + file + " at byte offset " + offset + ": " + problem
        + ". No record from that point on was returned; write the file again, or read only the records before"
        + " this offset", cause);
    this.file = file;
    this.offset = offset;
  }

  /** The file that is damaged. */
  public Path file() {
    return file;
  }

  /** The byte offset of the damaged part, in the uncompressed stream of records. */
  public long offset() {
    return offset;
  }
}
