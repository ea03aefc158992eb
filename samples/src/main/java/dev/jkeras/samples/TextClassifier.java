package dev.jkeras.samples;

import dev.jkeras.KerasTensor;
import dev.jkeras.backend.ImportedModel;
import dev.jkeras.data.Dataset;
import dev.jkeras.data.DatasetPair;
import dev.jkeras.layers.Dense;
import dev.jkeras.layers.Embedding;
import dev.jkeras.layers.GlobalAveragePooling1D;
import dev.jkeras.layers.Input;
import dev.jkeras.layers.TextVectorization;
import dev.jkeras.models.Model;
import dev.jkeras.optimizers.Adam;
import dev.jkeras.saving.SavedModels;
import dev.jkeras.utils.Np;
import dev.jkeras.utils.Utils;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.tensorflow.ndarray.NdArray;

/**
 * Seed 004 (Hands-On ML chapter 13): a text classifier on a folder of real text files. The texts are
 * the items of Git's release notes ({@code /usr/share/doc/git/RelNotes/*.txt}, Debian package
 * {@code git}); the labelling rule is the section an item is listed under: "UI, Workflows &amp;
 * Features" (class {@code features}) or "Fixes since v…" (class {@code fixes}). {@link
 * ReleaseNoteItems} writes one file per item into {@code train/} and {@code test/} folders with
 * {@code features/} and {@code fixes/} class folders, which {@code textDatasetFromDirectory} reads as
 * Deep Learning with Python ch. 11 reads IMDB's (a validation split of the training folder, seeded).
 * {@code TextVectorization} is adapted on the training texts, inside an Embedding, average pooling and Dense model that takes raw strings; after fit
 * and evaluate the model is exported as a SavedModel, loaded back by TensorFlow's loader and asked
 * about raw sentences.
 */
public final class TextClassifier implements Sample {
  static final Path RELEASE_NOTES = Path.of("/usr/share/doc/git/RelNotes");
  private static final int MAX_TOKENS = 10_000;
  private static final int SEQUENCE_LENGTH = 64;
  private static final String[] NEW_NOTES = {
      "\"git frotz\" learned a new \"--dry-run\" option to show what it would do.",
      "Fix a segfault in \"git frotz\" when the repository has no commits yet.",
      "The configuration variable frotz.color can now be set to \"auto\".",
      "Doc update to correct a typo and a broken link in the manual page of \"git frotz\"."};

  @Override
  public String name() {
    return "text_classifier";
  }

  @Override
  public String description() {
    return "Seed 004 (Hands-On ML ch. 13): TextVectorization adapted on a dataset of real text files (the items "
        + "of Git's release notes, Debian package git, labelled by section: features vs fixes) in an Embedding + "
        + "pooling + Dense model, fit, evaluate, export taking raw strings, served back";
  }

  @Override
  public String bookReports() {
    return "The book's IMDB classifier (TextVectorization + Embedding) reaches about 85-90% accuracy; it reports "
        + "no figures for this data";
  }

  @Override
  public void run(SampleArgs args) {
    Utils.setRandomSeed(42);
    Path folder = args.outputDir(this).resolve("release_notes");
    ReleaseNoteItems items = ReleaseNoteItems.write(RELEASE_NOTES, folder, args.smoke() ? 12 : Integer.MAX_VALUE);
    System.out.println(items.describe());
    DatasetPair trainAndValidation = Utils.textDatasetsFromDirectory(items.train(), o -> o.labelMode("binary")
        .batchSize(32).validationSplit(0.25).seed(42));
    Dataset train = trainAndValidation.training().prefetch(Dataset.AUTOTUNE);
    Dataset valid = trainAndValidation.validation();
    Dataset test = Utils.textDatasetFromDirectory(items.test(), o -> o.labelMode("binary").batchSize(64));

    TextVectorization vectorize = new TextVectorization().maxTokens(MAX_TOKENS).outputSequenceLength(SEQUENCE_LENGTH);
    vectorize.adapt(train.map((text, label) -> text));
    System.out.println("Vocabulary: " + vectorize.vocabularySize() + " tokens, first "
        + vectorize.getVocabulary().subList(0, Math.min(12, vectorize.vocabularySize())));

    KerasTensor text = Input.of("string");
    KerasTensor x = new Embedding(MAX_TOKENS, 16).apply(vectorize.apply(text));
    x = new GlobalAveragePooling1D().apply(x);
    x = new Dense(16, "relu").apply(x);
    Path exported = args.outputDir(this).resolve("text_classifier").resolve("1");
    NdArray<String> newNotes = column(NEW_NOTES);
    NdArray<?> predicted;
    try (Model model = new Model(text, new Dense(1, "sigmoid").apply(x))) {
      model.compile(new Adam(0.005), "binary_crossentropy", "accuracy");
      int epochs = args.epochs(15);
      var history = model.fit(train, fit -> fit.epochs(epochs).validationData(valid).verbose(2));
      Map<String, Double> scores = model.evaluate(test);
      predicted = model.predict(newNotes);
      model.export(exported);
      args.record("epochs", epochs);
      args.record("train_accuracy", last(history.history().get("accuracy")));
      args.record("val_accuracy", last(history.history().get("val_accuracy")));
      args.record("test_accuracy", scores.get("accuracy"));
      args.record("test_loss", scores.get("loss"));
    }
    args.record("data", items.describe());
    args.record("chance_accuracy", 0.5);
    args.record("vocabulary_size", vectorize.vocabularySize());

    try (ImportedModel served = SavedModels.load(exported)) {
      var signature = served.signatures().get("serving_default");
      System.out.println("SavedModel " + exported + ": serving_default(" + signature.inputs().values() + ") -> "
          + signature.outputs().values());
      String input = signature.inputs().keySet().iterator().next();
      String output = signature.outputs().keySet().iterator().next();
      NdArray<?> servedProba = served.call("serving_default", Map.of(input, newNotes)).get(output);
      for (int i = 0; i < NEW_NOTES.length; i++) {
        double p = ((Number) servedProba.getObject(i, 0)).doubleValue();
        System.out.printf("%-5s %.3f  %s%n", p >= 0.5 ? "fix" : "feat", p, NEW_NOTES[i]);
      }
      args.record("served_vs_predict_max_abs_diff", MaxAbsDifference.of(servedProba, predicted));
    }
  }

  static NdArray<String> column(String... values) {
    return Np.array(values);
  }

  private static double last(List<Double> values) {
    return values.get(values.size() - 1);
  }
}
