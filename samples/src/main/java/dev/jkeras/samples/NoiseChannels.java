package dev.jkeras.samples;

import static dev.jkeras.samples.HistoryFigures.last;
import static dev.jkeras.samples.HistoryFigures.max;

import dev.jkeras.callbacks.History;
import dev.jkeras.samples.plots.Figure;
import java.util.Random;
import org.tensorflow.ndarray.FloatNdArray;
import org.tensorflow.ndarray.NdArray;
import org.tensorflow.ndarray.NdArrays;
import org.tensorflow.ndarray.Shape;
import org.tensorflow.ndarray.buffer.DataBuffers;

/**
 * Seeds 000/003, "Adding white-noise channels or all-zeros channels to MNIST": the same 512-unit
 * model trained on the images with 784 uniform-noise columns appended, then with 784 zero columns;
 * noise features lead to spurious correlations and a lower validation accuracy.
 */
public final class NoiseChannels implements Sample {

  @Override
  public String name() {
    return "noise_channels";
  }

  @Override
  public String description() {
    return "Seeds 000/003: MNIST (or Fashion-MNIST) with 784 white-noise vs 784 all-zeros channels appended,"
        + " Dense(512)-Dense(10), validation accuracy plot";
  }

  @Override
  public String bookReports() {
    return "Validation accuracy with noise channels ends about one percentage point lower than with zeros channels"
        + " (MNIST)";
  }

  @Override
  public void run(SampleArgs args) {
    var data = Chapter5Data.mnistOrFashionMnist(args);
    var withNoise = appendChannels(data.x(), new Random(0));
    var withZeros = appendChannels(data.x(), null);
    int epochs = args.epochs(10);

    History historyNoise = fit(withNoise, data.y(), epochs);
    History historyZeros = fit(withZeros, data.y(), epochs);

    var valAccNoise = historyNoise.history().get("val_accuracy");
    var valAccZeros = historyZeros.history().get("val_accuracy");
    Figure figure = new Figure(640, 480);
    figure.panel("Effect of noise channels on validation accuracy", "Epochs", "Accuracy")
        .plot(valAccNoise, "b-", "Validation accuracy with noise channels")
        .plot(valAccZeros, "b--", "Validation accuracy with zeros channels");
    args.savePlot(this, figure, "noise_channels_val_accuracy.png");

    System.out.printf("Final validation accuracy: noise channels %.4f, zeros channels %.4f (data: %s)%n",
        last(historyNoise, "val_accuracy"), last(historyZeros, "val_accuracy"), data.description());
    args.record("data", data.description());
    args.record("epochs", epochs);
    args.record("final_val_accuracy_noise", last(historyNoise, "val_accuracy"));
    args.record("final_val_accuracy_zeros", last(historyZeros, "val_accuracy"));
    args.record("best_val_accuracy_noise", max(historyNoise, "val_accuracy"));
    args.record("best_val_accuracy_zeros", max(historyZeros, "val_accuracy"));
  }

  private static History fit(FloatNdArray x, NdArray<?> y, int epochs) {
    try (var model = Chapter5Models.mnistModel()) {
      return model.fit(x, y, fit -> fit.epochs(epochs).batchSize(128).validationSplit(0.2));
    }
  }

  /**
   * {@code np.concatenate([x, np.random.random((len(x), 784))], axis=1)}, or with {@code np.zeros}
   * when {@code noise} is null.
   */
  static FloatNdArray appendChannels(FloatNdArray x, Random noise) {
    int n = Math.toIntExact(x.shape().get(0));
    int width = Math.toIntExact(x.shape().get(1));
    float[] source = new float[n * width];
    x.copyTo(DataBuffers.of(source, false, false));
    float[] out = new float[n * 2 * width];
    for (int i = 0; i < n; i++) {
      System.arraycopy(source, i * width, out, i * 2 * width, width);
      if (noise != null) {
        for (int j = 0; j < width; j++) {
          out[i * 2 * width + width + j] = noise.nextFloat();
        }
      }
    }
    return NdArrays.wrap(Shape.of(n, 2L * width), DataBuffers.of(out, false, false));
  }
}
