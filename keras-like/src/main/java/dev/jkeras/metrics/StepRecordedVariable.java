package dev.jkeras.metrics;

import dev.jkeras.DType;
import dev.jkeras.KerasTensor;
import dev.jkeras.Shape;
import dev.jkeras.backend.ModelGraph;
import dev.jkeras.backend.StepState;
import dev.jkeras.backend.Update;
import dev.jkeras.backend.Variable;
import org.tensorflow.ndarray.NdArray;

/** A metric's state variable whose assignments join the step being traced ({@link StepState}), if any. */
final class StepRecordedVariable implements Variable {
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
    return variable.value();
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
