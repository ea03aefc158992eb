package dev.jkeras.datasets;

import java.io.FileNotFoundException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;

/**
 * The four IDX files of MNIST and Fashion-MNIST, under the names Keras and the original sites use, and
 * how they are read from a directory or from the class path.
 */
final class IdxSplits {
  static final String TRAIN_LABELS = "train-labels-idx1-ubyte.gz";
  static final String TRAIN_IMAGES = "train-images-idx3-ubyte.gz";
  static final String TEST_LABELS = "t10k-labels-idx1-ubyte.gz";
  static final String TEST_IMAGES = "t10k-images-idx3-ubyte.gz";
  /** The four names, in the order Keras downloads them. */
  static final List<String> FILE_NAMES = List.of(TRAIN_LABELS, TRAIN_IMAGES, TEST_LABELS, TEST_IMAGES);

  private IdxSplits() {}

  /** Reads the four files named {@link #FILE_NAMES}, from {@code files}, which maps a name to its file. */
  static TrainTestData read(Function<String, DataFile> files, DataSource source) {
    Dataset train = read(files.apply(TRAIN_IMAGES), files.apply(TRAIN_LABELS));
    Dataset test = read(files.apply(TEST_IMAGES), files.apply(TEST_LABELS));
    return new TrainTestData(train, test, source);
  }

  /**
   * Reads the four files from {@code dir}; each may also be there uncompressed, without its
   * {@code .gz}.
   *
   * @throws IllegalArgumentException naming the missing files if some are in neither form
   */
  static TrainTestData readDirectory(Path dir, String datasetName, DataSource source) {
    List<String> missing = new ArrayList<>();
    for (String name : FILE_NAMES) {
      if (find(dir, name) == null) {
        missing.add(name);
      }
    }
    if (!missing.isEmpty()) {
      throw new IllegalArgumentException("No " + datasetName + " in " + dir + ": missing " + String.join(", ", missing)
          + " (each may also be uncompressed, without .gz)");
    }
    return read(name -> DataFile.of(find(dir, name)), source);
  }

  /**
   * Reads the four files as resources {@code resourceDir/<name>} of {@code loader}.
   *
   * @throws IllegalArgumentException naming the missing resources if some are absent
   */
  static TrainTestData readClasspath(ClassLoader loader, String resourceDir, String datasetName) {
    String dir = resourceDir.replaceAll("^/+|/+$", "");
    List<String> missing = FILE_NAMES.stream().map(n -> dir + "/" + n).filter(r -> loader.getResource(r) == null).toList();
    if (!missing.isEmpty()) {
      throw new IllegalArgumentException("No " + datasetName + " on the class path under '" + dir + "': missing "
          + String.join(", ", missing) + ". Is the jar or directory holding them on the class path?");
    }
    return read(name -> new DataFile("classpath:" + dir + "/" + name, () -> open(loader, dir + "/" + name)),
        DataSource.of(DataSource.Kind.CLASSPATH, dir));
  }

  private static InputStream open(ClassLoader loader, String resource) throws IOException {
    InputStream in = loader.getResourceAsStream(resource);
    if (in == null) {
      throw new FileNotFoundException("classpath resource " + resource);
    }
    return in;
  }

  private static Path find(Path dir, String name) {
    Path gz = dir.resolve(name);
    if (Files.isRegularFile(gz)) {
      return gz;
    }
    Path plain = dir.resolve(name.substring(0, name.length() - ".gz".length()));
    return Files.isRegularFile(plain) ? plain : null;
  }

  private static Dataset read(DataFile images, DataFile labels) {
    Uint8Array x = IdxReader.read(images, 3);
    Uint8Array y = IdxReader.read(labels, 1);
    if (x.shape().get(0) != y.shape().get(0)) {
      throw new IllegalStateException("The IDX files do not match: " + images.name() + " holds " + x.shape().get(0)
          + " images but " + labels.name() + " holds " + y.shape().get(0) + " labels");
    }
    return new Dataset(x.toImages(), y.toLabels());
  }
}
