package dev.jkeras.samples;

import dev.jkeras.callbacks.Callback;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The custom callback of Hands-On ML chapter 10 ("If you need extra control, you can easily write
 * your own callbacks"): after each epoch it prints the ratio of the validation loss to the training
 * loss, which grows as the model starts overfitting. It also keeps the ratios for plots and figures.
 */
public class PrintValTrainRatioCallback extends Callback {
  private final List<Double> ratios = new ArrayList<>();

  @Override
  public void onEpochEnd(int epoch, Map<String, Double> logs) {
    Double valLoss = logs.get("val_loss");
    Double loss = logs.get("loss");
    if (valLoss == null || loss == null) {
      throw new IllegalStateException("PrintValTrainRatioCallback needs 'loss' and 'val_loss' in the epoch logs "
          + "(pass validation data to fit); got " + logs.keySet());
    }
    double ratio = valLoss / loss;
    ratios.add(ratio);
    System.out.printf("%nval/train: %.2f%n", ratio);
  }

  /** The ratio of each epoch seen so far. */
  public List<Double> ratios() {
    return List.copyOf(ratios);
  }
}
