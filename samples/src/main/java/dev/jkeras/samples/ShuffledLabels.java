package dev.jkeras.samples;

import static dev.jkeras.samples.HistoryFigures.last;
import static dev.jkeras.samples.HistoryFigures.max;

import dev.jkeras.callbacks.History;
import dev.jkeras.samples.plots.Figure;
import dev.jkeras.samples.plots.LossCurves;
import java.util.Random;
import org.tensorflow.ndarray.IntNdArray;
import org.tensorflow.ndarray.NdArray;
import org.tensorflow.ndarray.NdArrays;
import org.tensorflow.ndarray.Shape;

/**
 * Seed 003, "Fitting a MNIST model with randomly shuffled labels": the 512-unit model memorizes labels
 * that have no relation to the images; training accuracy rises while validation accuracy stays at
 * chance (10%).
 */
public final class ShuffledLabels implements Sample {

  @Override
  public String name() {
    return "shuffled_labels";
  }

  @Override
  public String description() {
    return "Seed 003: MNIST (or Fashion-MNIST) with randomly shuffled labels, Dense(512)-Dense(10), 100 epochs:"
        + " training accuracy rises, validation stays at chance; loss and accuracy curves";
  }

  @Override
  public String bookReports() {
    return "The model fits the random labels: training loss keeps going down, while validation loss does not"
        + " improve (validation accuracy at chance, 10%)";
  }

  @Override
  public void run(SampleArgs args) {
    var data = Chapter5Data.mnistOrFashionMnist(args);
    NdArray<?> randomTrainLabels = shuffled(data.y(), new Random(0));
    int epochs = args.epochs(100);
    History history;
    try (var model = Chapter5Models.mnistModel()) {
      history = model.fit(data.x(), randomTrainLabels, fit -> fit
          .epochs(epochs).batchSize(128).validationSplit(0.2));
    }

    Figure figure = new Figure(1200, 400);
    LossCurves.plotLossCurves(figure, history, "Randomly shuffled labels: loss");
    figure.panel("Randomly shuffled labels: accuracy", "Epochs", "Accuracy")
        .plot(history.history().get("accuracy"), "-b", "Train Accuracy")
        .plot(history.history().get("val_accuracy"), "b--", "Validation Accuracy");
    args.savePlot(this, figure, "shuffled_labels_curves.png");

    System.out.printf("After %d epochs on shuffled labels: training accuracy %.4f, validation accuracy %.4f"
        + " (chance: 0.10; data: %s)%n", epochs, last(history, "accuracy"), last(history, "val_accuracy"),
        data.description());
    args.record("data", data.description());
    args.record("epochs", epochs);
    args.record("final_accuracy", last(history, "accuracy"));
    args.record("final_val_accuracy", last(history, "val_accuracy"));
    args.record("best_val_accuracy", max(history, "val_accuracy"));
    args.record("final_loss", last(history, "loss"));
    args.record("final_val_loss", last(history, "val_loss"));
  }

  /** {@code random_train_labels = train_labels[:]; np.random.shuffle(random_train_labels)}, seeded. */
  static IntNdArray shuffled(NdArray<?> labels, Random random) {
    int n = Math.toIntExact(labels.shape().get(0));
    int[] values = new int[n];
    for (int i = 0; i < n; i++) {
      values[i] = ((Number) labels.getObject(i)).intValue();
    }
    for (int i = n - 1; i > 0; i--) {
      int j = random.nextInt(i + 1);
      int t = values[i];
      values[i] = values[j];
      values[j] = t;
    }
    return NdArrays.vectorOf(values);
  }
}
