package dev.jkeras.samples;

import dev.jkeras.DType;
import dev.jkeras.Shape;
import dev.jkeras.backend.ImportedModel;
import dev.jkeras.backend.SignatureSpec;
import dev.jkeras.data.CsvData;
import dev.jkeras.data.CsvFile;
import dev.jkeras.data.CsvOptions;
import dev.jkeras.data.Dataset;
import dev.jkeras.data.Example;
import dev.jkeras.data.TFRecordCompression;
import dev.jkeras.data.TFRecordWriter;
import dev.jkeras.layers.Dense;
import dev.jkeras.layers.Normalization;
import dev.jkeras.models.Sequential;
import dev.jkeras.ops.FixedLenFeature;
import dev.jkeras.ops.Ops;
import dev.jkeras.optimizers.Adam;
import dev.jkeras.saving.SavedModels;
import dev.jkeras.utils.Utils;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.tensorflow.ndarray.FloatNdArray;
import org.tensorflow.ndarray.NdArray;
import org.tensorflow.ndarray.NdArrays;

/**
 * Hands-On ML chapter 13's workflow, end to end: a CSV data set (scikit-learn's diabetes table,
 * shipped with the samples, standing in for California housing) is split and written as TFRecord
 * files of {@code tf.train.Example}s, read back by the tf.data pipeline {@code listFiles ->
 * interleave(tfRecord) -> shuffle -> batch -> map(parseExample) -> prefetch}, and fed to a model
 * that normalizes its raw inputs itself (a {@code Normalization} layer adapted on the training
 * rows). The model is exported as a SavedModel that takes the raw features, loaded back as a server
 * would, and checked to serve what {@code predict} gives.
 */
public final class Ch13Pipeline implements Sample {
  private static final String[] COLUMNS = {"age", "sex", "bmi", "bp", "s1", "s2", "s3", "s4", "s5", "s6"};
  private static final int SHARDS = 4;
  private static final long SEED = 42;

  @Override
  public String name() {
    return "ch13_pipeline";
  }

  @Override
  public String description() {
    return "Seed 004 (Hands-On ML ch. 13): CSV -> TFRecord Example shards -> listFiles.interleave(tfRecord).shuffle"
        + ".batch.map(parseExample).prefetch -> a model with Normalization inside -> fit -> SavedModel taking raw "
        + "features, reloaded and checked (diabetes data standing in for California housing)";
  }

  @Override
  public String bookReports() {
    return "The book reports no figures for this pipeline (California housing, not available offline)";
  }

  @Override
  public void run(SampleArgs args) {
    Path out = args.outputDir(this);
    Path data = out.resolve("data");
    Path csv = writeCsv(data.resolve("diabetes.csv"), args.smoke() ? 96 : Integer.MAX_VALUE);
    CsvData table = CsvFile.read(csv, CsvOptions.defaults().labelName("target"));
    FloatNdArray x = table.featureMatrix();
    NdArray<?> y = table.labels().orElseThrow();
    System.out.printf("CSV: %s, %d rows, columns %s, label 'target'%n", csv, table.rows(), table.features().keySet());

    List<Integer> order = new ArrayList<>();
    for (int i = 0; i < table.rows(); i++) {
      order.add(i);
    }
    Collections.shuffle(order, new Random(SEED));
    int testRows = (int) (table.rows() / 5);
    List<Integer> test = order.subList(0, testRows);
    List<Integer> train = order.subList(testRows, order.size());
    for (int s = 0; s < SHARDS; s++) {
      writeShard(data.resolve("train-" + s + ".tfrecord.gz"), x, y, train.subList(s * train.size() / SHARDS,
          (s + 1) * train.size() / SHARDS));
    }
    writeShard(data.resolve("test-0.tfrecord.gz"), x, y, test);
    System.out.printf("TFRecord: %d training rows in %d GZIP shards, %d test rows, in %s%n", train.size(), SHARDS,
        test.size(), data);

    Dataset trainSet = examples(data.resolve("train-*.tfrecord.gz").toString(), true);
    Dataset testSet = examples(data.resolve("test-*.tfrecord.gz").toString(), false);
    FloatNdArray xTrain = rows(x, train);
    FloatNdArray xTest = rows(x, test);

    Path exported = out.resolve("diabetes_model").resolve("1");
    NdArray<?> predicted;
    Map<String, Double> scores;
    int epochs = args.epochs(30);
    Utils.setRandomSeed((int) SEED);
    try (var model = new Sequential(
        new Normalization().adapt(xTrain).inputShape(COLUMNS.length),
        new Dense(30, "relu"),
        new Dense(1))) {
      model.compile(c -> c.optimizer(new Adam(1e-2)).loss("mse").metrics("mae"));
      var history = model.fit(trainSet, fit -> fit.epochs(epochs).validationData(testSet).verbose(2));
      scores = model.evaluate(testSet, e -> e.verbose(0));
      predicted = model.predict(xTest, p -> p.verbose(0));
      model.export(exported);
      args.record("epochs", epochs);
      args.record("final_loss", last(history.history().get("loss")));
    }
    try (ImportedModel served = SavedModels.load(exported.toString())) {
      SignatureSpec signature = served.signatures().get("serving_default");
      String input = signature.inputs().keySet().iterator().next();
      String output = signature.outputs().keySet().iterator().next();
      NdArray<?> raw = served.call("serving_default", Map.of(input, xTest)).get(output);
      double difference = MaxAbsDifference.of(raw, predicted);
      System.out.printf("Test MSE %.4f, MAE %.4f; the SavedModel on raw features vs predict: max |difference| %.2e%n",
          scores.get("loss"), scores.get("mae"), difference);
      args.record("test_mse", scores.get("loss"));
      args.record("test_mae", scores.get("mae"));
      args.record("served_vs_predict_max_abs_diff", difference);
      args.record("signature", "serving_default(" + signature.inputs().values() + ") -> "
          + signature.outputs().values());
      args.record("data", HousingStandIn.DESCRIPTION + ", written as CSV then as " + SHARDS + " TFRecord shards");
    }
  }

  /** The pipeline of chapter 13 over the shards matching {@code pattern}. */
  static Dataset examples(String pattern, boolean training) {
    Map<String, FixedLenFeature> spec = Map.of(
        "x", new FixedLenFeature(Shape.of(COLUMNS.length), DType.FLOAT32),
        "target", new FixedLenFeature(Shape.of(), DType.FLOAT32));
    Dataset records = Dataset.listFiles(pattern, training, SEED)
        .interleave(f -> Dataset.tfRecord(f, TFRecordCompression.GZIP), SHARDS, 1, Dataset.AUTOTUNE);
    if (training) {
      records = records.shuffle(1000, SEED);
    }
    return records.batch(32)
        .map(serialized -> {
          var example = Ops.parseExample(serialized, spec);
          return List.of(example.get("x"), example.get("target"));
        }, Dataset.AUTOTUNE)
        .prefetch(Dataset.AUTOTUNE);
  }

  /** The shipped diabetes table (raw features, target / 100) as a CSV file with a header, at most {@code limit} rows. */
  private static Path writeCsv(Path file, int limit) {
    List<String> features = TabularData.resourceLines("/datasets/diabetes/diabetes_data_raw.csv.gz");
    List<String> targets = TabularData.resourceLines("/datasets/diabetes/diabetes_target.csv.gz");
    List<String> lines = new ArrayList<>();
    lines.add(String.join(",", COLUMNS) + ",target");
    for (int i = 0; i < Math.min(limit, features.size()); i++) {
      lines.add(String.join(",", features.get(i).trim().split("\\s+")) + ","
          + Float.parseFloat(targets.get(i)) / 100f);
    }
    try {
      Files.createDirectories(file.getParent());
      Files.write(file, lines);
    } catch (IOException e) {
      throw new UncheckedIOException("Could not write " + file, e);
    }
    return file;
  }

  private static void writeShard(Path file, FloatNdArray x, NdArray<?> y, List<Integer> rows) {
    try (var writer = TFRecordWriter.open(file, TFRecordCompression.GZIP)) {
      for (int r : rows) {
        float[] features = new float[COLUMNS.length];
        for (int j = 0; j < features.length; j++) {
          features[j] = x.getFloat(r, j);
        }
        float target = ((Number) y.getObject(r)).floatValue();
        writer.write(Example.builder().floats("x", features).floats("target", target).build().toByteArray());
      }
    }
  }

  private static FloatNdArray rows(FloatNdArray x, List<Integer> rows) {
    FloatNdArray out = NdArrays.ofFloats(org.tensorflow.ndarray.Shape.of(rows.size(), x.shape().get(1)));
    for (int i = 0; i < rows.size(); i++) {
      out.set(x.get(rows.get(i)), i);
    }
    return out;
  }

  private static double last(List<Double> values) {
    return values.get(values.size() - 1);
  }
}
