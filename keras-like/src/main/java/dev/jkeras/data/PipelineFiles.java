package dev.jkeras.data;

import dev.jkeras.CorruptRecordException;
import dev.jkeras.DamagedImageException;
import dev.jkeras.backend.Backends;
import dev.jkeras.ops.ImageOps;
import dev.jkeras.ops.Ops;
import org.tensorflow.ndarray.NdArrays;
import dev.jkeras.backend.data.DataLossException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;

/**
 * The files a built pipeline reads (the paths of its file sources and of {@code listFiles}), the
 * compressions of its TFRecord sources and the image files it decodes. TensorFlow's TFRecord kernel
 * reports damage by offset only, and its image decoders name no file; {@link #locate} reads the
 * candidate files again ({@link TFRecordReader}, TensorFlow's image decoder) to name the damaged one.
 */
record PipelineFiles(List<Path> files, List<TFRecordCompression> recordCompressions, List<Path> images) {

  PipelineFiles {
    files = List.copyOf(new LinkedHashSet<>(files));
    recordCompressions = List.copyOf(recordCompressions);
    images = List.copyOf(new LinkedHashSet<>(images));
  }

  static PipelineFiles none() {
    return new PipelineFiles(List.of(), List.of(), List.of());
  }

  /** Both pipelines' files. */
  PipelineFiles and(PipelineFiles other) {
    List<Path> all = new ArrayList<>(files);
    all.addAll(other.files);
    List<TFRecordCompression> compressions = new ArrayList<>(recordCompressions);
    other.recordCompressions.stream().filter(c -> !compressions.contains(c)).forEach(compressions::add);
    List<Path> allImages = new ArrayList<>(images);
    allImages.addAll(other.images);
    return new PipelineFiles(all, compressions, allImages);
  }

  /**
   * The {@link CorruptRecordException} naming the file TensorFlow found damaged at {@code loss}'s
   * offset (the first candidate whose own reading fails there), or, when none is found, {@code loss}
   * with the candidates listed.
   */
  RuntimeException locate(DataLossException loss) {
    if (loss.offset() < 0 && !images.isEmpty()) {
      for (Path image : images) {
        String problem = decodingProblem(image);
        if (problem != null) {
          return new DamagedImageException(image, problem, loss);
        }
      }
    }
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

  /** What TensorFlow's decoder (as the pipeline runs it) says of {@code image}, or null if it decodes. */
  private static String decodingProblem(Path image) {
    try {
      Backends.get().eager(() -> List.of(ImageOps.decodeImage(
          ImageOps.readFile(Ops.convertToTensor(NdArrays.scalarOfObject(image.toString()))), 0, false)));
      return null;
    } catch (RuntimeException e) {
      String message = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
      return message.lines().findFirst().orElse(message);
    }
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
