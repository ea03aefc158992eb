package dev.jkeras.datasets;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * MNIST, {@code keras.datasets.mnist}: 70,000 28x28 grayscale images of handwritten digits 0..9, 60,000
 * for training and 10,000 for testing.
 *
 * <pre>{@code
 * var data = Mnist.loadData();
 * ByteNdArray xTrain = data.train().x();   // (60000, 28, 28), unsigned pixels 0..255
 * IntNdArray yTrain = data.train().y();    // (60000)
 * }</pre>
 *
 * <p>Keras keeps it as one NumPy file, {@code mnist.npz}, holding the uint8 arrays {@code x_train},
 * {@code y_train}, {@code x_test} and {@code y_test}. The four IDX files of the original site ({@code
 * train-images-idx3-ubyte.gz} and so on) are read as well, from a {@code mnist/} directory.
 */
public final class Mnist {
  /** The SHA-256 Keras checks {@code mnist.npz} against. */
  static final String NPZ_SHA256 = "731c5ac602752760c8e48fbffcf8c3b850d9dc2a2aedcf2cc48468fc17b673d1";
  static final String NPZ_NAME = "mnist.npz";
  static final String IDX_SUBDIRECTORY = "mnist";
  static final DatasetFiles FILES = files(NPZ_SHA256);
  private static final String NAME = "MNIST";
  private static final List<String> NPZ_ARRAYS = List.of("x_train", "y_train", "x_test", "y_test");

  private Mnist() {}

  /**
   * Loads MNIST as Keras's {@code mnist.load_data()} does, looking in these datasets directories for
   * {@code mnist.npz}, or else for {@code mnist/} holding the four IDX files:
   *
   * <ol>
   *   <li>Keras's cache, {@code ~/.keras/datasets} ({@code $KERAS_HOME/datasets} when set);
   *   <li>{@code /usr/share/datasets};
   *   <li>jkeras's cache, {@code ~/.jkeras/datasets} ({@code $JKERAS_HOME/datasets} when set);
   * </ol>
   *
   * and otherwise downloading {@code mnist.npz} from Keras's server into jkeras's cache, checking its
   * SHA-256, with a progress bar on standard error.
   *
   * @throws IllegalStateException if the data is nowhere and cannot be downloaded; the message lists
   *     the places looked and how to get the file; or if a file found is corrupt
   */
  public static TrainTestData loadData() {
    return loadData(DatasetLocator.defaults());
  }

  /** As {@link #loadData()}, searching and downloading where {@code locator} says. */
  public static TrainTestData loadData(DatasetLocator locator) {
    return load(locator, FILES);
  }

  /**
   * Loads MNIST from {@code dir}: its {@code mnist.npz} if it has one, otherwise its four IDX files
   * (each possibly uncompressed, without {@code .gz}).
   *
   * @throws IllegalArgumentException if neither is there
   * @throws IllegalStateException if a file is corrupt
   */
  public static TrainTestData fromDirectory(Path dir) {
    Objects.requireNonNull(dir, "dir");
    Path npz = dir.resolve(NPZ_NAME);
    if (Files.isRegularFile(npz)) {
      return fromNpz(npz);
    }
    return IdxSplits.readDirectory(dir, NAME + " (" + NPZ_NAME + " or IDX files)",
        DataSource.of(DataSource.Kind.DIRECTORY, dir.toString()));
  }

  /**
   * Loads a Keras-style {@code mnist.npz}: uint8 arrays {@code x_train}, {@code y_train}, {@code
   * x_test}, {@code y_test} in C order.
   *
   * @throws IllegalStateException if the file is not such an archive
   */
  public static TrainTestData fromNpz(Path file) {
    Objects.requireNonNull(file, "file");
    return readNpz(file, DataSource.of(DataSource.Kind.DIRECTORY, file.toString()));
  }

  static TrainTestData load(DatasetLocator locator, DatasetFiles files) {
    DatasetLocator.Located found = locator.locate(files);
    List<Path> paths = found.files();
    if (found.layout() == files.downloadLayout()) {
      return readNpz(paths.get(0), found.source());
    }
    return IdxSplits.read(name -> DataFile.of(paths.get(IdxSplits.FILE_NAMES.indexOf(name))), found.source());
  }

  /** The data set's layouts, {@code mnist.npz} downloadable with the given checksum. */
  static DatasetFiles files(String npzSha256) {
    FileSet npz = FileSet.of(RemoteFile.withFileHash(NPZ_NAME, npzSha256));
    FileSet idx = new FileSet(IdxSplits.FILE_NAMES.stream()
        .map(name -> RemoteFile.localOnly(IDX_SUBDIRECTORY + "/" + name)).toList());
    return new DatasetFiles(NAME, List.of(npz, idx),
        "To get it: copy mnist.npz (from " + DatasetLocator.KERAS_BASE_URL + NPZ_NAME
            + ") into ~/.keras/datasets/, or the four MNIST IDX files (" + String.join(", ", IdxSplits.FILE_NAMES)
            + ") into ~/.keras/datasets/mnist/.");
  }

  private static TrainTestData readNpz(Path file, DataSource source) {
    Map<String, Uint8Array> arrays = NpzReader.read(file, NPZ_ARRAYS);
    return new TrainTestData(
        split(file, arrays.get("x_train"), arrays.get("y_train"), "train"),
        split(file, arrays.get("x_test"), arrays.get("y_test"), "test"),
        source);
  }

  private static Dataset split(Path file, Uint8Array x, Uint8Array y, String split) {
    if (x.shape().numDimensions() != 3 || y.shape().numDimensions() != 1 || x.shape().get(0) != y.shape().get(0)) {
      throw new IllegalStateException("The .npz file " + file + " has x_" + split + " of shape " + x.shape()
          + " and y_" + split + " of shape " + y.shape() + "; expected (n, rows, cols) images and (n) labels."
          + " Delete it and fetch it again.");
    }
    return new Dataset(x.toImages(), y.toLabels());
  }
}
