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
import java.util.ArrayList;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import org.tensorflow.ndarray.NdArrays;

/**
 * The base of optimizers: keeps the iteration count and learning rate as graph variables, creates
 * per-weight slot variables, and applies gradients with TensorFlow's fused kernels.
 */
public abstract class Optimizer {
  private final String name;
  private double learningRate;

  private ModelGraph graph;
  private Variable iterations;
  private long finishedIterations;
  private Variable learningRateVariable;
  private final Map<Variable, List<Variable>> slots = new IdentityHashMap<>();

  protected Optimizer(String name, double learningRate) {
    this.name = name;
    learningRate(learningRate);
  }

  public String name() {
    return name;
  }

  /** The learning rate. */
  public double learningRate() {
    return learningRateVariable == null ? learningRate : ((Number) learningRateVariable.read().getObject()).doubleValue();
  }

  /** Sets the learning rate; takes effect at the next step, also while training. */
  public Optimizer learningRate(double learningRate) {
    if (!(learningRate > 0) || Double.isInfinite(learningRate)) {
      throw new IllegalArgumentException(name + " learning rate must be a positive number, got " + learningRate);
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
        List<Variable> variableSlots = slots.computeIfAbsent(variable, this::createSlots);
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
      iterations = current.variable(name.toLowerCase() + "/iterations", Shape.scalar(), DType.INT64,
          () -> Ops.full(Shape.scalar(), finishedIterations, DType.INT64));
      learningRateVariable = current.variable(name.toLowerCase() + "/learning_rate", Shape.scalar(), DType.FLOAT32,
          () -> Ops.scalar(learningRate, DType.FLOAT32));
    }
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

  /** The state variables (iterations, learning rate, slots) in the current graph. */
  public List<Variable> variables() {
    List<Variable> all = new ArrayList<>();
    if (iterations != null) {
      all.add(iterations);
      all.add(learningRateVariable);
    }
    slots.values().forEach(all::addAll);
    return all;
  }

  protected static KerasTensor constant(double value) {
    return Ops.scalar(value, DType.FLOAT32);
  }

  @Override
  public String toString() {
    return name + "(learning_rate=" + learningRate + ")";
  }
}
