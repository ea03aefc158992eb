package dev.jkeras.losses;

import dev.jkeras.DType;
import dev.jkeras.KerasTensor;
import dev.jkeras.Shape;
import dev.jkeras.ops.Ops;
import dev.jkeras.saving.Config;
import java.util.Map;

/**
 * The Circle loss of metric learning (Sun et al., 2020): integer class labels {@code (batch,)} against
 * L2-normalized embeddings {@code (batch, dim)}; pairs of the same label are pulled together and others
 * pushed apart, each weighted by how far it is from its optimum. Samples with no loss (no pair to learn
 * from) are left out of the mean, as Keras masks them.
 */
public class Circle extends Loss {
  private double gamma = 80.0;
  private double margin = 0.4;
  private boolean removeDiagonal = true;

  public Circle() {
    this("circle");
  }

  /** Logged and saved as {@code name}, as Keras's {@code name=} argument. */
  public Circle(String name) {
    super(name);
  }

  /** Keras's {@code gamma=} (default 80): the scale of the similarities. */
  public Circle gamma(double gamma) {
    this.gamma = gamma;
    return this;
  }

  /** Keras's {@code margin=} (default 0.4): the relaxation of the decision boundary. */
  public Circle margin(double margin) {
    this.margin = margin;
    return this;
  }

  /** Keras's {@code remove_diagonal=} (default true): whether a sample's pair with itself is left out. */
  public Circle removeDiagonal(boolean removeDiagonal) {
    this.removeDiagonal = removeDiagonal;
    return this;
  }

  public static Circle fromConfig(Config config) {
    return withSavedReduction(config, new Circle(nameFrom(config, "circle")).gamma(config.getDouble("gamma", 80.0))
        .margin(config.getDouble("margin", 0.4)).removeDiagonal(config.getBoolean("remove_diagonal", true)));
  }

  /** Keras's config: name, reduction, gamma, margin, remove_diagonal. */
  @Override
  public Map<String, Object> getConfig() {
    Map<String, Object> config = super.getConfig();
    config.put("gamma", gamma);
    config.put("margin", margin);
    config.put("remove_diagonal", removeDiagonal);
    return config;
  }

  @Override
  public KerasTensor call(KerasTensor yTrue, KerasTensor yPred) {
    if (yPred.rank() != 2) {
      throw new IllegalArgumentException("Circle loss expected embeddings of shape (batch, dim), got " + yPred.shape()
          + ". Flatten or pool the embeddings to one vector per sample.");
    }
    KerasTensor labels = Ops.reshape(Ops.cast(yTrue, DType.INT32), -1, 1);
    KerasTensor distances = Ops.maximum(Ops.subtract(1.0, Ops.matmul(yPred, Ops.transpose(yPred))), 0.0);
    KerasTensor positive = Ops.equal(labels, Ops.transpose(labels));
    KerasTensor negative = Ops.logicalNot(positive);
    if (removeDiagonal) {
      KerasTensor rows = Ops.cumsum(Ops.add(Ops.multiply(labels, 0L), 1L), 0);
      positive = Ops.logicalAnd(positive, Ops.notEqual(rows, Ops.transpose(rows)));
    }
    KerasTensor positiveMask = Ops.cast(positive, distances.dtype());
    KerasTensor negativeMask = Ops.cast(negative, distances.dtype());
    KerasTensor positiveWeights = Ops.maximum(Ops.multiply(Ops.add(distances, margin), positiveMask), 0.0);
    KerasTensor negativeWeights = Ops.maximum(Ops.multiply(Ops.subtract(1 + margin, distances), negativeMask), 0.0);
    KerasTensor positiveTerms = Ops.multiply(Ops.multiply(positiveWeights, Ops.subtract(margin, distances)), -gamma);
    KerasTensor negativeTerms = Ops.multiply(Ops.multiply(negativeWeights, Ops.subtract(1 - margin, distances)), gamma);
    KerasTensor loss = Ops.softplus(Ops.add(maskedLogSumExp(positiveTerms, positive),
        maskedLogSumExp(negativeTerms, negative)));
    return loss.withMask(Ops.greater(loss, 0.0));
  }

  /**
   * {@code log(sum(exp(x)))} over the entries of each row that {@code mask} keeps; {@code -inf} for a row it
   * keeps none of, with a gradient of zero there (never NaN).
   */
  static KerasTensor maskedLogSumExp(KerasTensor x, KerasTensor mask) {
    KerasTensor negativeInfinity = Ops.full(Shape.scalar(), Double.NEGATIVE_INFINITY, x.dtype());
    KerasTensor zero = Ops.zeros(Shape.scalar(), x.dtype());
    KerasTensor any = Ops.any(mask, 1, true);
    KerasTensor rowMax = Ops.max(Ops.where(mask, x, negativeInfinity), new int[] {1}, true);
    KerasTensor shift = Ops.stopGradient(Ops.where(any, rowMax, zero));
    KerasTensor exps = Ops.where(mask, Ops.exp(Ops.where(mask, Ops.subtract(x, shift), zero)), zero);
    KerasTensor sums = Ops.where(any, Ops.sum(exps, new int[] {1}, true), Ops.ones(Shape.scalar(), x.dtype()));
    KerasTensor logSumExp = Ops.add(Ops.log(sums), shift);
    return Ops.squeeze(Ops.where(any, logSumExp, negativeInfinity), 1);
  }
}
