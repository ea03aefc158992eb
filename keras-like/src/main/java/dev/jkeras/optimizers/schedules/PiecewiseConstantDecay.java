package dev.jkeras.optimizers.schedules;

import dev.jkeras.DType;
import dev.jkeras.KerasTensor;
import dev.jkeras.ops.Ops;
import dev.jkeras.saving.Config;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Piecewise constant rates, as Keras's {@code PiecewiseConstantDecay}: {@code values[0]} while
 * {@code step <= boundaries[0]}, {@code values[i]} while {@code boundaries[i-1] < step <= boundaries[i]},
 * and the last value after the last boundary. There is one more value than boundaries.
 */
public class PiecewiseConstantDecay extends LearningRateSchedule {
  private final long[] boundaries;
  private final double[] values;

  public PiecewiseConstantDecay(long[] boundaries, double[] values) {
    super("PiecewiseConstant");
    if (boundaries.length == 0 || boundaries.length != values.length - 1) {
      throw new IllegalArgumentException("PiecewiseConstantDecay: the length of boundaries should be 1 less than "
          + "the length of values (and at least 1). Received: boundaries=" + Arrays.toString(boundaries)
          + " of length " + boundaries.length + ", and values=" + Arrays.toString(values) + " of length "
          + values.length + ".");
    }
    this.boundaries = boundaries.clone();
    this.values = values.clone();
  }

  @Override
  public KerasTensor apply(KerasTensor step) {
    KerasTensor s = Ops.cast(step, DType.INT64);
    int last = boundaries.length - 1;
    KerasTensor rate = Ops.multiply(indicator(Ops.lessEqual(s, boundaries[0])), values[0]);
    rate = Ops.add(rate, Ops.multiply(indicator(Ops.greater(s, boundaries[last])), values[values.length - 1]));
    for (int i = 0; i < last; i++) {
      KerasTensor inRange = Ops.logicalAnd(Ops.greater(s, boundaries[i]), Ops.lessEqual(s, boundaries[i + 1]));
      rate = Ops.add(rate, Ops.multiply(indicator(inRange), values[i + 1]));
    }
    return rate;
  }

  private static KerasTensor indicator(KerasTensor condition) {
    return Ops.cast(condition, DType.FLOAT32);
  }

  /** Boundaries are cast to the step's integer type, as Keras does. */
  public static PiecewiseConstantDecay fromConfig(Config config) {
    PiecewiseConstantDecay schedule = new PiecewiseConstantDecay(
        numbers(config, "boundaries").stream().mapToLong(Number::longValue).toArray(),
        numbers(config, "values").stream().mapToDouble(Number::doubleValue).toArray());
    schedule.name(config.getString("name", "PiecewiseConstant"));
    return schedule;
  }

  private static List<Number> numbers(Config config, String key) {
    if (!(config.get(key) instanceof List<?> list) || !list.stream().allMatch(Number.class::isInstance)) {
      throw new IllegalArgumentException("The saved config of PiecewiseConstantDecay has '" + key + "' = "
          + config.get(key) + ", expected a list of numbers");
    }
    return list.stream().map(Number.class::cast).toList();
  }

  @Override
  public Map<String, Object> getConfig() {
    Map<String, Object> config = new LinkedHashMap<>();
    config.put("boundaries", Arrays.stream(boundaries).boxed().toList());
    config.put("values", Arrays.stream(values).boxed().toList());
    config.put("name", name());
    return config;
  }
}
