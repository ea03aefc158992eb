package dev.jkeras.optimizers;

import dev.jkeras.DType;
import dev.jkeras.KerasTensor;
import dev.jkeras.Shape;
import dev.jkeras.backend.OptimizerKernels;
import dev.jkeras.backend.Update;
import dev.jkeras.backend.Variable;
import dev.jkeras.ops.Ops;
import dev.jkeras.optimizers.schedules.LearningRateSchedule;
import dev.jkeras.saving.Config;
import java.util.List;
import java.util.Map;

/**
 * Adafactor, as Keras's {@code Adafactor}: Adam-like steps whose second moment of a variable of rank
 * >= 2 is factored into a row average {@code r} (shape without the last axis) and a column average
 * {@code c} (shape without the second-to-last axis), so it costs memory for rows plus columns rather
 * than for every element. With {@code t} the step, {@code rho = min(lr, 1/sqrt(t))},
 * {@code beta2_t = 1 - t^beta2Decay} and {@code g2 = g^2 + epsilon1}:
 * {@code r = beta2_t*r + (1-beta2_t)*mean(g2, -1)}, {@code c} likewise over axis -2,
 * {@code v = (r / mean(r)) outer c} (rank < 2: {@code v = beta2_t*v + (1-beta2_t)*g2}),
 * {@code u = g / sqrt(v)} clipped to RMS {@code clipThreshold}, and
 * {@code w -= max(epsilon2, rms(w)) * rho * u}.
 *
 * <p>The slots are saved as Keras lays them out, per variable: {@code r}, {@code c}, {@code velocity};
 * a variable of rank < 2 gets two int32 scalar placeholders for {@code r} and {@code c}, as in Keras.
 * Keras's defaults: learning rate 0.001, beta_2_decay -0.8, epsilon_1 1e-30, epsilon_2 1e-3,
 * clip_threshold 1.0, relative_step true.
 */
public class Adafactor extends FluentOptimizer<Adafactor> {
  private double beta2Decay = -0.8;
  private double epsilon1 = 1e-30;
  private double epsilon2 = 1e-3;
  private double clipThreshold = 1.0;
  private boolean relativeStep = true;

  public Adafactor() {
    this(0.001);
  }

  public Adafactor(double learningRate) {
    super("Adafactor", learningRate);
  }

  /** Adafactor whose rate follows {@code schedule}. */
  public Adafactor(LearningRateSchedule schedule) {
    this();
    learningRate(schedule);
  }

  /** The exponent of the second moment's decay, {@code beta2_t = 1 - t^beta2Decay} (default -0.8). */
  public Adafactor beta2Decay(double beta2Decay) {
    this.beta2Decay = hyperparameter("beta_2_decay", beta2Decay, beta2Decay <= 0 && !Double.isInfinite(beta2Decay),
        "a finite beta_2_decay <= 0");
    return this;
  }

  /** Added to the squared gradients (default 1e-30). */
  public Adafactor epsilon1(double epsilon1) {
    this.epsilon1 = hyperparameter("epsilon_1", epsilon1, epsilon1 >= 0 && !Double.isInfinite(epsilon1),
        "epsilon_1 >= 0");
    return this;
  }

  /** The smallest scale of a step, relative to the variable's RMS (default 1e-3). */
  public Adafactor epsilon2(double epsilon2) {
    this.epsilon2 = hyperparameter("epsilon_2", epsilon2, epsilon2 >= 0 && !Double.isInfinite(epsilon2),
        "epsilon_2 >= 0");
    return this;
  }

  /** The RMS the normalized update is clipped to (default 1.0). */
  public Adafactor clipThreshold(double clipThreshold) {
    this.clipThreshold = hyperparameter("clip_threshold", clipThreshold,
        clipThreshold > 0 && !Double.isInfinite(clipThreshold), "clip_threshold > 0");
    return this;
  }

  /** Whether a fixed learning rate is capped by {@code 1/sqrt(t)} (default true). */
  public Adafactor relativeStep(boolean relativeStep) {
    requireNoState("relative_step");
    this.relativeStep = relativeStep;
    return this;
  }

  @Override
  protected List<String> slotNames() {
    return List.of("r", "c", "velocity");
  }

  @Override
  protected Shape slotShape(String slot, Variable variable) {
    Shape shape = variable.shape();
    int rank = shape.rank();
    if (slot.equals("velocity")) {
      return shape;
    }
    if (rank < 2) {
      return Shape.scalar();
    }
    long[] dims = new long[rank - 1];
    for (int i = 0, j = 0; i < rank; i++) {
      if (i != (slot.equals("r") ? rank - 1 : rank - 2)) {
        dims[j++] = shape.get(i);
      }
    }
    return Shape.of(dims);
  }

  @Override
  protected DType slotDType(String slot, Variable variable) {
    return !slot.equals("velocity") && variable.shape().rank() < 2 ? DType.INT32 : variable.dtype();
  }

  private static KerasTensor rms(KerasTensor x) {
    return Ops.sqrt(Ops.mean(Ops.square(x)));
  }

  @Override
  protected Update update(OptimizerKernels kernels, Variable variable, List<Variable> slots,
      KerasTensor gradient, KerasTensor learningRate, KerasTensor step) {
    KerasTensor inverseSqrtStep = Ops.divide(constant(1), Ops.sqrt(step));
    KerasTensor lr = learningRateSchedule().isEmpty() && relativeStep
        ? Ops.minimum(learningRate, inverseSqrtStep) : learningRate;
    KerasTensor rho = Ops.minimum(lr, inverseSqrtStep);
    KerasTensor alpha = Ops.multiply(Ops.maximum(rms(variable.value()), epsilon2), rho);
    KerasTensor squared = Ops.add(Ops.square(gradient), epsilon1);
    KerasTensor beta2 = Ops.subtract(1, Ops.power(step, beta2Decay));
    KerasTensor oneMinusBeta2 = Ops.subtract(1, beta2);
    Variable v = slots.get(2);
    Update moments;
    KerasTensor vNew;
    if (variable.shape().rank() >= 2) {
      Variable r = slots.get(0);
      Variable c = slots.get(1);
      KerasTensor rNew = Ops.add(Ops.multiply(beta2, r.value()),
          Ops.multiply(oneMinusBeta2, Ops.mean(squared, new int[] {-1}, false)));
      KerasTensor cNew = Ops.add(Ops.multiply(beta2, c.value()),
          Ops.multiply(oneMinusBeta2, Ops.mean(squared, new int[] {-2}, false)));
      vNew = Ops.multiply(Ops.expandDims(Ops.divide(rNew, Ops.mean(rNew, new int[] {-1}, true)), -1),
          Ops.expandDims(cNew, -2));
      moments = group(r.assign(rNew), c.assign(cNew), v.assign(vNew));
    } else {
      vNew = Ops.add(Ops.multiply(beta2, v.value()), Ops.multiply(oneMinusBeta2, squared));
      moments = v.assign(vNew);
    }
    KerasTensor u = Ops.divide(gradient, Ops.sqrt(vNew));
    KerasTensor uHat = Ops.divide(u, Ops.maximum(Ops.divide(rms(u), clipThreshold), 1.0));
    return group(moments, variable.assignAdd(Ops.negative(Ops.multiply(alpha, uHat))));
  }

  public static Adafactor fromConfig(Config config) {
    Adafactor optimizer = new Adafactor(fixedLearningRate(config, 0.001))
        .beta2Decay(config.getDouble("beta_2_decay", -0.8))
        .epsilon1(config.getDouble("epsilon_1", 1e-30))
        .epsilon2(config.getDouble("epsilon_2", 1e-3))
        .clipThreshold(config.getDouble("clip_threshold", 1.0))
        .relativeStep(config.getBoolean("relative_step", true));
    return withBaseConfig(optimizer, config);
  }

  @Override
  public Map<String, Object> getConfig() {
    Map<String, Object> config = super.getConfig();
    config.put("beta_2_decay", beta2Decay);
    config.put("epsilon_1", epsilon1);
    config.put("epsilon_2", epsilon2);
    config.put("clip_threshold", clipThreshold);
    config.put("relative_step", relativeStep);
    return config;
  }
}
