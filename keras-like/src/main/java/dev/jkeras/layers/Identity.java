package dev.jkeras.layers;

import dev.jkeras.KerasTensor;
import dev.jkeras.saving.Config;

/** Returns its inputs unchanged, with their mask, as {@code keras.layers.Identity}: a placeholder layer. */
public class Identity extends Layer {

  @Override
  public Identity name(String name) {
    super.name(name);
    return this;
  }

  @Override
  public Identity inputShape(int... shape) {
    super.inputShape(shape);
    return this;
  }

  @Override
  public boolean supportsMasking() {
    return true;
  }

  @Override
  protected KerasTensor call(KerasTensor inputs, boolean training) {
    return inputs;
  }

  public static Identity fromConfig(Config config) {
    return new Identity();
  }
}
