package dev.jkeras.data;

import dev.jkeras.KerasTensor;
import dev.jkeras.ops.Ops;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.tensorflow.ndarray.NdArrays;

/**
 * {@code make_csv_dataset} as a pipeline: the matching files' lines (TextLineDataset, the header
 * skipped, interleaved), shuffled, repeated, batched, decoded by DecodeCSV into features by name and
 * the label. Every file is read once in Java when the dataset is made, so a malformed row fails then,
 * naming the file and the line (TensorFlow's DecodeCSV names only the row's place in its batch).
 */
final class CsvDatasets {
  private CsvDatasets() {}

  static Dataset make(String filePattern, long batchSize, CsvOptions csv, CsvDatasetOptions options) {
    if (batchSize <= 0) {
      throw new IllegalArgumentException("makeCsvDataset's batchSize must be positive, got " + batchSize);
    }
    List<Path> files = FileMatcher.matching(filePattern);
    CsvSchema schema = CsvSchema.of(files.get(0), csv);
    boolean blankLines = false;
    for (Path file : files) {
      blankLines |= check(file, csv, schema);
    }
    Dataset names = Dataset.listFiles(filePattern, options.shuffle(), options.shuffleSeed());
    boolean skipBlank = blankLines;
    long header = csv.header() ? 1 : 0;
    Dataset lines = names.interleave(f -> {
      Dataset fileLines = Dataset.textLine(f).skip(header);
      return skipBlank ? fileLines.filter(line -> Ops.notEqual(line, Ops.convertToTensor(NdArrays.scalarOfObject(""))))
          : fileLines;
    }, options.numParallelReads());
    if (options.shuffle()) {
      lines = options.shuffleSeed() == 0 ? lines.shuffle(options.shuffleBufferSize())
          : lines.shuffle(options.shuffleBufferSize(), options.shuffleSeed());
    }
    if (options.numEpochs() != 1) {
      lines = lines.repeat(options.numEpochs());
    }
    List<CsvColumn> columns = schema.columns();
    String label = schema.labelName().orElse(null);
    String delim = String.valueOf(csv.fieldDelim());
    Dataset batches = lines.batch(batchSize, options.numEpochs() == Dataset.INFINITE_CARDINALITY)
        .map(batch -> {
          List<KerasTensor> decoded = Ops.decodeCsv(batch, schema.recordDefaults(), delim, csv.useQuoteDelim(),
              csv.naValue(), schema.selectCols());
          Map<String, KerasTensor> features = new LinkedHashMap<>();
          KerasTensor labels = null;
          for (int i = 0; i < columns.size(); i++) {
            if (columns.get(i).name().equals(label)) {
              labels = decoded.get(i);
            } else {
              features.put(columns.get(i).name(), decoded.get(i));
            }
          }
          return labels == null ? features : List.of(features, labels);
        });
    return batches.prefetch(options.prefetchBufferSize());
  }

  /** Reads {@code file} through, as the dataset will; true if it has blank lines (which the dataset skips). */
  private static boolean check(Path file, CsvOptions csv, CsvSchema first) {
    boolean blank = false;
    try (CsvReader reader = CsvReader.open(file, csv)) {
      if (!reader.schema().columns().equals(first.columns())) {
        throw new IllegalArgumentException("makeCsvDataset: " + file + " has the columns " + reader.schema().columns()
            + " but the first file has " + first.columns() + "; give columnDefaults to fix the types, or use files "
            + "of one layout");
      }
      long expectedLine = csv.header() ? 2 : 1;
      while (reader.hasNext()) {
        reader.next();
        blank |= reader.lineNumber() != expectedLine;
        expectedLine = reader.lineNumber() + 1;
      }
    }
    return blank;
  }
}
