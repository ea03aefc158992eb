package dev.jkeras.utils;

import java.util.Map;

/**
 * What one update of a {@link Progbar} shows.
 *
 * @param current the steps done
 * @param target the number of steps, or a negative number when unknown
 * @param width the bar's width in characters
 * @param last whether this is the final update
 * @param elapsedSeconds the time since the bar started
 * @param secondsPerStep the estimated time per step
 * @param values the metric values, in display order
 */
record ProgbarState(int current, int target, int width, boolean last, double elapsedSeconds,
    double secondsPerStep, Map<String, Double> values) {

  boolean hasTarget() {
    return target > 0;
  }

  /** {@code current/target}, the counter right-aligned to the target's digits. */
  String counter() {
    String total = Integer.toString(target);
    return " ".repeat(Math.max(0, total.length() - Integer.toString(current).length())) + current + "/" + total;
  }

  /** The filled part of the bar, {@code width * current / target} rounded down, within the bar. */
  int filled() {
    return Math.max(0, Math.min(width, (int) (width * ((double) current / target))));
  }

  /** The estimated time to the target. */
  double etaSeconds() {
    return secondsPerStep * (target - current);
  }
}
