package dev.jkeras.data;

import dev.jkeras.CorruptRecordException;
import dev.jkeras.backend.data.DataLossException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;

/**
 * The files a built pipeline reads (the paths of its file sources and of {@code listFiles}) and the
 * compressions of its TFRecord sources. TensorFlow's TFRecord kernel reports damage by offset only;
 * {@link #locate} reads the candidate files with {@link TFRecordReader} to name the damaged one.
 */
record PipelineFiles(List<Path> files, List<TFRecordCompression> recordCompressions) {

  PipelineFiles {
    files = List.copyOf(new LinkedHashSet<>(files));
    recordCompressions = List.copyOf(recordCompressions);
  }

  static PipelineFiles none() {
    return new PipelineFiles(List.of(), List.of());
  }

  /** Both pipelines' files. */
  PipelineFiles and(PipelineFiles other) {
    List<Path> all = new ArrayList<>(files);
    all.addAll(other.files);
    List<TFRecordCompression> compressions = new ArrayList<>(recordCompressions);
    other.recordCompressions.stream().filter(c -> !compressions.contains(c)).forEach(compressions::add);
    return new PipelineFiles(all, compressions);
  }

  /**
   * The {@link CorruptRecordException} naming the file TensorFlow found damaged at {@code loss}'s
   * offset (the first candidate whose own reading fails there), or, when none is found, {@code loss}
   * with the candidates listed.
   */
  RuntimeException locate(DataLossException loss) {
    for (Path file : files) {
      for (TFRecordCompression compression : recordCompressions) {
        CorruptRecordException damage = damageIn(file, compression);
        if (damage != null && (loss.offset() < 0 || damage.offset() == loss.offset())) {
          return new CorruptRecordException(file, damage.offset(), "TensorFlow's reader stopped with \""
              + loss.getMessage().lines().findFirst().orElse("") + "\"", loss);
        }
      }
    }
    return new IllegalStateException("A TFRecord file of the dataset is damaged: " + loss.getMessage()
        + (files.isEmpty() ? "" : " (the dataset reads " + files + "; none of them fails there when read again)")
        + ". Check the files, or write them again", loss);
  }

  private static CorruptRecordException damageIn(Path file, TFRecordCompression compression) {
    try (TFRecordReader reader = TFRecordReader.open(file, compression)) {
      while (reader.hasNext()) {
        reader.next();
      }
      return null;
    } catch (CorruptRecordException e) {
      return e;
    } catch (RuntimeException e) {
      return null;  // not readable with this compression (or gone): not the damaged file
    }
  }
}
