package dev.jkeras.samples;

import dev.jkeras.KerasTensor;
import dev.jkeras.layers.Dense;
import dev.jkeras.layers.Layers;
import dev.jkeras.models.Model;
import java.util.List;

/**
 * Seed 002's subclassed Wide & Deep model: inputs {@code [wide, deep]}; the deep input goes
 * through two hidden layers, whose output is concatenated with the wide input for the main
 * output and feeds the auxiliary output directly.
 */
public class WideAndDeepModel extends Model {
  private final Dense hidden1;
  private final Dense hidden2;
  private final Dense mainOutput;
  private final Dense auxOutput;

  /** {@code WideAndDeepModel(units=30, activation="relu")}. */
  public WideAndDeepModel() {
    this(30, "relu");
  }

  public WideAndDeepModel(int units, String activation) {
    hidden1 = new Dense(units, activation);
    hidden2 = new Dense(units, activation);
    mainOutput = new Dense(1);
    auxOutput = new Dense(1);
  }

  @Override
  protected List<KerasTensor> call(List<KerasTensor> inputs, boolean training) {
    if (inputs.size() != 2) {
      throw new IllegalArgumentException("WideAndDeepModel expects 2 inputs [wide, deep], got " + inputs.size());
    }
    KerasTensor inputA = inputs.get(0);
    KerasTensor inputB = inputs.get(1);
    KerasTensor hidden = hidden2.apply(hidden1.apply(inputB));
    KerasTensor concat = Layers.concatenate(inputA, hidden);
    return List.of(mainOutput.apply(concat), auxOutput.apply(hidden));
  }
}
