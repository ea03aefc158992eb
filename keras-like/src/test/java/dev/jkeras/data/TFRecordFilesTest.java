package dev.jkeras.data;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.jkeras.CorruptRecordException;
import dev.jkeras.backend.Backends;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * TFRecord files: what {@link TFRecordWriter} writes, TensorFlow's own reader kernel reads back
 * (TensorFlow is the judge of the format), and damaged files fail in both readers with the file and
 * the same byte offset.
 */
class TFRecordFilesTest {
  @TempDir
  Path dir;

  private static List<byte[]> sampleRecords() {
    Random random = new Random(7);
    byte[] big = new byte[300_000];
    random.nextBytes(big);
    return List.of("first".getBytes(StandardCharsets.UTF_8), new byte[0], big,
        Example.builder().floats("x", 1f, 2f).int64s("y", 3).build().toByteArray());
  }

  private static List<byte[]> readByTensorFlow(Path file, TFRecordCompression compression) {
    return Backends.get().io().readTFRecords(file, compression.tfName());
  }

  private static void assertRecordsEqual(List<byte[]> expected, List<byte[]> actual) {
    assertEquals(expected.size(), actual.size(), "number of records");
    for (int i = 0; i < expected.size(); i++) {
      assertArrayEquals(expected.get(i), actual.get(i), "record " + i);
    }
  }

  @ParameterizedTest
  @EnumSource(TFRecordCompression.class)
  void tensorFlowReadsWhatTheWriterWrites(TFRecordCompression compression) {
    Path file = dir.resolve("data-" + compression + ".tfrecord");
    List<byte[]> records = sampleRecords();
    TFRecordWriter.write(file, compression, records);
    assertRecordsEqual(records, readByTensorFlow(file, compression));
    assertRecordsEqual(records, TFRecordReader.readAll(file, compression));
  }

  @Test
  void theFramingIsTensorFlowsByteForByte() throws IOException {
    Path file = dir.resolve("one.tfrecord");
    TFRecordWriter.write(file, TFRecordCompression.NONE, List.of("abc".getBytes(StandardCharsets.US_ASCII)));
    byte[] bytes = Files.readAllBytes(file);
    assertEquals(12 + 3 + 4, bytes.length);
    // length 3 little-endian, then the masked CRC32C of those 8 bytes, the data, the masked CRC32C of "abc"
    ByteBuffer buffer = ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN);
    assertEquals(3L, buffer.getLong());
    long crcOfAbc = 0x364b3fb7L; // CRC32C("abc") from RFC 3720's reference table
    int masked = (int) (((crcOfAbc >>> 15) | (crcOfAbc << 17)) + 0xa282ead8L);
    assertEquals(masked, buffer.getInt(15));
  }

  @Test
  void theWriterCountsRecordsAndReplacesTheTargetOnlyOnClose() throws IOException {
    Path file = dir.resolve("atomic.tfrecord");
    Files.writeString(file, "previous");
    try (TFRecordWriter writer = TFRecordWriter.open(file)) {
      writer.write(new byte[] {1});
      writer.write(Example.builder().int64s("a", 1).build());
      assertEquals(2, writer.recordsWritten());
      assertEquals("previous", Files.readString(file), "the target is untouched while writing");
    }
    assertEquals(2, TFRecordReader.readAll(file, TFRecordCompression.NONE).size());
    assertEquals(List.of(file), listDir(), "no temporary file is left");
  }

  @Test
  void aFailedWriteLeavesTheTargetAsItWas() throws IOException {
    Path file = dir.resolve("failed.tfrecord");
    Files.writeString(file, "previous");
    List<byte[]> records = new ArrayList<>(List.of(new byte[] {1}));
    records.add(null);
    assertThrows(NullPointerException.class, () -> TFRecordWriter.write(file, TFRecordCompression.GZIP, records));
    assertEquals("previous", Files.readString(file));
    assertEquals(List.of(file), listDir());

    TFRecordWriter aborted = TFRecordWriter.open(dir.resolve("never.tfrecord"));
    aborted.write(new byte[] {1, 2});
    aborted.abort();
    assertFalse(Files.exists(dir.resolve("never.tfrecord")));
    assertThrows(IllegalStateException.class, () -> aborted.write(new byte[] {3}));
    assertEquals(List.of(file), listDir());
  }

  private List<Path> listDir() throws IOException {
    try (Stream<Path> entries = Files.list(dir)) {
      return entries.toList();
    }
  }

  /** Three records of 10, 20 and 30 bytes (each framed in 16 more). */
  private Path threeRecords() {
    Path file = dir.resolve("three.tfrecord");
    TFRecordWriter.write(file, TFRecordCompression.NONE, List.of(new byte[10], new byte[20], new byte[30]));
    return file;
  }

  private static final long SECOND_RECORD = 12 + 10 + 4;
  private static final long SECOND_DATA = SECOND_RECORD + 12;

  private static void flipByte(Path file, long offset) throws IOException {
    byte[] bytes = Files.readAllBytes(file);
    bytes[(int) offset] ^= 0x40;
    Files.write(file, bytes);
  }

  @Test
  void aBadDataChecksumNamesTheFileAndOffsetInBothReaders() throws IOException {
    Path file = threeRecords();
    flipByte(file, SECOND_DATA + 5);
    try (TFRecordReader reader = TFRecordReader.open(file)) {
      assertArrayEquals(new byte[10], reader.next(), "the record before the damage is returned");
      CorruptRecordException e = assertThrows(CorruptRecordException.class, reader::next);
      assertEquals(SECOND_DATA, e.offset());
      assertEquals(file, e.file());
      assertTrue(e.getMessage().contains(file.toString()) && e.getMessage().contains("offset " + SECOND_DATA)
          && e.getMessage().contains("CRC32C"), e.getMessage());
      assertFalse(reader.hasNext(), "nothing is returned after the damage");
    }
    CorruptRecordException tf = assertThrows(CorruptRecordException.class,
        () -> readByTensorFlow(file, TFRecordCompression.NONE));
    assertEquals(SECOND_DATA, tf.offset(), tf.getMessage());
    assertTrue(tf.getMessage().contains(file.toString()), tf.getMessage());
  }

  @Test
  void aBadLengthChecksumNamesTheRecordsHeader() throws IOException {
    Path file = threeRecords();
    flipByte(file, SECOND_RECORD + 1);
    CorruptRecordException java = assertThrows(CorruptRecordException.class,
        () -> TFRecordReader.readAll(file, TFRecordCompression.NONE));
    assertEquals(SECOND_RECORD, java.offset());
    assertTrue(java.getMessage().contains("length"), java.getMessage());
    CorruptRecordException tf = assertThrows(CorruptRecordException.class,
        () -> readByTensorFlow(file, TFRecordCompression.NONE));
    assertEquals(SECOND_RECORD, tf.offset(), tf.getMessage());
  }

  @Test
  void aTruncatedRecordFailsInBothReaders() throws IOException {
    Path file = threeRecords();
    byte[] bytes = Files.readAllBytes(file);
    Files.write(file, Arrays.copyOf(bytes, (int) SECOND_DATA + 7));
    CorruptRecordException java = assertThrows(CorruptRecordException.class,
        () -> TFRecordReader.readAll(file, TFRecordCompression.NONE));
    assertEquals(SECOND_RECORD, java.offset());
    assertTrue(java.getMessage().contains("ends inside the record"), java.getMessage());
    CorruptRecordException tf = assertThrows(CorruptRecordException.class,
        () -> readByTensorFlow(file, TFRecordCompression.NONE));
    assertEquals(SECOND_RECORD, tf.offset(), tf.getMessage());

    Files.write(file, Arrays.copyOf(bytes, (int) SECOND_RECORD + 5));
    CorruptRecordException header = assertThrows(CorruptRecordException.class,
        () -> TFRecordReader.readAll(file, TFRecordCompression.NONE));
    assertEquals(SECOND_RECORD, header.offset());
    assertTrue(header.getMessage().contains("header"), header.getMessage());
  }

  @Test
  void offsetsInCompressedFilesCountUncompressedBytesInBothReaders() throws IOException {
    Path plain = threeRecords();
    flipByte(plain, SECOND_DATA + 3);
    byte[] damaged = Files.readAllBytes(plain);
    Path file = dir.resolve("damaged.tfrecord.zlib");
    try (var out = new java.util.zip.DeflaterOutputStream(Files.newOutputStream(file))) {
      out.write(damaged);
    }
    assertEquals(SECOND_DATA, assertThrows(CorruptRecordException.class,
        () -> TFRecordReader.readAll(file, TFRecordCompression.ZLIB)).offset());
    assertEquals(SECOND_DATA, assertThrows(CorruptRecordException.class,
        () -> readByTensorFlow(file, TFRecordCompression.ZLIB)).offset());
  }

  @Test
  void aTruncatedCompressedFileFails() throws IOException {
    Path file = dir.resolve("cut.tfrecord.gz");
    TFRecordWriter.write(file, TFRecordCompression.GZIP, sampleRecords());
    byte[] bytes = Files.readAllBytes(file);
    Files.write(file, Arrays.copyOf(bytes, bytes.length / 2));
    CorruptRecordException e = assertThrows(CorruptRecordException.class,
        () -> TFRecordReader.readAll(file, TFRecordCompression.GZIP));
    assertTrue(e.getMessage().contains(file.toString()), e.getMessage());
    assertThrows(IllegalArgumentException.class, () -> readByTensorFlow(file, TFRecordCompression.GZIP));
  }

  @Test
  void aLengthClaimingMoreThanTheFileHoldsFailsWithoutAllocatingIt() throws IOException {
    Path file = dir.resolve("hostile.tfrecord");
    byte[] header = TFRecordFraming.header(Integer.MAX_VALUE - 100L);
    Files.write(file, header);
    CorruptRecordException e = assertThrows(CorruptRecordException.class,
        () -> TFRecordReader.readAll(file, TFRecordCompression.NONE));
    assertEquals(0, e.offset());

    Files.write(file, TFRecordFraming.header(Long.MAX_VALUE));
    assertEquals(0, assertThrows(CorruptRecordException.class,
        () -> TFRecordReader.readAll(file, TFRecordCompression.NONE)).offset());
  }

  @Test
  void theWrongCompressionAndMissingFilesAreNamed() {
    Path file = dir.resolve("plain.tfrecord");
    TFRecordWriter.write(file, TFRecordCompression.NONE, sampleRecords());
    IllegalArgumentException gzip = assertThrows(IllegalArgumentException.class,
        () -> TFRecordReader.readAll(file, TFRecordCompression.GZIP));
    assertTrue(gzip.getMessage().contains(file.toString()), gzip.getMessage());
    assertThrows(IllegalArgumentException.class, () -> readByTensorFlow(file, TFRecordCompression.ZLIB));

    Path missing = dir.resolve("missing.tfrecord");
    IllegalArgumentException java = assertThrows(IllegalArgumentException.class,
        () -> TFRecordReader.readAll(missing, TFRecordCompression.NONE));
    assertTrue(java.getMessage().contains("missing.tfrecord"), java.getMessage());
    IllegalArgumentException tf = assertThrows(IllegalArgumentException.class,
        () -> readByTensorFlow(missing, TFRecordCompression.NONE));
    assertTrue(tf.getMessage().contains("missing.tfrecord"), tf.getMessage());
  }

  @Test
  void compressionNamesAreTensorFlows() {
    assertEquals(TFRecordCompression.GZIP, TFRecordCompression.of("gzip"));
    assertEquals(TFRecordCompression.NONE, TFRecordCompression.of(""));
    assertEquals("ZLIB", TFRecordCompression.ZLIB.tfName());
    assertThrows(IllegalArgumentException.class, () -> TFRecordCompression.of("bz2"));
  }
}
