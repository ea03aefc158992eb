package dev.jkeras.samples;

import dev.jkeras.datasets.Dataset;
import dev.jkeras.datasets.Mnist;
import dev.jkeras.datasets.TrainTestData;
import java.util.Random;
import org.tensorflow.ndarray.ByteNdArray;
import org.tensorflow.ndarray.FloatNdArray;
import org.tensorflow.ndarray.IntNdArray;
import org.tensorflow.ndarray.NdArray;
import org.tensorflow.ndarray.NdArrays;
import org.tensorflow.ndarray.Shape;
import org.tensorflow.ndarray.buffer.DataBuffers;
import org.tensorflow.ndarray.index.Indices;

/**
 * The data of Deep Learning with Python chapter 5 (seeds 000 and 003), as the samples can get it
 * offline: MNIST's training images flattened to 784 floats in [0, 1] ({@code
 * train_images.reshape((60000, 28 * 28)).astype("float32") / 255}), with Fashion-MNIST standing in when
 * MNIST is not on the machine; and, for the IMDB experiments, a binary stand-in from Fashion-MNIST.
 */
final class Chapter5Data {
  /** Fashion-MNIST's class 0, the negative class of the IMDB stand-in. */
  static final int TSHIRT = 0;
  /** Fashion-MNIST's class 6, the positive class of the IMDB stand-in. */
  static final int SHIRT = 6;
  /** The IMDB stand-in one-hot encodes each pixel's intensity in this many bins: 784 x 16 = 12,544 features. */
  static final int INTENSITY_BINS = 16;
  private static final int SMOKE_TRAIN = 1000;

  private Chapter5Data() {}

  /** Flattened images {@code x} (n, 784) in [0, 1] and their labels {@code y}, with where they came from. */
  record Flat(FloatNdArray x, NdArray<?> y, String description) {
    long size() {
      return x.shape().get(0);
    }
  }

  /**
   * MNIST's training split flattened as the seed does, from Keras's cache, {@code /usr/share/datasets},
   * jkeras's cache or a download; else (and always with {@code --subset}) Fashion-MNIST's, saying so.
   */
  static Flat mnistOrFashionMnist(SampleArgs args) {
    if (!args.subset()) {
      try {
        TrainTestData mnist = Mnist.loadData();
        Dataset train = args.smoke() ? head(mnist.train(), SMOKE_TRAIN) : mnist.train();
        String description = "MNIST from " + mnist.source() + (args.smoke() ? " (smoke: " + SMOKE_TRAIN + ")" : "");
        System.out.println("Data: " + description + ": " + train.size() + " training images");
        return new Flat(flatten(train.x()), train.y(), description);
      } catch (IllegalStateException notFound) {
        System.out.println("MNIST is not available offline here (" + firstLine(notFound.getMessage()) + ");"
            + " Fashion-MNIST stands in for it: same shapes, 10 classes, a harder task, so accuracies are lower"
            + " than the book's.");
      }
    }
    SampleData data = SampleData.fashionMnist(args);
    return new Flat(flatten(data.train().x()), data.train().y(),
        "Fashion-MNIST standing in for MNIST: " + data.description());
  }

  /**
   * The stand-in for the IMDB reviews of the seeds (IMDB is not available offline): Fashion-MNIST's
   * T-shirts/tops (label 0) against its shirts (label 1), a hard pair of look-alike classes. As the
   * seeds' {@code vectorize_sequences} turns a review into 10,000 sparse 0/1 word features, each pixel's
   * intensity is one-hot encoded in {@value #INTENSITY_BINS} bins: 12,544 sparse 0/1 features, many of
   * them rare, so the models overfit as they do on IMDB (raw pixels are too smooth to show it in 20
   * epochs). Shuffled once (seeded), since {@code validation_split} takes the last examples. Full
   * Fashion-MNIST gives 12,000 examples; the IMDB training set has 25,000.
   */
  static Flat tshirtVsShirt(SampleArgs args) {
    SampleData data = SampleData.fashionMnist(args);
    IntNdArray labels = data.train().y();
    int n = 0;
    for (long i = 0; i < labels.size(); i++) {
      int label = labels.getInt(i);
      n += label == TSHIRT || label == SHIRT ? 1 : 0;
    }
    int[] rows = new int[n];
    for (int i = 0, r = 0; i < labels.size(); i++) {
      int label = labels.getInt(i);
      if (label == TSHIRT || label == SHIRT) {
        rows[r++] = i;
      }
    }
    shuffle(rows, new Random(1337));
    float[] pixels = pixels(data.train().x());
    int width = 784 * INTENSITY_BINS;
    float[] x = new float[n * width];
    float[] y = new float[n];
    for (int r = 0; r < n; r++) {
      for (int p = 0; p < 784; p++) {
        int bin = Math.min(INTENSITY_BINS - 1, (int) (pixels[rows[r] * 784 + p] * INTENSITY_BINS));
        x[r * width + p * INTENSITY_BINS + bin] = 1f;
      }
      y[r] = labels.getInt(rows[r]) == SHIRT ? 1f : 0f;
    }
    String description = "IMDB stand-in (IMDB is not available offline): Fashion-MNIST T-shirt/top (0) vs shirt (1),"
        + " each pixel's intensity one-hot in " + INTENSITY_BINS + " bins (" + width + " sparse 0/1 features, as"
        + " IMDB's 10,000 word features), " + n + " examples from " + data.description();
    System.out.println("Data: " + description);
    return new Flat(NdArrays.wrap(Shape.of(n, width), DataBuffers.of(x, false, false)),
        NdArrays.wrap(Shape.of(n), DataBuffers.of(y, false, false)), description);
  }

  /** The rows {@code indices} of a flattened {@code (n, 784)} array, as NumPy's {@code x[indices]}. */
  static FloatNdArray rows(FloatNdArray x, int[] indices) {
    int width = (int) x.shape().get(1);
    FloatNdArray out = NdArrays.ofFloats(Shape.of(indices.length, width));
    for (int i = 0; i < indices.length; i++) {
      out.set(x.get(indices[i]), i);
    }
    return out;
  }

  /** The entries {@code indices} of a float vector. */
  static FloatNdArray entries(FloatNdArray y, int[] indices) {
    FloatNdArray out = NdArrays.ofFloats(Shape.of(indices.length));
    for (int i = 0; i < indices.length; i++) {
      out.setFloat(y.getFloat(indices[i]), i);
    }
    return out;
  }

  /** Images (n, 28, 28) of unsigned bytes as floats in [0, 1], row-major: n * 784 values. */
  static float[] pixels(ByteNdArray images) {
    byte[] bytes = new byte[Math.toIntExact(images.size())];
    images.copyTo(DataBuffers.of(bytes, false, false));
    float[] out = new float[bytes.length];
    for (int i = 0; i < bytes.length; i++) {
      out[i] = Byte.toUnsignedInt(bytes[i]) / 255f;
    }
    return out;
  }

  private static FloatNdArray flatten(ByteNdArray images) {
    long n = images.shape().get(0);
    return NdArrays.wrap(Shape.of(n, 784), DataBuffers.of(pixels(images), false, false));
  }

  static void shuffle(int[] values, Random random) {
    for (int i = values.length - 1; i > 0; i--) {
      int j = random.nextInt(i + 1);
      int t = values[i];
      values[i] = values[j];
      values[j] = t;
    }
  }

  private static Dataset head(Dataset d, int count) {
    long n = Math.min(count, d.size());
    return new Dataset(d.x().slice(Indices.range(0, n)), d.y().slice(Indices.range(0, n)));
  }

  private static String firstLine(String message) {
    int newline = message.indexOf('\n');
    return newline < 0 ? message : message.substring(0, newline);
  }
}
