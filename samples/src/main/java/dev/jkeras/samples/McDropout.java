package dev.jkeras.samples;

import dev.jkeras.callbacks.History;
import dev.jkeras.layers.Dense;
import dev.jkeras.layers.Dropout;
import dev.jkeras.layers.Flatten;
import dev.jkeras.models.Sequential;
import dev.jkeras.optimizers.SGD;
import dev.jkeras.samples.plots.Figure;
import dev.jkeras.samples.plots.LearningCurves;
import dev.jkeras.utils.Utils;
import java.util.Locale;
import org.tensorflow.ndarray.IntNdArray;
import org.tensorflow.ndarray.NdArray;

/**
 * Seed 004, "Monte Carlo (MC) Dropout" (<i>Hands-On ML</i> ch. 11): the book's dropout MLP (Dropout 0.2
 * before each Dense layer) trained on Fashion-MNIST, then 100 predictions with dropout on
 * ({@code model(X_test, training=True)}, here {@code predict(x, p -> p.training(true))}) averaged:
 * MC dropout's accuracy and probabilities, with their spread, against plain {@code predict}.
 */
public final class McDropout implements Sample {
  private static final int SAMPLES = 100;
  private static final int SHOWN = 3;

  @Override
  public String name() {
    return "mc_dropout";
  }

  @Override
  public String description() {
    return "Seed 004: Monte Carlo dropout: a dropout MLP on Fashion-MNIST, 100 predictions with training=True averaged"
        + " vs plain predict (accuracy, probabilities and their standard deviation for the first test images)";
  }

  @Override
  public String bookReports() {
    return "MC dropout: less confident, better calibrated probabilities (the first test image: plain predict is"
        + " about 99% sure of ankle boot, MC dropout lower, with a visible std), and a small accuracy gain"
        + " (a fraction of a point)";
  }

  @Override
  public void run(SampleArgs args) {
    Utils.setRandomSeed(42);
    var data = Chapter11Data.fashionMnist(args);
    try (var model = new Sequential(
        new Flatten().inputShape(28, 28),
        new Dropout(0.2),
        new Dense(100).activation("relu").kernelInitializer("he_normal"),
        new Dropout(0.2),
        new Dense(100).activation("relu").kernelInitializer("he_normal"),
        new Dropout(0.2),
        new Dense(10, "softmax"))) {
      model.compile(new SGD(0.01, 0.9, false), "sparse_categorical_crossentropy", "accuracy");
      int epochs = args.epochs(10);
      History history = model.fit(data.train().x(), data.train().y(), fit -> fit
          .epochs(epochs).validationData(data.valid().x(), data.valid().y()).verbose(2));

      var xTest = data.test().x();
      int n = (int) data.test().size();
      float[][] plain = probabilities(model.predict(xTest), n);
      double[][] sum = new double[n][10];
      double[][] sumSquares = new double[n][10];
      int samples = args.smoke() ? 10 : SAMPLES;
      long start = System.nanoTime();
      for (int s = 0; s < samples; s++) {
        float[][] p = probabilities(model.predict(xTest, o -> o.training(true).verbose(0)), n);
        for (int i = 0; i < n; i++) {
          for (int c = 0; c < 10; c++) {
            sum[i][c] += p[i][c];
            sumSquares[i][c] += (double) p[i][c] * p[i][c];
          }
        }
      }
      double seconds = (System.nanoTime() - start) / 1e9;
      double[][] mean = new double[n][10];
      double[][] std = new double[n][10];
      for (int i = 0; i < n; i++) {
        for (int c = 0; c < 10; c++) {
          mean[i][c] = sum[i][c] / samples;
          std[i][c] = Math.sqrt(Math.max(0, sumSquares[i][c] / samples - mean[i][c] * mean[i][c]));
        }
      }
      double plainAccuracy = accuracy(plain, data.test().y(), n);
      double mcAccuracy = accuracy(toFloats(mean), data.test().y(), n);
      for (int i = 0; i < Math.min(SHOWN, n); i++) {
        System.out.printf("Test image %d (label %d):%n  predict:            %s%n  MC dropout mean:    %s%n"
            + "  MC dropout std:     %s%n", i, data.test().y().getInt(i), row(plain[i]), row(mean[i]), row(std[i]));
      }
      double meanMaxPlain = meanMax(plain, n);
      double meanMaxMc = meanMax(toFloats(mean), n);
      System.out.printf("%d MC samples of %d test images in %.1f s%n", samples, n, seconds);
      System.out.printf("Test accuracy: predict %.4f, MC dropout %.4f; mean top probability: predict %.4f, MC %.4f"
          + " (data: %s)%n", plainAccuracy, mcAccuracy, meanMaxPlain, meanMaxMc, data.description());
      args.savePlot(this, LearningCurves.of(history, "Dropout MLP on Fashion-MNIST", true), "learning_curves.png");

      int top = argmax(mean[0]);
      args.record("data", data.description());
      args.record("epochs", epochs);
      args.record("mc_samples", samples);
      args.record("test_accuracy_predict", plainAccuracy);
      args.record("test_accuracy_mc_dropout", mcAccuracy);
      args.record("mean_top_probability_predict", meanMaxPlain);
      args.record("mean_top_probability_mc_dropout", meanMaxMc);
      args.record("first_image_class", top);
      args.record("first_image_proba_predict", (double) plain[0][top]);
      args.record("first_image_proba_mc_dropout", mean[0][top]);
      args.record("first_image_std_mc_dropout", std[0][top]);
    }
  }

  private static float[][] probabilities(NdArray<?> predictions, int n) {
    float[][] out = new float[n][10];
    for (int i = 0; i < n; i++) {
      for (int c = 0; c < 10; c++) {
        out[i][c] = ((Number) predictions.getObject(i, c)).floatValue();
      }
    }
    return out;
  }

  private static float[][] toFloats(double[][] values) {
    float[][] out = new float[values.length][];
    for (int i = 0; i < values.length; i++) {
      out[i] = new float[values[i].length];
      for (int c = 0; c < values[i].length; c++) {
        out[i][c] = (float) values[i][c];
      }
    }
    return out;
  }

  private static double accuracy(float[][] probabilities, IntNdArray labels, int n) {
    int right = 0;
    for (int i = 0; i < n; i++) {
      float[] p = probabilities[i];
      int best = 0;
      for (int c = 1; c < p.length; c++) {
        best = p[c] > p[best] ? c : best;
      }
      right += best == labels.getInt(i) ? 1 : 0;
    }
    return (double) right / n;
  }

  private static double meanMax(float[][] probabilities, int n) {
    double total = 0;
    for (int i = 0; i < n; i++) {
      float max = 0;
      for (float p : probabilities[i]) {
        max = Math.max(max, p);
      }
      total += max;
    }
    return total / n;
  }

  private static int argmax(double[] values) {
    int best = 0;
    for (int c = 1; c < values.length; c++) {
      best = values[c] > values[best] ? c : best;
    }
    return best;
  }

  private static String row(float[] values) {
    StringBuilder out = new StringBuilder("[");
    for (int c = 0; c < values.length; c++) {
      out.append(String.format(Locale.ROOT, "%.3f", values[c])).append(c < values.length - 1 ? " " : "]");
    }
    return out.toString();
  }

  private static String row(double[] values) {
    float[] floats = new float[values.length];
    for (int c = 0; c < values.length; c++) {
      floats[c] = (float) values[c];
    }
    return row(floats);
  }
}
