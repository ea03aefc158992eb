package dev.jkeras.samples;

import dev.jkeras.callbacks.History;
import dev.jkeras.optimizers.AdamW;
import dev.jkeras.optimizers.Adagrad;
import dev.jkeras.optimizers.Adam;
import dev.jkeras.optimizers.Adamax;
import dev.jkeras.optimizers.Nadam;
import dev.jkeras.optimizers.Optimizer;
import dev.jkeras.optimizers.RMSprop;
import dev.jkeras.optimizers.SGD;
import dev.jkeras.samples.plots.Figure;
import dev.jkeras.samples.plots.Panel;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Supplier;

/**
 * Seed 004, "Faster Optimizers" (<i>Hands-On ML</i> ch. 11): the same Fashion-MNIST MLP, from the same
 * initial weights, trained with SGD, momentum, Nesterov, AdaGrad, RMSprop, Adam, AdaMax, Nadam and AdamW
 * (the notebook's settings, learning rate 0.001); training and validation loss of all on one figure.
 */
public final class OptimizersCompared implements Sample {
  private static final String[] STYLES = {"k:", "b-", "c-", "y-", "g-", "r-", "m--", "b--", "r--"};

  @Override
  public String name() {
    return "optimizers";
  }

  @Override
  public String description() {
    return "Seed 004: SGD, momentum, Nesterov, AdaGrad, RMSprop, Adam, AdaMax, Nadam, AdamW (lr 0.001) on the same"
        + " Fashion-MNIST MLP; training and validation loss curves on one plot";
  }

  @Override
  public String bookReports() {
    return "Adaptive methods (RMSprop, Adam, AdaMax, Nadam, AdamW) and momentum/Nesterov converge much faster than"
        + " plain SGD; AdaGrad slows down too early; adaptive methods may generalize worse (then try NAG)";
  }

  @Override
  public void run(SampleArgs args) {
    var data = Chapter11Data.fashionMnist(args);
    int epochs = args.epochs(10);
    Map<String, Supplier<Optimizer>> optimizers = new LinkedHashMap<>();
    optimizers.put("SGD", () -> new SGD(0.001));
    optimizers.put("Momentum", () -> new SGD(0.001, 0.9, false));
    optimizers.put("Nesterov", () -> new SGD(0.001, 0.9, true));
    optimizers.put("AdaGrad", () -> new Adagrad(0.001));
    optimizers.put("RMSprop", () -> new RMSprop(0.001, 0.9, 0.0, 1e-7, false));
    optimizers.put("Adam", () -> new Adam(0.001, 0.9, 0.999, 1e-7, false));
    optimizers.put("AdaMax", () -> new Adamax(0.001));
    optimizers.put("Nadam", () -> new Nadam(0.001));
    optimizers.put("AdamW", () -> new AdamW(0.001, 1e-5));

    Figure figure = new Figure(1200, 500);
    Panel training = figure.panel("Training loss", "Epoch", "Loss");
    Panel validation = figure.panel("Validation loss", "Epoch", "Loss");
    int i = 0;
    args.record("data", data.description());
    args.record("epochs", epochs);
    for (var entry : optimizers.entrySet()) {
      String name = entry.getKey();
      try (var model = Chapter11Models.mlp()) {
        model.compile(entry.getValue().get(), "sparse_categorical_crossentropy", "accuracy");
        long start = System.nanoTime();
        History history = model.fit(data.train().x(), data.train().y(), fit -> fit
            .epochs(epochs).validationData(data.valid().x(), data.valid().y()).verbose(0));
        double seconds = (System.nanoTime() - start) / 1e9;
        training.plot(history.history().get("loss"), STYLES[i], name);
        validation.plot(history.history().get("val_loss"), STYLES[i++], name);
        double loss = HistoryFigures.last(history, "loss");
        double valLoss = HistoryFigures.last(history, "val_loss");
        double valAccuracy = HistoryFigures.last(history, "val_accuracy");
        System.out.printf("%-9s final loss %.4f, val_loss %.4f, val_accuracy %.4f (%.0f s)%n", name, loss, valLoss,
            valAccuracy, seconds);
        String key = name.toLowerCase();
        args.record(key + "_loss", loss);
        args.record(key + "_val_loss", valLoss);
        args.record(key + "_val_accuracy", valAccuracy);
      }
    }
    args.savePlot(this, figure, "optimizers.png");
  }
}
