package dev.jkeras.samples;

import dev.jkeras.callbacks.History;
import dev.jkeras.optimizers.Optimizer;
import dev.jkeras.optimizers.SGD;
import dev.jkeras.samples.plots.Figure;
import dev.jkeras.samples.plots.Panel;
import java.util.List;
import java.util.function.Supplier;
import org.tensorflow.ndarray.FloatNdArray;
import org.tensorflow.ndarray.NdArray;
import org.tensorflow.ndarray.NdArrays;

/**
 * Seed 004, "Gradient Clipping" (<i>Hands-On ML</i> ch. 11): {@code SGD(clipvalue=1.0)} and
 * {@code SGD(clipnorm=1.0)} against plain SGD on the Fashion-MNIST MLP. First one step on raw pixel
 * values (0-255, unscaled: large gradients) from the same weights, measuring the update: with
 * clipvalue no weight moves more than {@code learning_rate * 1.0}, with clipnorm no variable's update
 * has a norm above {@code learning_rate * 1.0}. Then each trains normally; loss curves on one figure.
 */
public final class GradientClipping implements Sample {
  private static final double LEARNING_RATE = 0.01;

  @Override
  public String name() {
    return "gradient_clipping";
  }

  @Override
  public String description() {
    return "Seed 004: gradient clipping, SGD(clipvalue=1.0) and SGD(clipnorm=1.0) vs SGD on the Fashion-MNIST MLP: the"
        + " size of one update on unscaled inputs (bounded by lr x 1.0 when clipped), then training loss curves";
  }

  @Override
  public String bookReports() {
    return "clipvalue=1.0 clips every gradient component to [-1, 1] (it may change the gradient's direction);"
        + " clipnorm=1.0 rescales a gradient whose l2 norm exceeds 1, keeping its direction";
  }

  @Override
  public void run(SampleArgs args) {
    var data = Chapter11Data.fashionMnist(args);
    int epochs = args.epochs(10);
    args.record("data", data.description());
    args.record("epochs", epochs);
    var rawBatch = scaled(data.train().head(32).x(), 255f);
    var rawLabels = data.train().head(32).y();

    List<Run> runs = List.of(
        new Run("no_clipping", "k--", () -> new SGD(LEARNING_RATE)),
        new Run("clipvalue", "b-", () -> new SGD(LEARNING_RATE).clipvalue(1.0)),
        new Run("clipnorm", "r-", () -> new SGD(LEARNING_RATE).clipnorm(1.0)));
    Figure figure = new Figure(1200, 500);
    Panel training = figure.panel("Training loss", "Epoch", "Loss");
    Panel validation = figure.panel("Validation loss", "Epoch", "Loss");
    for (Run run : runs) {
      double[] update;
      try (var model = Chapter11Models.mlp()) {
        model.compile(run.optimizer().get(), "sparse_categorical_crossentropy", "accuracy");
        List<NdArray<?>> before = model.getWeights();
        model.fit(rawBatch, rawLabels, fit -> fit.epochs(1).batchSize(32).shuffle(false).verbose(0));
        update = updateSize(before, model.getWeights());
      }
      System.out.printf("%-12s one step on unscaled pixels: largest weight change %.5f, largest variable update"
          + " norm %.5f (lr x 1.0 = %.5f)%n", run.name(), update[0], update[1], LEARNING_RATE);
      args.record(run.name() + "_max_weight_change", update[0]);
      args.record(run.name() + "_max_update_norm", update[1]);

      try (var model = Chapter11Models.mlp()) {
        model.compile(run.optimizer().get(), "sparse_categorical_crossentropy", "accuracy");
        History history = model.fit(data.train().x(), data.train().y(), fit -> fit
            .epochs(epochs).validationData(data.valid().x(), data.valid().y()).verbose(0));
        training.plot(history.history().get("loss"), run.style(), run.name());
        validation.plot(history.history().get("val_loss"), run.style(), run.name());
        var scores = model.evaluate(data.test().x(), data.test().y(), e -> e.verbose(0));
        System.out.printf("%-12s final loss %.4f, val_loss %.4f, test accuracy %.4f%n", run.name(),
            HistoryFigures.last(history, "loss"), HistoryFigures.last(history, "val_loss"), scores.get("accuracy"));
        args.record(run.name() + "_loss", HistoryFigures.last(history, "loss"));
        args.record(run.name() + "_val_loss", HistoryFigures.last(history, "val_loss"));
        args.record(run.name() + "_test_accuracy", scores.get("accuracy"));
      }
    }
    args.savePlot(this, figure, "gradient_clipping.png");
  }

  private record Run(String name, String style, Supplier<Optimizer> optimizer) {}

  /** {@code [max |w1 - w0| over all weights, max ||w1 - w0|| over the variables]}. */
  private static double[] updateSize(List<NdArray<?>> before, List<NdArray<?>> after) {
    double maxChange = 0;
    double maxNorm = 0;
    for (int v = 0; v < before.size(); v++) {
      FloatNdArray w0 = (FloatNdArray) before.get(v);
      FloatNdArray w1 = (FloatNdArray) after.get(v);
      double[] squares = {0};
      double[] largest = {0};
      w0.scalars().forEachIndexed((index, scalar) -> {
        double change = Math.abs(w1.getFloat(index) - scalar.getFloat());
        largest[0] = Math.max(largest[0], change);
        squares[0] += change * change;
      });
      maxChange = Math.max(maxChange, largest[0]);
      maxNorm = Math.max(maxNorm, Math.sqrt(squares[0]));
    }
    return new double[] {maxChange, maxNorm};
  }

  private static FloatNdArray scaled(FloatNdArray x, float factor) {
    FloatNdArray out = NdArrays.ofFloats(x.shape());
    x.scalars().forEachIndexed((index, scalar) -> out.setFloat(scalar.getFloat() * factor, index));
    return out;
  }
}
