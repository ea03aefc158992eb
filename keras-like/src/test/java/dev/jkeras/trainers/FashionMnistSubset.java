package dev.jkeras.trainers;

import dev.jkeras.datasets.Dataset;
import dev.jkeras.datasets.FashionMnist;
import dev.jkeras.datasets.TrainTestData;
import java.nio.file.Path;
import org.tensorflow.ndarray.FloatNdArray;
import org.tensorflow.ndarray.IntNdArray;
import org.tensorflow.ndarray.NdArrays;
import org.tensorflow.ndarray.Shape;
import org.tensorflow.ndarray.index.Indices;

/** The first samples of real Fashion-MNIST, flattened to 784 floats in [0, 1], as the seed MLP takes them. */
record FashionMnistSubset(FloatNdArray xTrain, IntNdArray yTrain, FloatNdArray xTest, IntNdArray yTest) {
  static final Path DIRECTORY = Path.of("/usr/share/datasets/fashion-mnist");

  static FashionMnistSubset load(int train, int test) {
    TrainTestData data = FashionMnist.fromDirectory(DIRECTORY);
    return new FashionMnistSubset(flat(data.train(), train), labels(data.train(), train), flat(data.test(), test),
        labels(data.test(), test));
  }

  private static FloatNdArray flat(Dataset data, int n) {
    FloatNdArray x = NdArrays.ofFloats(Shape.of(n, 784));
    for (int i = 0; i < n; i++) {
      for (int r = 0; r < 28; r++) {
        for (int c = 0; c < 28; c++) {
          x.setFloat((data.x().getByte(i, r, c) & 0xff) / 255f, i, r * 28 + c);
        }
      }
    }
    return x;
  }

  private static IntNdArray labels(Dataset data, int n) {
    return data.y().slice(Indices.range(0, n));
  }
}
