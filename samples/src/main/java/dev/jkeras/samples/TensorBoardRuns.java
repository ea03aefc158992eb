package dev.jkeras.samples;

import dev.jkeras.callbacks.History;
import dev.jkeras.callbacks.TensorBoard;
import dev.jkeras.layers.Dense;
import dev.jkeras.models.Sequential;
import dev.jkeras.optimizers.SGD;
import dev.jkeras.samples.plots.Figure;
import dev.jkeras.samples.plots.Panel;
import java.nio.file.Path;
import java.util.List;

/**
 * Seed 002's "Visualization Using TensorBoard": a root log directory {@code my_logs} and a fresh run
 * directory per run ({@code get_run_logdir()}, here {@link TensorBoard#runLogDir}), so one
 * TensorBoard server compares the runs. Two runs of the regression MLP for 30 epochs, with SGD
 * learning rates 0.001 and 0.05 as the book compares them; the diabetes table stands in for
 * California housing ({@link HousingStandIn}). Prints the {@code tensorboard --logdir} command and
 * draws the two runs' curves as a PNG too.
 */
public final class TensorBoardRuns implements Sample {
  private static final List<Double> LEARNING_RATES = List.of(1e-3, 0.05);

  @Override
  public String name() {
    return "tensorboard_runs";
  }

  @Override
  public String description() {
    return "Seed 002: TensorBoard with a run directory per run (my_logs/run_...), two regression runs with SGD "
        + "learning rates 0.001 and 0.05 to compare, on a California housing stand-in (diabetes)";
  }

  @Override
  public String bookReports() {
    return "The seed reports no figures; in TensorBoard the run with the higher learning rate converges faster";
  }

  @Override
  public void run(SampleArgs args) {
    HousingStandIn data = HousingStandIn.load();
    Path rootLogdir = args.outputDir(this).resolve("my_logs");
    int epochs = args.epochs(30);
    Figure figure = new Figure(800, 500);
    Panel panel = figure.panel("Two TensorBoard runs: MSE by epoch", "Epoch", "MSE");
    List<String> styles = List.of("b", "r");
    for (int i = 0; i < LEARNING_RATES.size(); i++) {
      double learningRate = LEARNING_RATES.get(i);
      Path runLogdir = TensorBoard.runLogDir(rootLogdir); // e.g. my_logs/run_2026_11_22-14_05_33
      try (var model = new Sequential(
          new Dense(30, "relu").inputShape(data.train().featureCount()),
          new Dense(1))) {
        model.compile(new SGD(learningRate), "mse");
        var tensorboardCb = new TensorBoard(runLogdir);
        History history = model.fit(data.train().features(), data.train().targets(), fit -> fit
            .epochs(epochs)
            .validationData(data.valid().features(), data.valid().targets())
            .callbacks(tensorboardCb)
            .verbose(2));
        double mseTest = model.evaluate(data.test().features(), data.test().targets()).get("loss");
        System.out.printf("Run with learning rate %s: logs in %s, final val_loss %.4f, test MSE %.4f%n", learningRate,
            runLogdir.toAbsolutePath(), HistoryFigures.last(history, "val_loss"), mseTest);
        panel.plot(history.history().get("loss"), styles.get(i) + "-", "loss, lr=" + learningRate);
        panel.plot(history.history().get("val_loss"), styles.get(i) + "--", "val_loss, lr=" + learningRate);
        String key = "lr_" + learningRate;
        args.record(key + "_run_dir", rootLogdir.relativize(runLogdir).toString());
        args.record(key + "_final_val_loss", HistoryFigures.last(history, "val_loss"));
        args.record(key + "_test_mse", mseTest);
      }
    }
    args.savePlot(this, figure, "tensorboard_runs.png");
    System.out.println("Run the TensorBoard server to compare the runs:");
    System.out.println("  tensorboard --logdir=" + rootLogdir.toAbsolutePath() + " --port=6006");
    args.record("epochs", epochs);
    args.record("data", data.description());
  }
}
