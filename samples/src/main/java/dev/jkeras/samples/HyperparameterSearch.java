package dev.jkeras.samples;

import dev.jkeras.callbacks.EarlyStopping;
import dev.jkeras.callbacks.History;
import dev.jkeras.layers.Dense;
import dev.jkeras.layers.Flatten;
import dev.jkeras.models.Sequential;
import dev.jkeras.optimizers.Adam;
import dev.jkeras.optimizers.Optimizer;
import dev.jkeras.optimizers.SGD;
import dev.jkeras.samples.plots.Figure;
import dev.jkeras.utils.Utils;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Random;

/**
 * Seed 002, "Fine tuning NN Hyperparameters" (<i>Hands-On ML</i> ch. 10): a random search, as Keras
 * Tuner's {@code RandomSearch} over the book's {@code build_model(hp)}: the number of hidden layers
 * (0 to 8), units per layer (16 to 256), learning rate (1e-4 to 1e-2, log-uniform) and optimizer (SGD or
 * Adam). Each trial trains on Fashion-MNIST with EarlyStopping on the validation loss and scores its
 * best validation accuracy; the trials table, the best trial and a plot of the scores.
 */
public final class HyperparameterSearch implements Sample {
  private static final int TRIALS = 10;

  @Override
  public String name() {
    return "hyperparameter_search";
  }

  @Override
  public String description() {
    return "Seed 002: random search over hidden layers (0-8), units (16-256), learning rate (1e-4-1e-2, log) and"
        + " optimizer (SGD/Adam) with EarlyStopping on Fashion-MNIST; trials table, best trial, val accuracy per trial";
  }

  @Override
  public String bookReports() {
    return "Keras Tuner's RandomSearch (5 trials of 10 epochs in the book) finds a model around 86-87% validation"
        + " accuracy; the learning rate is the most important hyperparameter";
  }

  /** One trial: its hyperparameters and what it reached. */
  record Trial(int number, int hiddenLayers, int units, double learningRate, String optimizer, int epochs,
      double bestValAccuracy, double seconds) {}

  @Override
  public void run(SampleArgs args) {
    var data = Chapter11Data.fashionMnist(args);
    int trials = args.smoke() ? 2 : TRIALS;
    int maxEpochs = args.epochs(10);
    Random random = new Random(42);
    List<Trial> results = new ArrayList<>();
    for (int t = 1; t <= trials; t++) {
      int hiddenLayers = random.nextInt(9);
      int units = 16 + random.nextInt(256 - 16 + 1);
      double learningRate = Math.pow(10, -4 + 2 * random.nextDouble());
      String optimizer = random.nextBoolean() ? "sgd" : "adam";
      Utils.setRandomSeed(42);
      try (var model = buildModel(hiddenLayers, units)) {
        Optimizer opt = optimizer.equals("sgd") ? new SGD(learningRate) : new Adam(learningRate);
        model.compile(opt, "sparse_categorical_crossentropy", "accuracy");
        var early = new EarlyStopping().patience(2).restoreBestWeights(true);
        long start = System.nanoTime();
        History history = model.fit(data.train().x(), data.train().y(), fit -> fit
            .epochs(maxEpochs).validationData(data.valid().x(), data.valid().y()).callbacks(early).verbose(0));
        double seconds = (System.nanoTime() - start) / 1e9;
        Trial trial = new Trial(t, hiddenLayers, units, learningRate, optimizer, history.epoch().size(),
            HistoryFigures.max(history, "val_accuracy"), seconds);
        System.out.printf("Trial %2d: %d hidden x %3d units, %s lr %.2e: best val_accuracy %.4f after %d epochs"
            + " (%.0f s)%n", t, hiddenLayers, units, optimizer, learningRate, trial.bestValAccuracy(), trial.epochs(),
            seconds);
        results.add(trial);
      }
    }
    printTable(results);
    Trial best = results.stream().max(Comparator.comparingDouble(Trial::bestValAccuracy)).orElseThrow();
    System.out.printf("Best: trial %d, %d hidden layers of %d units, %s with learning rate %.2e: val_accuracy %.4f"
        + " (data: %s)%n", best.number(), best.hiddenLayers(), best.units(), best.optimizer(), best.learningRate(),
        best.bestValAccuracy(), data.description());

    double[] x = new double[results.size()];
    double[] y = new double[results.size()];
    for (int i = 0; i < x.length; i++) {
      x[i] = results.get(i).number();
      y[i] = results.get(i).bestValAccuracy();
    }
    Figure figure = new Figure(800, 500);
    figure.panel("Random search: best validation accuracy per trial", "Trial", "Validation accuracy")
        .plot(x, y, "bo-", "trials")
        .plot(new double[] {best.number()}, new double[] {best.bestValAccuracy()}, "rs", "best");
    args.savePlot(this, figure, "hyperparameter_search.png");

    args.record("data", data.description());
    args.record("trials", trials);
    args.record("max_epochs", maxEpochs);
    args.record("best_val_accuracy", best.bestValAccuracy());
    args.record("best_hidden_layers", best.hiddenLayers());
    args.record("best_units", best.units());
    args.record("best_learning_rate", best.learningRate());
    args.record("best_optimizer", best.optimizer());
    args.record("worst_val_accuracy", results.stream().mapToDouble(Trial::bestValAccuracy).min().orElseThrow());
  }

  /** The book's {@code build_model(hp)}: Flatten, {@code hiddenLayers} x Dense(units, relu), Dense(10, softmax). */
  static Sequential buildModel(int hiddenLayers, int units) {
    var model = new Sequential(new Flatten().inputShape(28, 28));
    for (int i = 0; i < hiddenLayers; i++) {
      model.add(new Dense(units, "relu"));
    }
    model.add(new Dense(10, "softmax"));
    return model;
  }

  private static void printTable(List<Trial> results) {
    System.out.println("| trial | hidden layers | units | optimizer | learning rate | epochs | best val_accuracy |");
    System.out.println("|---|---|---|---|---|---|---|");
    for (Trial t : results) {
      System.out.printf("| %d | %d | %d | %s | %.2e | %d | %.4f |%n", t.number(), t.hiddenLayers(), t.units(),
          t.optimizer(), t.learningRate(), t.epochs(), t.bestValAccuracy());
    }
  }
}
