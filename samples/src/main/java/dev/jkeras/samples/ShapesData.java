package dev.jkeras.samples;

import java.util.Random;
import org.tensorflow.ndarray.FloatNdArray;
import org.tensorflow.ndarray.IntNdArray;
import org.tensorflow.ndarray.NdArrays;
import org.tensorflow.ndarray.Shape;
import org.tensorflow.ndarray.buffer.DataBuffers;

/**
 * A synthetic segmentation data set, generated from a seed: gray {@code size x size} images of two
 * to four circles, squares and triangles of random size, position and brightness on a noisy dark
 * background (later shapes drawn over earlier ones), with a class per pixel: 0 background, 1
 * circle, 2 square, 3 triangle.
 *
 * @param images {@code (n, size, size, 1)} floats, about [0, 1]
 * @param masks {@code (n, size, size)} class ids
 */
record ShapesData(FloatNdArray images, IntNdArray masks) {
  static final String[] CLASSES = {"background", "circle", "square", "triangle"};

  static ShapesData generate(int count, int size, long seed) {
    Random random = new Random(seed);
    float[] pixels = new float[count * size * size];
    int[] labels = new int[count * size * size];
    for (int n = 0; n < count; n++) {
      int offset = n * size * size;
      for (int p = 0; p < size * size; p++) {
        pixels[offset + p] = 0.1f + 0.05f * (float) random.nextGaussian();
      }
      int shapes = 2 + random.nextInt(3);
      for (int s = 0; s < shapes; s++) {
        int kind = 1 + random.nextInt(3);
        double radius = size * (0.1 + 0.12 * random.nextDouble());
        double cx = radius + random.nextDouble() * (size - 2 * radius);
        double cy = radius + random.nextDouble() * (size - 2 * radius);
        float brightness = 0.4f + 0.6f * random.nextFloat();
        for (int y = 0; y < size; y++) {
          for (int x = 0; x < size; x++) {
            if (inside(kind, x + 0.5 - cx, y + 0.5 - cy, radius)) {
              pixels[offset + y * size + x] = brightness + 0.05f * (float) random.nextGaussian();
              labels[offset + y * size + x] = kind;
            }
          }
        }
      }
    }
    return new ShapesData(
        NdArrays.wrap(Shape.of(count, size, size, 1), DataBuffers.of(pixels, false, false)),
        NdArrays.wrap(Shape.of(count, size, size), DataBuffers.of(labels, false, false)));
  }

  /** Whether the point {@code (dx, dy)} from a shape's centre is inside it (circle, square or upright triangle). */
  private static boolean inside(int kind, double dx, double dy, double radius) {
    return switch (kind) {
      case 1 -> dx * dx + dy * dy <= radius * radius;
      case 2 -> Math.abs(dx) <= 0.8 * radius && Math.abs(dy) <= 0.8 * radius;
      default -> dy >= -radius && dy <= radius && Math.abs(dx) <= (dy + radius) / 2;
    };
  }

  long size() {
    return masks.shape().get(0);
  }

  /** The share of pixels of each class. */
  double[] classShares() {
    double[] shares = new double[CLASSES.length];
    int[] labels = new int[Math.toIntExact(masks.size())];
    masks.copyTo(DataBuffers.of(labels, false, false));
    for (int label : labels) {
      shares[label]++;
    }
    for (int c = 0; c < shares.length; c++) {
      shares[c] /= labels.length;
    }
    return shares;
  }
}
