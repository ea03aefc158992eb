package dev.jkeras.optimizers;

import dev.jkeras.DType;
import dev.jkeras.KerasTensor;
import dev.jkeras.Shape;
import dev.jkeras.backend.Backends;
import dev.jkeras.backend.ModelGraph;
import dev.jkeras.backend.OptimizerKernels;
import dev.jkeras.backend.Update;
import dev.jkeras.backend.Variable;
import dev.jkeras.initializers.Initializers;
import dev.jkeras.ops.Ops;
import dev.jkeras.saving.KerasSerializable;
import java.util.ArrayList;
import java.util.IdentityHashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.tensorflow.ndarray.NdArrays;

/**
 * The base of optimizers: keeps the iteration count and learning rate as graph variables, creates
 * per-weight slot variables, and applies gradients with TensorFlow's fused kernels.
 */
public abstract class Optimizer implements KerasSerializable {
  private final String name;
  private double learningRate;

  private ModelGraph graph;
  private Variable iterations;
  private long finishedIterations;
  private Variable learningRateVariable;
  private final Map<Variable, List<Variable>> slots = new IdentityHashMap<>();
  private final List<Variable> slotOwners = new ArrayList<>();

  protected Optimizer(String name, double learningRate) {
    this.name = name;
    learningRate(learningRate);
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
    return learningRateVariable == null ? learningRate : ((Number) learningRateVariable.read().getObject()).doubleValue();
  }

  /**
   * Sets the learning rate, as Keras's {@code optimizer.learning_rate = value}: writes the graph
   * variable, so it takes effect at the next step, also in the middle of {@code fit} (from a
   * callback such as {@link dev.jkeras.callbacks.LearningRateScheduler}). Zero is allowed (warm-up
   * schedules start there).
   */
  public Optimizer learningRate(double learningRate) {
    if (!(learningRate >= 0) || Double.isInfinite(learningRate)) {
      throw new IllegalArgumentException(name + " learning rate must be a finite number >= 0, got " + learningRate);
    }
    this.learningRate = learningRate;
    if (learningRateVariable != null) {
      learningRateVariable.write(NdArrays.scalarOf((float) learningRate));
    }
    return this;
  }

  /** The number of steps applied so far. */
  public long iterations() {
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
    finishedIterations = iterations();
    learningRate = learningRate();
    graph = null;
    iterations = null;
    learningRateVariable = null;
    slots.clear();
    slotOwners.clear();
  }

  /** The updates that apply {@code gradients} to {@code variables}, then count the step. */
  public Update applyGradients(List<KerasTensor> gradients, List<Variable> variables) {
    ModelGraph current = Backends.get().currentGraph().orElseThrow(() -> new IllegalStateException(
        "Optimizer '" + name + "' applies gradients only inside a model's train step"));
    ensureState(current);
    OptimizerKernels kernels = current.optimizerKernels();
    KerasTensor lr = learningRateVariable.value();
    KerasTensor step = Ops.cast(Ops.add(iterations.value(), 1), DType.FLOAT32);
    List<Update> updates = new ArrayList<>();
    for (int i = 0; i < variables.size(); i++) {
      KerasTensor gradient = gradients.get(i);
      if (gradient != null) {
        Variable variable = variables.get(i);
        List<Variable> variableSlots = slotsOf(variable);
        updates.add(update(kernels, variable, variableSlots, gradient, lr, step));
      }
    }
    Update count = current.after(updates, () -> iterations.assignAdd(Ops.scalar(1, DType.INT64)));
    updates.add(count);
    return current.group(updates);
  }

  private void ensureState(ModelGraph current) {
    if (current != graph) {
      graph = current;
      slots.clear();
      slotOwners.clear();
      iterations = current.variable(name.toLowerCase() + "/iterations", Shape.scalar(), DType.INT64,
          () -> Ops.full(Shape.scalar(), finishedIterations, DType.INT64));
      learningRateVariable = current.variable(name.toLowerCase() + "/learning_rate", Shape.scalar(), DType.FLOAT32,
          () -> Ops.scalar(learningRate, DType.FLOAT32));
    }
  }

  /**
   * Creates the optimizer's state for {@code variables} in the model graph being traced, as Keras's
   * {@code optimizer.build(variables)}; state that exists already is kept.
   */
  public void build(List<Variable> variables) {
    ModelGraph current = Backends.get().currentGraph().orElseThrow(() -> new IllegalStateException(
        "Optimizer '" + name + "' builds its state only inside a model's graph"));
    ensureState(current);
    variables.forEach(this::slotsOf);
  }

  private List<Variable> slotsOf(Variable variable) {
    List<Variable> existing = slots.get(variable);
    if (existing != null) {
      return existing;
    }
    List<Variable> created = createSlots(variable);
    slots.put(variable, created);
    slotOwners.add(variable);
    return created;
  }

  private List<Variable> createSlots(Variable variable) {
    List<Variable> created = new ArrayList<>();
    for (String slot : slotNames()) {
      created.add(graph.variable(variable.name() + "_" + slot, variable.shape(), variable.dtype(),
          () -> Initializers.zeros().apply(variable.shape(), variable.dtype())));
    }
    return created;
  }

  /** Names of the per-weight slots this optimizer keeps, e.g. {@code momentum}, {@code velocity}. */
  protected abstract List<String> slotNames();

  /** The update of one variable; {@code step} is the 1-based step number as float. */
  protected abstract Update update(OptimizerKernels kernels, Variable variable, List<Variable> slots,
      KerasTensor gradient, KerasTensor learningRate, KerasTensor step);

  /**
   * The optimizer's state in Keras's order, as saved: iterations, learning rate, then each group of
   * {@link #savedSlotGroups()} with the slots of every variable in the order they were built.
   */
  public List<Variable> variables() {
    List<Variable> all = new ArrayList<>();
    if (iterations == null) {
      return all;
    }
    all.add(iterations);
    all.add(learningRateVariable);
    List<String> names = slotNames();
    for (List<String> group : savedSlotGroups()) {
      for (Variable owner : slotOwners) {
        for (String slot : group) {
          all.add(slots.get(owner).get(names.indexOf(slot)));
        }
      }
    }
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
    config.put("name", name);
    config.put("learning_rate", learningRate());
    config.put("weight_decay", null);
    config.put("clipnorm", null);
    config.put("global_clipnorm", null);
    config.put("clipvalue", null);
    config.put("use_ema", false);
    config.put("ema_momentum", 0.99);
    config.put("ema_overwrite_frequency", null);
    config.put("loss_scale_factor", null);
    config.put("gradient_accumulation_steps", null);
    return config;
  }

  protected static KerasTensor constant(double value) {
    return Ops.scalar(value, DType.FLOAT32);
  }

  @Override
  public String toString() {
    return name + "(learning_rate=" + learningRate() + ")";
  }
}
