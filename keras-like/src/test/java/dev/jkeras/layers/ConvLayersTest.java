package dev.jkeras.layers;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.jkeras.Shape;
import dev.jkeras.models.Model;
import dev.jkeras.models.Models;
import dev.jkeras.models.Sequential;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.tensorflow.ndarray.FloatNdArray;
import org.tensorflow.ndarray.NdArray;
import org.tensorflow.ndarray.NdArrays;
import org.tensorflow.ndarray.StdArrays;

/**
 * Conv1D, Conv2D and the pooling and reshaping layers compute what their definitions say on small
 * inputs (hand-computed values, and a by-definition reference for both paddings, strides and
 * dilation), have Keras's shapes and parameter counts, fail clearly, and save and load.
 */
class ConvLayersTest {
  private static final double TOLERANCE = 1e-4;

  @TempDir Path dir;

  static float[][][][] random(long seed, int b, int h, int w, int c) {
    Random random = new Random(seed);
    float[][][][] x = new float[b][h][w][c];
    for (float[][][] image : x) {
      for (float[][] row : image) {
        for (float[] pixel : row) {
          for (int k = 0; k < c; k++) {
            pixel[k] = (float) random.nextGaussian();
          }
        }
      }
    }
    return x;
  }

  private static float[][][][] count(int h, int w) {
    float[][][][] x = new float[1][h][w][1];
    for (int i = 0; i < h; i++) {
      for (int j = 0; j < w; j++) {
        x[0][i][j][0] = i * w + j + 1;
      }
    }
    return x;
  }

  /** The layer's output for {@code x}, from a one-layer model (weights set when given). */
  private static FloatNdArray run(Layer layer, NdArray<?> x, List<NdArray<?>> weights) {
    try (Sequential model = new Sequential(layer)) {
      if (weights != null) {
        layer.setWeights(weights);
      }
      return model.predict(x, p -> p.verbose(0));
    }
  }

  private static void assertClose(double[][][][] expected, FloatNdArray actual) {
    assertEquals(Shape.of(expected.length, expected[0].length, expected[0][0].length,
        expected[0][0][0].length), Shape.of(actual.shape()));
    for (int b = 0; b < expected.length; b++) {
      for (int i = 0; i < expected[0].length; i++) {
        for (int j = 0; j < expected[0][0].length; j++) {
          for (int k = 0; k < expected[0][0][0].length; k++) {
            assertEquals(expected[b][i][j][k], actual.getFloat(b, i, j, k), TOLERANCE,
                "at [" + b + "," + i + "," + j + "," + k + "]");
          }
        }
      }
    }
  }

  private static double[][][][] literal(double[][] values) {
    double[][][][] x = new double[1][values.length][values[0].length][1];
    for (int i = 0; i < values.length; i++) {
      for (int j = 0; j < values[0].length; j++) {
        x[0][i][j][0] = values[i][j];
      }
    }
    return x;
  }

  // ---------------------------------------------------------------- hand-computed values

  @Test
  void conv2dOfCountingImageByHand() {
    float[][][][] ones = new float[2][2][1][1];
    for (float[][][] r : ones) {
      for (float[][] c : r) {
        c[0][0] = 1;
      }
    }
    var x = StdArrays.ndCopyOf(count(3, 3));
    // 1 2 3 / 4 5 6 / 7 8 9, summed over 2x2 windows.
    assertClose(literal(new double[][] {{12, 16}, {24, 28}}),
        run(new Conv2D(1, 2).inputShape(3, 3, 1), x, List.of(StdArrays.ndCopyOf(ones), NdArrays.vectorOf(0f))));
    // "same": TensorFlow pads the one missing row and column after.
    assertClose(literal(new double[][] {{12, 16, 9}, {24, 28, 15}, {15, 17, 9}}),
        run(new Conv2D(1, 2).padding("same").inputShape(3, 3, 1), x,
            List.of(StdArrays.ndCopyOf(ones), NdArrays.vectorOf(0f))));
    // A bias, a stride of 2 and relu.
    assertClose(literal(new double[][] {{0}}),
        run(new Conv2D(1, 2).strides(2).activation("relu").inputShape(3, 3, 1), x,
            List.of(StdArrays.ndCopyOf(ones), NdArrays.vectorOf(-20f))));
  }

  @Test
  void poolingOfCountingImageByHand() {
    var x = StdArrays.ndCopyOf(count(3, 3));
    assertClose(literal(new double[][] {{5}}), run(new MaxPooling2D(2).inputShape(3, 3, 1), x, null));
    assertClose(literal(new double[][] {{5, 6}, {8, 9}}),
        run(new MaxPooling2D(2).padding("same").inputShape(3, 3, 1), x, null));
    assertClose(literal(new double[][] {{3}}), run(new AveragePooling2D(2).inputShape(3, 3, 1), x, null));
    // "same" averages only the real pixels of the window: (3 + 6) / 2, (7 + 8) / 2, 9 / 1.
    assertClose(literal(new double[][] {{3, 4.5}, {7.5, 9}}),
        run(new AveragePooling2D(2).padding("same").inputShape(3, 3, 1), x, null));
    assertClose(literal(new double[][] {{5, 6}, {8, 9}}),
        run(new MaxPooling2D(2).strides(1).inputShape(3, 3, 1), x, null));
  }

  // ---------------------------------------------------------------- against the definition

  @ParameterizedTest
  @CsvSource({
      "valid, 3, 3, 1, 1, 1, 1",
      "same, 3, 3, 1, 1, 1, 1",
      "valid, 3, 3, 2, 2, 1, 1",
      "same, 3, 3, 2, 2, 1, 1",
      "same, 3, 2, 2, 1, 1, 1",
      "valid, 3, 3, 1, 1, 2, 2",
      "same, 2, 3, 1, 1, 2, 1",
      "valid, 1, 1, 1, 1, 1, 1"})
  void conv2dMatchesTheDefinition(String padding, int kh, int kw, int sh, int sw, int dh, int dw) {
    float[][][][] x = random(1, 2, 7, 6, 2);
    float[][][][] kernel = random(2, kh, kw, 2, 3);
    float[] bias = {0.1f, -0.2f, 0.3f};
    var layer = new Conv2D(3, kh, kw).padding(padding).strides(sh, sw).dilationRate(dh, dw).inputShape(7, 6, 2);
    FloatNdArray actual = run(layer, StdArrays.ndCopyOf(x), List.of(StdArrays.ndCopyOf(kernel), NdArrays.vectorOf(bias)));
    double[][][][] expected = ConvReference.conv2d(x, kernel, bias, new int[] {sh, sw}, new int[] {dh, dw}, padding);
    assertClose(expected, actual);
    assertEquals(Shape.of(Shape.UNKNOWN, expected[0].length, expected[0][0].length, 3), layer.outputShape());
  }

  @ParameterizedTest
  @CsvSource({"valid, 3, 1, 1", "same, 3, 1, 1", "valid, 3, 2, 1", "same, 4, 3, 1", "valid, 2, 1, 3",
      "same, 3, 1, 2", "causal, 3, 1, 1", "causal, 2, 1, 2"})
  void conv1dMatchesTheDefinition(String padding, int k, int stride, int dilation) {
    float[][][][] x4 = random(3, 2, 1, 9, 2);
    float[][][][] kernel4 = random(4, 1, k, 2, 3);
    float[][][] x = new float[2][][];
    for (int b = 0; b < 2; b++) {
      x[b] = x4[b][0];
    }
    float[][][] kernel = kernel4[0];
    var layer = new Conv1D(3, k).padding(padding).strides(stride).dilationRate(dilation).inputShape(9, 2);
    FloatNdArray actual = run(layer, StdArrays.ndCopyOf(x), List.of(StdArrays.ndCopyOf(kernel), NdArrays.vectorOf(new float[3])));
    double[][][][] expected;
    if (padding.equals("causal")) {
      int left = dilation * (k - 1);
      float[][][][] padded = new float[2][1][9 + left][2];
      for (int b = 0; b < 2; b++) {
        for (int t = 0; t < 9; t++) {
          padded[b][0][t + left] = x4[b][0][t];
        }
      }
      expected = ConvReference.conv2d(padded, kernel4, null, new int[] {1, stride}, new int[] {1, dilation}, "valid");
    } else {
      expected = ConvReference.conv2d(x4, kernel4, null, new int[] {1, stride}, new int[] {1, dilation}, padding);
    }
    int steps = expected[0][0].length;
    assertEquals(Shape.of(2, steps, 3), Shape.of(actual.shape()));
    for (int b = 0; b < 2; b++) {
      for (int t = 0; t < steps; t++) {
        for (int f = 0; f < 3; f++) {
          assertEquals(expected[b][0][t][f], actual.getFloat(b, t, f), TOLERANCE);
        }
      }
    }
  }

  @ParameterizedTest
  @CsvSource({"valid, 2, 2, 2, 2", "same, 2, 2, 2, 2", "valid, 3, 2, 1, 2", "same, 3, 3, 2, 1", "valid, 1, 1, 1, 1",
      "same, 3, 3, 1, 1"})
  void pooling2dMatchesTheDefinition(String padding, int ph, int pw, int sh, int sw) {
    float[][][][] x = random(5, 2, 5, 7, 2);
    for (boolean max : new boolean[] {true, false}) {
      Layer layer = max
          ? new MaxPooling2D(ph, pw).strides(sh, sw).padding(padding).inputShape(5, 7, 2)
          : new AveragePooling2D(ph, pw).strides(sh, sw).padding(padding).inputShape(5, 7, 2);
      assertClose(ConvReference.pool2d(x, max, new int[] {ph, pw}, new int[] {sh, sw}, padding),
          run(layer, StdArrays.ndCopyOf(x), null));
    }
  }

  @Test
  void pooling1dMatchesTheDefinition() {
    float[][][] x = {{{1, -1}, {3, -2}, {2, -5}, {5, 0}, {4, 1}}};
    FloatNdArray max = run(new MaxPooling1D().inputShape(5, 2), StdArrays.ndCopyOf(x), null);
    assertEquals(Shape.of(1, 2, 2), Shape.of(max.shape()));
    assertEquals(3f, max.getFloat(0, 0, 0));
    assertEquals(-1f, max.getFloat(0, 0, 1));
    assertEquals(5f, max.getFloat(0, 1, 0));
    FloatNdArray avg = run(new AveragePooling1D(2).padding("same").inputShape(5, 2), StdArrays.ndCopyOf(x), null);
    assertEquals(Shape.of(1, 3, 2), Shape.of(avg.shape()));
    assertEquals(2f, avg.getFloat(0, 0, 0));
    assertEquals(3.5f, avg.getFloat(0, 1, 0));
    assertEquals(4f, avg.getFloat(0, 2, 0));
    assertEquals(1f, avg.getFloat(0, 2, 1));
    FloatNdArray strided = run(new MaxPooling1D(3).strides(1).inputShape(5, 2), StdArrays.ndCopyOf(x), null);
    assertEquals(Shape.of(1, 3, 2), Shape.of(strided.shape()));
    assertEquals(5f, strided.getFloat(0, 2, 0));
  }

  @Test
  void globalPoolingPaddingAndUpSampling() {
    var x = StdArrays.ndCopyOf(count(2, 3));
    FloatNdArray avg = run(new GlobalAveragePooling2D().inputShape(2, 3, 1), x, null);
    assertEquals(Shape.of(1, 1), Shape.of(avg.shape()));
    assertEquals(3.5f, avg.getFloat(0, 0));
    FloatNdArray max = run(new GlobalMaxPooling2D().keepdims(true).inputShape(2, 3, 1), x, null);
    assertEquals(Shape.of(1, 1, 1, 1), Shape.of(max.shape()));
    assertEquals(6f, max.getFloat(0, 0, 0, 0));
    float[][][] seq = {{{1, 2}, {3, 6}}};
    FloatNdArray avg1 = run(new GlobalAveragePooling1D().inputShape(2, 2), StdArrays.ndCopyOf(seq), null);
    assertEquals(2f, avg1.getFloat(0, 0));
    assertEquals(4f, avg1.getFloat(0, 1));
    FloatNdArray max1 = run(new GlobalMaxPooling1D().inputShape(2, 2), StdArrays.ndCopyOf(seq), null);
    assertEquals(6f, max1.getFloat(0, 1));

    assertClose(literal(new double[][] {{0, 0, 0, 0, 0}, {0, 1, 2, 3, 0}, {0, 4, 5, 6, 0}, {0, 0, 0, 0, 0}}),
        run(new ZeroPadding2D().inputShape(2, 3, 1), x, null));
    assertClose(literal(new double[][] {{0, 0, 1, 2, 3}, {0, 0, 4, 5, 6}, {0, 0, 0, 0, 0}}),
        run(new ZeroPadding2D(new int[][] {{0, 1}, {2, 0}}).inputShape(2, 3, 1), x, null));
    assertClose(literal(new double[][] {{1, 1, 1, 2, 2, 2, 3, 3, 3}, {1, 1, 1, 2, 2, 2, 3, 3, 3},
        {4, 4, 4, 5, 5, 5, 6, 6, 6}, {4, 4, 4, 5, 5, 5, 6, 6, 6}}),
        run(new UpSampling2D(2, 3).inputShape(2, 3, 1), x, null));
  }

  // ---------------------------------------------------------------- Keras's shapes and counts

  /** Seed 001's CNN: Keras's summary shows these output shapes and 34,826 parameters. */
  @Test
  void seed001CnnHasKerasShapesAndParameterCounts() {
    try (var model = new Sequential(
        new Conv2D(32, 3).activation("relu").inputShape(28, 28, 1),
        new MaxPooling2D(2),
        new Conv2D(64, 3).activation("relu"),
        new MaxPooling2D(2),
        new Flatten(),
        new Dropout(0.5),
        new Dense(10, "softmax"))) {
      long[] params = {320, 0, 18_496, 0, 0, 0, 16_010};
      Shape[] shapes = {
          Shape.of(Shape.UNKNOWN, 26, 26, 32), Shape.of(Shape.UNKNOWN, 13, 13, 32), Shape.of(Shape.UNKNOWN, 11, 11, 64),
          Shape.of(Shape.UNKNOWN, 5, 5, 64), Shape.of(Shape.UNKNOWN, 1600), Shape.of(Shape.UNKNOWN, 1600),
          Shape.of(Shape.UNKNOWN, 10)};
      String[] names = {"conv2d", "max_pooling2d", "conv2d_1", "max_pooling2d_1"};
      for (int i = 0; i < params.length; i++) {
        Layer layer = model.layers().get(i);
        assertEquals(params[i], layer.countParams(), layer.name());
        assertEquals(shapes[i], layer.outputShape(), layer.name());
        if (i < names.length) {
          assertTrue(layer.name().matches(names[i].replace("_1", "") + "(_\\d+)?"), layer.name());
        }
      }
      assertEquals(List.of(Shape.of(3, 3, 1, 32), Shape.of(32)),
          model.layers().get(0).weights().stream().map(v -> v.shape()).toList());
      assertEquals(34_826, model.countParams());
      List<String> lines = new ArrayList<>();
      model.summary(lines::add);
      String text = String.join("\n", lines);
      assertTrue(text.contains("Total params: 34,826"), text);
      assertTrue(text.contains("(None, 26, 26, 32)"), text);
      assertTrue(text.contains("18,496"), text);
    }
  }

  // ---------------------------------------------------------------- errors

  @Test
  void kernelLargerThanTheInputFailsNamingLayerShapeAndKernel() {
    var e = assertThrows(IllegalArgumentException.class,
        () -> new Sequential(new Conv2D(4, 5).name("big").inputShape(3, 3, 1)).close());
    assertTrue(e.getMessage().contains("\"big\"") && e.getMessage().contains("(None, 3, 3, 1)")
        && e.getMessage().contains("[5, 5]") && e.getMessage().contains("zero or negative"), e.getMessage());
    var dilated = assertThrows(IllegalArgumentException.class,
        () -> new Sequential(new Conv1D(2, 3).dilationRate(3).inputShape(6, 1)).close());
    assertTrue(dilated.getMessage().contains("dilation_rate [3]"), dilated.getMessage());
    var pool = assertThrows(IllegalArgumentException.class,
        () -> new Sequential(new MaxPooling2D(4).inputShape(3, 8, 1)).close());
    assertTrue(pool.getMessage().contains("pool_size [4, 4]") && pool.getMessage().contains("(None, 3, 8, 1)"),
        pool.getMessage());
    // The same kernel fits with "same" padding.
    new Sequential(new Conv2D(4, 5).padding("same").inputShape(3, 3, 1)).close();
  }

  @Test
  void wrongInputRankFailsWithTheShape() {
    var e = assertThrows(IllegalArgumentException.class,
        () -> new Sequential(new Conv2D(4, 3).name("c2").inputShape(28, 28)).close());
    assertTrue(e.getMessage().contains("\"c2\"") && e.getMessage().contains("expected ndim=4")
        && e.getMessage().contains("(None, 28, 28)"), e.getMessage());
    var e1 = assertThrows(IllegalArgumentException.class,
        () -> new Sequential(new Conv1D(4, 3).inputShape(28, 28, 1)).close());
    assertTrue(e1.getMessage().contains("expected ndim=3"), e1.getMessage());
    assertThrows(IllegalArgumentException.class, () -> new Sequential(new MaxPooling2D().inputShape(4, 4)).close());
    assertThrows(IllegalArgumentException.class,
        () -> new Sequential(new GlobalAveragePooling1D().inputShape(4, 4, 1)).close());
  }

  @Test
  void unknownPaddingOrDataFormatFails() {
    var padding = assertThrows(IllegalArgumentException.class, () -> new Conv2D(4, 3).padding("full"));
    assertTrue(padding.getMessage().contains("valid") && padding.getMessage().contains("\"full\""), padding.getMessage());
    assertThrows(IllegalArgumentException.class, () -> new MaxPooling2D().padding("causal"));
    assertEquals("causal", new Conv1D(4, 3).padding("causal").padding());
    assertEquals("channels_first", new Conv2D(4, 3).dataFormat("channels_first").dataFormat());
    var convFormat = assertThrows(IllegalArgumentException.class, () -> new Conv2D(4, 3).dataFormat("NCHW"));
    assertTrue(convFormat.getMessage().contains("channels_first") && convFormat.getMessage().contains("\"NCHW\""),
        convFormat.getMessage());
    var unknown = assertThrows(IllegalArgumentException.class, () -> new AveragePooling2D().dataFormat("NHWC"));
    assertTrue(unknown.getMessage().contains("channels_last"), unknown.getMessage());
    assertThrows(IllegalArgumentException.class, () -> new Conv2D(0, 3));
    assertThrows(IllegalArgumentException.class, () -> new Conv2D(4, 3, 3, 3));
    assertThrows(IllegalArgumentException.class, () -> new UpSampling2D().interpolation("bicubic"));
    var both = assertThrows(IllegalArgumentException.class,
        () -> new Sequential(new Conv2D(4, 3).strides(2).dilationRate(2).inputShape(9, 9, 1)).close());
    assertTrue(both.getMessage().contains("dilation_rate"), both.getMessage());
  }

  // ---------------------------------------------------------------- saving

  @Test
  void convAndPoolingLayersRoundTripThroughKerasFiles() {
    float[][][][] x = random(7, 3, 8, 8, 2);
    try (var model = new Sequential(
        new ZeroPadding2D(1, 2).inputShape(8, 8, 2),
        new Conv2D(4, 3, 2).strides(1, 2).padding("same").activation("tanh").kernelInitializer("he_normal"),
        new MaxPooling2D(2).strides(1),
        new Conv2D(3, 2).dilationRate(2).useBias(false),
        new AveragePooling2D(2).padding("same"),
        new UpSampling2D(2),
        new GlobalMaxPooling2D().keepdims(true),
        new GlobalAveragePooling2D(),
        new Dense(2))) {
      FloatNdArray expected = model.predict(StdArrays.ndCopyOf(x), p -> p.verbose(0));
      Path file = dir.resolve("cnn.keras");
      model.save(file.toString());
      try (Model loaded = Models.loadModel(file.toString())) {
        FloatNdArray actual = loaded.predict(StdArrays.ndCopyOf(x), p -> p.verbose(0));
        assertEquals(expected, actual);
        Conv2D conv = (Conv2D) loaded.layers().get(1);
        assertEquals(List.of(3, 2), conv.getConfig().get("kernel_size"));
        assertEquals(List.of(1, 2), conv.getConfig().get("strides"));
        assertEquals("same", conv.padding());
        assertEquals("channels_last", conv.getConfig().get("data_format"));
        assertEquals(List.of(2, 2), loaded.layers().get(3).getConfig().get("dilation_rate"));
        assertEquals(List.of(1, 1), loaded.layers().get(2).getConfig().get("strides"));
        assertEquals(List.of(List.of(1, 1), List.of(2, 2)), loaded.layers().get(0).getConfig().get("padding"));
        assertEquals(true, loaded.layers().get(6).getConfig().get("keepdims"));
      }
    }
    try (var model = new Sequential(
        new Conv1D(4, 3).padding("causal").inputShape(10, 3),
        new MaxPooling1D(),
        new AveragePooling1D(2).strides(1),
        new GlobalMaxPooling1D(),
        new Dense(1))) {
      float[][][] seq = random(8, 1, 4, 10, 3)[0];
      FloatNdArray expected = model.predict(StdArrays.ndCopyOf(seq), p -> p.verbose(0));
      Path file = dir.resolve("seq.keras");
      model.save(file.toString());
      try (Model loaded = Models.loadModel(file.toString())) {
        assertEquals(expected, loaded.predict(StdArrays.ndCopyOf(seq), p -> p.verbose(0)));
        assertEquals("causal", ((Conv1D) loaded.layers().get(0)).padding());
      }
    }
  }
}
