package dev.jkeras.samples;

import dev.jkeras.callbacks.History;
import dev.jkeras.samples.plots.Figure;
import dev.jkeras.utils.KFold;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import org.tensorflow.ndarray.FloatNdArray;
import org.tensorflow.ndarray.index.Indices;

/**
 * Seed 000's model evaluation: K-fold validation, iterated K-fold validation with shuffling, and a
 * common-sense baseline to beat. A small data set (2,000 examples of the IMDB stand-in, Fashion-MNIST
 * T-shirt vs shirt), where a single hold-out split would be unreliable; the original 16-16-1 model is
 * trained on K-1 folds and scored on the remaining one, K times, then again with other shuffles. The
 * baseline predicts the training folds' majority class.
 */
public final class KFoldValidation implements Sample {
  static final int EXAMPLES = 2000;
  static final int K = 4;
  static final int ITERATIONS = 3;

  @Override
  public String name() {
    return "kfold_validation";
  }

  @Override
  public String description() {
    return "Seed 000: K-fold (K=4) and iterated K-fold validation with shuffling (3 x 4 folds, utils.KFold) of the"
        + " 16-16-1 model on 2,000 examples of an IMDB stand-in, against a majority-class baseline";
  }

  @Override
  public String bookReports() {
    return "No figures for this data; the book's rule: the model must beat a common-sense baseline (here the"
        + " majority class, about 50%), and iterated K-fold gives the most precise estimate";
  }

  @Override
  public void run(SampleArgs args) {
    var all = Chapter5Data.tshirtVsShirt(args);
    int n = (int) Math.min(EXAMPLES, all.size());
    var x = (FloatNdArray) all.x().slice(Indices.range(0, n));
    var y = (FloatNdArray) all.y().slice(Indices.range(0, n));
    int epochs = args.epochs(20);
    int iterations = args.smoke() ? 1 : ITERATIONS;

    List<Double> kFoldScores = new ArrayList<>();
    List<Double> baselineScores = new ArrayList<>();
    double[] averageValAccuracy = new double[epochs];
    int folds = 0;
    for (int iteration = 0; iteration < iterations; iteration++) {
      KFold kFold = new KFold(K, true, 42L + iteration);
      for (KFold.Split split : kFold.split(n)) {
        var xTrain = Chapter5Data.rows(x, split.train());
        var yTrain = Chapter5Data.entries(y, split.train());
        var xVal = Chapter5Data.rows(x, split.validation());
        var yVal = Chapter5Data.entries(y, split.validation());
        History history;
        try (var model = Chapter5Models.originalModel()) {
          history = model.fit(xTrain, yTrain, fit -> fit
              .epochs(epochs).batchSize(128).validationData(xVal, yVal).verbose(0));
        }
        List<Double> valAccuracy = history.history().get("val_accuracy");
        for (int e = 0; e < epochs; e++) {
          averageValAccuracy[e] += valAccuracy.get(e);
        }
        folds++;
        double score = valAccuracy.get(epochs - 1);
        double baseline = majorityBaseline(yTrain, yVal);
        kFoldScores.add(score);
        baselineScores.add(baseline);
        System.out.printf(Locale.ROOT, "%s iteration %d fold %d: validation accuracy %.4f, baseline %.4f%n", kFold,
            iteration + 1, kFoldScores.size() - iteration * K, score, baseline);
      }
    }
    for (int e = 0; e < epochs; e++) {
      averageValAccuracy[e] /= folds;
    }
    List<Double> firstRun = kFoldScores.subList(0, K);
    double baseline = mean(baselineScores);

    Figure figure = new Figure(640, 480);
    List<Double> curve = Arrays.stream(averageValAccuracy).boxed().toList();
    figure.panel("Iterated K-fold validation (K=" + K + ", " + iterations + " shuffles)", "Epochs",
            "Validation accuracy")
        .plot(curve, "b-", "Mean validation accuracy over " + folds + " folds")
        .plot(curve.stream().map(v -> baseline).toList(), "r--", "Common-sense baseline (majority class)");
    args.savePlot(this, figure, "kfold_val_accuracy.png");

    System.out.printf(Locale.ROOT, "K-fold validation (K=%d): accuracy %.4f +/- %.4f%n", K, mean(firstRun),
        std(firstRun));
    System.out.printf(Locale.ROOT, "Iterated K-fold validation with shuffling (%d x %d): accuracy %.4f +/- %.4f%n",
        iterations, K, mean(kFoldScores), std(kFoldScores));
    System.out.printf(Locale.ROOT, "Common-sense baseline (majority class): accuracy %.4f; the model %s it (data: %s,"
        + " first %d examples)%n", baseline, mean(kFoldScores) > baseline ? "beats" : "does NOT beat",
        all.description(), n);
    args.record("data", all.description() + ", first " + n);
    args.record("epochs", epochs);
    args.record("kfold_val_accuracy", mean(firstRun));
    args.record("kfold_val_accuracy_std", std(firstRun));
    args.record("iterated_kfold_val_accuracy", mean(kFoldScores));
    args.record("iterated_kfold_val_accuracy_std", std(kFoldScores));
    args.record("folds_trained", folds);
    args.record("baseline_accuracy", baseline);
  }

  /** The accuracy on {@code yVal} of always predicting the most frequent class of {@code yTrain}. */
  static double majorityBaseline(FloatNdArray yTrain, FloatNdArray yVal) {
    long positives = 0;
    for (long i = 0; i < yTrain.size(); i++) {
      positives += yTrain.getFloat(i) > 0.5f ? 1 : 0;
    }
    float majority = positives * 2 > yTrain.size() ? 1f : 0f;
    long right = 0;
    for (long i = 0; i < yVal.size(); i++) {
      right += yVal.getFloat(i) == majority ? 1 : 0;
    }
    return (double) right / yVal.size();
  }

  private static double mean(List<Double> values) {
    return values.stream().mapToDouble(Double::doubleValue).average().orElse(Double.NaN);
  }

  private static double std(List<Double> values) {
    double mean = mean(values);
    return Math.sqrt(values.stream().mapToDouble(v -> (v - mean) * (v - mean)).average().orElse(Double.NaN));
  }
}
