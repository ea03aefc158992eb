package dev.jkeras.datasets;

import java.util.Objects;
import org.tensorflow.ndarray.ByteNdArray;
import org.tensorflow.ndarray.IntNdArray;

/**
 * One split of a labelled image data set: {@code x} holds the images, {@code y} their labels, row for
 * row.
 *
 * <p>The bytes of {@code x} are unsigned pixel values (0..255): read one with {@code
 * Byte.toUnsignedInt(x.getByte(i, r, c))}. Arrays made by the loaders of this package are read-only;
 * {@code copyTo} gives a writable copy.
 *
 * @param x images, shape {@code (n, rows, cols)}, uint8
 * @param y labels, shape {@code (n)}
 */
public record Dataset(ByteNdArray x, IntNdArray y) {

  /** Checks that {@code x} and {@code y} have the same number of rows. */
  public Dataset {
    Objects.requireNonNull(x, "x");
    Objects.requireNonNull(y, "y");
    if (x.rank() < 1) {
      throw new IllegalArgumentException("x must have a first (example) dimension; its shape is " + x.shape());
    }
    if (y.rank() != 1) {
      throw new IllegalArgumentException("y must be a vector of labels; its shape is " + y.shape());
    }
    if (x.shape().get(0) != y.shape().get(0)) {
      throw new IllegalArgumentException(
          "x and y must have as many rows: x has shape " + x.shape() + ", y has shape " + y.shape());
    }
  }

  /** The number of examples. */
  public long size() {
    return y.shape().get(0);
  }

  @Override
  public String toString() {
    return "Dataset[x=uint8" + x.shape() + ", y=int32" + y.shape() + "]";
  }
}
