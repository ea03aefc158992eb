package dev.jkeras.losses;

import dev.jkeras.KerasTensor;
import dev.jkeras.ops.Ops;
import dev.jkeras.saving.Config;
import java.util.Map;

/**
 * The negated cosine similarity of targets and predictions along {@code axis} (default the last): -1
 * for vectors pointing the same way, 0 for orthogonal ones. Zero vectors count as orthogonal to all.
 */
public class CosineSimilarity extends Loss {
  private int axis = -1;

  public CosineSimilarity() {
    this("cosine_similarity");
  }

  /** Logged and saved as {@code name}, as Keras's {@code name=} argument. */
  public CosineSimilarity(String name) {
    super(name);
  }

  /** The axis the similarity is computed along, Keras's {@code axis=} (default -1). */
  public CosineSimilarity axis(int axis) {
    this.axis = axis;
    return this;
  }

  public int axis() {
    return axis;
  }

  public static CosineSimilarity fromConfig(Config config) {
    return withSavedReduction(config, new CosineSimilarity(nameFrom(config, "cosine_similarity"))
        .axis(config.getInt("axis", -1)));
  }

  /**
   * Keras's config is its name and reduction only (its {@code get_config} drops {@code axis}); an axis other
   * than -1 is added, which Keras's {@code from_config} reads.
   */
  @Override
  public Map<String, Object> getConfig() {
    Map<String, Object> config = super.getConfig();
    if (axis != -1) {
      config.put("axis", axis);
    }
    return config;
  }

  @Override
  public TargetRule targetRule() {
    return TargetRule.BROADCAST;
  }

  @Override
  public KerasTensor call(KerasTensor yTrue, KerasTensor yPred) {
    KerasTensor target = matchTargets(yTrue, yPred);
    int along = yPred.shape().normalizeAxis(axis);
    return Ops.negative(Ops.sum(Ops.multiply(l2Normalize(target, along), l2Normalize(yPred, along)), along));
  }

  /** {@code x / ||x||} along {@code axis}; a zero vector stays zero. */
  static KerasTensor l2Normalize(KerasTensor x, int axis) {
    KerasTensor squares = Ops.sum(Ops.square(x), new int[] {axis}, true);
    return Ops.multiply(x, Ops.rsqrt(Ops.maximum(squares, 1e-12)));
  }
}
