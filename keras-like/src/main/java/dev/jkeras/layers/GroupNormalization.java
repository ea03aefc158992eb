package dev.jkeras.layers;

import dev.jkeras.DType;
import dev.jkeras.KerasTensor;
import dev.jkeras.Shape;
import dev.jkeras.backend.Variable;
import dev.jkeras.constraints.Constraint;
import dev.jkeras.initializers.Initializer;
import dev.jkeras.initializers.Initializers;
import dev.jkeras.ops.Ops;
import dev.jkeras.regularizers.Regularizer;
import dev.jkeras.saving.Config;
import java.util.Map;

/**
 * Group normalization, as {@code keras.layers.GroupNormalization}: the channels on {@code axis} (the last by default)
 * are split into {@code groups} groups (default 32; -1 for one group per channel, instance normalization), and each
 * sample is normalized within each group over its channels and all other non-batch axes, then scaled by
 * {@code gamma} and shifted by {@code beta} (per channel). The channels must be a multiple of the groups.
 */
public class GroupNormalization extends Layer {
  private int groups = 32;
  private int axis = -1;
  private double epsilon = 1e-3;
  private boolean center = true;
  private boolean scale = true;
  private final WeightOptions betaOptions = new WeightOptions(this, "beta", Initializers.zeros());
  private final WeightOptions gammaOptions = new WeightOptions(this, "gamma", Initializers.ones());

  private Variable gamma;
  private Variable beta;
  private int builtAxis;

  /** 32 groups. */
  public GroupNormalization() {}

  /** {@code groups} groups: positive, or -1 for one group per channel. */
  public GroupNormalization(int groups) {
    if (groups <= 0 && groups != -1) {
      throw new IllegalArgumentException("Received an invalid value for argument `groups` of a GroupNormalization "
          + "layer, expected a positive integer (or `-1` for instance normalization). Received: groups=" + groups);
    }
    this.groups = groups;
  }

  public int groups() {
    return groups;
  }

  /** The channels axis; default -1. */
  public GroupNormalization axis(int axis) {
    checkNotBuilt("axis");
    this.axis = axis;
    return this;
  }

  public GroupNormalization epsilon(double epsilon) {
    checkNotBuilt("epsilon");
    if (!(epsilon >= 0)) {
      throw new IllegalArgumentException("Layer \"" + name() + "\" (GroupNormalization): epsilon must be >= 0, got "
          + epsilon);
    }
    this.epsilon = epsilon;
    return this;
  }

  public GroupNormalization center(boolean center) {
    checkNotBuilt("center");
    this.center = center;
    return this;
  }

  public GroupNormalization scale(boolean scale) {
    checkNotBuilt("scale");
    this.scale = scale;
    return this;
  }

  public GroupNormalization betaInitializer(Initializer initializer) {
    betaOptions.initializer(initializer);
    return this;
  }

  public GroupNormalization gammaInitializer(Initializer initializer) {
    gammaOptions.initializer(initializer);
    return this;
  }

  public GroupNormalization betaRegularizer(Regularizer regularizer) {
    betaOptions.regularizer(regularizer);
    return this;
  }

  public GroupNormalization gammaRegularizer(Regularizer regularizer) {
    gammaOptions.regularizer(regularizer);
    return this;
  }

  public GroupNormalization betaConstraint(Constraint constraint) {
    betaOptions.constraint(constraint);
    return this;
  }

  public GroupNormalization gammaConstraint(Constraint constraint) {
    gammaOptions.constraint(constraint);
    return this;
  }

  @Override
  public GroupNormalization name(String name) {
    super.name(name);
    return this;
  }

  @Override
  public GroupNormalization inputShape(int... shape) {
    super.inputShape(shape);
    return this;
  }

  /** Passes the input's mask through, as Keras's {@code supports_masking = True}. */
  @Override
  public boolean supportsMasking() {
    return true;
  }

  @Override
  protected void build(Shape inputShape) {
    builtAxis = Axes.canonical(name(), "GroupNormalization", new int[] {axis}, inputShape)[0];
    if (builtAxis == 0) {
      throw new IllegalArgumentException("Layer \"" + name() + "\" (GroupNormalization): axis " + axis + " is the "
          + "batch axis; give the channels axis (e.g. -1)");
    }
    long dim = inputShape.get(builtAxis);
    if (dim == Shape.UNKNOWN) {
      throw new IllegalArgumentException("Axis " + axis + " of the input of layer \"" + name() + "\" "
          + "(GroupNormalization) should have a defined dimension but the layer received an input with shape "
          + inputShape);
    }
    if (groups == -1) {
      groups = Math.toIntExact(dim);
    }
    if (dim < groups) {
      throw new IllegalArgumentException("Layer \"" + name() + "\" (GroupNormalization): the number of groups ("
          + groups + ") cannot be more than the number of channels (" + dim + ") of input shape " + inputShape);
    }
    if (dim % groups != 0) {
      throw new IllegalArgumentException("Layer \"" + name() + "\" (GroupNormalization): the number of channels ("
          + dim + ") must be a multiple of the number of groups (" + groups + "), input shape " + inputShape
          + ". Choose groups dividing " + dim + ".");
    }
    if (scale) {
      gamma = gammaOptions.addWeight("gamma", Shape.of(dim));
    }
    if (center) {
      beta = betaOptions.addWeight("beta", Shape.of(dim));
    }
  }

  @Override
  protected KerasTensor call(KerasTensor inputs, boolean training) {
    KerasTensor x = Ops.cast(inputs, DType.FLOAT32);
    Shape shape = x.shape();
    int rank = shape.rank();
    long channels = shape.get(builtAxis);
    long[] grouped = new long[rank + 1];
    long[] perGroup = new long[rank + 1];
    for (int i = 0, j = 0; i < rank; i++, j++) {
      if (i == builtAxis) {
        grouped[j] = groups;
        perGroup[j] = groups;
        j++;
        grouped[j] = channels / groups;
        perGroup[j] = channels / groups;
      } else {
        grouped[j] = i == 0 || shape.get(i) == Shape.UNKNOWN ? -1 : shape.get(i);
        perGroup[j] = 1;
      }
    }
    KerasTensor reshaped = unknownCount(grouped) > 1
        ? Ops.reshape(x, dynamicGroupedShape(x, builtAxis, groups, channels)) : Ops.reshape(x, grouped);
    int[] reduce = java.util.stream.IntStream.range(1, rank + 1).filter(a -> a != builtAxis).toArray();
    KerasTensor[] moments = Ops.moments(reshaped, reduce, true);
    KerasTensor inverse = Ops.rsqrt(Ops.add(moments[1], epsilon));
    if (scale) {
      inverse = Ops.multiply(inverse, Ops.reshape(gamma.value(), perGroup));
    }
    KerasTensor offset = Ops.multiply(Ops.negative(moments[0]), inverse);
    if (center) {
      offset = Ops.add(offset, Ops.reshape(beta.value(), perGroup));
    }
    KerasTensor normalized = Ops.add(Ops.multiply(reshaped, inverse), offset);
    return Ops.reshape(normalized, Ops.shape(x));
  }

  private static long unknownCount(long[] dims) {
    return java.util.Arrays.stream(dims).filter(d -> d == -1).count();
  }

  /** The grouped shape from the input's run-time shape, for inputs with unknown sizes besides the batch. */
  private static KerasTensor dynamicGroupedShape(KerasTensor x, int axis, int groups, long channels) {
    KerasTensor shape = Ops.cast(Ops.shape(x), DType.INT64);
    int rank = x.rank();
    KerasTensor before = Ops.slice(shape, new int[] {0}, new int[] {axis});
    KerasTensor split = Ops.convertToTensor(org.tensorflow.ndarray.NdArrays.vectorOf((long) groups, channels / groups));
    KerasTensor after = Ops.slice(shape, new int[] {axis + 1}, new int[] {rank - axis - 1});
    return Ops.concatenate(new KerasTensor[] {before, split, after}, 0);
  }

  public static GroupNormalization fromConfig(Config config) {
    GroupNormalization layer = new GroupNormalization(config.getInt("groups", 32))
        .axis(config.getInt("axis", -1))
        .epsilon(config.getDouble("epsilon", 1e-3))
        .center(config.getBoolean("center", true))
        .scale(config.getBoolean("scale", true));
    WeightOptions.readAll(config, layer.betaOptions, layer.gammaOptions);
    return layer;
  }

  @Override
  public Map<String, Object> getConfig() {
    Map<String, Object> config = super.getConfig();
    config.put("groups", groups);
    config.put("axis", axis);
    config.put("epsilon", epsilon);
    config.put("center", center);
    config.put("scale", scale);
    WeightOptions.putInitializers(config, betaOptions, gammaOptions);
    WeightOptions.putRegularizers(config, betaOptions, gammaOptions);
    WeightOptions.putConstraints(config, betaOptions, gammaOptions);
    return config;
  }
}
