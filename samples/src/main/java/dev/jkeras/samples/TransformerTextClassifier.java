package dev.jkeras.samples;

import dev.jkeras.KerasTensor;
import dev.jkeras.data.Dataset;
import dev.jkeras.data.DatasetPair;
import dev.jkeras.layers.Dense;
import dev.jkeras.layers.Dropout;
import dev.jkeras.layers.Embedding;
import dev.jkeras.layers.GlobalAveragePooling1D;
import dev.jkeras.layers.Input;
import dev.jkeras.layers.LayerNormalization;
import dev.jkeras.layers.Layers;
import dev.jkeras.layers.MultiHeadAttention;
import dev.jkeras.layers.TextVectorization;
import dev.jkeras.models.Model;
import dev.jkeras.models.Models;
import dev.jkeras.optimizers.Adam;
import dev.jkeras.utils.Utils;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.tensorflow.ndarray.NdArray;

/**
 * Issue 16 (Hands-On ML chapter 16, "Attention is all you need"): a Transformer encoder classifier on
 * the real text files {@link TextClassifier} uses (the items of Git's release notes, labelled by
 * section: features or fixes). Raw strings go through {@code TextVectorization}, a token Embedding
 * ({@code maskZero}) plus a {@link PositionEmbedding} of the positions ({@code Ops.arange}), one encoder
 * block (MultiHeadAttention self-attention, residual, LayerNormalization, a Dense feed-forward
 * network, residual, LayerNormalization), GlobalAveragePooling1D over the unpadded steps and a
 * sigmoid Dense. After fit and evaluate the model is saved as a {@code .keras} file and loaded back.
 */
public final class TransformerTextClassifier implements Sample {
  private static final int MAX_TOKENS = 10_000;
  private static final int SEQUENCE_LENGTH = 64;
  private static final int EMBED_DIM = 32;
  private static final int HEADS = 2;
  private static final int FEED_FORWARD = 64;
  private static final String[] NEW_NOTES = {
      "\"git frotz\" learned a new \"--dry-run\" option to show what it would do.",
      "Fix a segfault in \"git frotz\" when the repository has no commits yet.",
      "The configuration variable frotz.color can now be set to \"auto\".",
      "Doc update to correct a typo and a broken link in the manual page of \"git frotz\"."};

  @Override
  public String name() {
    return "transformer_text_classifier";
  }

  @Override
  public String description() {
    return "Issue 16 (Hands-On ML ch. 16): a Transformer encoder (token + position embedding, MultiHeadAttention, "
        + "LayerNormalization, Dense feed-forward) classifying the items of Git's release notes (features vs fixes) "
        + "from raw strings; fit, evaluate, saved as .keras and loaded back";
  }

  @Override
  public String bookReports() {
    return "The book's Transformer examples report no figures for this data; the bag-of-words text_classifier "
        + "sample reaches about 0.80 test accuracy on it";
  }

  @Override
  public void run(SampleArgs args) {
    Utils.setRandomSeed(42);
    Path folder = args.outputDir(this).resolve("release_notes");
    ReleaseNoteItems items = ReleaseNoteItems.write(TextClassifier.RELEASE_NOTES, folder,
        args.smoke() ? 12 : Integer.MAX_VALUE);
    System.out.println(items.describe());
    DatasetPair trainAndValidation = Utils.textDatasetsFromDirectory(items.train(), o -> o.labelMode("binary")
        .batchSize(32).validationSplit(0.25).seed(42));
    Dataset train = trainAndValidation.training().prefetch(Dataset.AUTOTUNE);
    Dataset valid = trainAndValidation.validation();
    Dataset test = Utils.textDatasetFromDirectory(items.test(), o -> o.labelMode("binary").batchSize(64));

    TextVectorization vectorize = new TextVectorization().maxTokens(MAX_TOKENS).outputSequenceLength(SEQUENCE_LENGTH);
    vectorize.adapt(train.map((text, label) -> text));

    KerasTensor text = Input.of("string");
    KerasTensor x = new Embedding(MAX_TOKENS, EMBED_DIM).maskZero(true).apply(vectorize.apply(text));
    x = new PositionEmbedding(SEQUENCE_LENGTH, EMBED_DIM).apply(x);
    x = encoderBlock(x);
    x = new Dropout(0.1).apply(new GlobalAveragePooling1D().apply(x));
    Path saved = args.outputDir(this).resolve("transformer_text_classifier.keras");
    NdArray<String> newNotes = TextClassifier.column(NEW_NOTES);
    NdArray<?> predicted;
    try (Model model = new Model(text, new Dense(1, "sigmoid").apply(x))) {
      model.summary();
      model.compile(new Adam(1e-3), "binary_crossentropy", "accuracy");
      int epochs = args.epochs(10);
      var history = model.fit(train, fit -> fit.epochs(epochs).validationData(valid).verbose(2));
      Map<String, Double> scores = model.evaluate(test);
      predicted = model.predict(newNotes);
      model.save(saved.toString());
      args.record("epochs", epochs);
      args.record("params", model.countParams());
      args.record("train_accuracy", last(history.history().get("accuracy")));
      args.record("val_accuracy", last(history.history().get("val_accuracy")));
      args.record("test_accuracy", scores.get("accuracy"));
      args.record("test_loss", scores.get("loss"));
    }
    args.record("data", items.describe());
    args.record("chance_accuracy", 0.5);
    try (Model loaded = Models.loadModel(saved, Map.of("PositionEmbedding", PositionEmbedding.class))) {
      NdArray<?> again = loaded.predict(newNotes);
      for (int i = 0; i < NEW_NOTES.length; i++) {
        double p = ((Number) again.getObject(i, 0)).doubleValue();
        System.out.printf("%-5s %.3f  %s%n", p >= 0.5 ? "fix" : "feat", p, NEW_NOTES[i]);
      }
      args.record("loaded_vs_predict_max_abs_diff", MaxAbsDifference.of(again, predicted));
    }
  }

  /** Self-attention and a feed-forward network, each added back to its input and normalized. */
  private static KerasTensor encoderBlock(KerasTensor x) {
    KerasTensor attended = new MultiHeadAttention(HEADS, EMBED_DIM / HEADS).dropout(0.1).apply(x, x);
    x = new LayerNormalization().epsilon(1e-6).apply(Layers.add(x, new Dropout(0.1).apply(attended)));
    KerasTensor ffn = new Dense(EMBED_DIM).apply(new Dense(FEED_FORWARD, "relu").apply(x));
    return new LayerNormalization().epsilon(1e-6).apply(Layers.add(x, new Dropout(0.1).apply(ffn)));
  }

  private static double last(List<Double> values) {
    return values.get(values.size() - 1);
  }
}
