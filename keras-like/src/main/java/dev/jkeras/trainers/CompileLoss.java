package dev.jkeras.trainers;

import dev.jkeras.DType;
import dev.jkeras.KerasTensor;
import dev.jkeras.losses.Loss;
import dev.jkeras.metrics.Mean;
import dev.jkeras.ops.Ops;
import java.util.ArrayList;
import java.util.List;

/**
 * The compiled loss (Keras's {@code CompileLoss}): each output's loss, weighted by its loss weight and
 * the batch's sample weights, summed, plus the layers' regularization losses. With several outputs it
 * also tracks each output's loss ({@code <output>_loss}), updated whenever the loss is computed in a
 * traced step.
 */
public final class CompileLoss {
  private final List<Loss> losses;
  private final double[] weights;
  private final List<String> outputNames;
  private final List<Mean> trackers;

  /** The model's name when compiled without a loss (then {@link #call} fails), else null. */
  private final String withoutLossOf;

  /** One loss and one weight per output, in the order of {@code outputNames}. */
  public CompileLoss(List<Loss> losses, double[] weights, List<String> outputNames) {
    this(losses, weights, outputNames, null);
  }

  /** The compiled loss of model {@code model} compiled without one, as Keras 3 allows when trainStep is overridden. */
  static CompileLoss none(String model, List<String> outputNames) {
    return new CompileLoss(List.of(), new double[0], outputNames, model);
  }

  private CompileLoss(List<Loss> losses, double[] weights, List<String> outputNames, String withoutLossOf) {
    this.withoutLossOf = withoutLossOf;
    if (withoutLossOf == null && (losses.size() != outputNames.size() || weights.length != outputNames.size())) {
      throw new IllegalArgumentException("Expected one loss and one loss weight per output " + outputNames
          + ", got " + losses.size() + " losses and " + weights.length + " weights");
    }
    this.losses = List.copyOf(losses);
    this.weights = weights.clone();
    this.outputNames = List.copyOf(outputNames);
    List<Mean> perOutput = new ArrayList<>();
    if (outputNames.size() > 1 && withoutLossOf == null) {
      outputNames.forEach(name -> perOutput.add(new Mean(name + "_loss")));
    }
    this.trackers = List.copyOf(perOutput);
  }

  /** False when the model was compiled without a loss (its trainStep computes its own). */
  public boolean hasLoss() {
    return withoutLossOf == null;
  }

  /** The loss of each output. */
  public List<Loss> losses() {
    return losses;
  }

  /** The names of the outputs the losses are for. */
  public List<String> outputNames() {
    return outputNames;
  }

  /** The per-output loss trackers ({@code <output>_loss}); none for a single output. */
  public List<Mean> metrics() {
    return trackers;
  }

  /** Fails unless there is one target per prediction. */
  public void checkStructure(List<KerasTensor> ys, List<KerasTensor> yPreds) {
    if (yPreds.size() != ys.size()) {
      throw new IllegalArgumentException("The model has " + yPreds.size() + " outputs " + outputNames
          + " but " + ys.size() + " targets were given");
    }
  }

  /**
   * The total loss of a batch; {@code sampleWeight} (shape {@code (batch,)}, null for none) weighs
   * each output's loss as Keras does (its weighted sum over the batch size).
   */
  public KerasTensor call(List<KerasTensor> ys, List<KerasTensor> yPreds, KerasTensor sampleWeight,
      List<KerasTensor> regularizationLosses) {
    if (withoutLossOf != null) {
      throw new IllegalStateException("Model '" + withoutLossOf + "' was compiled without a loss, but its train or "
          + "test step computes the compiled loss (the default trainStep/testStep, or computeLoss). Give compile "
          + "a loss (c -> c.optimizer(...).loss(\"mse\")), or override trainStep (and testStep) to compute the "
          + "loss yourself.");
    }
    checkStructure(ys, yPreds);
    KerasTensor batchSize = trackers.isEmpty() ? null : batchSize(yPreds.get(0));
    KerasTensor total = null;
    for (int i = 0; i < yPreds.size(); i++) {
      KerasTensor value = losses.get(i).apply(ys.get(i), yPreds.get(i), sampleWeight);
      if (value.rank() > 0) {
        // An unreduced loss (reduction "none"): Keras logs the output's mean and trains on the sum.
        if (batchSize != null) {
          trackers.get(i).updateWeighted(zeroWhenEmpty(Ops.mean(value), batchSize), batchSize);
        }
        value = Ops.sum(value);
      } else if (batchSize != null) {
        trackers.get(i).updateWeighted(zeroWhenEmpty(value, batchSize), batchSize);
      }
      KerasTensor weighted = weights[i] == 1.0 ? value : Ops.multiply(value, weights[i]);
      total = total == null ? weighted : Ops.add(total, weighted);
    }
    for (KerasTensor penalty : regularizationLosses) {
      total = Ops.add(total, penalty);
    }
    return total;
  }

  /**
   * {@code loss} of a batch of {@code batchSize} samples, as trained on and as the trackers fold it in:
   * under a distribution of several workers, 0 for an empty batch (a worker's empty slice of a short
   * last global batch, whose mean loss is NaN and counts 0 times), so the summed metric state and the
   * all-reduced gradients stay finite; else the loss.
   */
  static KerasTensor zeroWhenEmpty(KerasTensor loss, KerasTensor batchSize) {
    dev.jkeras.distribution.DataParallel distribution = dev.jkeras.distribution.Distribution.distribution();
    if (distribution == null || distribution.numReplicasInSync() < 2) {
      return loss;
    }
    return Ops.where(Ops.greater(batchSize, 0.0), loss, Ops.zeros(loss.shape(), loss.dtype()));
  }

  /** The number of samples in a batch of {@code prediction}, as a float scalar. */
  static KerasTensor batchSize(KerasTensor prediction) {
    return Ops.cast(Ops.take(Ops.shape(prediction), Ops.scalar(0, DType.INT32)), DType.FLOAT32);
  }
}
