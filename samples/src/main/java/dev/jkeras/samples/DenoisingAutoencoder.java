package dev.jkeras.samples;

import dev.jkeras.callbacks.History;
import dev.jkeras.layers.Conv2D;
import dev.jkeras.layers.Conv2DTranspose;
import dev.jkeras.layers.Input;
import dev.jkeras.layers.MaxPooling2D;
import dev.jkeras.models.Model;
import dev.jkeras.samples.plots.Figure;
import dev.jkeras.samples.plots.ImageGrid;
import dev.jkeras.utils.Utils;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.stream.IntStream;
import org.tensorflow.ndarray.FloatNdArray;
import org.tensorflow.ndarray.IntNdArray;
import org.tensorflow.ndarray.NdArrays;
import org.tensorflow.ndarray.Shape;
import org.tensorflow.ndarray.buffer.DataBuffers;

/**
 * Issue 17: a convolutional denoising autoencoder (as Keras's image denoising example) on
 * Fashion-MNIST. Gaussian noise (stddev 0.4, clipped to [0, 1], seeded) is added to the images; a
 * Conv2D/MaxPooling2D encoder takes them to 7x7x32 and a Conv2DTranspose decoder back to 28x28,
 * trained with binary cross-entropy to give the clean image. The test figures set the denoised
 * images' error beside the noisy inputs' own error against the clean images, and a PNG shows noisy,
 * denoised and clean test images of each class.
 */
public final class DenoisingAutoencoder implements Sample {
  static final float NOISE = 0.4f;
  private static final int FULL_TRAIN = 12000;
  private static final int PIXELS = 28 * 28;

  @Override
  public String name() {
    return "denoising_autoencoder";
  }

  @Override
  public String description() {
    return "Issue 17: a convolutional denoising autoencoder on Fashion-MNIST (Gaussian noise 0.4, Conv2D/MaxPooling2D"
        + " encoder, Conv2DTranspose decoder, binary cross-entropy): test error of the denoised images vs the noisy"
        + " inputs' own; noisy / denoised / clean images";
  }

  @Override
  public String bookReports() {
    return "Keras's image denoising example (MNIST, noise 0.4) reports no figures; its denoised digits look clean";
  }

  @Override
  public void run(SampleArgs args) {
    Utils.setRandomSeed(42);
    SampleData data = SampleData.fashionMnist(args);
    int trainCount = (int) Math.min(FULL_TRAIN, data.train().size());
    int testCount = (int) data.test().size();
    float[] cleanTrain = head(Chapter5Data.pixels(data.train().x()), trainCount);
    float[] cleanTest = Chapter5Data.pixels(data.test().x());
    float[] noisyTrain = noisy(cleanTrain, new Random(1));
    float[] noisyTest = noisy(cleanTest, new Random(2));
    System.out.printf("Training on %d noisy images (noise stddev %.1f, clipped to [0, 1]), testing on %d%n",
        trainCount, NOISE, testCount);

    try (Model model = autoencoder()) {
      model.summary();
      model.compile(c -> c.optimizer("adam").loss("binary_crossentropy").metrics("mse"));
      int epochs = args.epochs(8);
      long start = System.nanoTime();
      History history = model.fit(images(noisyTrain), images(cleanTrain), fit -> fit
          .epochs(epochs).batchSize(128).validationSplit(0.1).verbose(2));
      double seconds = (System.nanoTime() - start) / 1e9;
      Map<String, Double> test = model.evaluate(images(noisyTest), images(cleanTest), e -> e.verbose(0));
      double noisyBce = binaryCrossentropy(cleanTest, noisyTest);
      double noisyMse = meanSquaredError(cleanTest, noisyTest);
      System.out.printf("Test images, against the clean images: denoised binary cross-entropy %.4f, MSE %.4f;"
          + " noisy inputs binary cross-entropy %.4f, MSE %.4f (MSE divided by %.1f)%n",
          test.get("loss"), test.get("mse"), noisyBce, noisyMse, noisyMse / test.get("mse"));

      int[] shown = firstOfEachClass(data.test().y(), 10);
      float[][] noisyShown = pick(noisyTest, shown);
      float[][] denoisedShown = pick(flat(model.predict(images(flatten(noisyShown)), p -> p.verbose(0))), indices(shown.length));
      ImageGrid grid = new ImageGrid(shown.length, 28, 28, 3)
          .grayRow("Noisy test images (input)", noisyShown)
          .grayRow("Denoised (the autoencoder's output)", denoisedShown)
          .grayRow("Clean (target)", pick(cleanTest, shown));
      args.savePlot(this, grid, "denoising_autoencoder.png");
      Figure curves = new Figure(600, 400);
      curves.panel("Binary cross-entropy", "Epoch", "Loss")
          .plot(history.history().get("loss"), "b-", "training")
          .plot(history.history().get("val_loss"), "r--", "validation");
      args.savePlot(this, curves, "denoising_autoencoder_loss.png");

      args.record("data", data.description() + ", first " + trainCount + " training images, noise stddev " + NOISE);
      args.record("epochs", history.epoch().size());
      args.record("test_denoised_bce", test.get("loss"));
      args.record("test_noisy_input_bce", noisyBce);
      args.record("test_denoised_mse", test.get("mse"));
      args.record("test_noisy_input_mse", noisyMse);
      args.record("mse_ratio", noisyMse / test.get("mse"));
      args.record("final_val_loss", last(history.history().get("val_loss")));
      args.record("fit_seconds", seconds);
    }
  }

  /** Keras's example: two Conv2D + MaxPooling2D (28 -> 7), two strided Conv2DTranspose (7 -> 28), a sigmoid Conv2D. */
  static Model autoencoder() {
    var input = Input.of(28, 28, 1).name("noisy_image");
    var x = new Conv2D(32, 3).activation("relu").padding("same").apply(input);
    x = new MaxPooling2D(2).padding("same").apply(x);
    x = new Conv2D(32, 3).activation("relu").padding("same").apply(x);
    x = new MaxPooling2D(2).padding("same").apply(x);
    x = new Conv2DTranspose(32, 3).strides(2).activation("relu").padding("same").apply(x);
    x = new Conv2DTranspose(32, 3).strides(2).activation("relu").padding("same").apply(x);
    var output = new Conv2D(1, 3).activation("sigmoid").padding("same").name("denoised").apply(x);
    return new Model(input, output);
  }

  /** {@code clean} plus Gaussian noise of stddev {@link #NOISE}, clipped to [0, 1]. */
  static float[] noisy(float[] clean, Random random) {
    float[] out = new float[clean.length];
    for (int i = 0; i < clean.length; i++) {
      out[i] = Math.max(0f, Math.min(1f, clean[i] + NOISE * (float) random.nextGaussian()));
    }
    return out;
  }

  /** Keras's binary cross-entropy of probabilities (clipped to [1e-7, 1 - 1e-7]), averaged over every pixel. */
  static double binaryCrossentropy(float[] target, float[] predicted) {
    double sum = 0;
    for (int i = 0; i < target.length; i++) {
      double p = Math.max(1e-7, Math.min(1 - 1e-7, predicted[i]));
      sum -= target[i] * Math.log(p) + (1 - target[i]) * Math.log(1 - p);
    }
    return sum / target.length;
  }

  static double meanSquaredError(float[] target, float[] predicted) {
    double sum = 0;
    for (int i = 0; i < target.length; i++) {
      double d = target[i] - predicted[i];
      sum += d * d;
    }
    return sum / target.length;
  }

  private static FloatNdArray images(float[] pixels) {
    return NdArrays.wrap(Shape.of(pixels.length / PIXELS, 28, 28, 1), DataBuffers.of(pixels, false, false));
  }

  private static float[] flat(FloatNdArray array) {
    float[] out = new float[Math.toIntExact(array.size())];
    array.copyTo(DataBuffers.of(out, false, false));
    return out;
  }

  private static float[] flatten(float[][] images) {
    float[] out = new float[images.length * PIXELS];
    for (int i = 0; i < images.length; i++) {
      System.arraycopy(images[i], 0, out, i * PIXELS, PIXELS);
    }
    return out;
  }

  private static float[] head(float[] pixels, int count) {
    return Arrays.copyOf(pixels, count * PIXELS);
  }

  private static float[][] pick(float[] pixels, int[] which) {
    float[][] out = new float[which.length][];
    for (int i = 0; i < which.length; i++) {
      out[i] = Arrays.copyOfRange(pixels, which[i] * PIXELS, (which[i] + 1) * PIXELS);
    }
    return out;
  }

  private static int[] indices(int count) {
    return IntStream.range(0, count).toArray();
  }

  /** The index of the first image of each class 0..classes-1 (classes missing from {@code y} are skipped). */
  private static int[] firstOfEachClass(IntNdArray y, int classes) {
    int[] first = new int[classes];
    Arrays.fill(first, -1);
    for (int i = 0; i < y.size(); i++) {
      int label = y.getInt(i);
      if (label >= 0 && label < classes && first[label] < 0) {
        first[label] = i;
      }
    }
    return Arrays.stream(first).filter(i -> i >= 0).toArray();
  }

  private static double last(List<Double> values) {
    return values.get(values.size() - 1);
  }
}
