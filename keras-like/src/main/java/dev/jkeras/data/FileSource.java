package dev.jkeras.data;

import dev.jkeras.KerasTensor;
import dev.jkeras.backend.data.DatasetHandle;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.tensorflow.ndarray.NdArrays;

/**
 * A source reading files with a tf.data kernel: TFRecordDataset ({@code Dataset.tfRecord}) or
 * TextLineDataset ({@code Dataset.textLine}). The files are either paths known when the dataset is
 * described (checked then, fed when the pipeline starts) or a string tensor (inside an {@code
 * interleave} function, the filename it receives).
 */
record FileSource(Kind kind, List<Path> files, KerasTensor filenames, TFRecordCompression compression,
    long bufferSize) implements DatasetNode {

  /** The kernel that reads the files. */
  enum Kind {
    TF_RECORD("tfRecord", "TFRecord"),
    TEXT_LINE("textLine", "text");

    private final String factory;
    private final String what;

    Kind(String factory, String what) {
      this.factory = factory;
      this.what = what;
    }
  }

  FileSource {
    if (compression == null) {
      throw new IllegalArgumentException(kind.factory + ": compression must not be null; use TFRecordCompression.NONE");
    }
    if (bufferSize <= 0) {
      throw new IllegalArgumentException(kind.factory + ": bufferSize must be positive (bytes), got " + bufferSize);
    }
    if (files != null) {
      files = List.copyOf(files);
      if (files.isEmpty()) {
        throw new IllegalArgumentException(kind.factory + " needs at least one file");
      }
      files.forEach(file -> requireReadable(file, kind.what));
    }
  }

  /** Fails naming {@code file} unless it is a readable regular file. */
  static void requireReadable(Path file, String what) {
    if (!Files.exists(file)) {
      throw new IllegalArgumentException("No " + what + " file at " + file.toAbsolutePath() + "; check the path");
    }
    if (!Files.isRegularFile(file)) {
      throw new IllegalArgumentException("The " + what + " file " + file.toAbsolutePath()
          + " is not a regular file (a directory?); give the files themselves or use Dataset.listFiles");
    }
    if (!Files.isReadable(file)) {
      throw new IllegalArgumentException("The " + what + " file " + file.toAbsolutePath()
          + " is not readable; check its permissions");
    }
  }

  @Override
  public DatasetHandle build(PipelineBuild build) {
    if (files != null) {
      build.readsFiles(files);
    }
    if (kind == Kind.TF_RECORD) {
      build.readsRecords(compression);
    }
    KerasTensor names = filenames != null ? filenames : build.feed("filenames",
        NdArrays.vectorOfObjects(files.stream().map(Path::toString).toArray(String[]::new)));
    return kind == Kind.TF_RECORD
        ? build.datasets().tfRecord(names, compression.tfName(), bufferSize)
        : build.datasets().textLine(names, compression.tfName(), bufferSize);
  }
}
