package dev.jkeras.layers;

import dev.jkeras.DType;
import dev.jkeras.KerasTensor;
import dev.jkeras.Shape;
import dev.jkeras.backend.Variable;
import dev.jkeras.constraints.Constraint;
import dev.jkeras.initializers.Initializer;
import dev.jkeras.initializers.Initializers;
import dev.jkeras.ops.Ops;
import dev.jkeras.regularizers.Regularizer;
import dev.jkeras.saving.Config;
import java.util.Map;

/**
 * Normalizes its inputs per feature ({@code axis}, the last by default):
 * {@code gamma * (x - mean) / sqrt(variance + epsilon) + beta}.
 *
 * <p>In training ({@code fit}'s train step) the mean and variance are the batch's, and the moving
 * statistics (non-trainable weights) are updated in the same step with Keras's rule
 * {@code moving = moving * momentum + batch_stat * (1 - momentum)}. In inference
 * ({@code evaluate}, {@code predict}, {@code training=false}) and whenever the layer is frozen
 * ({@code trainable(false)}, as in Keras 3) the moving statistics are used and nothing is updated.
 * Defaults are Keras's: momentum 0.99, epsilon 1e-3, center and scale on.
 */
public class BatchNormalization extends Layer {
  private int axis = -1;
  private double momentum = 0.99;
  private double epsilon = 1e-3;
  private boolean center = true;
  private boolean scale = true;
  private final WeightOptions betaOptions = new WeightOptions(this, "beta", Initializers.zeros());
  private final WeightOptions gammaOptions = new WeightOptions(this, "gamma", Initializers.ones());
  private final WeightOptions movingMeanOptions = new WeightOptions(this, "moving_mean", Initializers.zeros());
  private final WeightOptions movingVarianceOptions = new WeightOptions(this, "moving_variance", Initializers.ones());

  private Variable gamma;
  private Variable beta;
  private Variable movingMean;
  private Variable movingVariance;
  private int[] featureAxis;
  private int[] reductionAxes;

  public BatchNormalization() {}

  /** The feature axis; may be negative (default -1, channels last). */
  public BatchNormalization axis(int axis) {
    checkNotBuilt("axis");
    this.axis = axis;
    return this;
  }

  public BatchNormalization momentum(double momentum) {
    checkNotBuilt("momentum");
    this.momentum = momentum;
    return this;
  }

  public BatchNormalization epsilon(double epsilon) {
    checkNotBuilt("epsilon");
    if (!(epsilon > 0)) {
      throw new IllegalArgumentException("BatchNormalization epsilon must be > 0, got " + epsilon);
    }
    this.epsilon = epsilon;
    return this;
  }

  /** Whether to add the learned offset {@code beta}. */
  public BatchNormalization center(boolean center) {
    checkNotBuilt("center");
    this.center = center;
    return this;
  }

  /** Whether to multiply by the learned scale {@code gamma}. */
  public BatchNormalization scale(boolean scale) {
    checkNotBuilt("scale");
    this.scale = scale;
    return this;
  }

  public BatchNormalization betaInitializer(Initializer initializer) {
    betaOptions.initializer(initializer);
    return this;
  }

  public BatchNormalization betaInitializer(String name) {
    return betaInitializer(Initializers.get(name));
  }

  public BatchNormalization gammaInitializer(Initializer initializer) {
    gammaOptions.initializer(initializer);
    return this;
  }

  public BatchNormalization gammaInitializer(String name) {
    return gammaInitializer(Initializers.get(name));
  }

  public BatchNormalization movingMeanInitializer(Initializer initializer) {
    movingMeanOptions.initializer(initializer);
    return this;
  }

  public BatchNormalization movingVarianceInitializer(Initializer initializer) {
    movingVarianceOptions.initializer(initializer);
    return this;
  }

  public BatchNormalization betaRegularizer(Regularizer regularizer) {
    betaOptions.regularizer(regularizer);
    return this;
  }

  public BatchNormalization gammaRegularizer(Regularizer regularizer) {
    gammaOptions.regularizer(regularizer);
    return this;
  }

  public BatchNormalization betaConstraint(Constraint constraint) {
    betaOptions.constraint(constraint);
    return this;
  }

  public BatchNormalization gammaConstraint(Constraint constraint) {
    gammaOptions.constraint(constraint);
    return this;
  }

  public double momentum() {
    return momentum;
  }

  public double epsilon() {
    return epsilon;
  }

  @Override
  public BatchNormalization name(String name) {
    super.name(name);
    return this;
  }

  @Override
  public BatchNormalization inputShape(int... shape) {
    super.inputShape(shape);
    return this;
  }

  @Override
  protected void build(Shape inputShape) {
    featureAxis = Axes.canonical(name(), "BatchNormalization", new int[] {axis}, inputShape);
    reductionAxes = Axes.complement(inputShape.rank(), featureAxis);
    Shape shape = Axes.weightShape(name(), "BatchNormalization", featureAxis, inputShape);
    if (scale) {
      gamma = gammaOptions.addWeight("gamma", shape);
    }
    if (center) {
      beta = betaOptions.addWeight("beta", shape);
    }
    movingMean = movingMeanOptions.addNonTrainableWeight("moving_mean", shape);
    movingVariance = movingVarianceOptions.addNonTrainableWeight("moving_variance", shape);
  }

  /** Passes the input's mask through, as Keras's {@code supports_masking = True}. */
  @Override
  public boolean supportsMasking() {
    return true;
  }

  @Override
  protected KerasTensor call(KerasTensor inputs, boolean training) {
    return call(inputs, training, null);
  }

  /**
   * Normalizes {@code inputs}; in training, a {@code mask} (one axis fewer than the inputs, as a
   * padded sequence's) restricts the batch moments, and so the moving statistics, to the unmasked
   * entries, as Keras does.
   */
  @Override
  protected KerasTensor call(KerasTensor inputs, boolean training, KerasTensor mask) {
    if (mask != null && mask.rank() != inputs.rank() - 1) {
      throw new IllegalArgumentException("BatchNormalization \"" + name() + "\" expected a mask with one "
          + "dimension less than its inputs " + inputs.shape() + ", got a mask of shape " + mask.shape());
    }
    KerasTensor x = Ops.cast(inputs, DType.FLOAT32);
    KerasTensor mean;
    KerasTensor variance;
    if (training && trainable()) {
      KerasTensor[] moments = mask == null ? Ops.moments(x, reductionAxes, false) : maskedMoments(x, mask);
      mean = moments[0];
      variance = moments[1];
      addUpdate(movingMean, movingAverage(movingMean.value(), mean));
      addUpdate(movingVariance, movingAverage(movingVariance.value(), variance));
    } else {
      mean = movingMean.value();
      variance = movingVariance.value();
    }
    Shape shape = x.shape();
    return Ops.batchNormalization(x,
        Axes.broadcast(mean, featureAxis, shape),
        Axes.broadcast(variance, featureAxis, shape),
        center ? Axes.broadcast(beta.value(), featureAxis, shape) : null,
        scale ? Axes.broadcast(gamma.value(), featureAxis, shape) : null,
        epsilon);
  }

  /**
   * The mean and variance over the reduction axes of the entries where {@code mask} is true, Keras's
   * {@code _moments} with a mask: sums over the unmasked entries divided by their count (plus
   * Keras's fuzz factor 1e-7, so an all-masked batch gives zeros).
   */
  private KerasTensor[] maskedMoments(KerasTensor x, KerasTensor mask) {
    Shape shape = x.shape();
    KerasTensor weights = Ops.add(Ops.zeros(Ops.shape(x), DType.FLOAT32),
        Ops.expandDims(Ops.cast(mask, DType.FLOAT32), -1));
    KerasTensor count = Ops.add(Ops.sum(weights, reductionAxes, false), 1e-7);
    KerasTensor mean = Ops.divide(Ops.sum(Ops.multiply(x, weights), reductionAxes, false), count);
    KerasTensor deviations = Ops.subtract(x, Axes.broadcast(mean, featureAxis, shape));
    KerasTensor squares = Ops.multiply(Ops.square(deviations), weights);
    KerasTensor variance = Ops.divide(Ops.sum(squares, reductionAxes, false), count);
    return new KerasTensor[] {mean, variance};
  }

  private KerasTensor movingAverage(KerasTensor moving, KerasTensor batch) {
    return Ops.add(Ops.multiply(moving, momentum), Ops.multiply(batch, 1.0 - momentum));
  }

  public static BatchNormalization fromConfig(Config config) {
    BatchNormalization layer = new BatchNormalization()
        .axis(config.getInt("axis", -1))
        .momentum(config.getDouble("momentum", 0.99))
        .epsilon(config.getDouble("epsilon", 1e-3))
        .center(config.getBoolean("center", true))
        .scale(config.getBoolean("scale", true));
    if (config.getBoolean("renorm", false)) {
      throw new IllegalArgumentException("BatchNormalization with renorm=True is not supported by jkeras yet");
    }
    WeightOptions.readAll(config, layer.betaOptions, layer.gammaOptions, layer.movingMeanOptions,
        layer.movingVarianceOptions);
    return layer;
  }

  @Override
  public Map<String, Object> getConfig() {
    Map<String, Object> config = super.getConfig();
    config.put("axis", axis);
    config.put("momentum", momentum);
    config.put("epsilon", epsilon);
    config.put("center", center);
    config.put("scale", scale);
    WeightOptions.putInitializers(config, betaOptions, gammaOptions, movingMeanOptions, movingVarianceOptions);
    WeightOptions.putRegularizers(config, betaOptions, gammaOptions);
    WeightOptions.putConstraints(config, betaOptions, gammaOptions);
    config.put("synchronized", false);
    config.put("renorm", false);
    config.put("renorm_clipping", null);
    config.put("renorm_momentum", 0.99);
    return config;
  }
}
