package dev.jkeras.regularizers;

import dev.jkeras.KerasTensor;
import dev.jkeras.ops.Ops;
import dev.jkeras.saving.Config;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * {@code l1 * sum(|w|) + l2 * sum(w^2)}, Keras's L1, L2 and L1L2 regularizers: {@link Regularizers#l1}
 * and {@link Regularizers#l2} make the one-factor kinds, which save as Keras's {@code L1} / {@code L2}
 * (config holding only their factor), as {@code "l1"} and {@code "l2"} do in Keras.
 */
public final class L1L2 implements Regularizer {
  private final double l1;
  private final double l2;
  private final String kerasClass;

  public L1L2(double l1, double l2) {
    this(l1, l2, "L1L2");
  }

  /** Keras's {@code L1(l1)}. */
  static L1L2 l1Only(double l1) {
    return new L1L2(l1, 0, "L1");
  }

  /** Keras's {@code L2(l2)}. */
  static L1L2 l2Only(double l2) {
    return new L1L2(0, l2, "L2");
  }

  private L1L2(double l1, double l2, String kerasClass) {
    this.kerasClass = kerasClass;
    if (l1 < 0 || l2 < 0) {
      throw new IllegalArgumentException("Regularization factors must be >= 0, got l1=" + l1 + ", l2=" + l2);
    }
    this.l1 = l1;
    this.l2 = l2;
  }

  public double l1() {
    return l1;
  }

  public double l2() {
    return l2;
  }

  /** Also reads Keras's {@code L1} and {@code L2} configs, which hold one of the two factors. */
  public static L1L2 fromConfig(Config config) {
    if (!config.has("l2")) {
      return l1Only(config.getDouble("l1", 0));
    }
    if (!config.has("l1")) {
      return l2Only(config.getDouble("l2", 0));
    }
    return new L1L2(config.getDouble("l1", 0), config.getDouble("l2", 0));
  }

  @Override
  public String kerasClassName() {
    return kerasClass;
  }

  @Override
  public Map<String, Object> getConfig() {
    Map<String, Object> config = new LinkedHashMap<>();
    if (!kerasClass.equals("L2")) {
      config.put("l1", l1);
    }
    if (!kerasClass.equals("L1")) {
      config.put("l2", l2);
    }
    return config;
  }

  @Override
  public KerasTensor apply(KerasTensor weight) {
    KerasTensor penalty = null;
    if (l1 > 0) {
      penalty = Ops.multiply(Ops.sum(Ops.abs(weight)), l1);
    }
    if (l2 > 0) {
      KerasTensor squares = Ops.multiply(Ops.sum(Ops.square(weight)), l2);
      penalty = penalty == null ? squares : Ops.add(penalty, squares);
    }
    return penalty == null ? Ops.scalar(0, weight.dtype()) : penalty;
  }

  @Override
  public String toString() {
    return kerasClass.equals("L1") ? "L1(l1=" + l1 + ")" : kerasClass.equals("L2") ? "L2(l2=" + l2 + ")"
        : "L1L2(l1=" + l1 + ", l2=" + l2 + ")";
  }
}
