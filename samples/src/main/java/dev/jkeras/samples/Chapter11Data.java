package dev.jkeras.samples;

import java.util.Arrays;
import java.util.function.IntPredicate;
import java.util.function.IntUnaryOperator;
import org.tensorflow.ndarray.FloatNdArray;
import org.tensorflow.ndarray.IntNdArray;
import org.tensorflow.ndarray.NdArrays;
import org.tensorflow.ndarray.Shape;
import org.tensorflow.ndarray.buffer.DataBuffers;

/**
 * Fashion-MNIST as <i>Hands-On ML</i> chapters 10 and 11 (seeds 002 and 004) prepare it: images
 * {@code (n, 28, 28)} scaled to [0, 1], the first 5,000 training images kept for validation
 * ({@code X_valid, X_train = X_train_full[:5000] / 255., X_train_full[5000:] / 255.}), and the test set.
 */
record Chapter11Data(Split train, Split valid, Split test, String description) {

  /** Images {@code x (n, 28, 28)} in [0, 1] and their integer labels {@code y (n)}. */
  record Split(FloatNdArray x, IntNdArray y) {
    long size() {
      return y.shape().get(0);
    }

    /** The first {@code count} examples (all when there are fewer). */
    Split head(int count) {
      int n = (int) Math.min(count, size());
      int[] rows = new int[n];
      for (int i = 0; i < n; i++) {
        rows[i] = i;
      }
      return rows(rows, label -> label);
    }

    /** The examples whose label {@code keep} accepts, labels mapped by {@code relabel}. */
    Split where(IntPredicate keep, IntUnaryOperator relabel) {
      int n = 0;
      for (long i = 0; i < size(); i++) {
        n += keep.test(y.getInt(i)) ? 1 : 0;
      }
      int[] rows = new int[n];
      for (int i = 0, r = 0; i < size(); i++) {
        if (keep.test(y.getInt(i))) {
          rows[r++] = i;
        }
      }
      return rows(rows, relabel);
    }

    /** Labels as floats (for binary cross-entropy). */
    FloatNdArray yAsFloats() {
      FloatNdArray out = NdArrays.ofFloats(Shape.of(size()));
      for (long i = 0; i < size(); i++) {
        out.setFloat(y.getInt(i), i);
      }
      return out;
    }

    private Split rows(int[] rows, IntUnaryOperator relabel) {
      FloatNdArray xs = NdArrays.ofFloats(Shape.of(rows.length, 28, 28));
      IntNdArray ys = NdArrays.ofInts(Shape.of(rows.length));
      for (int r = 0; r < rows.length; r++) {
        xs.set(x.get(rows[r]), r);
        ys.setInt(relabel.applyAsInt(y.getInt(rows[r])), r);
      }
      return new Split(xs, ys);
    }
  }

  static Chapter11Data fashionMnist(SampleArgs args) {
    SampleData data = SampleData.fashionMnist(args);
    int validationSize = data.validationSize();
    long n = data.train().size();
    float[] pixels = Chapter5Data.pixels(data.train().x());
    IntNdArray labels = data.train().y();
    Split valid = new Split(images(Arrays.copyOfRange(pixels, 0, validationSize * 784), validationSize),
        labelRange(labels, 0, validationSize));
    Split train = new Split(images(Arrays.copyOfRange(pixels, validationSize * 784, pixels.length), n - validationSize),
        labelRange(labels, validationSize, (int) n));
    Split test = new Split(images(Chapter5Data.pixels(data.test().x()), data.test().size()), data.test().y());
    return new Chapter11Data(train, valid, test, data.description());
  }

  private static IntNdArray labelRange(IntNdArray labels, int from, int to) {
    IntNdArray out = NdArrays.ofInts(Shape.of(to - from));
    for (int i = from; i < to; i++) {
      out.setInt(labels.getInt(i), i - from);
    }
    return out;
  }

  private static FloatNdArray images(float[] pixels, long n) {
    return NdArrays.wrap(Shape.of(n, 28, 28), DataBuffers.of(pixels, false, false));
  }
}
