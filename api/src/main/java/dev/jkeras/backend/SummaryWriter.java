package dev.jkeras.backend;

import java.nio.file.Path;
import org.tensorflow.ndarray.NdArray;

/**
 * Writes TensorBoard event files into one directory (a TensorBoard "run"), in TensorFlow 2's summary
 * form: every value is a tensor with the metadata of the TensorBoard plugin that shows it, as
 * {@code tf.summary} writes them. Obtained from {@link SummaryBackend#writer(Path)}; the event file
 * is created by the first write. Not thread-safe.
 */
public interface SummaryWriter extends AutoCloseable {

  /** TensorBoard's scalars plugin. */
  String SCALARS = "scalars";
  /** TensorBoard's histograms plugin. */
  String HISTOGRAMS = "histograms";
  /** TensorBoard's images plugin. */
  String IMAGES = "images";
  /** TensorBoard's graph plugin, for a Keras model's JSON config (its conceptual graph). */
  String GRAPH_KERAS_MODEL = "graph_keras_model";
  /** Buckets of a histogram unless told otherwise, as {@code tf.summary.histogram}. */
  int DEFAULT_BUCKETS = 30;

  /** The directory the event files go to. */
  Path logDir();

  /** A float32 scalar, as {@code tf.summary.scalar(tag, value, step)}. */
  void scalar(String tag, long step, double value);

  /**
   * A histogram of every element of {@code values} in {@code buckets} equal-width buckets, stored
   * as {@code tf.summary.histogram} stores it: a float64 {@code [buckets, 3]} tensor of {@code
   * [left, right, count]} rows.
   */
  void histogram(String tag, long step, NdArray<?> values, int buckets);

  /** {@link #histogram(String, long, NdArray, int)} with {@link #DEFAULT_BUCKETS}. */
  default void histogram(String tag, long step, NdArray<?> values) {
    histogram(tag, step, values, DEFAULT_BUCKETS);
  }

  /**
   * Images {@code [k, height, width, channels]} (channels 1, 3 or 4), as {@code tf.summary.image}:
   * uint8 arrays ({@code ByteNdArray}) as they are, float arrays read as values in {@code [0, 1]}
   * (saturated); the first {@code maxOutputs} are PNG-encoded.
   */
  void image(String tag, long step, NdArray<?> images, int maxOutputs);

  /**
   * A string scalar tensor with the given plugin metadata, as {@code tf.summary.write}; e.g. a
   * Keras model's JSON config under plugin {@link #GRAPH_KERAS_MODEL} with content {@code "1"}.
   */
  void text(String tag, long step, String value, String pluginName, byte[] pluginContent);

  /** The TensorFlow graph of {@code graph} (its GraphDef), as {@code tf.summary.graph}. */
  void graph(long step, ModelGraph graph);

  /** Writes what is buffered to the event file. */
  void flush();

  /** Flushes and closes the event file; later calls do nothing. */
  @Override
  void close();
}
