package dev.jkeras.backend.ops;

import dev.jkeras.DType;
import dev.jkeras.KerasTensor;
import dev.jkeras.ops.FeatureSpec;
import dev.jkeras.ops.ParsedExample;
import dev.jkeras.ops.ParsedSequenceExample;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/**
 * The file-format ops a backend runs (TensorFlow's {@code tf.io}): parsing serialized {@code
 * tf.train.Example}s, decoding CSV lines, and reading TFRecord files with the backend's own reader.
 */
public interface IoBackend {

  /**
   * Parses a vector of serialized Examples ({@code tf.io.parse_example}): each dense feature gets a
   * leading batch dimension, each sparse one a 2-D index.
   */
  ParsedExample<KerasTensor> parseExample(KerasTensor serialized, Map<String, FeatureSpec> features);

  /** Parses one serialized Example, a string scalar ({@code tf.io.parse_single_example}). */
  ParsedExample<KerasTensor> parseSingleExample(KerasTensor serialized, Map<String, FeatureSpec> features);

  /**
   * Parses one serialized {@code SequenceExample} ({@code tf.io.parse_single_sequence_example}): the
   * context features as {@link #parseSingleExample}, the sequence features with a leading time
   * dimension ({@code FixedLenFeature}s, dense) or as 2-D sparse values ({@code VarLenFeature}s).
   */
  ParsedSequenceExample<KerasTensor> parseSingleSequenceExample(KerasTensor serialized,
      Map<String, FeatureSpec> context, Map<String, FeatureSpec> sequence);

  /**
   * Splits CSV lines into one tensor per column ({@code tf.io.decode_csv}); {@code recordDefaults}
   * holds, per column, a scalar default (which also gives the column's dtype) or an empty 1-D tensor
   * for a column that must be present. {@code selectCols} (ascending column indices) keeps only those
   * columns, or is empty to keep all.
   */
  List<KerasTensor> decodeCsv(KerasTensor records, List<KerasTensor> recordDefaults, String fieldDelim,
      boolean useQuoteDelim, String naValue, List<Integer> selectCols);

  /** Each string's bytes as numbers of {@code dtype}, one more axis of them, as {@code tf.io.decode_raw}. */
  KerasTensor decodeRaw(KerasTensor bytes, DType dtype, boolean littleEndian);

  /**
   * Every record of a TFRecord file, read by the backend's own reader (TensorFlow's {@code
   * TFRecordDataset} kernel), for checking files written elsewhere.
   *
   * @param compression {@code ""}, {@code "GZIP"} or {@code "ZLIB"}, as TensorFlow names them
   * @throws dev.jkeras.CorruptRecordException naming the file and offset if a record is damaged
   * @throws IllegalArgumentException if the file cannot be read
   */
  List<byte[]> readTFRecords(Path file, String compression);
}
