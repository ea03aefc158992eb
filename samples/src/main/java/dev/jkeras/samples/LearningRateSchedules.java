package dev.jkeras.samples;

import dev.jkeras.callbacks.Callback;
import dev.jkeras.callbacks.History;
import dev.jkeras.callbacks.ReduceLROnPlateau;
import dev.jkeras.optimizers.SGD;
import dev.jkeras.optimizers.schedules.ExponentialDecay;
import dev.jkeras.optimizers.schedules.InverseTimeDecay;
import dev.jkeras.optimizers.schedules.LearningRateSchedule;
import dev.jkeras.optimizers.schedules.OneCycle;
import dev.jkeras.optimizers.schedules.PiecewiseConstantDecay;
import dev.jkeras.samples.plots.Figure;
import dev.jkeras.samples.plots.Panel;
import java.util.ArrayList;
import java.util.List;

/**
 * Seed 004, "Learning Rate Scheduling" (<i>Hands-On ML</i> ch. 11): the same Fashion-MNIST MLP trained
 * with SGD under power scheduling ({@code InverseTimeDecay(0.01, 10_000, 1.0)}), exponential scheduling
 * ({@code ExponentialDecay(0.01, 20_000, 0.1)}), piecewise constant scheduling (0.01, 0.005, 0.001),
 * performance scheduling ({@code ReduceLROnPlateau(factor=0.5)} on a fixed 0.01) and 1cycle
 * ({@link OneCycle}, peak 0.1). One figure: the learning rate over the epochs, and the validation
 * accuracy of each. The book's piecewise boundaries (50,000 and 80,000 steps) and plateau patience (5)
 * suit 25 epochs; this run puts the boundaries at 50% and 80% of its steps and waits 2 epochs.
 */
public final class LearningRateSchedules implements Sample {
  private static final int BATCH_SIZE = 32;

  @Override
  public String name() {
    return "lr_schedules";
  }

  @Override
  public String description() {
    return "Seed 004: learning-rate schedules on the Fashion-MNIST MLP with SGD: power, exponential, piecewise constant,"
        + " performance (ReduceLROnPlateau) and 1cycle; learning rate and validation accuracy per epoch";
  }

  @Override
  public String bookReports() {
    return "Exponential decay, performance scheduling and 1cycle can considerably speed up convergence; piecewise"
        + " constant can work very well; 1cycle converges fastest";
  }

  @Override
  public void run(SampleArgs args) {
    var data = Chapter11Data.fashionMnist(args);
    int epochs = args.epochs(10);
    long stepsPerEpoch = (data.train().size() + BATCH_SIZE - 1) / BATCH_SIZE;
    long totalSteps = stepsPerEpoch * epochs;

    Figure figure = new Figure(1200, 500);
    Panel rates = figure.panel("Learning rate", "Epoch", "Learning rate");
    Panel accuracy = figure.panel("Validation accuracy", "Epoch", "Accuracy");
    args.record("data", data.description());
    args.record("epochs", epochs);
    args.record("steps_per_epoch", stepsPerEpoch);

    List<Run> runs = List.of(
        new Run("power", "b-", new InverseTimeDecay(0.01, 10_000, 1.0)),
        new Run("exponential", "g-", new ExponentialDecay(0.01, 20_000, 0.1)),
        new Run("piecewise", "m-", new PiecewiseConstantDecay(new long[] {totalSteps / 2, totalSteps * 8 / 10},
            new double[] {0.01, 0.005, 0.001})),
        new Run("performance", "k--", null),
        new Run("1cycle", "r-", new OneCycle(totalSteps, 0.1)));
    for (Run run : runs) {
      try (var model = Chapter11Models.mlp()) {
        var rateLog = new Chapter11Models.LearningRateLog();
        List<Callback> callbacks = new ArrayList<>(List.of(rateLog));
        if (run.schedule() == null) {
          model.compile(new SGD(0.01), "sparse_categorical_crossentropy", "accuracy");
          callbacks.add(new ReduceLROnPlateau().factor(0.5).patience(2));
        } else {
          model.compile(new SGD(run.schedule()), "sparse_categorical_crossentropy", "accuracy");
        }
        History history = model.fit(data.train().x(), data.train().y(), fit -> fit
            .epochs(epochs).batchSize(BATCH_SIZE).validationData(data.valid().x(), data.valid().y()).verbose(0)
            .callbacks(callbacks.toArray(Callback[]::new)));
        if (run.schedule() != null) {
          plotSchedule(rates, run, stepsPerEpoch, totalSteps);
        } else {
          plotPerEpoch(rates, run, rateLog.rates());
        }
        accuracy.plot(history.history().get("val_accuracy"), run.style(), run.name());
        double valAccuracy = HistoryFigures.last(history, "val_accuracy");
        double best = HistoryFigures.max(history, "val_accuracy");
        List<Double> logged = rateLog.rates();
        System.out.printf("%-12s final val_accuracy %.4f (best %.4f); learning rate at the last epoch %.5f%n",
            run.name(), valAccuracy, best, logged.get(logged.size() - 1));
        args.record(run.name() + "_val_accuracy", valAccuracy);
        args.record(run.name() + "_best_val_accuracy", best);
        args.record(run.name() + "_val_loss", HistoryFigures.last(history, "val_loss"));
        args.record(run.name() + "_last_learning_rate", logged.get(logged.size() - 1));
      }
    }
    args.savePlot(this, figure, "lr_schedules.png");
  }

  private record Run(String name, String style, LearningRateSchedule schedule) {}

  /** The schedule's rate at about 20 points per epoch, x in epochs (step 0 = the start of epoch 1). */
  private static void plotSchedule(Panel panel, Run run, long stepsPerEpoch, long totalSteps) {
    long every = Math.max(1, stepsPerEpoch / 20);
    int points = (int) (totalSteps / every) + 1;
    double[] x = new double[points];
    double[] y = new double[points];
    for (int i = 0; i < points; i++) {
      long step = Math.min(i * every, totalSteps);
      x[i] = 1 + (double) step / stepsPerEpoch;
      y[i] = run.schedule().valueAt(step);
    }
    panel.plot(x, y, run.style(), run.name());
  }

  /** A rate set per epoch (ReduceLROnPlateau) as a step function. */
  private static void plotPerEpoch(Panel panel, Run run, List<Double> perEpoch) {
    double[] x = new double[perEpoch.size() * 2];
    double[] y = new double[x.length];
    for (int e = 0; e < perEpoch.size(); e++) {
      x[2 * e] = e + 1;
      x[2 * e + 1] = e + 2 - 1e-6;
      y[2 * e] = perEpoch.get(e);
      y[2 * e + 1] = perEpoch.get(e);
    }
    panel.plot(x, y, run.style(), run.name());
  }
}
