package dev.jkeras.samples;

import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;

/**
 * The sample picker: {@code Samples} lists the samples, {@code Samples NAME [options]} runs one.
 * With no arguments it runs the main job, {@code fashion_mnist_mlp}.
 */
public final class Samples {
  private Samples() {}

  /** Every sample, the main job first. */
  public static List<Sample> all() {
    return List.of(new FashionMnistMlp(),
        // Seed 001: the Iris MLP (Sequential and Functional) and the CNN with early stopping
        new IrisMlp(), new FashionMnistCnn(),
        // Seed 002 (Hands-On ML ch. 10): regression, Wide & Deep, callbacks, TensorBoard
        new RegressionMlp(), new WideAndDeep(), new CheckpointEarlyStopping(), new TensorBoardRuns(),
        // Deep Learning with Python, chapter 5 (seeds 000 and 003)
        new NoiseChannels(), new ShuffledLabels(), new LearningRates(), new ModelCapacity(), new NetworkSize(),
        new L2Regularization(), new DropoutRegularization(), new KFoldValidation(),
        // Seed 000's deployment section: a SavedModel served back
        new SavedModelExport(),
        // Seed 000's deployment section: the model served over TF Serving's REST API, a new version rolled out
        new Deployment(),
        // Seed 000's deployment section: magnitude pruning as the TensorFlow Model Optimization toolkit does it
        new MagnitudePruning(),
        // Seed 004: Hands-On ML chapter 11 (and seed 002's hyperparameter search)
        new TransferLearning(), new McDropout(), new BatchNormalizationMlp(), new OptimizersCompared(),
        new LearningRateSchedules(), new GradientClipping(), new HyperparameterSearch(),
        // Seed 004: Hands-On ML chapter 12, a custom training loop
        new CustomTrainingLoop(),
        // Seed 004: Hands-On ML chapter 13, preprocessing layers on a dataset of text files
        new TextClassifier(),
        // Seed 004: Hands-On ML chapter 13, an image classifier on a folder of PNG files
        new ImageAugmentationClassifier(),
        // Seed 004: Hands-On ML chapter 13, CSV -> TFRecord -> a tf.data pipeline -> a model exported on raw features
        new Ch13Pipeline(),
        // Issue 16: sequence models, a seq2seq LSTM encoder-decoder
        new Seq2SeqReversal(),
        // Issue 16: a Transformer encoder text classifier (MultiHeadAttention) on the same text files
        new TransformerTextClassifier(),
        // Issue 16: a bidirectional LSTM over sequences of variable length (while loops), same text files
        new BidirectionalLstmClassifier(),
        // Issue 17: convolutional models: a denoising autoencoder, a U-Net, MobileNetV2 transfer learning
        new DenoisingAutoencoder(), new UnetSegmentation(), new MobilenetTransfer(),
        // Issue 19: data-parallel training across worker processes
        new MultiWorkerMlp());
  }

  public static Optional<Sample> find(String name) {
    return all().stream().filter(s -> s.name().equals(name)).findFirst();
  }

  public static void main(String[] args) {
    if (args.length > 0 && (args[0].equals("--list") || args[0].equals("list"))) {
      all().forEach(s -> System.out.printf("%-24s %s%n", s.name(), s.description()));
      return;
    }
    boolean named = args.length > 0 && !args[0].startsWith("--");
    String name = named ? args[0] : all().get(0).name();
    String[] options = named ? Arrays.copyOfRange(args, 1, args.length) : args;
    Sample sample = find(name).orElseThrow(() -> new IllegalArgumentException("No sample named '" + name
        + "'. Samples: " + all().stream().map(Sample::name).toList()));
    SampleArgs sampleArgs = SampleArgs.parse(options);
    sample.run(sampleArgs);
    Path results = RunResults.write(sample, sampleArgs, String.join(" ", args));
    System.out.println("Figures of this run: " + results.toAbsolutePath());
  }
}
