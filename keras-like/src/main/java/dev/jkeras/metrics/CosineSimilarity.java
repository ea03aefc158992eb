package dev.jkeras.metrics;

import dev.jkeras.ops.Ops;
import dev.jkeras.saving.Config;

/**
 * Keras's {@code CosineSimilarity} metric: the mean cosine similarity of targets and predictions along
 * {@code axis} (1 for the same direction; the loss of that name is its negation). Keras's config leaves the
 * axis out, so a saved metric comes back with the last axis.
 */
public class CosineSimilarity extends LossMetric {
  public CosineSimilarity() {
    this("cosine_similarity");
  }

  public CosineSimilarity(String name) {
    this(name, -1);
  }

  /** The metric along {@code axis}, Keras's {@code axis=}. */
  public CosineSimilarity(String name, int axis) {
    super(name, new dev.jkeras.losses.CosineSimilarity().axis(axis), Ops::negative);
  }

  public static CosineSimilarity fromConfig(Config config) {
    return new CosineSimilarity(config.getString("name", "cosine_similarity"), config.getInt("axis", -1));
  }
}
