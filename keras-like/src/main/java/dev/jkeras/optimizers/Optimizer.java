package dev.jkeras.optimizers;

import dev.jkeras.DType;
import dev.jkeras.KerasTensor;
import dev.jkeras.Shape;
import dev.jkeras.backend.Backends;
import dev.jkeras.backend.ModelGraph;
import dev.jkeras.backend.OptimizerKernels;
import dev.jkeras.backend.StepState;
import dev.jkeras.backend.Update;
import dev.jkeras.backend.Variable;
import dev.jkeras.initializers.Initializers;
import dev.jkeras.ops.Ops;
import dev.jkeras.optimizers.schedules.LearningRateSchedule;
import dev.jkeras.saving.Config;
import dev.jkeras.saving.KerasSerializable;
import dev.jkeras.saving.Serialization;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.IdentityHashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Supplier;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.tensorflow.ndarray.NdArrays;

/**
 * The base of optimizers: keeps the iteration count and learning rate as graph variables, creates
 * per-weight slot variables, and applies gradients with TensorFlow's fused kernels.
 *
 * <p>As Keras 3's base optimizer, every optimizer also takes a {@link LearningRateSchedule} instead
 * of a fixed rate, gradient clipping ({@link #clipnorm(double)}, {@link #clipvalue(double)},
 * {@link #globalClipnorm(double)}, at most one of them) and decoupled weight decay
 * ({@link #weightDecay(double)}: {@code w -= w * weightDecay * lr} before each update). These options
 * are set before the optimizer's first step. So are Keras's moving average of the weights
 * ({@link #useEma(boolean)}), gradient accumulation ({@link #gradientAccumulationSteps(int)}) and a
 * fixed loss scale ({@link #lossScaleFactor(double)}).
 */
public abstract class Optimizer implements KerasSerializable {
  private final String name;
  private double learningRate;
  private LearningRateSchedule schedule;
  private Double weightDecay;
  private Pattern excludedFromWeightDecay;
  private Double clipnorm;
  private Double clipvalue;
  private Double globalClipnorm;
  private boolean useEma;
  private double emaMomentum = 0.99;
  private Integer emaOverwriteFrequency;
  private Double lossScaleFactor;
  private Integer gradientAccumulationSteps;

  private ModelGraph graph;
  private Variable iterations;
  private long finishedIterations;
  private Variable learningRateVariable;
  private final Map<Variable, List<Variable>> slots = new IdentityHashMap<>();
  private final List<Variable> slotOwners = new ArrayList<>();
  private final Map<String, Variable> globals = new LinkedHashMap<>();
  private final Map<String, Double> finishedGlobals = new LinkedHashMap<>();
  private final Map<Variable, Variable> averages = new IdentityHashMap<>();
  private final Map<Variable, Variable> accumulators = new IdentityHashMap<>();
  private final Map<Variable, Variable> backups = new IdentityHashMap<>();

  protected Optimizer(String name, double learningRate) {
    this.name = name;
    learningRate(learningRate);
  }

  /** An optimizer whose rate follows {@code schedule}, computed in the graph at each step. */
  protected Optimizer(String name, LearningRateSchedule schedule) {
    this.name = name;
    learningRate(schedule);
  }

  public String name() {
    return name;
  }

  /**
   * The current learning rate, as Keras's {@code optimizer.learning_rate}. Once the optimizer serves
   * a model it is read from the model's graph variable (a float32, so {@code 1e-3} reads back as
   * {@code 0.0010000000474974513}, as in Keras), which callbacks may change during {@code fit}.
   */
  public double learningRate() {
    if (schedule != null) {
      return schedule.valueAt(rawIterations());
    }
    return learningRateVariable == null ? learningRate : ((Number) learningRateVariable.read().getObject()).doubleValue();
  }

  /** The schedule the learning rate follows, if the optimizer was given one. */
  public Optional<LearningRateSchedule> learningRateSchedule() {
    return Optional.ofNullable(schedule);
  }

  /**
   * Makes the learning rate follow {@code schedule} (as Keras's {@code optimizer.learning_rate =
   * schedule}); only before the optimizer's first step.
   */
  public Optimizer learningRate(LearningRateSchedule schedule) {
    if (schedule == null) {
      throw new IllegalArgumentException(name + ": the learning-rate schedule must not be null");
    }
    requireNoState("learning_rate");
    this.schedule = schedule;
    return this;
  }

  /**
   * Sets the learning rate, as Keras's {@code optimizer.learning_rate = value}: writes the graph
   * variable, so it takes effect at the next step, also in the middle of {@code fit} (from a
   * callback such as {@link dev.jkeras.callbacks.LearningRateScheduler}). Zero is allowed (warm-up
   * schedules start there).
   */
  public Optimizer learningRate(double learningRate) {
    if (schedule != null) {
      throw new IllegalStateException("Optimizer '" + name + "' was created with a learning-rate schedule ("
          + schedule.getClass().getSimpleName() + "), so its learning rate cannot be set to " + learningRate
          + ": a schedule used where a fixed rate is required (ReduceLROnPlateau, LearningRateScheduler and "
          + "learningRate(double) need one). Create the optimizer with a fixed learning rate instead, as in Keras.");
    }
    if (!(learningRate >= 0) || Double.isInfinite(learningRate)) {
      throw new IllegalArgumentException(name + " learning rate must be a finite number >= 0, got " + learningRate);
    }
    this.learningRate = learningRate;
    if (learningRateVariable != null) {
      learningRateVariable.write(NdArrays.scalarOf((float) learningRate));
    }
    return this;
  }

  // ---------------------------------------------------------------- clipping and weight decay

  /**
   * Clips each gradient to an L2 norm of at most {@code clipnorm} before the update, as Keras's
   * {@code clipnorm}: {@code g * clipnorm / max(norm(g), clipnorm)}.
   */
  public Optimizer clipnorm(double clipnorm) {
    this.clipnorm = clipOption("clipnorm", clipnorm);
    return this;
  }

  /** Clips each gradient element to {@code [-clipvalue, clipvalue]}, as Keras's {@code clipvalue}. */
  public Optimizer clipvalue(double clipvalue) {
    this.clipvalue = clipOption("clipvalue", clipvalue);
    return this;
  }

  /**
   * Scales all gradients together so their global L2 norm is at most {@code globalClipnorm}, as
   * Keras's {@code global_clipnorm}.
   */
  public Optimizer globalClipnorm(double globalClipnorm) {
    this.globalClipnorm = clipOption("global_clipnorm", globalClipnorm);
    return this;
  }

  private Double clipOption(String key, double value) {
    requireBaseOptionSettable(key);
    if (!(value >= 0) || Double.isInfinite(value)) {
      throw new IllegalArgumentException(name + ": `" + key + "` must be a finite number >= 0, got " + value);
    }
    Map<String, Double> clipping = new LinkedHashMap<>();
    clipping.put("clipnorm", clipnorm);
    clipping.put("clipvalue", clipvalue);
    clipping.put("global_clipnorm", globalClipnorm);
    clipping.put(key, value);
    if (clipping.values().stream().filter(v -> v != null).count() > 1) {
      throw new IllegalArgumentException("Only one of `clipnorm`, `clipvalue` and `global_clipnorm` can be set. "
          + "Received: clipnorm=" + clipping.get("clipnorm") + ", clipvalue=" + clipping.get("clipvalue")
          + ", global_clipnorm=" + clipping.get("global_clipnorm"));
    }
    return value;
  }

  /** Keras's {@code clipnorm}, or null. */
  public Double clipnorm() {
    return clipnorm;
  }

  /** Keras's {@code clipvalue}, or null. */
  public Double clipvalue() {
    return clipvalue;
  }

  /** Keras's {@code global_clipnorm}, or null. */
  public Double globalClipnorm() {
    return globalClipnorm;
  }

  /**
   * Decoupled weight decay, as Keras's {@code weight_decay}: before each update every trainable
   * variable (except those {@link #excludeFromWeightDecay excluded}) becomes {@code w - w * weightDecay * lr}.
   */
  public Optimizer weightDecay(double weightDecay) {
    requireBaseOptionSettable("weight_decay");
    if (!(weightDecay >= 0) || Double.isInfinite(weightDecay)) {
      throw new IllegalArgumentException(name + ": `weight_decay` must be a finite number >= 0, got " + weightDecay);
    }
    this.weightDecay = weightDecay;
    return this;
  }

  /** Keras's {@code weight_decay}, or null. */
  public Double weightDecay() {
    return weightDecay;
  }

  /**
   * Leaves variables whose name contains one of {@code varNames} (regular expressions, as Keras's
   * {@code exclude_from_weight_decay(var_names=...)}) out of weight decay, e.g. {@code "bias"}. As in
   * Keras, this is not part of the optimizer's config: an optimizer loaded from a file decays every
   * variable.
   */
  public Optimizer excludeFromWeightDecay(String... varNames) {
    requireNoState("exclude_from_weight_decay");
    excludedFromWeightDecay = varNames.length == 0 ? null
        : Pattern.compile(Arrays.stream(varNames).distinct().collect(Collectors.joining("|")));
    return this;
  }

  // ---------------------------------------------------------------- EMA, accumulation, loss scale

  /**
   * Keeps an exponential moving average of every trainable variable, as Keras's {@code use_ema}:
   * after each step {@code average = m * average + (1 - m) * w} with {@code m = emaMomentum} (0 at
   * the first step, so the average starts at the weights). At the end of {@code fit} the model's
   * weights become the averages ({@link #finalizeVariableValues()}), and every
   * {@link #emaOverwriteFrequency(int)} steps during it.
   */
  public Optimizer useEma(boolean useEma) {
    requireBaseOptionSettable("use_ema");
    this.useEma = useEma;
    return this;
  }

  /** Keras's {@code use_ema}. */
  public boolean useEma() {
    return useEma;
  }

  /** The momentum of the moving average, in {@code [0, 1]} (Keras's {@code ema_momentum}, default 0.99). */
  public Optimizer emaMomentum(double emaMomentum) {
    requireBaseOptionSettable("ema_momentum");
    if (!(emaMomentum >= 0 && emaMomentum <= 1)) {
      throw new IllegalArgumentException(name + ": `ema_momentum` must be in the range [0, 1]. Received: "
          + "ema_momentum=" + emaMomentum);
    }
    this.emaMomentum = emaMomentum;
    return this;
  }

  /** Keras's {@code ema_momentum}. */
  public double emaMomentum() {
    return emaMomentum;
  }

  /**
   * With {@link #useEma(boolean)}, overwrites the model's weights with their averages every
   * {@code frequency} steps (Keras's {@code ema_overwrite_frequency}, an integer >= 1; default none).
   */
  public Optimizer emaOverwriteFrequency(int frequency) {
    requireBaseOptionSettable("ema_overwrite_frequency");
    if (frequency < 1) {
      throw new IllegalArgumentException(name + ": `ema_overwrite_frequency` must be an integer >= 1 or None. "
          + "Received: ema_overwrite_frequency=" + frequency);
    }
    this.emaOverwriteFrequency = frequency;
    return this;
  }

  /** Keras's {@code ema_overwrite_frequency}, or null. */
  public Integer emaOverwriteFrequency() {
    return emaOverwriteFrequency;
  }

  /**
   * Accumulates the gradients of {@code steps} batches and updates the weights with their mean once
   * every {@code steps} batches, as Keras's {@code gradient_accumulation_steps} (an integer >= 2).
   * {@link #iterations()} then counts updates, while learning-rate schedules see every batch.
   */
  public Optimizer gradientAccumulationSteps(int steps) {
    requireBaseOptionSettable("gradient_accumulation_steps");
    if (steps < 2) {
      throw new IllegalArgumentException(name + ": `gradient_accumulation_steps` must be an integer >= 2. "
          + "Received: gradient_accumulation_steps=" + steps + ". Leave it unset to update at every step.");
    }
    this.gradientAccumulationSteps = steps;
    return this;
  }

  /** Keras's {@code gradient_accumulation_steps}, or null. */
  public Integer gradientAccumulationSteps() {
    return gradientAccumulationSteps;
  }

  /**
   * A fixed loss scale, as Keras's {@code loss_scale_factor}: the train step multiplies the loss by
   * it ({@link #scaleLoss}) and the optimizer divides the gradients by it.
   */
  public Optimizer lossScaleFactor(double factor) {
    requireBaseOptionSettable("loss_scale_factor");
    if (!(factor > 0) || Double.isInfinite(factor)) {
      throw new IllegalArgumentException(name + ": `loss_scale_factor` must be a finite number > 0, got " + factor);
    }
    this.lossScaleFactor = factor;
    return this;
  }

  /** Keras's {@code loss_scale_factor}, or null. */
  public Double lossScaleFactor() {
    return lossScaleFactor;
  }

  /** Drops {@code loss_scale_factor} (a {@link LossScaleOptimizer} scales for its inner optimizer). */
  void clearLossScaleFactor() {
    lossScaleFactor = null;
  }

  /**
   * The loss the train step differentiates, as Keras's {@code optimizer.scale_loss}: {@code loss}
   * times the loss scale, or {@code loss} itself without one.
   */
  public KerasTensor scaleLoss(KerasTensor loss) {
    return lossScaleFactor == null ? loss : Ops.multiply(loss, lossScaleFactor.doubleValue());
  }

  /**
   * As Keras's {@code finalize_variable_values}, run at the end of {@code fit}: with
   * {@link #useEma(boolean)}, writes each variable's moving average into it.
   */
  public void finalizeVariableValues() {
    if (useEma && iterations != null) {
      for (Variable owner : slotOwners) {
        owner.write(averages.get(owner).read());
      }
    }
  }

  private boolean decays(Variable variable) {
    return weightDecay != null && (excludedFromWeightDecay == null
        || !excludedFromWeightDecay.matcher(variable.name()).find());
  }

  /**
   * Checked first by the setters of the options every optimizer has (clipping, weight decay, EMA, gradient
   * accumulation, loss scale factor; {@code key} is Keras's name): by default, that the optimizer has no state.
   */
  void requireBaseOptionSettable(String key) {
    requireNoState(key);
  }

  protected final void requireNoState(String option) {
    if (iterations != null) {
      throw new IllegalStateException("Optimizer '" + name + "' already serves a model, so `" + option
          + "` can no longer be set: set it before compile and fit, or create a new optimizer.");
    }
  }

  /** Keras's {@code _clip_gradients}: clipnorm, else global_clipnorm, else clipvalue. */
  private List<KerasTensor> clip(List<KerasTensor> gradients) {
    if (clipnorm != null && clipnorm > 0) {
      return gradients.stream().map(g -> g == null ? null : clipByNorm(g, clipnorm)).toList();
    }
    if (globalClipnorm != null && globalClipnorm > 0) {
      return clipByGlobalNorm(gradients, globalClipnorm);
    }
    if (clipvalue != null && clipvalue > 0) {
      return gradients.stream().map(g -> g == null ? null : Ops.clip(g, -clipvalue, clipvalue)).toList();
    }
    return gradients;
  }

  private static KerasTensor clipByNorm(KerasTensor g, double clipnorm) {
    KerasTensor l2sum = Ops.sum(Ops.square(g));
    KerasTensor positive = Ops.greater(l2sum, 0);
    KerasTensor safe = Ops.where(positive, l2sum, Ops.scalar(1, l2sum.dtype()));
    KerasTensor l2norm = Ops.where(positive, Ops.sqrt(safe), l2sum);
    return Ops.divide(Ops.multiply(g, clipnorm), Ops.maximum(l2norm, clipnorm));
  }

  private static List<KerasTensor> clipByGlobalNorm(List<KerasTensor> gradients, double clipnorm) {
    KerasTensor squared = null;
    for (KerasTensor g : gradients) {
      if (g != null) {
        KerasTensor s = Ops.sum(Ops.square(g));
        squared = squared == null ? s : Ops.add(squared, s);
      }
    }
    if (squared == null) {
      return gradients;
    }
    KerasTensor norm = Ops.sqrt(squared);
    // As Keras: a no-op for a finite norm below clipnorm, NaN for an infinite or NaN norm.
    KerasTensor scale = Ops.multiply(Ops.minimum(Ops.divide(Ops.scalar(1, norm.dtype()), norm), 1 / clipnorm),
        clipnorm);
    KerasTensor guarded = Ops.add(scale, Ops.subtract(norm, norm));
    return gradients.stream().map(g -> g == null ? null : Ops.multiply(g, guarded)).toList();
  }

  // ---------------------------------------------------------------- state and steps

  /**
   * The number of steps applied so far, as Keras's {@code optimizer.iterations}: with
   * {@link #gradientAccumulationSteps(int)}, the number of weight updates (batches / steps).
   */
  public long iterations() {
    long raw = rawIterations();
    return gradientAccumulationSteps == null ? raw : Math.floorDiv(raw, gradientAccumulationSteps);
  }

  /** The batches seen so far (Keras's {@code optimizer._iterations}, the variable it saves). */
  private long rawIterations() {
    return iterations == null ? finishedIterations : ((Number) iterations.read().getObject()).longValue();
  }

  /**
   * Called before {@code closing} (a model's graph) is closed: the optimizer keeps its learning
   * rate and step count, and builds its state anew in the next model it serves.
   */
  public void release(ModelGraph closing) {
    if (graph != closing || iterations == null) {
      return;
    }
    finishedIterations = rawIterations();
    if (learningRateVariable != null) {
      learningRate = ((Number) learningRateVariable.read().getObject()).doubleValue();
    }
    globals.forEach((key, variable) -> finishedGlobals.put(key, ((Number) variable.read().getObject()).doubleValue()));
    graph = null;
    iterations = null;
    learningRateVariable = null;
    slots.clear();
    slotOwners.clear();
    globals.clear();
    averages.clear();
    accumulators.clear();
    backups.clear();
  }

  /**
   * The updates that apply {@code gradients} to {@code variables}, then count the step; inside a
   * traced step they join it ({@link StepState}), so the step runs them, after the updates recorded
   * in it before (a pruning wrapper's assignment of the masked weight).
   */
  public Update applyGradients(List<KerasTensor> gradients, List<Variable> variables) {
    return StepState.record(StepState.afterUpdates(() -> applyGradients(gradients, variables, null)));
  }

  /**
   * As {@link #applyGradients(List, List)}, but when {@code gate} (a scalar bool, may be null for
   * always) is false at run time the step leaves every variable, slot and counter as it was (a
   * {@link LossScaleOptimizer} skips a step with non-finite gradients so).
   */
  protected final Update applyGradients(List<KerasTensor> gradients, List<Variable> variables, KerasTensor gate) {
    if (gradients.size() != variables.size()) {
      throw new IllegalArgumentException(name + ": got " + gradients.size() + " gradients for " + variables.size()
          + " variables; pass one gradient (or null) per variable");
    }
    ModelGraph current = prepareState();
    variables.forEach(this::slotsOf);
    OptimizerKernels kernels = current.optimizerKernels();
    KerasTensor raw = iterations.value();
    KerasTensor lr = schedule == null ? learningRateVariable.value() : schedule.apply(raw);
    KerasTensor counted = gradientAccumulationSteps == null ? raw : floorDiv(raw, gradientAccumulationSteps);
    KerasTensor step = Ops.cast(Ops.add(counted, 1), DType.FLOAT32);
    List<KerasTensor> grads = new ArrayList<>(lossScaleFactor == null ? gradients
        : gradients.stream().map(g -> g == null ? null : Ops.divide(g, lossScaleFactor.doubleValue())).toList());
    List<Update> updates = new ArrayList<>();
    KerasTensor updateGate = gate;
    if (gradientAccumulationSteps != null) {
      int n = gradientAccumulationSteps;
      KerasTensor isUpdateStep = Ops.equal(floorMod(Ops.add(raw, 1), n), Ops.scalar(0, DType.INT64));
      updateGate = gate == null ? isUpdateStep : Ops.logicalAnd(gate, isUpdateStep);
      for (int i = 0; i < grads.size(); i++) {
        KerasTensor g = grads.get(i);
        if (g != null) {
          Variable accumulator = accumulators.get(variables.get(i));
          KerasTensor summed = Ops.add(g, accumulator.value());
          KerasTensor next = Ops.where(isUpdateStep, Ops.zeros(accumulator.shape(), accumulator.dtype()), summed);
          updates.add(accumulator.assign(gate == null ? next : Ops.where(gate, next, accumulator.value())));
          grads.set(i, Ops.divide(summed, n));
        }
      }
    }
    List<KerasTensor> clipped = clip(grads);
    Supplier<Update> body = () -> updateVariables(current, kernels, clipped, variables, lr, step);
    Update applied = updateGate == null ? body.get() : gated(current, updateGate, stateOf(clipped, variables), body);
    updates.add(applied);
    if (useEma) {
      updates.add(current.after(List.of(applied), () -> movingAverages(current, counted, gate)));
    }
    updates.add(current.after(updates, () -> iterations.assignAdd(gate == null ? Ops.scalar(1, DType.INT64)
        : Ops.cast(gate, DType.INT64))));
    return current.group(updates);
  }

  /** Weight decay and the update of every variable with a gradient, then {@link #finishStep()}. */
  private Update updateVariables(ModelGraph current, OptimizerKernels kernels, List<KerasTensor> gradients,
      List<Variable> variables, KerasTensor lr, KerasTensor step) {
    beginStep(step);
    List<Update> updates = new ArrayList<>();
    for (int i = 0; i < variables.size(); i++) {
      KerasTensor gradient = gradients.get(i);
      if (gradient != null) {
        Variable variable = variables.get(i);
        List<Variable> variableSlots = slotsOf(variable);
        if (decays(variable)) {
          Update decay = variable.assignAdd(Ops.negative(Ops.multiply(Ops.multiply(variable.value(), lr),
              weightDecay)));
          updates.add(current.after(List.of(decay), () -> update(kernels, variable, variableSlots, gradient, lr, step)));
        } else {
          updates.add(update(kernels, variable, variableSlots, gradient, lr, step));
        }
      }
    }
    Update finish = current.after(updates, this::finishStep);
    if (finish != null) {
      updates.add(finish);
    }
    return current.group(updates);
  }

  /** What a step may change: the variables with a gradient, their slots, the global variables. */
  private List<Variable> stateOf(List<KerasTensor> gradients, List<Variable> variables) {
    List<Variable> state = new ArrayList<>();
    for (int i = 0; i < variables.size(); i++) {
      if (gradients.get(i) != null) {
        state.add(variables.get(i));
        state.addAll(slotsOf(variables.get(i)));
      }
    }
    state.addAll(globals.values());
    return state;
  }

  /**
   * {@code body}, whose effect on {@code state} is undone when {@code gate} is false: each variable
   * is copied to a scratch variable first, and afterwards becomes {@code where(gate, new, copy)}.
   * (A TensorFlow kernel updates a variable in place, so this is how a fused step is made conditional.)
   */
  private Update gated(ModelGraph current, KerasTensor gate, List<Variable> state, Supplier<Update> body) {
    List<Update> saves = new ArrayList<>();
    for (Variable v : state) {
      Variable backup = backups.computeIfAbsent(v, key -> current.variable(key.name() + "/gate_backup", key.shape(),
          key.dtype(), () -> Ops.zeros(key.shape(), key.dtype())));
      saves.add(backup.assign(v.value()));
    }
    Update done = current.after(saves, body);
    Update restore = current.after(List.of(done), () -> current.group(state.stream()
        .map(v -> v.assign(Ops.where(gate, v.value(), backups.get(v).value()))).toList()));
    return current.group(List.of(done, restore));
  }

  /** Keras's {@code _update_model_variables_moving_average} and the periodic overwrite. */
  private Update movingAverages(ModelGraph current, KerasTensor counted, KerasTensor gate) {
    KerasTensor notFirst = Ops.cast(Ops.notEqual(counted, Ops.scalar(0, DType.INT64)), DType.FLOAT32);
    KerasTensor momentum = Ops.multiply(notFirst, emaMomentum);
    List<Update> updates = new ArrayList<>();
    for (Variable owner : slotOwners) {
      Variable average = averages.get(owner);
      KerasTensor m = Ops.cast(momentum, average.dtype());
      KerasTensor next = Ops.add(Ops.multiply(m, average.value()), Ops.multiply(Ops.subtract(1, m), owner.value()));
      updates.add(average.assign(gate == null ? next : Ops.where(gate, next, average.value())));
    }
    if (emaOverwriteFrequency == null) {
      return current.group(updates);
    }
    KerasTensor overwrite = Ops.equal(floorMod(Ops.add(counted, 1), emaOverwriteFrequency),
        Ops.scalar(0, DType.INT64));
    KerasTensor when = gate == null ? overwrite : Ops.logicalAnd(gate, overwrite);
    Update overwrites = current.after(updates, () -> current.group(slotOwners.stream()
        .map(owner -> owner.assign(Ops.where(when, averages.get(owner).value(), owner.value()))).toList()));
    updates.add(overwrites);
    return current.group(updates);
  }

  private static KerasTensor floorDiv(KerasTensor count, long n) {
    return Ops.cast(Ops.floor(Ops.divide(Ops.cast(count, DType.FLOAT64), (double) n)), DType.INT64);
  }

  private static KerasTensor floorMod(KerasTensor count, long n) {
    return Ops.subtract(count, Ops.multiply(floorDiv(count, n), n));
  }

  /**
   * Called once per traced step before the variables' updates, for state shared by all of them
   * (Nadam's momentum schedule); {@code step} is the 1-based step number as float.
   */
  protected void beginStep(KerasTensor step) {}

  /** An update that runs after every variable's update of the step (null for none). */
  protected Update finishStep() {
    return null;
  }

  /**
   * Scalars the optimizer keeps besides per-weight slots, by name with their initial values (Nadam's
   * {@code u_product}); saved after the slots, as Keras creates them after.
   */
  protected Map<String, Double> globalVariables() {
    return Map.of();
  }

  /** The dtype of global variable {@code key} (float32 unless a subclass says otherwise). */
  protected DType globalDType(String key) {
    return DType.FLOAT32;
  }

  /** One of {@link #globalVariables()} in the graph being traced. */
  protected Variable globalVariable(String key) {
    Variable variable = globals.get(key);
    if (variable == null) {
      throw new IllegalStateException(name + " has no global variable '" + key + "' in this graph");
    }
    return variable;
  }

  /**
   * Creates the optimizer's counters (iterations, learning rate, global variables) in the model
   * graph being traced, once per graph; returns that graph.
   */
  protected final ModelGraph prepareState() {
    ModelGraph current = Backends.get().currentGraph().orElseThrow(() -> new IllegalStateException(
        "Optimizer '" + name + "' applies gradients only inside a model's train step"));
    if (current != graph) {
      graph = current;
      slots.clear();
      slotOwners.clear();
      averages.clear();
      accumulators.clear();
      backups.clear();
      iterations = current.variable(name.toLowerCase() + "/iterations", Shape.scalar(), DType.INT64,
          () -> Ops.full(Shape.scalar(), finishedIterations, DType.INT64));
      if (schedule == null) {
        learningRateVariable = current.variable(name.toLowerCase() + "/learning_rate", Shape.scalar(), DType.FLOAT32,
            () -> Ops.scalar(learningRate, DType.FLOAT32));
      }
      globals.clear();
      globalVariables().forEach((key, initial) -> globals.put(key, current.variable(name.toLowerCase() + "/" + key,
          Shape.scalar(), globalDType(key), () -> Ops.scalar(finishedGlobals.getOrDefault(key, initial),
              globalDType(key)))));
    }
    return current;
  }

  /**
   * Creates the optimizer's state for {@code variables} in the model graph being traced, as Keras's
   * {@code optimizer.build(variables)}; state that exists already is kept.
   */
  public void build(List<Variable> variables) {
    Backends.get().currentGraph().orElseThrow(() -> new IllegalStateException(
        "Optimizer '" + name + "' builds its state only inside a model's graph"));
    prepareState();
    variables.forEach(this::slotsOf);
  }

  private List<Variable> slotsOf(Variable variable) {
    List<Variable> existing = slots.get(variable);
    if (existing != null) {
      return existing;
    }
    if (useEma) {
      averages.put(variable, zerosLike(variable, "average"));
    }
    if (gradientAccumulationSteps != null) {
      accumulators.put(variable, zerosLike(variable, "gradient_accumulator"));
    }
    List<Variable> created = createSlots(variable);
    slots.put(variable, created);
    slotOwners.add(variable);
    return created;
  }

  private Variable zerosLike(Variable variable, String slot) {
    return graph.variable(variable.name() + "_" + slot, variable.shape(), variable.dtype(),
        () -> Initializers.zeros().apply(variable.shape(), variable.dtype()));
  }

  private List<Variable> createSlots(Variable variable) {
    List<Variable> created = new ArrayList<>();
    for (String slot : slotNames()) {
      double initial = slotInitialValue(slot);
      Shape shape = slotShape(slot, variable);
      DType dtype = slotDType(slot, variable);
      created.add(graph.variable(variable.name() + "_" + slot, shape, dtype,
          () -> initial == 0 ? Initializers.zeros().apply(shape, dtype) : Ops.full(shape, initial, dtype)));
    }
    return created;
  }

  /** The value every element of slot {@code slot} starts at (Adagrad's accumulator: 0.1); 0 by default. */
  protected double slotInitialValue(String slot) {
    return 0;
  }

  /** The shape of slot {@code slot} of {@code variable}: the variable's own by default (Adafactor factors). */
  protected Shape slotShape(String slot, Variable variable) {
    return variable.shape();
  }

  /** The dtype of slot {@code slot} of {@code variable}: the variable's own by default. */
  protected DType slotDType(String slot, Variable variable) {
    return variable.dtype();
  }

  /** Names of the per-weight slots this optimizer keeps, e.g. {@code momentum}, {@code velocity}. */
  protected abstract List<String> slotNames();

  /** The update of one variable; {@code step} is the 1-based step number as float. */
  protected abstract Update update(OptimizerKernels kernels, Variable variable, List<Variable> slots,
      KerasTensor gradient, KerasTensor learningRate, KerasTensor step);

  /**
   * The optimizer's state in Keras's order, as saved: iterations, the learning rate (not with a
   * schedule, as Keras), the moving averages ({@link #useEma(boolean)}) and gradient accumulators of
   * the variables, then each group of {@link #savedSlotGroups()} with the slots of every variable in
   * the order they were built, then the {@link #globalVariables()}.
   */
  public List<Variable> variables() {
    List<Variable> all = new ArrayList<>();
    if (iterations == null) {
      return all;
    }
    all.add(iterations);
    if (learningRateVariable != null) {
      all.add(learningRateVariable);
    }
    slotOwners.stream().map(averages::get).filter(java.util.Objects::nonNull).forEach(all::add);
    slotOwners.stream().map(accumulators::get).filter(java.util.Objects::nonNull).forEach(all::add);
    List<String> names = slotNames();
    for (List<String> group : savedSlotGroups()) {
      for (Variable owner : slotOwners) {
        for (String slot : group) {
          all.add(slots.get(owner).get(names.indexOf(slot)));
        }
      }
    }
    all.addAll(globals.values());
    return all;
  }

  /**
   * The slots as Keras creates them: each group is interleaved over the variables (Adam: momentum
   * and velocity of each variable in turn), groups one after the other. Slots that are scratch space
   * for TensorFlow's kernel rather than state may be left out.
   */
  protected List<List<String>> savedSlotGroups() {
    return List.of(slotNames());
  }

  /** Keras's base optimizer options; subclasses add their hyperparameters. */
  @Override
  public Map<String, Object> getConfig() {
    Map<String, Object> config = new LinkedHashMap<>();
    config.put("name", kerasName(name));
    config.put("learning_rate", schedule != null ? Serialization.serialize(schedule) : learningRate());
    config.put("weight_decay", weightDecay);
    config.put("clipnorm", clipnorm);
    config.put("global_clipnorm", globalClipnorm);
    config.put("clipvalue", clipvalue);
    config.put("use_ema", useEma);
    config.put("ema_momentum", emaMomentum);
    config.put("ema_overwrite_frequency", emaOverwriteFrequency);
    config.put("loss_scale_factor", lossScaleFactor);
    config.put("gradient_accumulation_steps", gradientAccumulationSteps);
    return config;
  }

  /**
   * The name Keras gives an optimizer of this class by default, its class name in snake case
   * ({@code Adam} is {@code adam}, {@code RMSprop} is {@code rm_sprop}), without the counter Keras adds
   * to the second and later instances in one process.
   */
  static String kerasName(String name) {
    String words = name.replaceAll("(.)([A-Z][a-z]+)", "$1_$2");
    return words.replaceAll("([a-z])([A-Z])", "$1_$2").toLowerCase(java.util.Locale.ROOT);
  }

  /** The fixed rate a config holds, or {@code fallback} when it holds a schedule or none. */
  protected static double fixedLearningRate(Config config, double fallback) {
    return config.get("learning_rate") instanceof Number n ? n.doubleValue() : fallback;
  }

  /**
   * Applies the base options of a saved config to {@code optimizer}: a schedule saved as
   * {@code learning_rate}, {@code weight_decay} and the clipping options.
   */
  protected static <T extends Optimizer> T withBaseConfig(T optimizer, Config config) {
    if (config.get("learning_rate") instanceof Map<?, ?>) {
      optimizer.learningRate(Serialization.deserialize(config.get("learning_rate"), LearningRateSchedule.class,
          key -> {
            throw new IllegalArgumentException("Unknown learning-rate schedule '" + key + "'");
          }));
    }
    if (config.has("weight_decay")) {
      optimizer.weightDecay(config.getDouble("weight_decay", 0));
    }
    if (config.has("clipnorm")) {
      optimizer.clipnorm(config.getDouble("clipnorm", 0));
    }
    if (config.has("clipvalue")) {
      optimizer.clipvalue(config.getDouble("clipvalue", 0));
    }
    if (config.has("global_clipnorm")) {
      optimizer.globalClipnorm(config.getDouble("global_clipnorm", 0));
    }
    if (config.getBoolean("use_ema", false)) {
      optimizer.useEma(true);
    }
    if (config.has("ema_momentum")) {
      optimizer.emaMomentum(config.getDouble("ema_momentum", 0.99));
    }
    // As Keras, 0 means none (Python's falsy) for both integer options.
    if (config.getInt("ema_overwrite_frequency", 0) != 0) {
      optimizer.emaOverwriteFrequency(config.getInt("ema_overwrite_frequency", 0));
    }
    if (config.has("loss_scale_factor")) {
      optimizer.lossScaleFactor(config.getDouble("loss_scale_factor", 1));
    }
    if (config.getInt("gradient_accumulation_steps", 0) != 0) {
      optimizer.gradientAccumulationSteps(config.getInt("gradient_accumulation_steps", 0));
    }
    return optimizer;
  }

  /** Updates traced in the current graph, grouped into one (for update rules composed of several assignments). */
  protected static Update group(Update... updates) {
    ModelGraph current = Backends.get().currentGraph().orElseThrow(() -> new IllegalStateException(
        "Optimizer updates are grouped only inside a model's train step"));
    return current.group(List.of(updates));
  }

  protected static KerasTensor constant(double value) {
    return Ops.scalar(value, DType.FLOAT32);
  }

  @Override
  public String toString() {
    return name + "(learning_rate=" + (schedule != null ? schedule : String.valueOf(learningRate())) + ")";
  }
}
