package dev.jkeras.layers;

import dev.jkeras.KerasTensor;
import dev.jkeras.Shape;
import dev.jkeras.initializers.Initializers;
import dev.jkeras.ops.Ops;
import dev.jkeras.saving.Config;
import java.util.List;
import java.util.Map;

/**
 * Additive (Bahdanau-style) attention, as Keras's {@code AdditiveAttention}: as {@link Attention}
 * with the scores {@code sum(scale * tanh(query + key))}, {@code scale} a learned vector of the
 * feature size ({@code useScale}, true by default).
 */
public class AdditiveAttention extends Attention {

  public AdditiveAttention() {
    useScale(true);
  }

  @Override
  public AdditiveAttention scoreMode(String mode) {
    throw new UnsupportedOperationException("AdditiveAttention has no score_mode; use Attention().scoreMode(\""
        + mode + "\")");
  }

  @Override
  protected void build(List<Shape> inputShapes) {
    if (inputShapes.size() < 2 || inputShapes.size() > 3) {
      super.build(inputShapes);
    }
    long dim = inputShapes.get(0).get(-1);
    if (dim == Shape.UNKNOWN) {
      throw new IllegalArgumentException("Layer \"" + name() + "\" (AdditiveAttention) needs the query's last "
          + "dimension known, got shape " + inputShapes.get(0));
    }
    if (useScale()) {
      scale = addWeight("scale", Shape.of(dim), Initializers.get("glorot_uniform"), true);
    }
  }

  @Override
  protected KerasTensor scores(KerasTensor query, KerasTensor key) {
    KerasTensor t = Ops.tanh(Ops.add(Ops.expandDims(query, -2), Ops.expandDims(key, -3)));
    return Ops.sum(scale != null ? Ops.multiply(scale.value(), t) : t, -1);
  }

  @Override
  public Map<String, Object> getConfig() {
    Map<String, Object> config = super.getConfig();
    config.remove("score_mode");
    return config;
  }

  public static AdditiveAttention fromConfig(Config config) {
    return readConfig(new AdditiveAttention(), config);
  }
}
