package dev.jkeras.data;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.jkeras.CorruptRecordException;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.tensorflow.ndarray.NdArray;

/** Datasets from files: TFRecord and text sources, listFiles and interleave, on TensorFlow's kernels. */
class DatasetFilesTest {
  @TempDir
  Path dir;

  /** Writes file {@code i} of {@code n} records "f{i}-r{j}". */
  private Path writeRecords(String name, int file, int records, TFRecordCompression compression) throws IOException {
    Path path = dir.resolve(name);
    try (var writer = TFRecordWriter.open(path, compression)) {
      for (int j = 0; j < records; j++) {
        writer.write(("f" + file + "-r" + j).getBytes(StandardCharsets.UTF_8));
      }
    }
    return path;
  }

  private static List<String> strings(Dataset dataset) {
    List<String> out = new ArrayList<>();
    for (List<NdArray<?>> element : dataset) {
      Object value = element.get(0).getObject();
      out.add(value instanceof byte[] b ? new String(b, StandardCharsets.UTF_8) : value.toString());
    }
    return out;
  }

  @Test
  void tfRecordReadsFilesInOrder() throws IOException {
    Path a = writeRecords("a.tfrecord", 0, 2, TFRecordCompression.NONE);
    Path b = writeRecords("b.tfrecord", 1, 3, TFRecordCompression.NONE);
    assertEquals(List.of("f0-r0", "f0-r1", "f1-r0", "f1-r1", "f1-r2"), strings(Dataset.tfRecord(a, b)));
  }

  private void writeParts(int files, int records, TFRecordCompression compression) throws IOException {
    for (int i = 0; i < files; i++) {
      writeRecords("part-" + i + ".tfrecord", i, records, compression);
    }
  }

  @Test
  void interleaveReadsCycleLengthFilesBlockLengthAtATime() throws IOException {
    writeParts(3, 4, TFRecordCompression.GZIP);
    Dataset files = Dataset.listFiles(dir.resolve("part-*.tfrecord").toString(), false, 0);
    // tf.data's order for cycle_length=2, block_length=2: two files in turn, the third when one ends.
    List<String> expected = List.of("f0-r0", "f0-r1", "f1-r0", "f1-r1", "f0-r2", "f0-r3", "f1-r2", "f1-r3",
        "f2-r0", "f2-r1", "f2-r2", "f2-r3");
    assertEquals(expected, strings(files.interleave(f -> Dataset.tfRecord(f, TFRecordCompression.GZIP), 2, 2, 0)));
    assertEquals(expected, strings(files.interleave(f -> Dataset.tfRecord(f, TFRecordCompression.GZIP), 2, 2,
        Dataset.AUTOTUNE)), "the parallel interleave keeps the order");
    assertEquals(12, files.interleave(f -> Dataset.tfRecord(f, TFRecordCompression.GZIP), Dataset.AUTOTUNE, 1, 2)
        .toList().size());
  }

  @Test
  void interleaveOfTextLines() throws IOException {
    Files.writeString(dir.resolve("a.txt"), "a1\na2\n");
    Files.writeString(dir.resolve("b.txt"), "b1\nb2\nb3");
    Dataset lines = Dataset.listFiles(dir.resolve("*.txt").toString(), false, 0).interleave(Dataset::textLine, 2);
    assertEquals(List.of("a1", "b1", "a2", "b2", "b3"), strings(lines));
    assertEquals(List.of("b1", "b2", "b3"), strings(Dataset.textLine(dir.resolve("b.txt"))));
  }

  @Test
  void flatMapReadsTheFilesOneAfterAnother() throws IOException {
    Files.writeString(dir.resolve("a.txt"), "a1\na2\n");
    Files.writeString(dir.resolve("b.txt"), "b1\nb2\nb3");
    Dataset files = Dataset.listFiles(dir.resolve("*.txt").toString(), false, 0);
    assertEquals(List.of("a1", "a2", "b1", "b2", "b3"), strings(files.flatMap(Dataset::textLine)));
    assertEquals(strings(Dataset.textLine(dir.resolve("a.txt"), dir.resolve("b.txt"))),
        strings(files.flatMap(Dataset::textLine)));
  }

  @Test
  void flatMapFunctionReturningNullFailsClearly() throws IOException {
    Files.writeString(dir.resolve("a.txt"), "a1\n");
    Dataset files = Dataset.listFiles(dir.resolve("*.txt").toString(), false, 0);
    var e = org.junit.jupiter.api.Assertions.assertThrows(IllegalArgumentException.class,
        () -> files.flatMap(f -> null));
    org.junit.jupiter.api.Assertions.assertTrue(e.getMessage().contains("must return a Dataset"), e.getMessage());
  }

  @Test
  void listFilesShufflesSeededAndKeepsEveryFile() throws IOException {
    writeParts(6, 1, TFRecordCompression.NONE);
    String pattern = dir.resolve("part-?.tfrecord").toString();
    List<String> sorted = strings(Dataset.listFiles(pattern, false, 0));
    assertEquals(6, sorted.size());
    assertTrue(sorted.get(0).endsWith("part-0.tfrecord") && sorted.get(5).endsWith("part-5.tfrecord"), "sorted");
    List<String> shuffled = strings(Dataset.listFiles(pattern, true, 42));
    assertEquals(shuffled, strings(Dataset.listFiles(pattern, true, 42)), "the same seed, the same order");
    assertEquals(new java.util.TreeSet<>(sorted), new java.util.TreeSet<>(shuffled));
  }

  @Test
  void patternMatchingNothingFailsNamingIt() {
    String pattern = dir.resolve("nothing-*.tfrecord").toString();
    var e = assertThrows(IllegalArgumentException.class, () -> Dataset.listFiles(pattern, false, 0));
    assertTrue(e.getMessage().contains("No files matched pattern: " + pattern), e.getMessage());
  }

  @Test
  void missingOrUnreadableFileFailsNamingIt() throws IOException {
    Path missing = dir.resolve("missing.tfrecord");
    var e = assertThrows(IllegalArgumentException.class, () -> Dataset.tfRecord(missing));
    assertTrue(e.getMessage().contains(missing.toString()), e.getMessage());
    var text = assertThrows(IllegalArgumentException.class, () -> Dataset.textLine(dir));
    assertTrue(text.getMessage().contains(dir.toString()), text.getMessage());

    Path gone = writeRecords("gone.tfrecord", 0, 1, TFRecordCompression.NONE);
    Dataset dataset = Dataset.tfRecord(gone);
    Files.delete(gone);
    var atRun = assertThrows(IllegalStateException.class, () -> strings(dataset));
    assertTrue(atRun.getMessage().contains(gone.toString()), atRun.getMessage());
  }

  /** Flips a byte of the first record's data ("fN-r0" at offset 12), so TensorFlow reports the record at 12. */
  static void damageFirstRecord(Path file) throws IOException {
    byte[] bytes = Files.readAllBytes(file);
    bytes[14] ^= 0x55;
    Files.write(file, bytes);
  }

  @Test
  void corruptRecordThroughInterleaveNamesFileAndOffset() throws IOException {
    writeParts(3, 3, TFRecordCompression.NONE);
    Path damaged = dir.resolve("part-1.tfrecord");
    damageFirstRecord(damaged);
    Dataset records = Dataset.listFiles(dir.resolve("part-*.tfrecord").toString(), true, 7)
        .interleave(f -> Dataset.tfRecord(f, TFRecordCompression.NONE), 2, 1, Dataset.AUTOTUNE);
    var e = assertThrows(CorruptRecordException.class, () -> strings(records));
    assertEquals(damaged, e.file());
    assertEquals(12, e.offset());
    assertTrue(e.getMessage().contains(damaged.toString()) && e.getMessage().contains("offset 12"), e.getMessage());
  }

  @Test
  void truncatedFileNamesFileAndOffset() throws IOException {
    Path file = writeRecords("cut.tfrecord", 0, 3, TFRecordCompression.NONE);
    byte[] bytes = Files.readAllBytes(file);
    Files.write(file, java.util.Arrays.copyOf(bytes, bytes.length - 3));
    var e = assertThrows(CorruptRecordException.class, () -> strings(Dataset.tfRecord(file)));
    assertEquals(file, e.file());
    assertEquals(2 * 21, e.offset(), e.getMessage());
  }
}
