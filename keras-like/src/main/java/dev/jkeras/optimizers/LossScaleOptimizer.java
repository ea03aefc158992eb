package dev.jkeras.optimizers;

import dev.jkeras.DType;
import dev.jkeras.KerasTensor;
import dev.jkeras.backend.Backends;
import dev.jkeras.backend.ModelGraph;
import dev.jkeras.backend.OptimizerKernels;
import dev.jkeras.backend.StepState;
import dev.jkeras.backend.Update;
import dev.jkeras.backend.Variable;
import dev.jkeras.ops.Ops;
import dev.jkeras.optimizers.schedules.LearningRateSchedule;
import dev.jkeras.saving.Config;
import dev.jkeras.saving.Serialization;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Dynamic loss scaling around another optimizer, as Keras's {@code LossScaleOptimizer}: the train
 * step multiplies the loss by the current scale ({@link #scaleLoss}), and this optimizer divides the
 * gradients by it before the inner optimizer applies them. A step whose gradients are not all finite
 * is skipped (weights, slots and the inner optimizer's iterations stay as they were) and halves the
 * scale; after {@code dynamicGrowthSteps} finite steps in a row the scale doubles.
 *
 * <p>Its saved variables are Keras's: its own iterations and learning rate (unused, as in Keras),
 * {@code step_counter}, {@code dynamic_scale}, then the inner optimizer's. Learning rate, iterations
 * and {@code finalize_variable_values} are the inner optimizer's. Keras's defaults: initial scale
 * 2^15, growth every 2000 steps.
 */
public class LossScaleOptimizer extends Optimizer {
  private static final String STEP_COUNTER = "step_counter";
  private static final String DYNAMIC_SCALE = "dynamic_scale";

  private final Optimizer innerOptimizer;
  private final double initialScale;
  private final int dynamicGrowthSteps;

  public LossScaleOptimizer(Optimizer innerOptimizer) {
    this(innerOptimizer, 32768.0, 2000);
  }

  public LossScaleOptimizer(Optimizer innerOptimizer, double initialScale, int dynamicGrowthSteps) {
    super("LossScaleOptimizer", 0.0);
    if (innerOptimizer == null) {
      throw new IllegalArgumentException("LossScaleOptimizer needs an inner optimizer to wrap, got null");
    }
    if (innerOptimizer instanceof LossScaleOptimizer) {
      throw new IllegalArgumentException("LossScaleOptimizer cannot wrap another LossScaleOptimizer ('"
          + innerOptimizer.name() + "'): the loss would be scaled twice. Wrap its inner optimizer instead.");
    }
    if (!(initialScale > 0) || Double.isInfinite(initialScale)) {
      throw new IllegalArgumentException("LossScaleOptimizer: `initial_scale` must be a finite number > 0, got "
          + initialScale);
    }
    if (dynamicGrowthSteps < 1) {
      throw new IllegalArgumentException("LossScaleOptimizer: `dynamic_growth_steps` must be an integer >= 1, got "
          + dynamicGrowthSteps);
    }
    this.innerOptimizer = innerOptimizer;
    this.initialScale = initialScale;
    this.dynamicGrowthSteps = dynamicGrowthSteps;
    // As Keras: the inner optimizer's own loss scale is dropped, or gradients would be unscaled twice.
    innerOptimizer.clearLossScaleFactor();
  }

  /** The optimizer whose update this one applies. */
  public Optimizer innerOptimizer() {
    return innerOptimizer;
  }

  public double initialScale() {
    return initialScale;
  }

  public int dynamicGrowthSteps() {
    return dynamicGrowthSteps;
  }

  /** The current loss scale: the graph variable once the optimizer serves a model, else the initial one. */
  public double dynamicScale() {
    Optional<Variable> scale = variables().stream().filter(v -> v.name().endsWith("/" + DYNAMIC_SCALE)).findFirst();
    return scale.map(v -> ((Number) v.read().getObject()).doubleValue()).orElse(initialScale);
  }

  @Override
  protected Map<String, Double> globalVariables() {
    Map<String, Double> globals = new LinkedHashMap<>();
    globals.put(STEP_COUNTER, 0.0);
    globals.put(DYNAMIC_SCALE, initialScale);
    return globals;
  }

  @Override
  protected DType globalDType(String key) {
    return key.equals(STEP_COUNTER) ? DType.INT64 : DType.FLOAT32;
  }

  @Override
  protected List<String> slotNames() {
    return List.of();
  }

  @Override
  protected Update update(OptimizerKernels kernels, Variable variable, List<Variable> slots,
      KerasTensor gradient, KerasTensor learningRate, KerasTensor step) {
    throw new IllegalStateException("LossScaleOptimizer updates variables through its inner optimizer");
  }

  @Override
  public Update applyGradients(List<KerasTensor> gradients, List<Variable> variables) {
    ModelGraph current = prepareState();
    KerasTensor finite = null;
    for (KerasTensor g : gradients) {
      if (g != null) {
        KerasTensor all = Ops.all(Ops.isfinite(Ops.reshape(g, -1)), 0, false);
        finite = finite == null ? all : Ops.logicalAnd(finite, all);
      }
    }
    if (finite == null) {
      throw new IllegalArgumentException("No gradients provided for any variable.");
    }
    Variable counter = globalVariable(STEP_COUNTER);
    Variable scale = globalVariable(DYNAMIC_SCALE);
    KerasTensor currentScale = scale.value();
    List<KerasTensor> unscaled = gradients.stream().map(g -> g == null ? null : Ops.divide(g, currentScale)).toList();
    Update inner = innerOptimizer.applyGradients(unscaled, variables, finite);
    KerasTensor count = counter.value();
    KerasTensor grow = Ops.logicalAnd(finite, Ops.equal(count, Ops.scalar(dynamicGrowthSteps - 1, DType.INT64)));
    KerasTensor zero = Ops.scalar(0, DType.INT64);
    KerasTensor nextCount = Ops.where(finite, Ops.where(grow, zero, Ops.add(count, 1L)), zero);
    KerasTensor nextScale = Ops.where(finite, Ops.where(grow, Ops.multiply(currentScale, 2.0), currentScale),
        Ops.multiply(currentScale, 0.5));
    List<Update> updates = new ArrayList<>(List.of(inner, counter.assign(nextCount), scale.assign(nextScale)));
    return StepState.record(current.group(updates));
  }

  @Override
  public void build(List<Variable> variables) {
    super.build(variables);
    innerOptimizer.build(variables);
  }

  /** The loss times the current dynamic scale (inside a model's graph, its variable). */
  @Override
  public KerasTensor scaleLoss(KerasTensor loss) {
    if (Backends.get().currentGraph().isEmpty()) {
      return Ops.multiply(loss, initialScale);
    }
    prepareState();
    return Ops.multiply(loss, globalVariable(DYNAMIC_SCALE).value());
  }

  @Override
  public List<Variable> variables() {
    List<Variable> all = new ArrayList<>(super.variables());
    all.addAll(innerOptimizer.variables());
    return all;
  }

  @Override
  public void release(ModelGraph closing) {
    super.release(closing);
    innerOptimizer.release(closing);
  }

  @Override
  public void finalizeVariableValues() {
    innerOptimizer.finalizeVariableValues();
  }

  @Override
  public long iterations() {
    return innerOptimizer.iterations();
  }

  @Override
  public double learningRate() {
    return innerOptimizer == null ? super.learningRate() : innerOptimizer.learningRate();
  }

  @Override
  public Optimizer learningRate(double learningRate) {
    if (innerOptimizer == null) {
      return super.learningRate(learningRate);
    }
    innerOptimizer.learningRate(learningRate);
    return this;
  }

  @Override
  public Optimizer learningRate(LearningRateSchedule schedule) {
    innerOptimizer.learningRate(schedule);
    return this;
  }

  @Override
  public Optional<LearningRateSchedule> learningRateSchedule() {
    return innerOptimizer.learningRateSchedule();
  }

  /** The base options (clipping, weight decay, EMA, ...) are refused: they are the inner optimizer's. */
  @Override
  void requireBaseOptionSettable(String key) {
    throw new IllegalArgumentException("LossScaleOptimizer does not support `" + key + "`. Instead, set `" + key
        + "` on the `inner_optimizer` ('" + innerOptimizer.name() + "').");
  }

  /** Keras's default values of the base options, which an older Keras saved for a LossScaleOptimizer too. */
  private static final Map<String, Object> BASE_DEFAULTS = baseDefaults();

  private static Map<String, Object> baseDefaults() {
    Map<String, Object> defaults = new LinkedHashMap<>();
    for (String key : List.of("weight_decay", "clipnorm", "global_clipnorm", "clipvalue", "ema_overwrite_frequency",
        "loss_scale_factor", "gradient_accumulation_steps")) {
      defaults.put(key, null);
    }
    defaults.put("use_ema", false);
    defaults.put("ema_momentum", 0.99);
    return defaults;
  }

  public static LossScaleOptimizer fromConfig(Config config) {
    if (!config.getBoolean("dynamic", true)) {
      throw new IllegalArgumentException("LossScaleOptimizer no longer supports `dynamic=False`. Instead, simply set "
          + "`loss_scale_factor` directly on the `inner_optimizer`.");
    }
    for (String key : config.asMap().keySet()) {
      if (!BASE_DEFAULTS.containsKey(key) && !List.of("name", "inner_optimizer", "initial_scale",
          "dynamic_growth_steps", "dynamic").contains(key)) {
        throw new IllegalArgumentException("LossScaleOptimizer does not support arguments: `" + key + "`.");
      }
    }
    for (Map.Entry<String, Object> option : BASE_DEFAULTS.entrySet()) {
      if (!config.asMap().containsKey(option.getKey())) {
        continue;
      }
      Object value = config.asMap().get(option.getKey());
      Object expected = option.getValue();
      boolean same = value == null ? expected == null
          : expected != null && (value instanceof Number n && expected instanceof Number e
              ? n.doubleValue() == e.doubleValue() : value.equals(expected));
      if (!same) {
        throw new IllegalArgumentException("LossScaleOptimizer does not support `" + option.getKey() + "`. Instead, set `"
            + option.getKey() + "` on the `inner_optimizer`.");
      }
    }
    Object inner = config.asMap().get("inner_optimizer");
    if (inner == null) {
      throw new IllegalArgumentException("LossScaleOptimizer config has no `inner_optimizer`: " + config.asMap());
    }
    return new LossScaleOptimizer(Optimizers.deserialize(inner), config.getDouble("initial_scale", 32768.0),
        config.getInt("dynamic_growth_steps", 2000));
  }

  @Override
  public Map<String, Object> getConfig() {
    Map<String, Object> config = new LinkedHashMap<>();
    config.put("name", kerasName(name()));
    config.put("inner_optimizer", Serialization.serialize(innerOptimizer));
    config.put("initial_scale", initialScale);
    config.put("dynamic_growth_steps", dynamicGrowthSteps);
    return config;
  }
}
