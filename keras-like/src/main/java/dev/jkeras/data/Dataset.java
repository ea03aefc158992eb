package dev.jkeras.data;

import dev.jkeras.KerasTensor;
import dev.jkeras.backend.Backends;
import dev.jkeras.backend.ModelGraph;
import dev.jkeras.backend.RandomSeeds;
import dev.jkeras.backend.data.DatasetBackend;
import dev.jkeras.backend.data.DatasetHandle;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.BiFunction;
import java.util.function.Function;
import java.util.function.Supplier;
import java.util.Spliterators;
import java.util.stream.Stream;
import java.util.stream.StreamSupport;
import dev.jkeras.DType;
import dev.jkeras.Shape;
import dev.jkeras.backend.TensorSpec;
import org.tensorflow.ndarray.NdArray;

/**
 * An input pipeline in tf.data's shape ({@code tf.data.Dataset}): an immutable description — a
 * source ({@link #fromTensorSlices}, {@link #range}) and transformations ({@link #map}, {@link
 * #filter}, {@link #shuffle}, {@link #batch}, {@link #repeat}, {@link #take}, {@link #skip}, {@link
 * #prefetch}) — that runs on TensorFlow's own tf.data kernels, in TensorFlow's threads:
 *
 * <pre>{@code
 * var train = Dataset.fromTensorSlices(xTrain, yTrain)
 *     .shuffle(10_000, 42)
 *     .map((x, y) -> List.of(Ops.divide(Ops.cast(x, "float32"), 255f), y), Dataset.AUTOTUNE)
 *     .batch(128)
 *     .prefetch(Dataset.AUTOTUNE);
 * model.fit(train, fit -> fit.epochs(3).validationData(valid));
 * for (List<NdArray<?>> batch : train.take(2)) { ... }
 * }</pre>
 *
 * Given to {@code fit}, the pipeline is built into the model's graph and the traced step reads its
 * batches there, with no copy through Java. Iterated from Java, it runs in a graph of its own and
 * each element comes back as Java-owned arrays.
 *
 * <p>An element is one tensor, a tuple ({@code List}) or a dict ({@code Map} by name) of them. Map
 * and filter functions are traced once (at the call, and again for each graph the pipeline is built
 * in) over symbolic {@link KerasTensor}s: build their results with jkeras {@code Ops}.
 */
public final class Dataset implements Iterable<List<NdArray<?>>> {
  /** Lets tf.data tune a parallelism or buffer size ({@code tf.data.AUTOTUNE}). */
  public static final int AUTOTUNE = -1;
  /** {@link #cardinality()} of a dataset that repeats forever ({@code tf.data.INFINITE_CARDINALITY}). */
  public static final long INFINITE_CARDINALITY = DatasetBackend.INFINITE;
  /** {@link #cardinality()} when it is only known by iterating, e.g. after a filter ({@code tf.data.UNKNOWN_CARDINALITY}). */
  public static final long UNKNOWN_CARDINALITY = DatasetBackend.UNKNOWN;
  /** tf.data's seed for a shuffle given an op seed and no global seed (Python's {@code DEFAULT_GRAPH_SEED}). */
  private static final long DEFAULT_GRAPH_SEED = 87654321L;

  /** True while an interleave function describes its dataset (whose sources read the function's tensors). */
  private static final ThreadLocal<Boolean> INSIDE_FUNCTION = ThreadLocal.withInitial(() -> false);

  private final DatasetNode node;
  /** The element structure; null until traced for a function's result described inside another function. */
  private final Supplier<ElementStructure> structureOf;
  private final List<String> classNames;
  private final List<String> filePaths;

  private Dataset(DatasetNode node, ElementStructure structure) {
    this(node, () -> structure, null, null);
  }

  private Dataset(DatasetNode node, Supplier<ElementStructure> structure) {
    this(node, structure, null, null);
  }

  private Dataset(DatasetNode node, Supplier<ElementStructure> structure, List<String> classNames,
      List<String> filePaths) {
    this.node = node;
    this.structureOf = structure;
    this.classNames = classNames == null ? null : List.copyOf(classNames);
    this.filePaths = filePaths == null ? null : List.copyOf(filePaths);
  }

  // ------------------------------------------------------------------ sources

  /**
   * The rows of {@code arrays} (sliced along their first dimension, which they all share): one array
   * gives elements of one tensor, several give tuples, as {@code from_tensor_slices((x, y))}.
   */
  public static Dataset fromTensorSlices(NdArray<?>... arrays) {
    if (arrays == null || arrays.length == 0) {
      throw new IllegalArgumentException("fromTensorSlices needs at least one array");
    }
    List<NdArray<?>> list = List.of(arrays);
    return new Dataset(new TensorSlicesSource(list), arrays.length == 1 ? new ElementStructure.Single()
        : tuple(arrays.length));
  }

  /** The rows of arrays by name (e.g. by model input name): dict elements, as {@code from_tensor_slices({"a": xa})}. */
  public static Dataset fromTensorSlices(Map<String, ? extends NdArray<?>> arrays) {
    if (arrays == null || arrays.isEmpty()) {
      throw new IllegalArgumentException("fromTensorSlices needs a non-empty map of arrays by name");
    }
    List<NdArray<?>> flat = new ArrayList<>();
    ElementStructure structure = ElementStructure.flatten(arrays, NdArray.class, castList(flat), "fromTensorSlices");
    return new Dataset(new TensorSlicesSource(flat), structure);
  }

  @SuppressWarnings({"unchecked", "rawtypes"})
  private static List<NdArray> castList(List<NdArray<?>> list) {
    return (List) list;
  }

  /** A spec of one component ({@code tf.TensorSpec(shape, dtype)}), for {@link #fromGenerator}; {@code Shape.UNKNOWN} where any size fits. */
  public static TensorSpec tensorSpec(Shape shape, String dtype) {
    return new TensorSpec("component", DType.of(dtype), shape);
  }

  /**
   * Elements made by Java code ({@code from_generator(generator, output_signature=...)}): each call of
   * {@code generator} starts a pass (an epoch) and the iterator it returns gives the elements, each
   * an {@code NdArray}, a {@code List} or a {@code Map} of them as {@code outputSignature} (a {@link
   * TensorSpec}, or a {@code List}/{@code Map} of them) declares. The generator runs on a background
   * thread, at most 10 elements ahead; given to {@code fit}, each element is one batch. Exceptions of
   * the generator stop the loop reading it, as their cause.
   */
  public static Dataset fromGenerator(Supplier<? extends Iterator<?>> generator, Object outputSignature) {
    if (generator == null) {
      throw new IllegalArgumentException("fromGenerator needs a generator, got null");
    }
    return fromStream(() -> StreamSupport.stream(Spliterators.spliteratorUnknownSize(generator.get(), 0), false),
        outputSignature);
  }

  /** The elements of a Java {@code Iterable} (read again for each pass), as {@link #fromGenerator}. */
  public static Dataset fromIterable(Iterable<?> elements, Object outputSignature) {
    if (elements == null) {
      throw new IllegalArgumentException("fromIterable needs an Iterable, got null");
    }
    return fromStream(() -> StreamSupport.stream(elements.spliterator(), false), outputSignature);
  }

  /**
   * The elements of a Java {@code Stream}, one new stream per pass (closed when the pass ends, fails
   * or is stopped, so streams over files close them), as {@link #fromGenerator}.
   */
  public static Dataset fromStream(Supplier<? extends Stream<?>> streams, Object outputSignature) {
    if (streams == null) {
      throw new IllegalArgumentException("fromStream needs a supplier of streams, got null");
    }
    List<TensorSpec> specs = new ArrayList<>();
    ElementStructure structure = ElementStructure.flatten(outputSignature, TensorSpec.class, specs, "outputSignature");
    return new Dataset(new GeneratorSource(streams, new ElementSpec(structure, specs), 10), structure);
  }

  /** TFRecordDataset's default read buffer, 256 KiB. */
  public static final long DEFAULT_FILE_BUFFER_BYTES = 256 * 1024;

  /**
   * The records of uncompressed TFRecord files, read in order, as string scalars (serialized {@code
   * Example}s for {@code Ops.parseExample}), on TensorFlow's TFRecordDataset kernel ({@code
   * tf.data.TFRecordDataset(files)}). Every file must exist and be readable now.
   */
  public static Dataset tfRecord(Path... files) {
    return tfRecord(List.of(files), TFRecordCompression.NONE);
  }

  /** As {@link #tfRecord(Path...)}, with {@code compression} ({@code compression_type}). */
  public static Dataset tfRecord(List<Path> files, TFRecordCompression compression) {
    return tfRecord(files, compression, DEFAULT_FILE_BUFFER_BYTES);
  }

  /** As {@link #tfRecord(List, TFRecordCompression)}, with a read buffer of {@code bufferSize} bytes. */
  public static Dataset tfRecord(List<Path> files, TFRecordCompression compression, long bufferSize) {
    return new Dataset(new FileSource(FileSource.Kind.TF_RECORD, files, null, compression, bufferSize),
        new ElementStructure.Single());
  }

  /**
   * The records of the TFRecord files named by {@code filenames}, a string scalar or vector tensor:
   * inside an {@link #interleave} function, {@code files.interleave(f -> Dataset.tfRecord(f, c), 4)}.
   */
  public static Dataset tfRecord(KerasTensor filenames, TFRecordCompression compression) {
    return new Dataset(new FileSource(FileSource.Kind.TF_RECORD, null, filenames, compression,
        DEFAULT_FILE_BUFFER_BYTES), new ElementStructure.Single());
  }

  /** The lines of text files, in order, without their line ends, as string scalars ({@code tf.data.TextLineDataset}). */
  public static Dataset textLine(Path... files) {
    return textLine(List.of(files), TFRecordCompression.NONE);
  }

  /** As {@link #textLine(Path...)}, for files compressed as {@code compression}. */
  public static Dataset textLine(List<Path> files, TFRecordCompression compression) {
    return new Dataset(new FileSource(FileSource.Kind.TEXT_LINE, files, null, compression,
        DEFAULT_FILE_BUFFER_BYTES), new ElementStructure.Single());
  }

  /** The lines of the text files named by {@code filenames} (a string tensor, e.g. an interleave function's argument). */
  public static Dataset textLine(KerasTensor filenames) {
    return new Dataset(new FileSource(FileSource.Kind.TEXT_LINE, null, filenames, TFRecordCompression.NONE,
        DEFAULT_FILE_BUFFER_BYTES), new ElementStructure.Single());
  }

  /**
   * The files matching {@code pattern} as string scalars, shuffled ({@code tf.data.Dataset.list_files}
   * with its default {@code shuffle=True}), a new order each epoch.
   */
  public static Dataset listFiles(String pattern) {
    return listFiles(pattern, true, RandomSeeds.resolve(0));
  }

  /**
   * The files matching {@code pattern} ({@code list_files(pattern, shuffle, seed)}): a glob such as
   * {@code "data/train_*.tfrecord"} whose wildcards ({@code * ? [..] {a,b}}) are in the file name part.
   * The files are matched now, and sorted by name; with {@code shuffle}, a seeded new order each
   * epoch (seed 0: unseeded).
   *
   * @throws IllegalArgumentException if no file matches the pattern (named in the message)
   */
  public static Dataset listFiles(String pattern, boolean shuffle, long seed) {
    List<Path> files = FileMatcher.matching(pattern);
    Dataset dataset = new Dataset(new ListedFilesSource(files), new ElementStructure.Single());
    if (!shuffle) {
      return dataset;
    }
    return seed == 0 ? dataset.shuffled(files.size(), 0, 0, true) : dataset.shuffle(files.size(), seed);
  }

  /**
   * CSV files as batches of features by column name and, with {@link CsvOptions#labelName}, the label
   * ({@code tf.data.experimental.make_csv_dataset(file_pattern, batch_size, ...)}): elements
   * {@code (Map<String, tensor>, label)}, or the map alone. Column types are inferred from the first
   * file as {@link CsvSchema} does, unless {@code columnDefaults} are given. TensorFlow's defaults:
   * shuffled and repeated forever, so give {@code fit} a {@code stepsPerEpoch}, or use {@link
   * #makeCsvDataset(String, long, CsvOptions, CsvDatasetOptions)} with {@code numEpochs(1)}.
   *
   * @throws CsvFormatException if a row of a file has the wrong number of fields or a bad value (checked
   *     now, in Java, naming the file and the line)
   */
  public static Dataset makeCsvDataset(String filePattern, long batchSize, CsvOptions csv) {
    return makeCsvDataset(filePattern, batchSize, csv, CsvDatasetOptions.defaults());
  }

  /** As {@link #makeCsvDataset(String, long, CsvOptions)}, with the dataset's shuffling, epochs and reads. */
  public static Dataset makeCsvDataset(String filePattern, long batchSize, CsvOptions csv, CsvDatasetOptions options) {
    return CsvDatasets.make(filePattern, batchSize, csv, options);
  }

  /** The int64 scalars {@code 0, 1, ..., stop - 1} ({@code Dataset.range(stop)}). */
  public static Dataset range(long stop) {
    return range(0, stop, 1);
  }

  public static Dataset range(long start, long stop) {
    return range(start, stop, 1);
  }

  public static Dataset range(long start, long stop, long step) {
    return new Dataset(new RangeSource(start, stop, step), new ElementStructure.Single());
  }

  /**
   * One element made of {@code arrays} ({@code Dataset.from_tensors}): one array gives an element of
   * one tensor, several a tuple.
   */
  public static Dataset fromTensors(NdArray<?>... arrays) {
    if (arrays == null || arrays.length == 0) {
      throw new IllegalArgumentException("fromTensors needs at least one array");
    }
    return new Dataset(new TensorsSource(List.of(arrays)), arrays.length == 1 ? new ElementStructure.Single()
        : tuple(arrays.length));
  }

  /**
   * One element made of symbolic {@code tensors}, inside a {@link #flatMap} or {@link #interleave}
   * function: {@code Dataset.range(3).flatMap(i -> Dataset.fromTensors(i).repeat(i))} gives 1, 2, 2.
   */
  public static Dataset fromTensors(KerasTensor... tensors) {
    return symbolic(FunctionTensorsSource.Kind.TENSORS, tensors);
  }

  /**
   * The rows of symbolic {@code tensors} (sliced along their first dimension), inside a {@link
   * #flatMap} or {@link #interleave} function: {@code rows.flatMap(Dataset::fromTensorSlices)} gives
   * the scalars of each row in turn.
   */
  public static Dataset fromTensorSlices(KerasTensor... tensors) {
    return symbolic(FunctionTensorsSource.Kind.TENSOR_SLICES, tensors);
  }

  /** {@code 0, 1, ..., stop - 1} for an integer scalar tensor {@code stop} of a {@link #flatMap} or {@link #interleave} function. */
  public static Dataset range(KerasTensor stop) {
    return symbolic(FunctionTensorsSource.Kind.RANGE, stop);
  }

  /** {@code start, ..., stop - 1} for integer scalar tensors of a {@link #flatMap} or {@link #interleave} function. */
  public static Dataset range(KerasTensor start, KerasTensor stop) {
    return symbolic(FunctionTensorsSource.Kind.RANGE, start, stop);
  }

  /** {@code start, start + step, ...} before {@code stop}, integer scalar tensors of a {@link #flatMap} or {@link #interleave} function. */
  public static Dataset range(KerasTensor start, KerasTensor stop, KerasTensor step) {
    return symbolic(FunctionTensorsSource.Kind.RANGE, start, stop, step);
  }

  private static Dataset symbolic(FunctionTensorsSource.Kind kind, KerasTensor... tensors) {
    List<KerasTensor> list = tensors == null ? null : java.util.Arrays.asList(tensors);
    ElementStructure structure = kind == FunctionTensorsSource.Kind.RANGE || tensors == null || tensors.length == 1
        ? new ElementStructure.Single() : tuple(tensors.length);
    return new Dataset(new FunctionTensorsSource(kind, list), structure);
  }

  /**
   * The elements of several datasets side by side, as tuples ({@code Dataset.zip((a, b))}); ends with
   * the shortest. {@code zip(xs, ys)} with dict {@code xs} gives the {@code (x, y)} elements fit takes
   * for a model with inputs by name.
   */
  public static Dataset zip(Dataset... datasets) {
    if (datasets == null || datasets.length < 2) {
      throw new IllegalArgumentException("zip needs at least two datasets");
    }
    List<DatasetNode> nodes = new ArrayList<>();
    List<ElementStructure> items = new ArrayList<>();
    for (Dataset d : datasets) {
      d.requireGraphSource("zip");
      nodes.add(d.node);
      items.add(d.structure());
    }
    return new Dataset(new Transformation.Zip(nodes), new ElementStructure.Tuple(items));
  }

  private static ElementStructure tuple(int n) {
    List<ElementStructure> items = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      items.add(new ElementStructure.Single());
    }
    return new ElementStructure.Tuple(items);
  }

  // ------------------------------------------------------------------ transformations

  /** Applies {@code fn} to each element of one tensor; it returns a tensor, a {@code List} or a {@code Map} of them. */
  public Dataset map(Function<KerasTensor, ?> fn) {
    return map(fn, 0);
  }

  /** As {@link #map(Function)}, {@code numParallelCalls} elements at a time (or {@link #AUTOTUNE}), order kept. */
  public Dataset map(Function<KerasTensor, ?> fn, int numParallelCalls) {
    requireSingle("map");
    return mapped(args -> fn.apply(args.get(0)), numParallelCalls);
  }

  /** Applies {@code fn} to each {@code (x, y)} element (a tuple of two tensors), as {@code map(lambda x, y: ...)}. */
  public Dataset map(BiFunction<KerasTensor, KerasTensor, ?> fn) {
    return map(fn, 0);
  }

  public Dataset map(BiFunction<KerasTensor, KerasTensor, ?> fn, int numParallelCalls) {
    requirePair("map");
    return mapped(args -> fn.apply(args.get(0), args.get(1)), numParallelCalls);
  }

  private Dataset mapped(Function<List<KerasTensor>, Object> fn, int numParallelCalls) {
    if (numParallelCalls < AUTOTUNE) {
      throw new IllegalArgumentException("numParallelCalls must be positive, 0 (serial) or Dataset.AUTOTUNE, got "
          + numParallelCalls);
    }
    AtomicReference<ElementStructure> result = new AtomicReference<>();
    Function<List<KerasTensor>, List<KerasTensor>> flat = args -> {
      List<KerasTensor> components = new ArrayList<>();
      ElementStructure s = ElementStructure.flatten(fn.apply(args), KerasTensor.class, components,
          "The map function's result");
      result.compareAndSet(null, s);
      return components;
    };
    requireGraphSource("map");
    DatasetNode mapped = new Transformation.Map(node, flat, numParallelCalls);
    traceNow(mapped);
    return new Dataset(mapped, result::get);
  }

  /**
   * tf.data's {@code interleave}: {@code fn} maps each element (e.g. a filename from {@link
   * #listFiles}) to a dataset built from it (e.g. {@code f -> Dataset.tfRecord(f, compression)}),
   * and the elements of {@code cycleLength} of those datasets are interleaved, {@code blockLength}
   * from each in turn. {@code fn} is traced once over a symbolic element.
   */
  public Dataset interleave(Function<KerasTensor, Dataset> fn, int cycleLength) {
    return interleave(fn, cycleLength, 1, 0);
  }

  /**
   * As {@link #interleave(Function, int)}; {@code numParallelCalls} datasets are read at once by
   * TensorFlow's threads (or {@link #AUTOTUNE}; 0 reads them in turn on one thread), the order kept.
   * {@code cycleLength} may be {@link #AUTOTUNE}.
   */
  public Dataset interleave(Function<KerasTensor, Dataset> fn, int cycleLength, int blockLength, int numParallelCalls) {
    requireSingle("interleave");
    requireGraphSource("interleave");
    if (cycleLength < 1 && cycleLength != AUTOTUNE) {
      throw new IllegalArgumentException("interleave's cycleLength must be positive or Dataset.AUTOTUNE, got "
          + cycleLength);
    }
    if (blockLength < 1) {
      throw new IllegalArgumentException("interleave's blockLength must be positive, got " + blockLength);
    }
    if (numParallelCalls < AUTOTUNE) {
      throw new IllegalArgumentException("numParallelCalls must be positive, 0 (serial) or Dataset.AUTOTUNE, got "
          + numParallelCalls);
    }
    AtomicReference<Dataset> result = new AtomicReference<>();
    Function<List<KerasTensor>, DatasetNode> inner = args -> {
      Dataset mapped = innerDataset("interleave", fn, args.get(0));
      result.compareAndSet(null, mapped);
      return mapped.node;
    };
    DatasetNode interleaved = new Transformation.Interleave(node, inner, cycleLength, blockLength, numParallelCalls);
    traceNow(interleaved);
    return new Dataset(interleaved, structureOf(result));
  }

  /**
   * tf.data's {@code flat_map}: {@code fn} maps each element to a dataset, and those datasets are
   * read one after another, in order, on TensorFlow's FlatMapDataset. {@code fn} is traced once over
   * a symbolic element, so the dataset it returns is built from that tensor: {@code
   * listFiles(p).flatMap(Dataset::textLine)} reads the files in turn, {@code
   * Dataset.range(3).flatMap(i -> Dataset.fromTensors(i).repeat(i))} gives 1, 2, 2 and {@code
   * rows.flatMap(Dataset::fromTensorSlices)} the values of each row. The result's cardinality is
   * unknown, as tf.data's.
   *
   * @throws IllegalArgumentException if {@code fn} fails to trace, returns null or something other
   *     than a Dataset, or returns a dataset of arrays fixed in Java instead of one built from its argument
   */
  public Dataset flatMap(Function<KerasTensor, Dataset> fn) {
    if (fn == null) {
      throw new IllegalArgumentException("flatMap needs a function from an element to a Dataset, got null");
    }
    if (!(structure() instanceof ElementStructure.Single)) {
      throw new IllegalArgumentException("flatMap(x -> ...) takes elements of one tensor; this dataset's elements are "
          + structure() + ". Map them to one tensor first (e.g. map((x, y) -> x)), or zip the datasets after the flatMap");
    }
    requireGraphSource("flatMap");
    AtomicReference<Dataset> result = new AtomicReference<>();
    Function<List<KerasTensor>, DatasetNode> inner = args -> {
      Dataset mapped = innerDataset("flatMap", fn, args.get(0));
      result.compareAndSet(null, mapped);
      return mapped.node;
    };
    DatasetNode flat = new Transformation.FlatMap(node, inner);
    traceNow(flat);
    return new Dataset(flat, structureOf(result));
  }

  /** The structure of the dataset a function returned, once it has been traced (null before). */
  private static Supplier<ElementStructure> structureOf(AtomicReference<Dataset> returned) {
    return () -> returned.get() == null ? null : returned.get().structureOf.get();
  }

  /** The dataset {@code fn} returns for {@code element}, checked to be one tf.data can build inside the function. */
  @SuppressWarnings({"unchecked", "rawtypes"})
  private static Dataset innerDataset(String call, Function<KerasTensor, Dataset> fn, KerasTensor element) {
    Object returned;
    boolean outer = INSIDE_FUNCTION.get();
    INSIDE_FUNCTION.set(true);
    try {
      returned = ((Function) fn).apply(element);
    } finally {
      INSIDE_FUNCTION.set(outer);
    }
    if (returned == null) {
      throw new IllegalArgumentException("The " + call + " function returned null; it must return a Dataset built "
          + "from its argument (e.g. Dataset.fromTensors(x))");
    }
    if (!(returned instanceof Dataset mapped)) {
      throw new IllegalArgumentException("The " + call + " function must return a Dataset, it returned a "
          + returned.getClass().getSimpleName() + " (" + returned + "); wrap a tensor as Dataset.fromTensors(x) or "
          + "use map for a function from elements to tensors");
    }
    mapped.requireGraphSource("A dataset returned by a " + call + " function");
    return mapped;
  }

  /** Keeps the elements of one tensor for which {@code predicate} returns a true bool scalar. */
  public Dataset filter(Function<KerasTensor, KerasTensor> predicate) {
    requireSingle("filter");
    return filtered(args -> predicate.apply(args.get(0)));
  }

  /** Keeps the {@code (x, y)} elements for which {@code predicate} returns a true bool scalar. */
  public Dataset filter(BiFunction<KerasTensor, KerasTensor, KerasTensor> predicate) {
    requirePair("filter");
    return filtered(args -> predicate.apply(args.get(0), args.get(1)));
  }

  private Dataset filtered(Function<List<KerasTensor>, KerasTensor> predicate) {
    requireGraphSource("filter");
    DatasetNode filtered = new Transformation.Filter(node, predicate);
    traceNow(filtered);
    return new Dataset(filtered, structureOf);
  }

  /** Traces the functions of {@code pipeline} now, so a function that cannot trace fails at the call that gave it. */
  private static void traceNow(DatasetNode pipeline) {
    if (INSIDE_FUNCTION.get()) {
      return;  // a dataset described inside an interleave function is traced with that function
    }
    try (ModelGraph scratch = Backends.get().newGraph("dataset_trace")) {
      scratch.trace(() -> pipeline.build(new PipelineBuild(scratch)));
    }
  }

  /**
   * Shuffles with a buffer of {@code bufferSize} elements, a new order each iteration (each epoch),
   * unseeded unless a global seed is set ({@code Utils.setRandomSeed}).
   */
  public Dataset shuffle(long bufferSize) {
    long seed = RandomSeeds.resolve(0);
    return seed == 0 ? shuffled(bufferSize, 0, 0, true) : shuffle(bufferSize, seed);
  }

  /** Shuffles with a buffer of {@code bufferSize} elements: the same seed gives the same sequence of orders. */
  public Dataset shuffle(long bufferSize, long seed) {
    return shuffle(bufferSize, seed, true);
  }

  /** As {@link #shuffle(long, long)}; without {@code reshuffleEachIteration} every iteration has the same order. */
  public Dataset shuffle(long bufferSize, long seed, boolean reshuffleEachIteration) {
    return shuffled(bufferSize, DEFAULT_GRAPH_SEED, seed, reshuffleEachIteration);
  }

  private Dataset shuffled(long bufferSize, long seed, long seed2, boolean reshuffle) {
    if (bufferSize <= 0) {
      throw new IllegalArgumentException("shuffle's bufferSize must be positive, got " + bufferSize);
    }
    return then(new Transformation.Shuffle(node, bufferSize, seed, seed2, reshuffle), structureOf);
  }

  /** Stacks {@code batchSize} consecutive elements; the last batch may be smaller. */
  public Dataset batch(long batchSize) {
    return batch(batchSize, false);
  }

  /** As {@link #batch(long)}; {@code dropRemainder} drops a last, smaller batch (so the batch dimension is known). */
  public Dataset batch(long batchSize, boolean dropRemainder) {
    if (batchSize <= 0) {
      throw new IllegalArgumentException("batchSize must be positive, got " + batchSize);
    }
    return then(new Transformation.Batch(node, batchSize, dropRemainder), structureOf);
  }

  /**
   * Stacks {@code batchSize} consecutive elements of varying shapes ({@code padded_batch}): each
   * component is padded with zeros (empty strings, false) to the largest size in the batch of each of
   * its dimensions.
   */
  public Dataset paddedBatch(long batchSize) {
    return paddedBatch(batchSize, false);
  }

  public Dataset paddedBatch(long batchSize, boolean dropRemainder) {
    if (batchSize <= 0) {
      throw new IllegalArgumentException("batchSize must be positive, got " + batchSize);
    }
    return then(new Transformation.PaddedBatch(node, batchSize, dropRemainder), structureOf);
  }

  /**
   * Caches the elements in memory: the first complete pass of an iteration computes them, its later
   * passes ({@code cache().repeat()}, or {@code stepsPerEpoch}) read them back.
   */
  public Dataset cache() {
    return then(new Transformation.Cache(node, ""), structureOf);
  }

  /**
   * Caches the elements in files named from {@code filename} (a prefix): the first complete pass writes
   * them and every later pass, of this or any later iteration (each epoch), reads them instead of
   * computing the elements again.
   */
  public Dataset cache(java.nio.file.Path filename) {
    if (filename == null) {
      throw new IllegalArgumentException("cache needs a file name prefix, got null; cache() caches in memory");
    }
    java.nio.file.Path parent = filename.toAbsolutePath().getParent();
    if (parent != null && !java.nio.file.Files.isDirectory(parent)) {
      throw new IllegalArgumentException("cache(" + filename + "): the directory " + parent + " does not exist");
    }
    return then(new Transformation.Cache(node, filename.toAbsolutePath().toString()), structureOf);
  }

  /** Repeats forever. */
  public Dataset repeat() {
    return then(new Transformation.Repeat(node, -1), structureOf);
  }

  /** Repeats {@code count} times. */
  public Dataset repeat(long count) {
    if (count < -1) {
      throw new IllegalArgumentException("repeat's count must be >= 0 (or -1 for forever), got " + count);
    }
    return then(new Transformation.Repeat(node, count), structureOf);
  }

  /**
   * Repeats {@code count} times, an integer scalar tensor of a {@link #flatMap} or {@link #interleave}
   * function (-1: forever).
   */
  public Dataset repeat(KerasTensor count) {
    FunctionTensorsSource.requireIntegerScalar(count, "repeat(count)");
    return then(new Transformation.RepeatBy(node, count), structureOf);
  }

  /** The first {@code count} elements, an integer scalar tensor of a {@link #flatMap} or {@link #interleave} function. */
  public Dataset take(KerasTensor count) {
    FunctionTensorsSource.requireIntegerScalar(count, "take(count)");
    return then(new Transformation.TakeBy(node, count), structureOf);
  }

  /** The first {@code count} elements (all when -1). */
  public Dataset take(long count) {
    if (count < -1) {
      throw new IllegalArgumentException("take's count must be >= 0 (or -1 for all), got " + count);
    }
    return then(new Transformation.Take(node, count), structureOf);
  }

  /** All but the first {@code count} elements. */
  public Dataset skip(long count) {
    if (count < -1) {
      throw new IllegalArgumentException("skip's count must be >= 0 (or -1 for all), got " + count);
    }
    return then(new Transformation.Skip(node, count), structureOf);
  }

  /** Prepares up to {@code bufferSize} elements ahead in TensorFlow's threads ({@link #AUTOTUNE}: tuned). */
  public Dataset prefetch(long bufferSize) {
    if (bufferSize < AUTOTUNE) {
      throw new IllegalArgumentException("prefetch's bufferSize must be >= 0 or Dataset.AUTOTUNE, got " + bufferSize);
    }
    return then(new Transformation.Prefetch(node, bufferSize), structureOf);
  }

  /**
   * tf.data's threading options ({@code options.threading.private_threadpool_size} and
   * {@code max_intra_op_parallelism}, then {@code ds.with_options(options)}): the pipeline before this
   * call runs in a thread pool of its own of {@code privateThreadpoolSize} threads (0: TensorFlow's
   * shared pool), and each of its ops uses at most {@code maxIntraOpParallelism} threads (0: no limit).
   * On a machine with few cores a small private pool keeps the input pipeline from competing with the
   * training step's threads. Put it last: it applies to what comes before it.
   */
  public Dataset withThreading(int privateThreadpoolSize, int maxIntraOpParallelism) {
    if (privateThreadpoolSize < 0 || maxIntraOpParallelism < 0) {
      throw new IllegalArgumentException("withThreading takes a thread count >= 0 (0: TensorFlow's default) for "
          + "the private thread pool and for the per-op limit; got privateThreadpoolSize=" + privateThreadpoolSize
          + " and maxIntraOpParallelism=" + maxIntraOpParallelism);
    }
    return then(new Transformation.Threading(node, privateThreadpoolSize, maxIntraOpParallelism), structureOf);
  }

  /** A transformation of this dataset, on tf.data's kernels. */
  private Dataset then(DatasetNode next, Supplier<ElementStructure> nextStructure) {
    requireGraphSource(next.getClass().getSimpleName().toLowerCase(java.util.Locale.ROOT));
    return new Dataset(next, nextStructure);
  }

  private void requireGraphSource(String call) {
    if (node instanceof GeneratorSource generator) {
      throw new UnsupportedOperationException(call + " on a dataset from a Java generator: " + generatorLimit());
    }
  }

  private static String generatorLimit() {
    return "such a dataset runs in Java and feeds each element to the model as one batch. tf.data's kernels cannot "
        + "call back into Java (TF Java 1.1.0 has no py_function), so it cannot be transformed on them: make each "
        + "element a whole batch, transformed, in the generator, or build the data with fromTensorSlices";
  }

  /** Whether this dataset's elements come from a Java generator (fed per batch) rather than tf.data's kernels. */
  public boolean isGenerated() {
    return node instanceof GeneratorSource;
  }

  /** A new pass of this generator dataset's producer; for {@link #isGenerated()} datasets. */
  public GeneratorProducer produce() {
    if (!(node instanceof GeneratorSource source)) {
      throw new IllegalStateException("Not a generator dataset: " + this);
    }
    return new GeneratorProducer(source);
  }

  private void requireSingle(String call) {
    if (!(structure() instanceof ElementStructure.Single)) {
      throw new IllegalArgumentException(call + "(x -> ...) takes elements of one tensor; this dataset's elements "
          + "are " + structure() + ". For (x, y) elements, give a function of two arguments: " + call + "((x, y) -> ...)");
    }
  }

  private void requirePair(String call) {
    if (!(structure() instanceof ElementStructure.Tuple t && t.items().size() == 2
        && t.items().stream().allMatch(ElementStructure.Single.class::isInstance))) {
      throw new IllegalArgumentException(call + "((x, y) -> ...) takes (x, y) elements of two tensors; this "
          + "dataset's elements are " + structure());
    }
  }

  // ------------------------------------------------------------------ inspection and iteration

  /** This dataset, remembering the class names and files it was read from (as the directory datasets set them). */
  Dataset withFiles(List<String> classNames, List<String> filePaths) {
    return new Dataset(node, structureOf, classNames, filePaths);
  }

  /** This dataset, noting that its elements are decoded from its {@link #filePaths()}, so a damaged image is named. */
  Dataset decodingImages() {
    List<java.nio.file.Path> images = filePaths.stream().map(java.nio.file.Path::of).toList();
    return new Dataset(new Transformation.ReadsImages(node, images), structureOf, classNames, filePaths);
  }

  /**
   * The class names of a dataset made by {@code imageDatasetFromDirectory} or {@code
   * textDatasetFromDirectory} (Keras's {@code class_names} attribute), label {@code i} meaning {@code
   * classNames().get(i)}; transformations do not keep it, as in tf.data.
   */
  public List<String> classNames() {
    if (classNames == null) {
      throw new IllegalStateException("This dataset has no class names: only the datasets imageDatasetFromDirectory "
          + "and textDatasetFromDirectory return with labels have them (before any transformation); read them there");
    }
    return classNames;
  }

  /** The files of a dataset made by {@code imageDatasetFromDirectory}, in its order before shuffling (Keras's {@code file_paths}). */
  public List<String> filePaths() {
    if (filePaths == null) {
      throw new IllegalStateException("This dataset was not read from a directory of files, so it has no file paths");
    }
    return filePaths;
  }

  /** How the components of an element nest. */
  public ElementStructure structure() {
    ElementStructure structure = structureOf.get();
    if (structure == null) {
      throw new IllegalStateException("This dataset's elements are known only once the flatMap or interleave function "
          + "it is described in is traced: it is the result of a map, flatMap or interleave inside that function. "
          + "There, transform it only with what keeps the elements (repeat, take, skip, batch, shuffle, prefetch), "
          + "or apply the map after the outer flatMap");
    }
    return structure;
  }

  /** The dtype and shape of each component, nested as the elements ({@code element_spec}). */
  public ElementSpec elementSpec() {
    if (node instanceof GeneratorSource generator) {
      return generator.spec();
    }
    try (ModelGraph scratch = Backends.get().newGraph("dataset_spec")) {
      return scratch.trace(() -> specOf(node.build(new PipelineBuild(scratch))));
    }
  }

  /**
   * The number of elements, as tf.data computes it without iterating: a count, {@link
   * #INFINITE_CARDINALITY} or {@link #UNKNOWN_CARDINALITY}.
   */
  public long cardinality() {
    if (node instanceof GeneratorSource) {
      return UNKNOWN_CARDINALITY;
    }
    try (ModelGraph scratch = Backends.get().newGraph("dataset_cardinality");
        DatasetPipeline pipeline = DatasetPipeline.build(this, scratch)) {
      return pipeline.cardinality();
    }
  }

  ElementSpec specOf(DatasetHandle handle) {
    return new ElementSpec(structure(), handle.componentSpecs());
  }

  DatasetNode node() {
    return node;
  }

  /** Builds this pipeline into {@code graph} (e.g. a model's), to be read by steps traced there. */
  public DatasetPipeline pipelineIn(ModelGraph graph) {
    return DatasetPipeline.build(this, graph);
  }

  /**
   * The elements, each as its flat components in order (for {@code (x, y)}: {@code [x, y]}), read by
   * tf.data in a graph of its own (a generator dataset's, by its producer thread). Stopping early,
   * close the returned iterator to release that graph (or stop that thread) at once.
   */
  @Override
  public ElementIterator iterator() {
    return node instanceof GeneratorSource ? new GeneratedElements(produce()) : new DatasetElements(this);
  }

  /** The elements nested as their structure (an array, a {@code List} or a {@code Map} of them), as {@code as_numpy_iterator()}. */
  public Iterator<Object> asNumpyIterator() {
    ElementIterator elements = iterator();
    return new Iterator<>() {
      @Override
      public boolean hasNext() {
        return elements.hasNext();
      }

      @Override
      public Object next() {
        return structure().pack(elements.next());
      }
    };
  }

  /** Every element's flat components; for a finite dataset. */
  public List<List<NdArray<?>>> toList() {
    List<List<NdArray<?>>> all = new ArrayList<>();
    try (ElementIterator elements = iterator()) {
      elements.forEachRemaining(all::add);
    }
    return all;
  }

  @Override
  public String toString() {
    return "Dataset[" + (structureOf.get() == null ? "elements known once traced" : structureOf.get()) + "]";
  }
}
