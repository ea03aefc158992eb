package dev.jkeras.metrics;

import dev.jkeras.DType;
import dev.jkeras.KerasTensor;
import dev.jkeras.Shape;
import dev.jkeras.backend.ModelGraph;
import dev.jkeras.backend.StepState;
import dev.jkeras.backend.Update;
import dev.jkeras.backend.Variable;
import org.tensorflow.ndarray.NdArray;

/**
 * A metric's state variable whose assignments join the step being traced ({@link StepState}), if any;
 * inside {@link #readingAs}, its value is the one given instead (its state summed over the workers).
 */
final class StepRecordedVariable implements Variable {
  private static final ThreadLocal<java.util.Map<Variable, KerasTensor>> READ_AS = new ThreadLocal<>();
  private final Variable variable;

  StepRecordedVariable(Variable variable) {
    this.variable = variable;
  }

  @Override
  public String name() {
    return variable.name();
  }

  @Override
  public Shape shape() {
    return variable.shape();
  }

  @Override
  public DType dtype() {
    return variable.dtype();
  }

  @Override
  public KerasTensor value() {
    java.util.Map<Variable, KerasTensor> readAs = READ_AS.get();
    KerasTensor given = readAs == null ? null : readAs.get(this);
    return given != null ? given : variable.value();
  }

  /** Runs {@code body} with each of {@code variables} reading as the tensor of {@code values} at its index. */
  static <T> T readingAs(java.util.List<Variable> variables, java.util.List<KerasTensor> values,
      java.util.function.Supplier<T> body) {
    java.util.Map<Variable, KerasTensor> previous = READ_AS.get();
    java.util.Map<Variable, KerasTensor> readAs = previous == null ? new java.util.IdentityHashMap<>()
        : new java.util.IdentityHashMap<>(previous);
    for (int i = 0; i < variables.size(); i++) {
      readAs.put(variables.get(i), values.get(i));
    }
    READ_AS.set(readAs);
    try {
      return body.get();
    } finally {
      READ_AS.set(previous);
    }
  }

  @Override
  public Update assign(KerasTensor value) {
    return StepState.record(variable.assign(value));
  }

  @Override
  public Update assignAdd(KerasTensor delta) {
    return StepState.record(variable.assignAdd(delta));
  }

  @Override
  public NdArray<?> read() {
    return variable.read();
  }

  @Override
  public void write(NdArray<?> value) {
    variable.write(value);
  }

  @Override
  public Variable in(ModelGraph graph) {
    return variable.in(graph);
  }

  @Override
  public String toString() {
    return variable.toString();
  }
}
