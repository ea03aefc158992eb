package dev.jkeras;

import com.google.common.collect.ImmutableList;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Collectors;
import java.util.stream.LongStream;

/**
 * The shape of a tensor: a list of dimension sizes where {@link #UNKNOWN} ({@code None} in Keras)
 * stands for a size known only at run time, typically the batch size.
 *
 * <p>Immutable; {@code toString} uses Keras's notation, e.g. {@code (None, 28, 28)}.
 */
public final class Shape {
  /** The size of a dimension that is not known until run time. */
  public static final long UNKNOWN = -1;

  private static final Shape SCALAR = new Shape(new long[0]);

  private final long[] dims;

  private Shape(long[] dims) {
    this.dims = dims;
  }

  /** A shape with the given dimension sizes; use {@link #UNKNOWN} for {@code None}. */
  public static Shape of(long... dims) {
    for (long d : dims) {
      if (d < UNKNOWN) {
        throw new IllegalArgumentException(
            "Dimension sizes must be >= 0 or Shape.UNKNOWN, got " + Arrays.toString(dims));
      }
    }
    return dims.length == 0 ? SCALAR : new Shape(dims.clone());
  }

  /** A shape from int sizes, as users write them in {@code inputShape(28, 28)}. */
  public static Shape of(int... dims) {
    return of(Arrays.stream(dims).asLongStream().toArray());
  }

  /**
   * The same shape as TensorFlow Java's {@code org.tensorflow.ndarray.Shape} (what
   * {@code array.shape()} gives), its unknown sizes ({@code -1}) as {@link #UNKNOWN}, e.g. to compare
   * an array's shape with a layer's.
   *
   * @throws IllegalArgumentException for a shape of unknown rank, which has no dimensions to copy
   */
  public static Shape of(org.tensorflow.ndarray.Shape shape) {
    if (shape == null || shape.isUnknown()) {
      throw new IllegalArgumentException("A shape needs a known rank (a list of dimension sizes), got " + shape);
    }
    return of(shape.asArray());
  }

  /**
   * This shape as TensorFlow Java's {@code org.tensorflow.ndarray.Shape}, {@link #UNKNOWN} as its
   * {@code -1}: make arrays from it, {@code NdArrays.ofFloats(Shape.of(16, 4).toNdArrayShape())}, or
   * compare it with an array's {@code shape()}. TensorFlow Java's shapes with an unknown size equal
   * no other shape; compare those as jkeras Shapes, or by their Keras notation
   * ({@code "(None, 10)"}, from {@link #toString}).
   */
  public org.tensorflow.ndarray.Shape toNdArrayShape() {
    return dims.length == 0 ? org.tensorflow.ndarray.Shape.scalar() : org.tensorflow.ndarray.Shape.of(dims.clone());
  }

  /** The shape of a scalar, {@code ()}. */
  public static Shape scalar() {
    return SCALAR;
  }

  public int rank() {
    return dims.length;
  }

  /** The size of dimension {@code axis}; negative axes count from the end. */
  public long get(int axis) {
    return dims[normalizeAxis(axis)];
  }

  /** All dimension sizes, as a fresh array. */
  public long[] asArray() {
    return dims.clone();
  }

  public List<Long> asList() {
    return LongStream.of(dims).boxed().collect(ImmutableList.toImmutableList());
  }

  /** True when no dimension is {@link #UNKNOWN}. */
  public boolean isFullyDefined() {
    return LongStream.of(dims).allMatch(d -> d != UNKNOWN);
  }

  /** The number of elements; only for fully defined shapes. */
  public long size() {
    if (!isFullyDefined()) {
      throw new IllegalStateException("The size of " + this + " is not known");
    }
    return LongStream.of(dims).reduce(1, Math::multiplyExact);
  }

  /** This shape with {@code size} inserted as the first dimension. */
  public Shape prepend(long size) {
    long[] out = new long[dims.length + 1];
    out[0] = size;
    System.arraycopy(dims, 0, out, 1, dims.length);
    return new Shape(out);
  }

  /** This shape without its first dimension. */
  public Shape dropFirst() {
    if (dims.length == 0) {
      throw new IllegalStateException("A scalar shape has no first dimension");
    }
    return new Shape(Arrays.copyOfRange(dims, 1, dims.length));
  }

  /** This shape with dimension {@code axis} replaced by {@code size}. */
  public Shape with(int axis, long size) {
    long[] out = dims.clone();
    out[normalizeAxis(axis)] = size;
    return of(out);
  }

  /** Dimensions {@code from} (inclusive) to {@code to} (exclusive). */
  public Shape subShape(int from, int to) {
    return of(Arrays.copyOfRange(dims, from, to));
  }

  /**
   * True when a tensor of shape {@code other} may stand where this shape is expected: same rank,
   * and every dimension equal or unknown on either side.
   */
  public boolean isCompatibleWith(Shape other) {
    if (other.rank() != rank()) {
      return false;
    }
    for (int i = 0; i < dims.length; i++) {
      if (dims[i] != UNKNOWN && other.dims[i] != UNKNOWN && dims[i] != other.dims[i]) {
        return false;
      }
    }
    return true;
  }

  /** {@code axis} counted from the front, for an axis that may be negative. */
  public int normalizeAxis(int axis) {
    int normalized = axis < 0 ? axis + dims.length : axis;
    if (normalized < 0 || normalized >= dims.length) {
      throw new IllegalArgumentException("Axis " + axis + " is out of range for shape " + this);
    }
    return normalized;
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof Shape && Arrays.equals(dims, ((Shape) o).dims);
  }

  @Override
  public int hashCode() {
    return Arrays.hashCode(dims);
  }

  /** Keras's notation: {@code (None, 28, 28)}, {@code (10,)}, {@code ()}. */
  @Override
  public String toString() {
    if (dims.length == 1) {
      return "(" + dimToString(dims[0]) + ",)";
    }
    return LongStream.of(dims).mapToObj(Shape::dimToString).collect(Collectors.joining(", ", "(", ")"));
  }

  private static String dimToString(long d) {
    return d == UNKNOWN ? "None" : Long.toString(d);
  }
}
