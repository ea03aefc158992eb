package dev.jkeras.layers;

import dev.jkeras.KerasTensor;
import dev.jkeras.Shape;
import dev.jkeras.ops.Ops;
import dev.jkeras.saving.Config;
import java.util.List;
import java.util.Map;

/**
 * The dot product of two inputs along one axis of each, sample by sample, as {@code keras.layers.Dot}: for inputs
 * {@code (batch, 3, 5)} and {@code (batch, 10, 3)} with {@code axes=(1, 2)}, an output {@code (batch, 5, 10)} (the
 * first input's other axes, then the second's); a rank-1 result becomes {@code (batch, 1)}. With
 * {@code normalize(true)} both inputs are L2-normalized along their axis first (the cosine proximity). The batch axis
 * cannot be an axis of the product.
 */
public class Dot extends Merge {
  private final int[] axes;
  private final boolean axesIsPair;
  private boolean normalize;

  /** The same axis of both inputs (negative counts from the end). */
  public Dot(int axes) {
    this.axes = new int[] {axes, axes};
    this.axesIsPair = false;
  }

  /** Axis {@code axis1} of the first input against axis {@code axis2} of the second. */
  public Dot(int axis1, int axis2) {
    this.axes = new int[] {axis1, axis2};
    this.axesIsPair = true;
  }

  /** L2-normalizes the inputs along the product axes first; default false. */
  public Dot normalize(boolean normalize) {
    checkNotBuilt("normalize");
    this.normalize = normalize;
    return this;
  }

  public boolean normalize() {
    return normalize;
  }

  /** The two axes, as given (maybe negative). */
  public int[] axes() {
    return axes.clone();
  }

  @Override
  public Dot name(String name) {
    super.name(name);
    return this;
  }

  /** Keras's {@code supports_masking = True} with {@code compute_mask} returning None: the output has no mask. */
  @Override
  public boolean supportsMasking() {
    return true;
  }

  @Override
  public KerasTensor computeMask(List<KerasTensor> inputs, List<KerasTensor> masks) {
    return null;
  }

  @Override
  protected void build(List<Shape> inputShapes) {
    if (inputShapes.size() != 2) {
      throw new IllegalArgumentException("A `Dot` layer should be called on a list of 2 inputs, layer \"" + name()
          + "\" got " + inputShapes.size() + ": " + describe(inputShapes));
    }
    checkShapes(inputShapes);
  }

  @Override
  protected void checkShapes(List<Shape> shapes) {
    if (shapes.size() != 2) {
      throw new IllegalArgumentException("A `Dot` layer should be called on a list of 2 inputs, layer \"" + name()
          + "\" got " + shapes.size());
    }
    Shape first = shapes.get(0);
    Shape second = shapes.get(1);
    if (first.rank() < 2 || second.rank() < 2) {
      throw new IllegalArgumentException("Layer \"" + name() + "\" (Dot) needs inputs of rank >= 2 (batch, ...), got "
          + describe(shapes));
    }
    int a0 = axis(0, first.rank(), shapes);
    int a1 = axis(1, second.rank(), shapes);
    long d0 = first.get(a0);
    long d1 = second.get(a1);
    if (d0 != Shape.UNKNOWN && d1 != Shape.UNKNOWN && d0 != d1) {
      throw new IllegalArgumentException("Layer \"" + name() + "\" (Dot): incompatible input shapes: axis values "
          + d0 + " (at axis " + a0 + ") != " + d1 + " (at axis " + a1 + "). Full input shapes: " + describe(shapes)
          + ". Choose axes of equal size.");
    }
    long b0 = first.get(0);
    long b1 = second.get(0);
    if (b0 != Shape.UNKNOWN && b1 != Shape.UNKNOWN && b0 != b1) {
      throw new IllegalArgumentException("Layer \"" + name() + "\" (Dot) needs inputs of the same batch size, got "
          + describe(shapes));
    }
  }

  /** The non-negative axis {@code i} for an input of {@code rank}; neither the batch axis nor out of bounds. */
  private int axis(int i, int rank, List<Shape> shapes) {
    int a = axes[i] < 0 ? axes[i] + rank : axes[i];
    if (a <= 0 || a >= rank) {
      throw new IllegalArgumentException("Layer \"" + name() + "\" (Dot): axis " + axes[i] + " of input " + i
          + (a == 0 ? " is the batch axis, which a dot product cannot use" : " is out of bounds for rank " + rank)
          + ". Input shapes: " + describe(shapes) + "; give axes between 1 and rank - 1 (or negative).");
    }
    return a;
  }

  @Override
  protected KerasTensor merge(List<KerasTensor> inputs) {
    List<Shape> shapes = inputs.stream().map(KerasTensor::shape).toList();
    KerasTensor x = inputs.get(0);
    KerasTensor y = inputs.get(1);
    int a0 = axis(0, x.rank(), shapes);
    int a1 = axis(1, y.rank(), shapes);
    if (normalize) {
      x = l2Normalize(x, a0);
      y = l2Normalize(y, a1);
    }
    StringBuilder xs = new StringBuilder("a");
    StringBuilder ys = new StringBuilder("a");
    StringBuilder out = new StringBuilder("a");
    char next = 'b';
    for (int i = 1; i < x.rank(); i++) {
      char c = i == a0 ? 'z' : next++;
      xs.append(c);
      if (i != a0) {
        out.append(c);
      }
    }
    for (int i = 1; i < y.rank(); i++) {
      char c = i == a1 ? 'z' : next++;
      ys.append(c);
      if (i != a1) {
        out.append(c);
      }
    }
    KerasTensor product = Ops.einsum(xs + "," + ys + "->" + out, x, y);
    return product.rank() == 1 ? Ops.expandDims(product, 1) : product;
  }

  /** {@code x / max(||x||, 1e-7)} along {@code axis}, as Keras's {@code ops.normalize}. */
  private static KerasTensor l2Normalize(KerasTensor x, int axis) {
    KerasTensor inverseNorm = Ops.rsqrt(Ops.sum(Ops.square(x), new int[] {axis}, true));
    return Ops.multiply(x, Ops.minimum(inverseNorm, 1e7));
  }

  /** Reads {@code axes} as an integer or a pair. */
  public static Dot fromConfig(Config config) {
    Object axes = config.get("axes");
    Dot layer;
    if (axes instanceof List<?> list) {
      int[] pair = config.getIntArray("axes");
      if (pair.length != 2) {
        throw new IllegalArgumentException("Invalid format for argument `axes` of a Dot layer: it should contain two "
            + "elements. Received: axes=" + list);
      }
      layer = new Dot(pair[0], pair[1]);
    } else if (axes instanceof Number) {
      layer = new Dot(config.getInt("axes", -1));
    } else {
      throw new IllegalArgumentException("A Dot layer's config needs `axes` (an integer or a list of two), got "
          + axes);
    }
    return layer.normalize(config.getBoolean("normalize", false));
  }

  @Override
  public Map<String, Object> getConfig() {
    Map<String, Object> config = super.getConfig();
    config.put("axes", axesIsPair ? Axes.list(axes) : (Object) axes[0]);
    config.put("normalize", normalize);
    return config;
  }
}
