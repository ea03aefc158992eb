package dev.jkeras.utils;

import java.util.Arrays;
import java.util.Objects;
import org.tensorflow.ndarray.ByteNdArray;
import org.tensorflow.ndarray.DoubleNdArray;
import org.tensorflow.ndarray.FloatNdArray;
import org.tensorflow.ndarray.IntNdArray;
import org.tensorflow.ndarray.LongNdArray;
import org.tensorflow.ndarray.NdArray;
import org.tensorflow.ndarray.NdArrays;
import org.tensorflow.ndarray.Shape;
import org.tensorflow.ndarray.ShortNdArray;
import org.tensorflow.ndarray.buffer.DataBuffers;

/** Keras's {@code keras.utils} helpers. */
public final class Utils {
  private Utils() {}

  /**
   * Downloads a file into Keras's cache unless it is there already, as {@code
   * keras.utils.get_file(fname, origin)}: {@code ~/.keras/datasets/<fname>} (or under {@code
   * $KERAS_HOME}); returns its path. {@code fname} null takes the URL's last segment.
   *
   * @throws IllegalStateException if it is not cached and cannot be downloaded, naming the URL and
   *     where to put the file by hand
   */
  public static java.nio.file.Path getFile(String fname, String origin) {
    return getFile(dev.jkeras.datasets.GetFileOptions.of(origin).fname(fname));
  }

  /**
   * As {@code keras.utils.get_file(fname, origin, file_hash=fileHash, cache_dir=cacheDir,
   * extract=extract)}: {@code fileHash} (SHA-256, or MD5 when not 64 digits; null for no check) is
   * checked on the cached copy (a mismatch downloads again) and on the download (a mismatch fails);
   * {@code cacheDir} null means {@code $KERAS_HOME} or {@code ~/.keras}; {@code extract} unpacks a
   * tar, tar.gz or zip archive and returns the directory. Entries that would land outside that directory
   * make the archive refused.
   */
  public static java.nio.file.Path getFile(String fname, String origin, String fileHash, java.nio.file.Path cacheDir,
      boolean extract) {
    return getFile(dev.jkeras.datasets.GetFileOptions.of(origin).fname(fname).fileHash(fileHash).cacheDir(cacheDir)
        .extract(extract));
  }

  /** As {@code keras.utils.get_file} with every argument: see {@link dev.jkeras.datasets.GetFileOptions}. */
  public static java.nio.file.Path getFile(dev.jkeras.datasets.GetFileOptions options) {
    return dev.jkeras.datasets.FileCache.get(options);
  }

  // ------------------------------------------------------------------ datasets from folders and arrays

  /**
   * The images under {@code directory} as a {@link dev.jkeras.data.Dataset} of {@code (images, labels)}
   * batches, as {@code keras.utils.image_dataset_from_directory(directory, ...)}: one class per
   * subfolder (sorted), files read, decoded and resized by TensorFlow's kernels in the pipeline. Prints
   * Keras's "Found N files belonging to K classes."; {@code classNames()} on the result is Keras's
   * {@code class_names}. For {@code subset("both")} use {@link #imageDatasetsFromDirectory}.
   */
  public static dev.jkeras.data.Dataset imageDatasetFromDirectory(java.nio.file.Path directory,
      java.util.function.UnaryOperator<dev.jkeras.data.ImageDatasetOptions> options) {
    return dev.jkeras.data.DirectoryDatasets.images(directory,
        options.apply(dev.jkeras.data.ImageDatasetOptions.defaults()));
  }

  /** {@link #imageDatasetFromDirectory(java.nio.file.Path, java.util.function.UnaryOperator)} with Keras's defaults. */
  public static dev.jkeras.data.Dataset imageDatasetFromDirectory(java.nio.file.Path directory) {
    return imageDatasetFromDirectory(directory, o -> o);
  }

  /**
   * The training and the validation datasets of the images under {@code directory}, as {@code
   * image_dataset_from_directory(..., validation_split=v, subset="both", seed=s)} returns them; the
   * training one is shuffled, the validation one is not.
   */
  public static dev.jkeras.data.DatasetPair imageDatasetsFromDirectory(java.nio.file.Path directory,
      java.util.function.UnaryOperator<dev.jkeras.data.ImageDatasetOptions> options) {
    return dev.jkeras.data.DirectoryDatasets.imagesSplit(directory,
        options.apply(dev.jkeras.data.ImageDatasetOptions.defaults()));
  }

  /**
   * The {@code .txt} files under {@code directory} as a dataset of {@code (texts, labels)} batches of
   * string scalars, as {@code keras.utils.text_dataset_from_directory}.
   */
  public static dev.jkeras.data.Dataset textDatasetFromDirectory(java.nio.file.Path directory,
      java.util.function.UnaryOperator<dev.jkeras.data.TextDatasetOptions> options) {
    return dev.jkeras.data.DirectoryDatasets.texts(directory,
        options.apply(dev.jkeras.data.TextDatasetOptions.defaults()));
  }

  /** The training and the validation datasets of the texts under {@code directory} ({@code subset="both"}). */
  public static dev.jkeras.data.DatasetPair textDatasetsFromDirectory(java.nio.file.Path directory,
      java.util.function.UnaryOperator<dev.jkeras.data.TextDatasetOptions> options) {
    return dev.jkeras.data.DirectoryDatasets.textsSplit(directory,
        options.apply(dev.jkeras.data.TextDatasetOptions.defaults()));
  }

  /**
   * Sliding windows of {@code sequenceLength} rows over {@code data}, with {@code targets[start]} as
   * each window's target (null: windows only), in batches of 128, as {@code
   * keras.utils.timeseries_dataset_from_array(data, targets, sequence_length)}.
   */
  public static dev.jkeras.data.Dataset timeseriesDatasetFromArray(NdArray<?> data, NdArray<?> targets,
      int sequenceLength) {
    return timeseriesDatasetFromArray(data, targets, sequenceLength, o -> o);
  }

  /** As {@link #timeseriesDatasetFromArray(NdArray, NdArray, int)} with Keras's other arguments. */
  public static dev.jkeras.data.Dataset timeseriesDatasetFromArray(NdArray<?> data, NdArray<?> targets,
      int sequenceLength, java.util.function.UnaryOperator<dev.jkeras.data.TimeseriesOptions> options) {
    return dev.jkeras.data.TimeseriesDatasets.fromArray(data, targets, sequenceLength,
        options.apply(dev.jkeras.data.TimeseriesOptions.defaults()));
  }

  /**
   * Sets the seed of every random draw jkeras makes, as Keras's
   * {@code keras.utils.set_random_seed(seed)}: weight initializers, dropout masks and the shuffling
   * of {@code fit} that have no seed of their own draw theirs from a sequence this seed starts. Call
   * it before building a model; running the same program again then gives the same weights. For
   * bit-identical training on CPU also call {@link #enableOpDeterminism()}.
   */
  public static void setRandomSeed(long seed) {
    dev.jkeras.backend.RandomSeeds.setGlobalSeed(seed);
  }

  /**
   * Makes TensorFlow use deterministic kernels from now on, as
   * {@code tf.config.experimental.enable_op_determinism()}; with {@link #setRandomSeed} two runs of
   * the same {@code fit} give bit-identical weights.
   */
  public static void enableOpDeterminism() {
    dev.jkeras.backend.Backends.get().devices().enableOpDeterminism();
  }

  /**
   * One-hot encodes class labels, as {@code keras.utils.to_categorical(labels, num_classes)}: labels
   * of shape {@code (n)} give floats of shape {@code (n, numClasses)} with a 1 in each row's label
   * column. Labels of another shape {@code s} give {@code s + (numClasses)}, a trailing dimension of 1
   * dropped first, as in Keras.
   *
   * @param labels integer labels: an {@code IntNdArray}, {@code LongNdArray}, {@code ShortNdArray},
   *     {@code ByteNdArray} (read unsigned, 0..255), or a {@code FloatNdArray}/{@code DoubleNdArray}
   *     of whole numbers
   * @param numClasses the number of classes; every label must be in {@code [0, numClasses)}
   * @throws IllegalArgumentException if a label is out of range or not a whole number, or the array
   *     type holds no numbers
   */
  public static FloatNdArray toCategorical(NdArray<?> labels, int numClasses) {
    Objects.requireNonNull(labels, "labels");
    return oneHot(labelValues(labels), categoricalShape(labels.shape()), numClasses);
  }

  /** As {@link #toCategorical(NdArray, int)}, with {@code numClasses} the largest label plus one. */
  public static FloatNdArray toCategorical(NdArray<?> labels) {
    Objects.requireNonNull(labels, "labels");
    long[] values = labelValues(labels);
    return oneHot(values, categoricalShape(labels.shape()), inferNumClasses(values));
  }

  /** One-hot encodes {@code labels}: shape {@code (labels.length, numClasses)}. */
  public static FloatNdArray toCategorical(int[] labels, int numClasses) {
    Objects.requireNonNull(labels, "labels");
    return oneHot(Arrays.stream(labels).asLongStream().toArray(), Shape.of(labels.length), numClasses);
  }

  /** As {@link #toCategorical(int[], int)}, with {@code numClasses} the largest label plus one. */
  public static FloatNdArray toCategorical(int[] labels) {
    Objects.requireNonNull(labels, "labels");
    long[] values = Arrays.stream(labels).asLongStream().toArray();
    return oneHot(values, Shape.of(labels.length), inferNumClasses(values));
  }

  private static FloatNdArray oneHot(long[] labels, Shape batchShape, int numClasses) {
    if (numClasses <= 0) {
      throw new IllegalArgumentException("numClasses must be positive; got " + numClasses);
    }
    if ((long) labels.length * numClasses > Integer.MAX_VALUE - 8) {
      throw new IllegalArgumentException(labels.length + " labels x " + numClasses
          + " classes is too large for one array (at most 2^31 elements)");
    }
    float[] encoded = new float[labels.length * numClasses];
    for (int i = 0; i < labels.length; i++) {
      long label = labels[i];
      if (label < 0 || label >= numClasses) {
        throw new IllegalArgumentException("Label " + label + " (at flat index " + i + ") is out of range for "
            + numClasses + " classes; labels must be in [0, " + numClasses + ")");
      }
      encoded[i * numClasses + (int) label] = 1f;
    }
    return NdArrays.wrap(batchShape.append(numClasses), DataBuffers.of(encoded, false, false));
  }

  private static int inferNumClasses(long[] labels) {
    if (labels.length == 0) {
      throw new IllegalArgumentException("Cannot infer numClasses from no labels; pass numClasses");
    }
    long max = Arrays.stream(labels).max().getAsLong();
    if (max < 0 || max >= Integer.MAX_VALUE) {
      throw new IllegalArgumentException("Cannot infer numClasses: the largest label is " + max
          + "; labels must be in [0, numClasses)");
    }
    return (int) max + 1;
  }

  /** Keras drops a trailing dimension of 1 from labels of rank 2 or more. */
  private static Shape categoricalShape(Shape labelShape) {
    int rank = labelShape.numDimensions();
    return rank > 1 && labelShape.get(rank - 1) == 1 ? labelShape.take(rank - 1) : labelShape;
  }

  private static long[] labelValues(NdArray<?> labels) {
    long size = labels.size();
    if (size > Integer.MAX_VALUE - 8) {
      throw new IllegalArgumentException("Too many labels for one array: " + size);
    }
    int n = (int) size;
    long[] values = new long[n];
    if (labels instanceof IntNdArray ints) {
      int[] raw = new int[n];
      ints.copyTo(DataBuffers.of(raw, false, false));
      Arrays.setAll(values, i -> raw[i]);
    } else if (labels instanceof LongNdArray longs) {
      longs.copyTo(DataBuffers.of(values, false, false));
    } else if (labels instanceof ByteNdArray bytes) {
      byte[] raw = new byte[n];
      bytes.copyTo(DataBuffers.of(raw, false, false));
      Arrays.setAll(values, i -> Byte.toUnsignedInt(raw[i]));
    } else if (labels instanceof ShortNdArray shorts) {
      short[] raw = new short[n];
      shorts.copyTo(DataBuffers.of(raw, false, false));
      Arrays.setAll(values, i -> raw[i]);
    } else if (labels instanceof FloatNdArray floats) {
      float[] raw = new float[n];
      floats.copyTo(DataBuffers.of(raw, false, false));
      Arrays.setAll(values, i -> wholeNumber(raw[i], i));
    } else if (labels instanceof DoubleNdArray doubles) {
      double[] raw = new double[n];
      doubles.copyTo(DataBuffers.of(raw, false, false));
      Arrays.setAll(values, i -> wholeNumber(raw[i], i));
    } else {
      throw new IllegalArgumentException("Labels must be integers (IntNdArray, LongNdArray, ShortNdArray,"
          + " ByteNdArray) or whole-number floats; got " + labels.getClass().getSimpleName());
    }
    return values;
  }

  private static long wholeNumber(double label, int index) {
    if (label != Math.rint(label) || Double.isInfinite(label)) {
      throw new IllegalArgumentException("Label " + label + " (at flat index " + index + ") is not a whole number");
    }
    return (long) label;
  }
}
