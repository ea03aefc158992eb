package dev.jkeras.optimizers.schedules;

import dev.jkeras.KerasTensor;
import dev.jkeras.ops.Ops;
import dev.jkeras.saving.Config;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * 1cycle scheduling (Smith, 2018; <i>Hands-On ML</i> ch. 11), which Keras does not ship: over
 * {@code totalSteps} the rate rises linearly from {@code startLearningRate} (default
 * {@code maxLearningRate / 10}) to {@code maxLearningRate} during the first half of the cycle, falls
 * linearly back to the start rate during the second half, then falls linearly to
 * {@code lastLearningRate} (default {@code startLearningRate / 1000}) over the last
 * {@code lastSteps} steps (default {@code totalSteps / 10 + 1}); after {@code totalSteps} it stays
 * there. Set {@code totalSteps} to {@code epochs * ceil(samples / batchSize)}.
 *
 * <p>It is saved as class {@code OneCycle} in module {@code keras.optimizers.schedules}, which only
 * jkeras can load.
 */
public class OneCycle extends LearningRateSchedule {
  private final long totalSteps;
  private final double maxLearningRate;
  private Double startLearningRate;
  private Double lastLearningRate;
  private long lastSteps;

  public OneCycle(long totalSteps, double maxLearningRate) {
    super("OneCycle");
    if (totalSteps < 2) {
      throw new IllegalArgumentException("OneCycle: total_steps must be >= 2, got " + totalSteps);
    }
    this.totalSteps = totalSteps;
    this.maxLearningRate = maxLearningRate;
    this.lastSteps = totalSteps / 10 + 1;
  }

  /** The rate the cycle starts and its first phase ends at (default max / 10). */
  public OneCycle startLearningRate(double startLearningRate) {
    this.startLearningRate = startLearningRate;
    return this;
  }

  /** The rate reached at the end (default start / 1000). */
  public OneCycle lastLearningRate(double lastLearningRate) {
    this.lastLearningRate = lastLearningRate;
    return this;
  }

  /** The length of the final annealing phase (default totalSteps / 10 + 1). */
  public OneCycle lastSteps(long lastSteps) {
    if (lastSteps < 0 || lastSteps > totalSteps - 2) {
      throw new IllegalArgumentException("OneCycle: last_steps must be in [0, total_steps - 2] = [0, "
          + (totalSteps - 2) + "], got " + lastSteps);
    }
    this.lastSteps = lastSteps;
    return this;
  }

  /** The rate the cycle starts at. */
  public double startLearningRate() {
    return startLearningRate != null ? startLearningRate : maxLearningRate / 10;
  }

  /** The rate the cycle ends at. */
  public double lastLearningRate() {
    return lastLearningRate != null ? lastLearningRate : startLearningRate() / 1000;
  }

  /** The step where the rate peaks: half of the steps before the final phase. */
  public long halfCycle() {
    return Math.max(1, (totalSteps - lastSteps) / 2);
  }

  /** Linear from {@code (x1, y1)} to {@code (x2, y2)} at {@code s}, exact at both ends. */
  private static KerasTensor line(KerasTensor s, double x1, double x2, double y1, double y2) {
    KerasTensor along = Ops.divide(Ops.subtract(s, x1), x2 - x1);
    return Ops.add(Ops.multiply(Ops.subtract(1, along), y1), Ops.multiply(along, y2));
  }

  @Override
  public KerasTensor apply(KerasTensor step) {
    double half = halfCycle();
    KerasTensor s = Ops.minimum(floatStep(step), totalSteps);
    double start = startLearningRate();
    KerasTensor rising = line(s, 0, half, start, maxLearningRate);
    KerasTensor falling = line(s, half, 2 * half, maxLearningRate, start);
    KerasTensor annealing = 2 * half >= totalSteps ? constant(lastLearningRate())
        : line(s, 2 * half, totalSteps, start, lastLearningRate());
    return Ops.where(Ops.less(s, half), rising, Ops.where(Ops.less(s, 2 * half), falling, annealing));
  }

  public static OneCycle fromConfig(Config config) {
    OneCycle schedule = new OneCycle(config.getLong("total_steps", 0), config.getDouble("max_learning_rate", 0));
    schedule.startLearningRate(config.getDouble("start_learning_rate", schedule.startLearningRate()));
    schedule.lastLearningRate(config.getDouble("last_learning_rate", schedule.lastLearningRate()));
    schedule.lastSteps(config.getLong("last_steps", schedule.lastSteps));
    schedule.name(config.getString("name", "OneCycle"));
    return schedule;
  }

  @Override
  public Map<String, Object> getConfig() {
    Map<String, Object> config = new LinkedHashMap<>();
    config.put("total_steps", totalSteps);
    config.put("max_learning_rate", maxLearningRate);
    config.put("start_learning_rate", startLearningRate());
    config.put("last_learning_rate", lastLearningRate());
    config.put("last_steps", lastSteps);
    config.put("name", name());
    return config;
  }
}
