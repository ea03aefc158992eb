package dev.jkeras.layers;

import dev.jkeras.KerasTensor;

/** Declares the shape of one input sample, e.g. {@code new InputLayer(28, 28)}; passes inputs through. */
public class InputLayer extends Layer {

  public InputLayer(int... shape) {
    inputShape(shape);
  }

  @Override
  protected KerasTensor call(KerasTensor inputs, boolean training) {
    return inputs;
  }
}
