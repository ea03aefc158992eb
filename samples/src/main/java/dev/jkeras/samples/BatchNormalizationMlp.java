package dev.jkeras.samples;

import dev.jkeras.callbacks.History;
import dev.jkeras.layers.Activation;
import dev.jkeras.layers.BatchNormalization;
import dev.jkeras.layers.Dense;
import dev.jkeras.layers.Flatten;
import dev.jkeras.models.Sequential;
import dev.jkeras.samples.plots.Figure;
import dev.jkeras.utils.Utils;
import java.util.Map;

/**
 * Seed 004, "Batch Normalization" (<i>Hands-On ML</i> ch. 11): the book's MLP with a
 * BatchNormalization layer after Flatten and after each hidden Dense layer, and the variant that
 * normalizes before the activation (Dense without bias, BatchNormalization, Activation); each
 * {@code summary()} shows Keras's parameter counts (271,346 and 270,946, of which 2,368 non-trainable),
 * then both train with SGD on Fashion-MNIST and are evaluated, beside the same MLP without BN.
 */
public final class BatchNormalizationMlp implements Sample {

  @Override
  public String name() {
    return "batch_normalization";
  }

  @Override
  public String description() {
    return "Seed 004: the book's batch-normalized MLP on Fashion-MNIST (BN after the activation, and before it), summary"
        + " with parameter counts, training and test accuracy vs the same MLP without BN; validation curves";
  }

  @Override
  public String bookReports() {
    return "summary: Total params 271,346 (trainable 268,978, non-trainable 2,368); BN before the activations: 270,946;"
        + " BN acts as a regularizer and reaches a given accuracy in fewer epochs, though each epoch is slower";
  }

  @Override
  public void run(SampleArgs args) {
    Utils.setRandomSeed(42);
    var data = Chapter11Data.fashionMnist(args);
    int epochs = args.epochs(10);
    Result after = train("bn_after", data, epochs, new Sequential(
        new Flatten().inputShape(28, 28),
        new BatchNormalization(),
        new Dense(300).activation("relu").kernelInitializer("he_normal"),
        new BatchNormalization(),
        new Dense(100).activation("relu").kernelInitializer("he_normal"),
        new BatchNormalization(),
        new Dense(10, "softmax")));
    Result before = train("bn_before", data, epochs, new Sequential(
        new Flatten().inputShape(28, 28),
        new BatchNormalization(),
        new Dense(300).kernelInitializer("he_normal").useBias(false),
        new BatchNormalization(),
        new Activation("relu"),
        new Dense(100).kernelInitializer("he_normal").useBias(false),
        new BatchNormalization(),
        new Activation("relu"),
        new Dense(10, "softmax")));
    Result plain = train("no_bn", data, epochs, new Sequential(
        new Flatten().inputShape(28, 28),
        new Dense(300).activation("relu").kernelInitializer("he_normal"),
        new Dense(100).activation("relu").kernelInitializer("he_normal"),
        new Dense(10, "softmax")));

    Figure figure = new Figure(1200, 450);
    var accuracy = figure.panel("Validation accuracy", "Epoch", "Accuracy");
    var loss = figure.panel("Training loss", "Epoch", "Loss");
    String[] styles = {"b-", "g-", "k--"};
    int i = 0;
    for (Result result : new Result[] {after, before, plain}) {
      accuracy.plot(result.history().history().get("val_accuracy"), styles[i], result.name());
      loss.plot(result.history().history().get("loss"), styles[i++], result.name());
    }
    args.savePlot(this, figure, "batch_normalization.png");

    args.record("data", data.description());
    args.record("epochs", epochs);
    for (Result result : new Result[] {after, before, plain}) {
      args.record(result.name() + "_params", result.params());
      args.record(result.name() + "_non_trainable_params", result.nonTrainable());
      args.record(result.name() + "_test_accuracy", result.scores().get("accuracy"));
      args.record(result.name() + "_seconds", result.seconds());
    }
  }

  private record Result(String name, History history, Map<String, Double> scores, long params, long nonTrainable,
      double seconds) {}

  private static Result train(String name, Chapter11Data data, int epochs, Sequential model) {
    try (model) {
      System.out.println("Model " + name + ":");
      model.summary();
      long params = model.countParams();
      long nonTrainable = model.nonTrainableWeights().stream().mapToLong(v -> v.shape().size()).sum();
      model.compile("sgd", "sparse_categorical_crossentropy", "accuracy");
      long start = System.nanoTime();
      History history = model.fit(data.train().x(), data.train().y(), fit -> fit
          .epochs(epochs).validationData(data.valid().x(), data.valid().y()).verbose(2));
      double seconds = (System.nanoTime() - start) / 1e9;
      Map<String, Double> scores = model.evaluate(data.test().x(), data.test().y(), e -> e.verbose(0));
      System.out.printf("%s: %d params (%d non-trainable), test accuracy %.4f, %d epochs in %.0f s%n", name, params,
          nonTrainable, scores.get("accuracy"), epochs, seconds);
      return new Result(name, history, scores, params, nonTrainable, seconds);
    }
  }
}
