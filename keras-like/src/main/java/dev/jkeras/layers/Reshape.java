package dev.jkeras.layers;

import dev.jkeras.KerasTensor;
import dev.jkeras.Shape;
import dev.jkeras.ops.Ops;
import dev.jkeras.saving.Config;
import java.util.Arrays;
import java.util.Map;

/** Reshapes each sample to {@code targetShape} (one dimension may be -1, inferred). */
public class Reshape extends Layer {
  private final long[] targetShape;

  public Reshape(int... targetShape) {
    if (Arrays.stream(targetShape).filter(d -> d == -1).count() > 1
        || Arrays.stream(targetShape).anyMatch(d -> d == 0 || d < -1)) {
      throw new IllegalArgumentException("Reshape target " + Arrays.toString(targetShape)
          + " must hold positive sizes and at most one -1");
    }
    this.targetShape = Arrays.stream(targetShape).asLongStream().toArray();
  }

  @Override
  protected KerasTensor call(KerasTensor inputs, boolean training) {
    Shape sample = inputs.shape().dropFirst();
    long[] target = targetShape.clone();
    long known = Arrays.stream(target).filter(d -> d != -1).reduce(1, Math::multiplyExact);
    if (!sample.isFullyDefined()) {
      throw new IllegalArgumentException("Layer \"" + name() + "\" (Reshape) needs known sample dimensions, got "
          + inputs.shape());
    }
    long size = sample.size();
    for (int i = 0; i < target.length; i++) {
      if (target[i] == -1) {
        target[i] = size / known;
      }
    }
    if (Arrays.stream(target).reduce(1, Math::multiplyExact) != size) {
      throw new IllegalArgumentException("Layer \"" + name() + "\" (Reshape) cannot reshape samples of shape "
          + sample + " (" + size + " values) to " + Arrays.toString(targetShape));
    }
    long[] full = new long[target.length + 1];
    full[0] = -1;
    System.arraycopy(target, 0, full, 1, target.length);
    return Ops.reshape(inputs, full);
  }

  public static Reshape fromConfig(Config config) {
    return new Reshape(config.getIntArray("target_shape"));
  }

  @Override
  public Map<String, Object> getConfig() {
    Map<String, Object> config = super.getConfig();
    config.put("target_shape", java.util.Arrays.stream(targetShape).boxed().toList());
    return config;
  }
}
