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
 * Parametric ReLU: {@code x} for {@code x >= 0}, else {@code alpha * x} with a learned {@code alpha}
 * per input position (zeros at first), shared along {@code sharedAxes} (e.g. the spatial axes
 * {@code 1, 2} of images, for one alpha per channel).
 */
public class PReLU extends Layer {
  private final WeightOptions alphaOptions = new WeightOptions(this, "alpha", Initializers.zeros());
  private int[] sharedAxes;

  private Variable alpha;

  public PReLU() {}

  public PReLU alphaInitializer(String name) {
    return alphaInitializer(Initializers.get(name));
  }

  public PReLU alphaInitializer(Initializer initializer) {
    alphaOptions.initializer(initializer);
    return this;
  }

  public PReLU alphaRegularizer(Regularizer regularizer) {
    alphaOptions.regularizer(regularizer);
    return this;
  }

  public PReLU alphaConstraint(Constraint constraint) {
    alphaOptions.constraint(constraint);
    return this;
  }

  /** Axes (1-based, after the batch axis) along which one alpha is shared. */
  public PReLU sharedAxes(int... axes) {
    checkNotBuilt("sharedAxes");
    this.sharedAxes = axes == null || axes.length == 0 ? null : axes.clone();
    return this;
  }

  @Override
  public PReLU name(String name) {
    super.name(name);
    return this;
  }

  @Override
  public PReLU inputShape(int... shape) {
    super.inputShape(shape);
    return this;
  }

  @Override
  protected void build(Shape inputShape) {
    int rank = inputShape.rank();
    long[] paramShape = new long[rank - 1];
    for (int i = 1; i < rank; i++) {
      paramShape[i - 1] = inputShape.get(i);
    }
    if (sharedAxes != null) {
      for (int axis : sharedAxes) {
        if (axis < 1 || axis >= rank) {
          throw new IllegalArgumentException("Layer \"" + name() + "\" (PReLU): shared axis " + axis
              + " must be between 1 and " + (rank - 1) + " for input shape " + inputShape);
        }
        paramShape[axis - 1] = 1;
      }
    }
    for (long dim : paramShape) {
      if (dim == Shape.UNKNOWN) {
        throw new IllegalArgumentException("Layer \"" + name() + "\" (PReLU) needs known dimensions where alpha is "
            + "not shared, got input shape " + inputShape + "; share the unknown axes with sharedAxes(...)");
      }
    }
    alpha = alphaOptions.addWeight("alpha", Shape.of(paramShape));
  }

  /** Passes the input's mask through, as Keras's {@code supports_masking = True}. */
  @Override
  public boolean supportsMasking() {
    return true;
  }

  @Override
  protected KerasTensor call(KerasTensor inputs, boolean training) {
    KerasTensor x = Ops.cast(inputs, DType.FLOAT32);
    KerasTensor negativePart = Ops.multiply(Ops.negative(alpha.value()), Ops.relu(Ops.negative(x)));
    return Ops.add(Ops.relu(x), negativePart);
  }

  public static PReLU fromConfig(Config config) {
    PReLU layer = new PReLU();
    layer.alphaOptions.readFrom(config);
    Object shared = config.get("shared_axes");
    if (shared instanceof Number n) {
      layer.sharedAxes(config.getInt("shared_axes", n.intValue()));
    } else if (shared != null) {
      layer.sharedAxes(config.getIntArray("shared_axes"));
    }
    return layer;
  }

  @Override
  public Map<String, Object> getConfig() {
    Map<String, Object> config = super.getConfig();
    WeightOptions.putInitializers(config, alphaOptions);
    WeightOptions.putRegularizers(config, alphaOptions);
    WeightOptions.putConstraints(config, alphaOptions);
    config.put("shared_axes", sharedAxes == null ? null : Axes.list(sharedAxes));
    return config;
  }
}
