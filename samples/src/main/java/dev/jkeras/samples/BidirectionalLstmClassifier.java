package dev.jkeras.samples;

import dev.jkeras.KerasTensor;
import dev.jkeras.data.Dataset;
import dev.jkeras.data.DatasetPair;
import dev.jkeras.layers.Bidirectional;
import dev.jkeras.layers.Dense;
import dev.jkeras.layers.Dropout;
import dev.jkeras.layers.Embedding;
import dev.jkeras.layers.Input;
import dev.jkeras.layers.LSTM;
import dev.jkeras.layers.TextVectorization;
import dev.jkeras.models.Model;
import dev.jkeras.models.Models;
import dev.jkeras.optimizers.Adam;
import dev.jkeras.utils.Utils;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.IntSummaryStatistics;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.tensorflow.ndarray.NdArray;

/**
 * Issue 16 (Deep Learning with Python ch. 11's bidirectional LSTM on integer sequences): a
 * bidirectional LSTM over sequences of variable length. The texts are the items of Git's release
 * notes ({@link ReleaseNoteItems}, labelled features vs fixes); {@code TextVectorization} has no
 * output length, so each batch is padded only to its own longest item, the model's input has an
 * unknown number of steps ({@code Embedding(maskZero)} masks the padding), and the LSTMs run as
 * TensorFlow while loops. The trained model is saved as {@code .keras} and loaded back.
 */
public final class BidirectionalLstmClassifier implements Sample {
  private static final int MAX_TOKENS = 10_000;
  private static final String[] NEW_NOTES = {
      "\"git frotz\" learned a new \"--dry-run\" option.",
      "Fix a segfault in \"git frotz\" when the repository has no commits yet, which was reported on the list "
          + "by several users running it in a freshly initialized repository with hooks enabled.",
      "The configuration variable frotz.color can now be set to \"auto\"."};

  @Override
  public String name() {
    return "bilstm_variable_length";
  }

  @Override
  public String description() {
    return "Issue 16 (DLwP ch. 11): Embedding(maskZero) + Bidirectional(LSTM) over sequences of variable length "
        + "(Git's release-note items, each batch padded to its longest item), the LSTMs as while loops; fit, "
        + "evaluate, saved as .keras and loaded back";
  }

  @Override
  public String bookReports() {
    return "The book's bidirectional LSTM on IMDB reaches about 87% test accuracy; it reports no figures for this "
        + "data (the bag-of-words text_classifier sample reaches about 0.80 on it)";
  }

  @Override
  public void run(SampleArgs args) {
    Utils.setRandomSeed(42);
    Path folder = args.outputDir(this).resolve("release_notes");
    ReleaseNoteItems items = ReleaseNoteItems.write(TextClassifier.RELEASE_NOTES, folder,
        args.smoke() ? 12 : Integer.MAX_VALUE);
    System.out.println(items.describe());
    IntSummaryStatistics words = wordCounts(items.train());
    System.out.printf("Items have %d to %d words (mean %.0f); each batch is padded to its longest item%n",
        words.getMin(), words.getMax(), words.getAverage());
    DatasetPair trainAndValidation = Utils.textDatasetsFromDirectory(items.train(), o -> o.labelMode("binary")
        .batchSize(32).validationSplit(0.25).seed(42));
    Dataset train = trainAndValidation.training().prefetch(Dataset.AUTOTUNE);
    Dataset valid = trainAndValidation.validation();
    Dataset test = Utils.textDatasetFromDirectory(items.test(), o -> o.labelMode("binary").batchSize(64));

    TextVectorization vectorize = new TextVectorization().maxTokens(MAX_TOKENS);
    vectorize.adapt(train.map((text, label) -> text));

    KerasTensor text = Input.of("string");
    KerasTensor tokens = vectorize.apply(text);                     // (batch, the batch's longest item)
    KerasTensor x = new Embedding(MAX_TOKENS, 32).maskZero(true).apply(tokens);
    x = new Bidirectional(new LSTM(32)).apply(x);
    x = new Dropout(0.3).apply(x);
    Path saved = args.outputDir(this).resolve("bilstm_variable_length.keras");
    NdArray<String> newNotes = TextClassifier.column(NEW_NOTES);
    NdArray<?> predicted;
    try (Model model = new Model(text, new Dense(1, "sigmoid").apply(x))) {
      model.summary();
      model.compile(new Adam(2e-3), "binary_crossentropy", "accuracy");
      int epochs = args.epochs(8);
      long start = System.nanoTime();
      var history = model.fit(train, fit -> fit.epochs(epochs).validationData(valid).verbose(2));
      double seconds = (System.nanoTime() - start) / 1e9;
      Map<String, Double> scores = model.evaluate(test);
      predicted = model.predict(newNotes);
      model.save(saved.toString());
      args.record("epochs", epochs);
      args.record("fit_seconds", Math.round(seconds));
      args.record("train_accuracy", last(history.history().get("accuracy")));
      args.record("val_accuracy", last(history.history().get("val_accuracy")));
      args.record("test_accuracy", scores.get("accuracy"));
      args.record("test_loss", scores.get("loss"));
    }
    args.record("words_per_item", words.getMin() + "-" + words.getMax());
    args.record("data", items.describe());
    args.record("chance_accuracy", 0.5);
    try (Model loaded = Models.loadModel(saved)) {
      NdArray<?> again = loaded.predict(newNotes);
      for (int i = 0; i < NEW_NOTES.length; i++) {
        double p = ((Number) again.getObject(i, 0)).doubleValue();
        System.out.printf("%-5s %.3f  %s%n", p >= 0.5 ? "fix" : "feat", p, NEW_NOTES[i]);
      }
      args.record("loaded_vs_predict_max_abs_diff", MaxAbsDifference.of(again, predicted));
    }
  }

  /** The number of whitespace-separated words of each item file under the class folders of {@code folder}. */
  private static IntSummaryStatistics wordCounts(Path folder) {
    try (Stream<Path> files = Files.walk(folder)) {
      return files.filter(f -> f.toString().endsWith(".txt")).mapToInt(f -> {
        try {
          return Files.readString(f).trim().split("\\s+").length;
        } catch (IOException e) {
          throw new UncheckedIOException(e);
        }
      }).summaryStatistics();
    } catch (IOException e) {
      throw new UncheckedIOException("Cannot read the items under " + folder, e);
    }
  }

  private static double last(List<Double> values) {
    return values.get(values.size() - 1);
  }
}
