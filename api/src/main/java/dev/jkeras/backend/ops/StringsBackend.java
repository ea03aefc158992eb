package dev.jkeras.backend.ops;

import dev.jkeras.KerasTensor;
import dev.jkeras.RaggedTensor;
import org.tensorflow.ndarray.LongNdArray;
import org.tensorflow.ndarray.NdArray;

/**
 * The string and token ops a backend runs (TensorFlow's {@code tf.strings} and the ragged ops text
 * preprocessing needs). Strings are UTF-8.
 */
public interface StringsBackend {

  /**
   * {@code x} lower-cased, as {@code tf.strings.lower(x, encoding)}: encoding {@code ""} lower-cases
   * ASCII letters only, {@code "utf-8"} every Unicode letter.
   */
  KerasTensor lower(KerasTensor x, String encoding);

  /** The bytes {@code [pos, pos + len)} of each string ({@code tf.strings.substr}, unit BYTE), fewer where a string ends sooner. */
  KerasTensor substr(KerasTensor x, long pos, long len);

  /** Every (or the first) match of the RE2 {@code pattern} in {@code x} replaced by {@code rewrite}. */
  KerasTensor regexReplace(KerasTensor x, String pattern, String rewrite, boolean replaceGlobal);

  /** FarmHash64 fingerprint of each string modulo {@code numBuckets}, int64 ({@code tf.strings.to_hash_bucket_fast}). */
  KerasTensor toHashBucketFast(KerasTensor x, long numBuckets);

  /** Keyed SipHash of each string modulo {@code numBuckets}, int64 ({@code tf.strings.to_hash_bucket_strong}). */
  KerasTensor toHashBucketStrong(KerasTensor x, long numBuckets, long key0, long key1);

  /** The 1-D strings {@code x} split on runs of whitespace, empty pieces dropped ({@code tf.strings.split(x)}). */
  RaggedTensor splitWhitespace(KerasTensor x);

  /** The 1-D strings {@code x} split into Unicode characters ({@code tf.strings.unicode_split(x, "UTF-8")}). */
  RaggedTensor unicodeSplit(KerasTensor x);

  /**
   * The n-grams of each row of string tokens for each width in {@code widths}, tokens joined by
   * {@code separator}, all widths of a row in one row ({@code tf.strings.ngrams}).
   */
  RaggedTensor ngrams(RaggedTensor tokens, long[] widths, String separator);

  /**
   * The rows as a dense {@code (rows, width)} tensor, shorter rows padded with the scalar
   * {@code padding} and longer ones cut; {@code width} -1 means as wide as the longest row.
   */
  KerasTensor raggedToDense(RaggedTensor rows, KerasTensor padding, long width);

  /**
   * A static table lookup: the value of each element of {@code x} in a table whose keys are
   * {@code keys} (strings or int64), {@code defaultValue} for elements not among them. The keys are
   * given in ascending order of their {@code probes} (the keys themselves for integers, their
   * {@link #toHashBucketFast} with {@code Long.MAX_VALUE} buckets for strings); {@code values} are
   * int64 in the same order. With a {@code missingMessage}, an element that is not a key fails the
   * run with that message followed by the missing elements.
   */
  KerasTensor lookup(KerasTensor x, LongNdArray probes, NdArray<?> keys, LongNdArray values, long defaultValue,
      String missingMessage);

  /** Integers written as decimal strings, as {@code tf.strings.as_string}. */
  KerasTensor asString(KerasTensor x);
}
