package dev.jkeras.layers;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.jkeras.KerasTensor;
import dev.jkeras.Shape;
import dev.jkeras.models.Model;
import dev.jkeras.models.Sequential;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.function.Executable;
import org.tensorflow.ndarray.FloatNdArray;
import org.tensorflow.ndarray.NdArrays;

/**
 * The non-convolution layers of issue 17 beyond {@link LayerContractTest}, which judges their outputs, configs,
 * weights and masks against Keras: hostile arguments and inputs give clear errors, 3-D pooling on inputs of unknown
 * spatial size, and the training-mode behaviour of the random layers (SpatialDropout3D, AlphaDropout).
 */
class NonConvLayersTest {

  private static String rootMessage(Throwable e) {
    StringBuilder all = new StringBuilder();
    for (Throwable t = e; t != null; t = t.getCause()) {
      all.append(t.getMessage()).append('\n');
    }
    return all.toString();
  }

  private static void assertRefused(String expectedPart, Executable action) {
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class, action);
    assertTrue(rootMessage(e).contains(expectedPart), "expected \"" + expectedPart + "\" in: " + rootMessage(e));
  }

  @Test
  void badActivationAndNormalizationArgumentsAreClearErrors() {
    assertRefused("max_value of a ReLU layer cannot be a negative", () -> new ReLU().maxValue(-1.0));
    assertRefused("negative_slope of a ReLU layer cannot be a negative", () -> new ReLU().negativeSlope(-0.1));
    assertRefused("threshold of a ReLU layer cannot be a negative", () -> new ReLU().threshold(Double.NaN));
    assertRefused("at least one axis", () -> new Softmax().axis(new int[0]));
    assertRefused("at least one axis", () -> new UnitNormalization().axis(new int[0]));
    assertRefused("at least one axis", () -> new RMSNormalization().axis(new int[0]));
    assertRefused("epsilon must be >= 0", () -> new RMSNormalization().epsilon(-1));
    assertRefused("expected a positive integer (or `-1`", () -> new GroupNormalization(0));
    assertRefused("expected a positive integer (or `-1`", () -> new GroupNormalization(-2));
  }

  @Test
  void badAxesAreClearErrors() {
    assertRefused("axis 3 is out of bounds", () -> new Softmax(3).apply(Input.of(4, 2)));
    assertRefused("axis -4 is out of bounds", () -> new UnitNormalization().axis(1, -4).apply(Input.of(4, 2)));
    assertRefused("duplicate axes", () -> new RMSNormalization().axis(1, -1).apply(Input.of(4)));
    assertRefused("needs a known dimension on axis 1", () -> new RMSNormalization().axis(1).apply(Input.of(-1, 3)));
    assertRefused("is the batch axis", () -> new GroupNormalization(1).axis(0).apply(Input.of(4)));
    assertRefused("should have a defined dimension", () -> new GroupNormalization(1).axis(1).apply(Input.of(-1, 3)));
  }

  @Test
  void groupsMustDivideTheChannels() {
    assertRefused("must be a multiple of the number of groups (4)",
        () -> new GroupNormalization(4).apply(Input.of(5, 6)));
    assertRefused("cannot be more than the number of channels (6)",
        () -> new GroupNormalization(32).apply(Input.of(5, 6)));
    KerasTensor instance = new GroupNormalization(-1).apply(Input.of(5, 6));
    assertEquals(dev.jkeras.Shape.of(-1, 5, 6), instance.shape());
  }

  @Test
  void groupNormalizationOnUnknownSpatialSizesAgreesWithKnownOnes() {
    FloatNdArray x = normals(9, 2, 3, 5, 4);
    float[][] results = new float[2][];
    java.util.List<org.tensorflow.ndarray.NdArray<?>> weights = null;
    for (int run = 0; run < 2; run++) {
      GroupNormalization layer = new GroupNormalization(2).gammaInitializer(dev.jkeras.initializers.Initializers
          .get("random_normal")).betaInitializer(dev.jkeras.initializers.Initializers.get("random_normal"));
      try (Model model = new Sequential(run == 0 ? Input.of(3, 5, 4) : Input.of(-1, -1, 4), layer)) {
        if (weights == null) {
          weights = layer.getWeights();
        } else {
          layer.setWeights(weights);
        }
        results[run] = flat(model.predict(x, p -> p.verbose(0)));
      }
    }
    org.junit.jupiter.api.Assertions.assertArrayEquals(results[0], results[1], 1e-5f);
  }

  @Test
  void dotChecksItsInputsAndAxes() {
    assertRefused("axis values 3 (at axis 1) != 4 (at axis 1)",
        () -> Layers.dot(Input.of(3), Input.of(4), 1));
    assertRefused("is the batch axis", () -> new Dot(0).apply(Input.of(3), Input.of(3)));
    assertRefused("is out of bounds for rank 2", () -> new Dot(1, 2).apply(Input.of(3), Input.of(3)));
    assertRefused("should be called on a list of 2 inputs",
        () -> new Dot(1).apply(Input.of(3), Input.of(3), Input.of(3)));
    assertRefused("got 1: [(None, 3)]", () -> new Dot(1).apply(Input.of(3)));
    assertEquals(dev.jkeras.Shape.of(-1, 1), Layers.dot(Input.of(3), Input.of(3), -1).shape());
    assertEquals(dev.jkeras.Shape.of(-1, 5, 2), new Dot(1, 2).apply(Input.of(4, 5), Input.of(2, 4)).shape());
  }

  @Test
  void softmaxMaskMustBroadcastToTheInputs() {
    KerasTensor tokens = Input.of(dev.jkeras.DType.INT32, 4);
    KerasTensor embedded = new Embedding(5, 3).maskZero(true).apply(tokens);
    assertRefused("the `mask` must be broadcastable to `inputs`", () -> new Softmax().apply(embedded));
    KerasTensor square = new Embedding(5, 4).maskZero(true).apply(tokens);
    assertEquals(dev.jkeras.Shape.of(-1, 4, 4), new Softmax().apply(square).shape());
  }

  // ------------------------------------------------------------------ 3-D and channels-first layers (part 2)

  @Test
  void badDataFormatsAndRanksAreClearErrors() {
    assertRefused("must be one of [channels_first, channels_last], got \"nchw\"",
        () -> new MaxPooling3D().dataFormat("nchw"));
    assertRefused("must be one of [channels_first, channels_last]", () -> new GlobalAveragePooling1D().dataFormat("x"));
    assertRefused("must be one of [channels_first, channels_last]", () -> new Cropping3D().dataFormat(""));
    assertRefused("must be one of [channels_first, channels_last]", () -> new SpatialDropout3D(0.1).dataFormat("y"));
    assertRefused("expected ndim=5 (batch, channels, depth, height, width)",
        () -> new MaxPooling3D().dataFormat("channels_first").apply(Input.of(4, 4, 4)));
    assertRefused("expected ndim=5 (batch, depth, height, width, channels)",
        () -> new GlobalMaxPooling3D().apply(Input.of(4, 4, 4)));
    assertRefused("expected ndim=5", () -> new Cropping3D().apply(Input.of(4, 4)));
    assertRefused("expected ndim=5", () -> new ZeroPadding3D().apply(Input.of(4, 4, 4, 4, 4)));
    assertRefused("expected ndim=5", () -> new UpSampling3D().apply(Input.of(4)));
    assertRefused("expected ndim=5", () -> new SpatialDropout3D(0.2).apply(Input.of(4, 4, 4)));
    assertRefused("expected ndim=3 (batch, channels, steps)",
        () -> new ZeroPadding1D().dataFormat("channels_first").apply(Input.of(4)));
  }

  @Test
  void badWindowsAndAmountsAreClearErrors() {
    assertRefused("tuple of 3 integers", () -> new MaxPooling3D(2, 2));
    assertRefused("positive integers", () -> new AveragePooling3D(2, 0, 2));
    assertRefused("positive integers", () -> new MaxPooling3D().strides(-1));
    assertRefused("pool_size [2, 2, 2] is larger than the input",
        () -> new MaxPooling3D().apply(Input.of(4, 1, 4, 3)));
    assertRefused("pool_size [3, 3, 3] is larger than the input",
        () -> new AveragePooling3D(3).dataFormat("channels_first").apply(Input.of(3, 4, 2, 4)));
    assertRefused("should have 3 elements", () -> new Cropping3D(new int[][] {{1, 1}, {1, 1}}));
    assertRefused("non-negative", () -> new Cropping3D(-1));
    assertRefused("3rd entry of padding", () -> new ZeroPadding3D(new int[][] {{1}, {1}, {1, 2, 3}}));
    assertRefused("positive", () -> new UpSampling3D(2, 0, 2));
    assertRefused("should be smaller than the corresponding spatial dimension",
        () -> new Cropping3D(1, 2, 1).apply(Input.of(4, 4, 4, 1)));
    assertRefused("needs known spatial sizes", () -> new Cropping3D().apply(Input.of(4, -1, 4, 1)));
    assertRefused("[0, 1)", () -> new SpatialDropout3D(1.0));
    assertRefused("[0, 1)", () -> new AlphaDropout(-0.1));
    assertRefused("affine correction infinite", () -> new AlphaDropout(1));
    assertRefused("positive or None", () -> new AlphaDropout(0.1).noiseShape(null, 0L));
    assertRefused("does not broadcast to the input shape",
        () -> new AlphaDropout(0.1).noiseShape(null, 2L, 3L).apply(Input.of(4, 3)));
    assertRefused("does not broadcast to the input shape",
        () -> new AlphaDropout(0.1).noiseShape(null, 1L).apply(Input.of(4, 3)));
  }

  private static FloatNdArray normals(long seed, long... shape) {
    Random random = new Random(seed);
    FloatNdArray x = NdArrays.ofFloats(org.tensorflow.ndarray.Shape.of(shape));
    x.scalars().forEach(v -> v.setFloat((float) random.nextGaussian()));
    return x;
  }

  private static float[] flat(org.tensorflow.ndarray.NdArray<?> array) {
    float[] values = new float[Math.toIntExact(array.shape().size())];
    int[] i = {0};
    array.scalars().forEach(v -> values[i[0]++] = ((Number) v.getObject()).floatValue());
    return values;
  }

  @Test
  void pooling3dOnUnknownSpatialSizesAgreesWithKnownOnes() {
    FloatNdArray x = normals(3, 2, 5, 4, 6, 3);
    for (boolean max : new boolean[] {true, false}) {
      for (String padding : new String[] {"valid", "same"}) {
        BasePooling<?> known = max ? new MaxPooling3D(2, 3, 2) : new AveragePooling3D(2, 3, 2);
        BasePooling<?> unknown = max ? new MaxPooling3D(2, 3, 2) : new AveragePooling3D(2, 3, 2);
        known.strides(2, 1, 3).padding(padding);
        unknown.strides(2, 1, 3).padding(padding);
        try (Model a = new Sequential(Input.of(5, 4, 6, 3), known);
            Model b = new Sequential(Input.of(-1, -1, -1, 3), unknown)) {
          assertEquals(Shape.of(-1, -1, -1, -1, 3), unknown.outputShape());
          float[] expected = flat(a.predict(x, p -> p.verbose(0)));
          float[] actual = flat(b.predict(x, p -> p.verbose(0)));
          org.junit.jupiter.api.Assertions.assertArrayEquals(expected, actual, 1e-6f, padding);
        }
      }
    }
  }

  @Test
  void spatialDropout3dDropsWholeChannelsInEitherFormat() {
    FloatNdArray ones = NdArrays.ofFloats(org.tensorflow.ndarray.Shape.of(40, 6, 2, 2, 2));
    ones.scalars().forEach(v -> v.setFloat(1f));
    for (String format : new String[] {"channels_last", "channels_first"}) {
      try (Model model = new Sequential(Input.of(6, 2, 2, 2), new SpatialDropout3D(0.5, 7).dataFormat(format))) {
        float[] y = flat(model.predict(ones, p -> p.verbose(0).training(true)));
        int dropped = 0;
        for (int b = 0; b < 40; b++) {
          for (int c = 0; c < (format.equals("channels_first") ? 6 : 2); c++) {
            float first = Float.NaN;
            for (int p = 0; p < 48; p++) {
              int index = b * 48 + p;
              boolean inChannel = format.equals("channels_first") ? p / 8 == c : p % 2 == c;
              if (!inChannel) {
                continue;
              }
              float v = y[index];
              if (Float.isNaN(first)) {
                first = v;
                dropped += v == 0 ? 1 : 0;
              }
              assertEquals(first, v, format + ": a channel is dropped at every voxel together");
            }
            assertTrue(first == 0 || Math.abs(first - 2) < 1e-5, "kept values are scaled by 1 / (1 - rate)");
          }
        }
        assertTrue(dropped > 0, format + ": some channels are dropped");
      }
    }
  }

  @Test
  void alphaDropoutKeepsMeanAndVarianceAndSharesDropsAlongNoiseShape() {
    FloatNdArray x = normals(5, 400, 50);
    try (Model model = new Sequential(Input.of(50), new AlphaDropout(0.2, 11))) {
      assertEquals(0, Math.abs(flat(model.predict(x, p -> p.verbose(0)))[7] - x.getFloat(0, 7)), 0.0,
          "identity at inference");
      float[] y = flat(model.predict(x, p -> p.verbose(0).training(true)));
      double mean = 0;
      double square = 0;
      for (float v : y) {
        mean += v;
        square += v * v;
      }
      mean /= y.length;
      double variance = square / y.length - mean * mean;
      assertEquals(0, mean, 0.03);
      assertEquals(1, variance, 0.05);
    }
    FloatNdArray ones = NdArrays.ofFloats(org.tensorflow.ndarray.Shape.of(20, 6, 4));
    ones.scalars().forEach(v -> v.setFloat(1f));
    try (Model model = new Sequential(Input.of(6, 4), new AlphaDropout(0.5, 3).noiseShape(null, 1L, null))) {
      float[] y = flat(model.predict(ones, p -> p.verbose(0).training(true)));
      for (int b = 0; b < 20; b++) {
        for (int t = 1; t < 6; t++) {
          for (int c = 0; c < 4; c++) {
            assertEquals(y[b * 24 + c], y[b * 24 + t * 4 + c], "the drop is shared along the axis of noise size 1");
          }
        }
      }
    }
  }
}
