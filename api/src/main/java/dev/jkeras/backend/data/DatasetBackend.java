package dev.jkeras.backend.data;

import dev.jkeras.KerasTensor;
import java.util.List;
import java.util.function.Function;

/**
 * Builds input pipelines as dataset ops of the graph being traced (for TensorFlow, tf.data's own
 * kernels, which run in TensorFlow's threads). Every method builds in the current context and
 * returns a new dataset; none runs anything. Functions ({@link #map}, {@link #filter}) are traced
 * once, over symbolic components of the input's element spec.
 */
public interface DatasetBackend {

  /** The count of {@link #repeat} that repeats forever, and {@link #cardinality}'s infinite value. */
  long INFINITE = -1;

  /** {@link #cardinality}'s value when it cannot be known without iterating (e.g. after a filter). */
  long UNKNOWN = -2;

  /** The value for parallel calls or buffer sizes that lets the runtime tune them (tf.data's AUTOTUNE). */
  long AUTOTUNE = -1;

  /** Slices each component along its first dimension; the components are tensors of the current graph. */
  DatasetHandle tensorSlices(List<KerasTensor> components);

  /** The integers {@code start, start + step, ...} below {@code stop}, as int64 scalars. */
  DatasetHandle range(long start, long stop, long step);

  /**
   * The records of TFRecord files ({@code filenames}: a string scalar or vector, read in order), as
   * string scalars; {@code compression} is {@code ""}, {@code "GZIP"} or {@code "ZLIB"}, and
   * {@code bufferSize} the read buffer in bytes.
   */
  DatasetHandle tfRecord(KerasTensor filenames, String compression, long bufferSize);

  /** The lines of text files ({@code filenames}: a string scalar or vector), without their line ends, as string scalars. */
  DatasetHandle textLine(KerasTensor filenames, String compression, long bufferSize);

  /**
   * tf.data's {@code interleave}: {@code fn} maps each element (one symbolic tensor per component)
   * to a dataset built from it (traced once), and {@code cycleLength} of those datasets are read
   * at once, {@code blockLength} elements from each in turn. {@code parallelCalls} 0 reads them
   * serially (InterleaveDataset); more (or {@link #AUTOTUNE}) in parallel, keeping the order
   * (ParallelInterleaveDatasetV4). {@code cycleLength} may be {@link #AUTOTUNE}.
   */
  DatasetHandle interleave(DatasetHandle input, Function<List<KerasTensor>, DatasetHandle> fn, long cycleLength,
      long blockLength, long parallelCalls);

  /**
   * Applies {@code fn} to every element: it receives one symbolic tensor per component and returns
   * the output's components. {@code parallelCalls} 0 maps serially, the function's ops run in turn in
   * the thread that asks for the element; more (or {@link #AUTOTUNE}) maps that many elements at once,
   * keeping their order.
   *
   * @throws IllegalArgumentException when {@code fn} fails to trace (the cause says why)
   */
  DatasetHandle map(DatasetHandle input, Function<List<KerasTensor>, List<KerasTensor>> fn, long parallelCalls);

  /** Keeps the elements for which {@code predicate} (a boolean scalar per element) is true. */
  DatasetHandle filter(DatasetHandle input, Function<List<KerasTensor>, KerasTensor> predicate);

  /**
   * Shuffles with a buffer of {@code bufferSize} elements; the same {@code seed} and {@code seed2}
   * (an int64 scalar, e.g. fed anew for each pass) give the same order, and both 0 a random one.
   * TensorFlow's kernel makes its seed generator anew whenever the dataset op runs again, so a new
   * order for each start of a pipeline comes from a new {@code seed2}, not from
   * {@code reshuffleEachIteration} alone.
   */
  DatasetHandle shuffle(DatasetHandle input, long bufferSize, long seed, KerasTensor seed2,
      boolean reshuffleEachIteration);

  /** Stacks {@code batchSize} consecutive elements; the last, shorter batch is dropped when {@code dropRemainder}. */
  DatasetHandle batch(DatasetHandle input, long batchSize, boolean dropRemainder);

  /**
   * Stacks {@code batchSize} consecutive elements, each component padded with zeros (empty strings,
   * false) to the largest size of its dimensions in the batch; the last, shorter batch is dropped when
   * {@code dropRemainder}.
   */
  DatasetHandle paddedBatch(DatasetHandle input, long batchSize, boolean dropRemainder);

  /**
   * Caches the elements: in memory ({@code filename} empty) or in files with that prefix, written by the
   * first complete pass and read by later ones (including later initializations of an iterator).
   */
  DatasetHandle cache(DatasetHandle input, String filename);

  /** Repeats the input {@code count} times ({@link #INFINITE}: forever). */
  DatasetHandle repeat(DatasetHandle input, long count);

  /** The first {@code count} elements ({@code -1}: all). */
  DatasetHandle take(DatasetHandle input, long count);

  /** All but the first {@code count} elements. */
  DatasetHandle skip(DatasetHandle input, long count);

  /** Prepares up to {@code bufferSize} elements ahead ({@link #AUTOTUNE}: tuned) in the background. */
  DatasetHandle prefetch(DatasetHandle input, long bufferSize);

  /**
   * Runs the pipeline of {@code input} in a thread pool of its own of {@code privateThreadpoolSize}
   * threads (0: the session's), each op using at most {@code maxIntraOpParallelism} threads (0: no
   * limit), as tf.data's threading options.
   */
  DatasetHandle threading(DatasetHandle input, int privateThreadpoolSize, int maxIntraOpParallelism);

  /** The element pairs of several datasets, their components concatenated; ends with the shortest. */
  DatasetHandle zip(List<DatasetHandle> inputs);

  /** The number of elements, an int64 scalar: {@link #INFINITE}, {@link #UNKNOWN} or the count. */
  KerasTensor cardinality(DatasetHandle dataset);

  /** A new iterator over {@code dataset}, in the current graph; initialize it before reading. */
  DatasetIterator iterator(DatasetHandle dataset);

  // ---- datasets of a traced function's symbolic tensors (flatMap, interleave)

  /** One element made of {@code components} (tf.data's TensorDataset, {@code from_tensors}). */
  DatasetHandle tensors(List<KerasTensor> components);

  /** The int64 scalars {@code start, start + step, ...} below {@code stop}, all three int64 scalar tensors. */
  DatasetHandle range(KerasTensor start, KerasTensor stop, KerasTensor step);

  /** Repeats the input {@code count} times, an int64 scalar tensor ({@link #INFINITE}: forever). */
  DatasetHandle repeat(DatasetHandle input, KerasTensor count);

  /** The first {@code count} elements, an int64 scalar tensor ({@code -1}: all). */
  DatasetHandle take(DatasetHandle input, KerasTensor count);

  /**
   * tf.data's {@code flat_map} (FlatMapDataset): {@code fn} maps each element (one symbolic tensor per
   * component) to a dataset built from it, traced once, and those datasets are read one after another.
   */
  DatasetHandle flatMap(DatasetHandle input, Function<List<KerasTensor>, DatasetHandle> fn);
}
