package dev.jkeras.ops;

import static dev.jkeras.ops.OpSupport.backend;

import dev.jkeras.DType;
import dev.jkeras.KerasTensor;
import dev.jkeras.backend.Backend;
import dev.jkeras.backend.GraphFunction;
import dev.jkeras.backend.ModelGraph;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.tensorflow.ndarray.NdArray;

/**
 * File-format ops, as TensorFlow's {@code tf.io}: parsing serialized {@code tf.train.Example} and
 * {@code SequenceExample} protos, and decoding CSV lines. On {@link KerasTensor}s (inside a traced
 * function, e.g. a dataset's map function) they add graph ops; on {@link NdArray}s they run at once.
 * Serialized protos are string arrays whose elements are {@code byte[]}. {@link Ops} re-exports every
 * function here.
 */
public final class IoOps {
  private IoOps() {}

  /**
   * Parses a vector of serialized Examples, as {@code tf.io.parse_example(serialized, features)}:
   * a {@link FixedLenFeature} of shape {@code s} gives a dense {@code (batch) + s} tensor, a {@link
   * VarLenFeature} a {@link SparseTensor} with 2-D indices {@code (example, position)}.
   */
  public static ParsedExample<KerasTensor> parseExample(KerasTensor serialized,
      Map<String, ? extends FeatureSpec> features) {
    return backend().io().parseExample(serialized, specs(features));
  }

  /** As {@link #parseExample(KerasTensor, Map)}, run at once on serialized Examples ({@code byte[]} elements). */
  public static ParsedExample<NdArray<?>> parseExample(NdArray<?> serialized,
      Map<String, ? extends FeatureSpec> features) {
    return eagerParse(b -> b.io().parseExample(b.core().constant(serialized), specs(features)));
  }

  /**
   * Parses one serialized Example (a string scalar), as {@code tf.io.parse_single_example}: dense
   * features have their spec's shape, sparse ones 1-D indices.
   */
  public static ParsedExample<KerasTensor> parseSingleExample(KerasTensor serialized,
      Map<String, ? extends FeatureSpec> features) {
    return backend().io().parseSingleExample(serialized, specs(features));
  }

  /** As {@link #parseSingleExample(KerasTensor, Map)}, run at once on one serialized Example. */
  public static ParsedExample<NdArray<?>> parseSingleExample(NdArray<?> serialized,
      Map<String, ? extends FeatureSpec> features) {
    return eagerParse(b -> b.io().parseSingleExample(b.core().constant(serialized), specs(features)));
  }

  /** As {@link #parseSingleExample(KerasTensor, Map)}, run at once on one Example's bytes. */
  public static ParsedExample<NdArray<?>> parseSingleExample(byte[] serialized,
      Map<String, ? extends FeatureSpec> features) {
    return parseSingleExample(org.tensorflow.ndarray.NdArrays.scalarOfObject(serialized), features);
  }

  /**
   * Parses one serialized SequenceExample, as {@code tf.io.parse_single_sequence_example(serialized,
   * context_features, sequence_features)}: the context features as {@link #parseSingleExample}, each
   * dense sequence feature with a leading time dimension, each sparse one with 2-D indices {@code (step,
   * position)}.
   */
  public static ParsedSequenceExample<KerasTensor> parseSingleSequenceExample(KerasTensor serialized,
      Map<String, ? extends FeatureSpec> contextFeatures, Map<String, ? extends FeatureSpec> sequenceFeatures) {
    return backend().io().parseSingleSequenceExample(serialized, specs(contextFeatures), specs(sequenceFeatures));
  }

  /** As {@link #parseSingleSequenceExample(KerasTensor, Map, Map)}, run at once on one SequenceExample's bytes. */
  public static ParsedSequenceExample<NdArray<?>> parseSingleSequenceExample(byte[] serialized,
      Map<String, ? extends FeatureSpec> contextFeatures, Map<String, ? extends FeatureSpec> sequenceFeatures) {
    Backend b = backend();
    List<KerasTensor> flat = new ArrayList<>();
    List<ParsedSequenceExample<KerasTensor>> symbolic = new ArrayList<>();
    List<NdArray<?>> values = runInGraph(() -> {
      ParsedSequenceExample<KerasTensor> parsed = b.io().parseSingleSequenceExample(
          b.core().constant(org.tensorflow.ndarray.NdArrays.scalarOfObject(serialized)),
          specs(contextFeatures), specs(sequenceFeatures));
      symbolic.add(parsed);
      flatten(parsed.context(), flat);
      flatten(parsed.sequence(), flat);
      return flat;
    });
    Iterator<NdArray<?>> it = values.iterator();
    ParsedExample<NdArray<?>> context = rebuild(symbolic.get(0).context(), it);
    return new ParsedSequenceExample<>(context, rebuild(symbolic.get(0).sequence(), it));
  }

  /**
   * Splits CSV lines into columns, as {@code tf.io.decode_csv(records, record_defaults)} with a comma
   * delimiter, quoting on and no NA value: one tensor per column, of the shape of {@code records}.
   *
   * @param recordDefaults per column, a scalar array holding the value for an empty field (its dtype
   *     is the column's: float32, float64, int32, int64 or string), or an empty 1-D array of the
   *     column's dtype for a field that must not be empty
   */
  public static List<KerasTensor> decodeCsv(KerasTensor records, List<? extends NdArray<?>> recordDefaults) {
    return decodeCsv(records, recordDefaults, ",", true, "", List.of());
  }

  /**
   * As {@code tf.io.decode_csv(records, record_defaults, field_delim, use_quote_delim, na_value,
   * select_cols)}: {@code fieldDelim} is one character, {@code useQuoteDelim} treats double quotes as
   * quoting (a doubled quote inside is one), {@code naValue} is read as a missing value, and {@code
   * selectCols} (ascending column indices; empty for all) keeps only those columns, with {@code
   * recordDefaults} given for the kept columns only.
   */
  public static List<KerasTensor> decodeCsv(KerasTensor records, List<? extends NdArray<?>> recordDefaults,
      String fieldDelim, boolean useQuoteDelim, String naValue, List<Integer> selectCols) {
    Backend b = backend();
    checkCsvArguments(recordDefaults, fieldDelim, selectCols);
    return b.io().decodeCsv(records, recordDefaults.stream().map(b.core()::constant).toList(), fieldDelim,
        useQuoteDelim, naValue, selectCols);
  }

  /** As {@link #decodeCsv(KerasTensor, List)}, run at once on an array of lines. */
  public static List<NdArray<?>> decodeCsv(NdArray<?> records, List<? extends NdArray<?>> recordDefaults) {
    return decodeCsv(records, recordDefaults, ",", true, "", List.of());
  }

  /** As {@link #decodeCsv(KerasTensor, List, String, boolean, String, List)}, run at once on an array of lines. */
  public static List<NdArray<?>> decodeCsv(NdArray<?> records, List<? extends NdArray<?>> recordDefaults,
      String fieldDelim, boolean useQuoteDelim, String naValue, List<Integer> selectCols) {
    Backend b = backend();
    checkCsvArguments(recordDefaults, fieldDelim, selectCols);
    return b.eager(() -> b.io().decodeCsv(b.core().constant(records),
        recordDefaults.stream().map(b.core()::constant).toList(), fieldDelim, useQuoteDelim, naValue, selectCols));
  }

  private static void checkCsvArguments(List<? extends NdArray<?>> recordDefaults, String fieldDelim,
      List<Integer> selectCols) {
    Objects.requireNonNull(recordDefaults, "recordDefaults");
    Objects.requireNonNull(selectCols, "selectCols");
    if (recordDefaults.isEmpty()) {
      throw new IllegalArgumentException("decodeCsv needs one record default per column; got none");
    }
    if (fieldDelim == null || fieldDelim.length() != 1) {
      throw new IllegalArgumentException("The CSV field delimiter must be one character; got "
          + (fieldDelim == null ? "null" : "'" + fieldDelim + "'"));
    }
    if (!selectCols.isEmpty() && selectCols.size() != recordDefaults.size()) {
      throw new IllegalArgumentException("With selectCols, give one record default per selected column: "
          + selectCols.size() + " columns selected, " + recordDefaults.size() + " defaults given");
    }
    for (int i = 1; i < selectCols.size(); i++) {
      if (selectCols.get(i) <= selectCols.get(i - 1) || selectCols.get(i - 1) < 0) {
        throw new IllegalArgumentException("selectCols must be non-negative and strictly ascending; got " + selectCols);
      }
    }
    for (NdArray<?> d : recordDefaults) {
      if (d.rank() > 1 || (d.rank() == 1 && d.size() != 0)) {
        throw new IllegalArgumentException("Each CSV record default is a scalar (the value for an empty field)"
            + " or an empty 1-D array (the field is required); got shape " + d.shape());
      }
    }
  }

  private static Map<String, FeatureSpec> specs(Map<String, ? extends FeatureSpec> features) {
    Objects.requireNonNull(features, "features");
    if (features.isEmpty()) {
      throw new IllegalArgumentException("Give at least one feature to parse (a name -> FixedLenFeature or"
          + " VarLenFeature map)");
    }
    Map<String, FeatureSpec> copy = new LinkedHashMap<>();
    features.forEach((name, spec) -> copy.put(Objects.requireNonNull(name, "feature name"),
        Objects.requireNonNull(spec, () -> "the spec of feature '" + name + "'")));
    return copy;
  }

  private interface Parse {
    ParsedExample<KerasTensor> apply(Backend backend);
  }

  /**
   * Runs {@code body} in a graph of its own and returns the values of what it returns. The parsing ops
   * run there rather than eagerly: TF Java 1.1.0's eager op builder crashes the JVM on the empty input
   * and attribute lists these ops often take (no sparse features, no context features, ...).
   */
  private static List<NdArray<?>> runInGraph(java.util.function.Supplier<List<KerasTensor>> body) {
    try (ModelGraph graph = backend().newGraph("io_ops")) {
      GraphFunction function = graph.trace(() -> graph.function(List.of(), body.get(), List.of()));
      return function.call(List.of());
    }
  }

  private static ParsedExample<NdArray<?>> eagerParse(Parse parse) {
    Backend b = backend();
    List<ParsedExample<KerasTensor>> symbolic = new ArrayList<>();
    List<NdArray<?>> values = runInGraph(() -> {
      ParsedExample<KerasTensor> parsed = parse.apply(b);
      symbolic.add(parsed);
      List<KerasTensor> flat = new ArrayList<>();
      flatten(parsed, flat);
      return flat;
    });
    return rebuild(symbolic.get(0), values.iterator());
  }

  private static void flatten(ParsedExample<KerasTensor> parsed, List<KerasTensor> out) {
    parsed.dense().keySet().stream().sorted().forEach(name -> out.add(parsed.dense().get(name)));
    parsed.sparse().keySet().stream().sorted().forEach(name -> {
      SparseTensor<KerasTensor> s = parsed.sparse().get(name);
      out.add(s.indices());
      out.add(s.values());
      out.add(s.denseShape());
    });
  }

  private static ParsedExample<NdArray<?>> rebuild(ParsedExample<KerasTensor> shape, Iterator<NdArray<?>> values) {
    Map<String, NdArray<?>> dense = new LinkedHashMap<>();
    shape.dense().keySet().stream().sorted().forEach(name -> dense.put(name, values.next()));
    Map<String, SparseTensor<NdArray<?>>> sparse = new LinkedHashMap<>();
    shape.sparse().keySet().stream().sorted().forEach(name ->
        sparse.put(name, new SparseTensor<>(values.next(), values.next(), values.next())));
    return new ParsedExample<>(dense, sparse);
  }

  /** The numeric dtypes {@link #decodeRaw} reads. */
  private static final java.util.Set<DType> RAW_DTYPES = java.util.EnumSet.of(DType.UINT8, DType.INT32,
      DType.INT64, DType.FLOAT32, DType.FLOAT64);

  /**
   * Each string's bytes as numbers of {@code dtype} (little-endian), as {@code tf.io.decode_raw}: a
   * string tensor of shape {@code s} gives {@code s + (n,)}, every string holding the same number of
   * bytes, a multiple of the dtype's size. The cheap way to store a tensor in an Example: a bytes
   * feature of its raw values.
   *
   * @throws IllegalArgumentException if {@code bytes} is not a string tensor or {@code dtype} is not numeric
   */
  public static KerasTensor decodeRaw(KerasTensor bytes, DType dtype) {
    if (bytes.dtype() != DType.STRING) {
      throw new IllegalArgumentException("decodeRaw takes a string tensor of raw bytes (e.g. a bytes feature of a "
          + "parsed Example), got dtype " + bytes.dtype());
    }
    if (!RAW_DTYPES.contains(dtype)) {
      throw new IllegalArgumentException("decodeRaw reads the bytes as one of " + RAW_DTYPES + "; got " + dtype);
    }
    return backend().io().decodeRaw(bytes, dtype, true);
  }

  /** As {@link #decodeRaw(KerasTensor, DType)}, at once on an array of byte strings ({@code byte[]} or {@code String}). */
  public static NdArray<?> decodeRaw(NdArray<?> bytes, DType dtype) {
    return OpSupport.eager(t -> decodeRaw(t.get(0), dtype), bytes);
  }
}
