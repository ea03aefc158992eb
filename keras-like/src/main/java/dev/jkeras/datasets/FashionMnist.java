package dev.jkeras.datasets;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * Fashion-MNIST, {@code keras.datasets.fashion_mnist}: 70,000 28x28 grayscale images of clothes in 10
 * classes (0 T-shirt/top, 1 Trouser, 2 Pullover, 3 Dress, 4 Coat, 5 Sandal, 6 Shirt, 7 Sneaker, 8 Bag,
 * 9 Ankle boot), 60,000 for training and 10,000 for testing.
 *
 * <pre>{@code
 * var data = FashionMnist.loadData();
 * ByteNdArray xTrain = data.train().x();   // (60000, 28, 28), unsigned pixels 0..255
 * IntNdArray yTrain = data.train().y();    // (60000)
 * System.out.println("Fashion-MNIST from " + data.source());
 * }</pre>
 *
 * <p>The data is four gzip-compressed IDX files: {@code train-labels-idx1-ubyte.gz}, {@code
 * train-images-idx3-ubyte.gz}, {@code t10k-labels-idx1-ubyte.gz} and {@code t10k-images-idx3-ubyte.gz}
 * (Zalando Research, MIT licence).
 */
public final class FashionMnist {
  /** The data set's directory under a datasets directory, as in Keras. */
  static final String SUBDIRECTORY = "fashion-mnist";
  /**
   * SHA-256 of each file's gunzipped content. The files Keras serves and those Debian ships are
   * compressed differently but hold the same bytes, so the hash of the content checks both.
   */
  static final Map<String, String> CONTENT_SHA256 = Map.of(
      IdxSplits.TRAIN_LABELS, "bad3541b69d912435c50bb6ba87bec294ff4f6a2e1246121d8633921760443d9",
      IdxSplits.TRAIN_IMAGES, "c59f468a2f672dc815687fe0f83887768d799fd8a3f3276145d20f83aa44d888",
      IdxSplits.TEST_LABELS, "0402a96d92fd2663957122ceb108a494c5af83dab82d92729df917d7dec38c34",
      IdxSplits.TEST_IMAGES, "5b4141f0afbad91edebe8549f8fcffe087ea10ca49f1dbef5c9a5cd8815ce37b");
  static final DatasetFiles FILES = files(CONTENT_SHA256);
  private static final String NAME = "Fashion-MNIST";

  private FashionMnist() {}

  /**
   * Loads Fashion-MNIST as Keras's {@code fashion_mnist.load_data()} does, looking in these
   * directories for {@code fashion-mnist/} with the four files:
   *
   * <ol>
   *   <li>Keras's cache, {@code ~/.keras/datasets} ({@code $KERAS_HOME/datasets} when set);
   *   <li>{@code /usr/share/datasets}, from Debian's {@code apt-get install dataset-fashion-mnist};
   *   <li>jkeras's cache, {@code ~/.jkeras/datasets} ({@code $JKERAS_HOME/datasets} when set);
   * </ol>
   *
   * and otherwise downloading them from Keras's server into jkeras's cache, with a progress bar on
   * standard error.
   *
   * @throws IllegalStateException if the files are nowhere and cannot be downloaded; the message
   *     lists the places looked and how to install the files; or if a file found is corrupt
   */
  public static TrainTestData loadData() {
    return loadData(DatasetLocator.defaults());
  }

  /** As {@link #loadData()}, searching and downloading where {@code locator} says. */
  public static TrainTestData loadData(DatasetLocator locator) {
    return load(locator, FILES);
  }

  /**
   * Loads the four files from {@code dir}; each may also be uncompressed, without {@code .gz}. The
   * files may hold any number of images, such as a subset of the full data.
   *
   * @throws IllegalArgumentException if a file is missing
   * @throws IllegalStateException if a file is corrupt
   */
  public static TrainTestData fromDirectory(Path dir) {
    Objects.requireNonNull(dir, "dir");
    return IdxSplits.readDirectory(dir, NAME, DataSource.of(DataSource.Kind.DIRECTORY, dir.toString()));
  }

  /**
   * Loads the four files from class-path resources under {@code resourceDir}, with the context class
   * loader (or this class's). The samples module ships the first 6,000 training and 1,000 test
   * images this way: {@code FashionMnist.fromClasspath("datasets/fashion-mnist-subset")}.
   *
   * @param resourceDir the resources' directory, e.g. {@code "datasets/fashion-mnist-subset"}; a
   *     leading '/' is ignored
   * @throws IllegalArgumentException if a resource is missing
   * @throws IllegalStateException if a file is corrupt
   */
  public static TrainTestData fromClasspath(String resourceDir) {
    ClassLoader context = Thread.currentThread().getContextClassLoader();
    return fromClasspath(resourceDir, context != null ? context : FashionMnist.class.getClassLoader());
  }

  /** As {@link #fromClasspath(String)}, with the given class loader. */
  public static TrainTestData fromClasspath(String resourceDir, ClassLoader loader) {
    Objects.requireNonNull(resourceDir, "resourceDir");
    Objects.requireNonNull(loader, "loader");
    return IdxSplits.readClasspath(loader, resourceDir, NAME);
  }

  static TrainTestData load(DatasetLocator locator, DatasetFiles files) {
    DatasetLocator.Located found = locator.locate(files);
    List<Path> paths = found.files();
    return IdxSplits.read(name -> DataFile.of(paths.get(IdxSplits.FILE_NAMES.indexOf(name))), found.source());
  }

  /** The data set's files, downloadable with the given content checksums. */
  static DatasetFiles files(Map<String, String> contentSha256) {
    List<RemoteFile> files = IdxSplits.FILE_NAMES.stream()
        .map(name -> RemoteFile.withGunzippedHash(SUBDIRECTORY + "/" + name, contentSha256.get(name)))
        .toList();
    return new DatasetFiles(NAME, List.of(new FileSet(files)),
        "To get it: sudo apt-get install dataset-fashion-mnist (Debian, Ubuntu), or copy "
            + String.join(", ", IdxSplits.FILE_NAMES) + " (from " + DatasetLocator.KERAS_BASE_URL
            + " or https://github.com/zalandoresearch/fashion-mnist) into ~/.keras/datasets/fashion-mnist/.");
  }
}
