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

  @Test
  void interleaveOverListedFiles() throws IOException {
    for (int i = 0; i < 3; i++) {
      writeRecords("part-" + i + ".tfrecord.gz", i, 4, TFRecordCompression.GZIP);
    }
    Dataset files = Dataset.listFiles(dir.resolve("part-*.tfrecord.gz").toString(), false, 0);
    Dataset records = files.interleave(f -> Dataset.tfRecord(f, TFRecordCompression.GZIP), 2, 2, 0);
    System.out.println(strings(records));
    Dataset parallel = files.interleave(f -> Dataset.tfRecord(f, TFRecordCompression.GZIP), 2, 2, Dataset.AUTOTUNE);
    System.out.println(strings(parallel));
  }
}
