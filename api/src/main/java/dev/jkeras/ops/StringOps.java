package dev.jkeras.ops;

import static dev.jkeras.ops.OpSupport.backend;
import static dev.jkeras.ops.OpSupport.eager;

import dev.jkeras.DType;
import dev.jkeras.KerasTensor;
import dev.jkeras.RaggedTensor;
import org.tensorflow.ndarray.NdArray;

/**
 * String and token ops, as TensorFlow's {@code tf.strings} (Keras has no string ops of its own; its
 * preprocessing layers call these). Each runs on symbolic tensors (in a model's graph) and, where an
 * {@link NdArray} form exists, eagerly on arrays. {@link Ops} re-exports every function here.
 */
public final class StringOps {
  private StringOps() {}

  /** {@code x} with its ASCII letters lower-cased, as {@code tf.strings.lower(x)} (what Keras's TextVectorization uses). */
  public static KerasTensor lower(KerasTensor x) {
    return lower(x, "");
  }

  /**
   * {@code x} lower-cased as {@code tf.strings.lower(x, encoding)}: {@code "utf-8"} lower-cases every
   * Unicode letter, {@code ""} only ASCII ones.
   */
  public static KerasTensor lower(KerasTensor x, String encoding) {
    if (!"".equals(encoding) && !"utf-8".equals(encoding)) {
      throw new IllegalArgumentException("lower's encoding is \"\" (ASCII) or \"utf-8\", got \"" + encoding + "\"");
    }
    return backend().strings().lower(strings(x, "lower"), encoding);
  }

  @SuppressWarnings("unchecked")
  public static NdArray<String> lower(NdArray<String> x) {
    return (NdArray<String>) eager(t -> lower(t.get(0)), x);
  }

  /**
   * Every match of the RE2 {@code pattern} replaced by {@code rewrite} ({@code \1} names a group), as
   * {@code tf.strings.regex_replace} with a constant pattern (TensorFlow's {@code StaticRegexReplace}).
   */
  public static KerasTensor regexReplace(KerasTensor x, String pattern, String rewrite) {
    return backend().strings().regexReplace(strings(x, "regexReplace"), pattern, rewrite, true);
  }

  /**
   * The bytes {@code [pos, pos + len)} of each string of {@code x} ({@code tf.strings.substr(x, pos,
   * len)}), shorter where a string ends first; e.g. the first {@code maxLength} bytes of a file read by
   * {@link ImageOps#readFile}. As in TensorFlow, a {@code pos} past the end of a string fails the run.
   */
  public static KerasTensor substr(KerasTensor x, long pos, long len) {
    if (pos < 0 || len < 0) {
      throw new IllegalArgumentException("substr needs pos >= 0 and len >= 0, got pos=" + pos + ", len=" + len);
    }
    return backend().strings().substr(strings(x, "substr"), pos, len);
  }

  @SuppressWarnings("unchecked")
  public static NdArray<String> regexReplace(NdArray<String> x, String pattern, String rewrite) {
    return (NdArray<String>) eager(t -> regexReplace(t.get(0), pattern, rewrite), x);
  }

  /** FarmHash64 of each string modulo {@code numBuckets} (int64), as {@code tf.strings.to_hash_bucket_fast}. */
  public static KerasTensor toHashBucketFast(KerasTensor x, long numBuckets) {
    return backend().strings().toHashBucketFast(strings(x, "toHashBucketFast"), positive(numBuckets));
  }

  public static NdArray<?> toHashBucketFast(NdArray<String> x, long numBuckets) {
    return eager(t -> toHashBucketFast(t.get(0), numBuckets), x);
  }

  /**
   * SipHash-2-4 of each string keyed by {@code (key0, key1)}, modulo {@code numBuckets} (int64), as
   * {@code tf.strings.to_hash_bucket_strong(x, numBuckets, [key0, key1])}.
   */
  public static KerasTensor toHashBucketStrong(KerasTensor x, long numBuckets, long key0, long key1) {
    return backend().strings().toHashBucketStrong(strings(x, "toHashBucketStrong"), positive(numBuckets), key0, key1);
  }

  public static NdArray<?> toHashBucketStrong(NdArray<String> x, long numBuckets, long key0, long key1) {
    return eager(t -> toHashBucketStrong(t.get(0), numBuckets, key0, key1), x);
  }

  /** Each string of the 1-D {@code x} split on whitespace (empty pieces dropped), as {@code tf.strings.split(x)}. */
  public static RaggedTensor splitWhitespace(KerasTensor x) {
    return backend().strings().splitWhitespace(vector(x, "splitWhitespace"));
  }

  /** Each string of the 1-D {@code x} split into its Unicode characters, as {@code tf.strings.unicode_split}. */
  public static RaggedTensor unicodeSplit(KerasTensor x) {
    return backend().strings().unicodeSplit(vector(x, "unicodeSplit"));
  }

  /**
   * The n-grams of every width in {@code widths} of each row of tokens, joined by {@code separator},
   * as {@code tf.strings.ngrams(tokens, widths, separator)}: a row holds its 1-grams, then its
   * 2-grams, and so on.
   */
  public static RaggedTensor ngrams(RaggedTensor tokens, long[] widths, String separator) {
    strings(tokens.values(), "ngrams");
    if (widths.length == 0 || java.util.Arrays.stream(widths).anyMatch(w -> w < 1)) {
      throw new IllegalArgumentException("ngrams needs widths of at least 1, got " + java.util.Arrays.toString(widths));
    }
    return backend().strings().ngrams(tokens, widths.clone(), separator);
  }

  /**
   * The rows as a dense {@code (rows, width)} tensor, padded with {@code padding} (a scalar of the
   * values' dtype) and cut to {@code width}; {@code width} -1 takes the longest row's length.
   */
  public static KerasTensor raggedToDense(RaggedTensor rows, KerasTensor padding, long width) {
    if (padding.rank() != 0 || padding.dtype() != rows.values().dtype()) {
      throw new IllegalArgumentException("raggedToDense pads with a scalar of the rows' dtype "
          + rows.values().dtype() + ", got " + padding.dtype() + padding.shape());
    }
    if (width < -1) {
      throw new IllegalArgumentException("raggedToDense needs a width of at least 0 (or -1 for the longest row), got "
          + width);
    }
    return backend().strings().raggedToDense(rows, padding, width);
  }

  /**
   * The int64 value of each element of {@code x} in {@code table}, {@code defaultValue} where the
   * element is not a key, as TensorFlow's {@code StaticHashTable.lookup}.
   */
  public static KerasTensor lookup(KerasTensor x, LookupTable table, long defaultValue) {
    return lookup(x, table, defaultValue, null);
  }

  /**
   * As {@link #lookup(KerasTensor, LookupTable, long)}, failing the run with {@code missingMessage}
   * (followed by the elements that are not keys) when some element is not a key; null means no check.
   */
  public static KerasTensor lookup(KerasTensor x, LookupTable table, long defaultValue, String missingMessage) {
    DType expected = table.keyDtype();
    KerasTensor keys = expected == DType.INT64 && x.dtype() == DType.INT32 ? CoreOps.cast(x, DType.INT64) : x;
    if (keys.dtype() != expected) {
      throw new IllegalArgumentException("A table of " + expected + " keys cannot look up " + x.dtype()
          + " values; give it " + expected + " inputs");
    }
    return backend().strings().lookup(keys, table.probes(), table.keys(), table.values(), defaultValue,
        missingMessage);
  }

  public static NdArray<?> lookup(NdArray<?> x, LookupTable table, long defaultValue) {
    return eager(t -> lookup(t.get(0), table, defaultValue), x);
  }

  private static KerasTensor strings(KerasTensor x, String op) {
    if (x.dtype() != DType.STRING) {
      throw new IllegalArgumentException(op + " needs a string tensor, got " + x.dtype() + x.shape()
          + "; convert numbers to strings first or use a numeric op");
    }
    return x;
  }

  private static KerasTensor vector(KerasTensor x, String op) {
    strings(x, op);
    if (x.rank() != 1) {
      throw new IllegalArgumentException(op + " needs a 1-D batch of strings, got shape " + x.shape()
          + "; reshape it to (-1,) first");
    }
    return x;
  }

  private static long positive(long numBuckets) {
    if (numBuckets < 1) {
      throw new IllegalArgumentException("The number of hash buckets must be at least 1, got " + numBuckets);
    }
    return numBuckets;
  }

  /** Integers (or booleans) as their decimal strings, as {@code tf.strings.as_string}. */
  public static KerasTensor asString(KerasTensor x) {
    if (x.dtype() == DType.STRING || x.dtype().isFloating()) {
      throw new IllegalArgumentException("asString writes integers, got " + x.dtype() + x.shape());
    }
    return backend().strings().asString(x);
  }
}
