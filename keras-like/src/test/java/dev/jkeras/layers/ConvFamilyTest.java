package dev.jkeras.layers;

import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.jkeras.KerasTensor;
import dev.jkeras.backend.Backends;
import dev.jkeras.backend.GraphFunction;
import dev.jkeras.backend.ModelGraph;
import dev.jkeras.backend.Variable;
import dev.jkeras.initializers.GlorotUniform;
import dev.jkeras.models.Sequential;
import dev.jkeras.ops.Ops;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.function.Supplier;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.function.Executable;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.tensorflow.ndarray.FloatNdArray;
import org.tensorflow.ndarray.NdArray;
import org.tensorflow.ndarray.NdArrays;
import org.tensorflow.ndarray.Shape;
import org.tensorflow.ndarray.buffer.DataBuffers;

/**
 * Issue 17's convolution family (depthwise, separable, transposed 2-D/3-D, Conv3D, groups,
 * channels_first): graph gradients equal central finite differences, each layer trains in a small
 * model, and bad arguments are clear errors.
 */
class ConvFamilyTest {
  private static final float H = 1e-2f;

  /** A case: the layer under test and its input shape (batch first). */
  private record Case(Supplier<AbstractConv<?>> layer, int... shape) {}

  private static Case testCase(String name) {
    return switch (name) {
      case "depthwise_conv2d" -> new Case(() -> new DepthwiseConv2D(3).depthMultiplier(2).padding("same")
          .strides(2), 2, 5, 5, 2);
      case "depthwise_conv2d_unequal_strides" -> new Case(() -> new DepthwiseConv2D(2, 3).strides(2, 1),
          2, 5, 6, 2);
      case "depthwise_conv2d_dilated_channels_first" -> new Case(() -> new DepthwiseConv2D(2).dilationRate(2)
          .dataFormat("channels_first"), 2, 2, 5, 5);
      case "depthwise_conv1d" -> new Case(() -> new DepthwiseConv1D(3).depthMultiplier(2).strides(2), 2, 7, 2);
      case "separable_conv2d" -> new Case(() -> new SeparableConv2D(3, 3).depthMultiplier(2).activation("tanh"),
          2, 5, 5, 2);
      case "separable_conv1d_same_dilated" -> new Case(() -> new SeparableConv1D(2, 2).dilationRate(2)
          .padding("same"), 2, 6, 3);
      case "conv2d_transpose_same_strides" -> new Case(() -> new Conv2DTranspose(2, 3).strides(2).padding("same")
          .outputPadding(1, 0), 2, 3, 3, 2);
      case "conv2d_transpose_dilated_channels_first" -> new Case(() -> new Conv2DTranspose(2, 2).dilationRate(2)
          .dataFormat("channels_first"), 2, 2, 3, 3);
      case "conv3d_same_strides" -> new Case(() -> new Conv3D(2, 2).strides(2, 1, 1).padding("same"), 2, 4, 3, 3, 2);
      case "conv3d_dilated_groups" -> new Case(() -> new Conv3D(4, 2).dilationRate(1, 2, 1).groups(2),
          2, 3, 4, 3, 2);
      case "conv3d_transpose_strides" -> new Case(() -> new Conv3DTranspose(2, 2).strides(2), 2, 2, 2, 2, 2);
      case "conv2d_groups_same" -> new Case(() -> new Conv2D(4, 3).groups(2).padding("same"), 2, 4, 4, 2);
      case "conv1d_groups_channels_first" -> new Case(() -> new Conv1D(4, 2).groups(2).dataFormat("channels_first"),
          2, 2, 6);
      default -> throw new IllegalArgumentException(name);
    };
  }

  /** Seeded kernels, so the check is deterministic. */
  private static AbstractConv<?> seeded(AbstractConv<?> layer, int seed) {
    if (layer instanceof BaseConv<?> conv) {
      conv.kernelInitializer(new GlorotUniform(seed));
    } else if (layer instanceof BaseDepthwiseConv<?> depthwise) {
      depthwise.depthwiseInitializer(new GlorotUniform(seed));
    } else if (layer instanceof BaseSeparableConv<?> separable) {
      separable.depthwiseInitializer(new GlorotUniform(seed)).pointwiseInitializer(new GlorotUniform(seed + 1));
    }
    return layer.biasInitializer("random_normal");
  }

  private static FloatNdArray random(long seed, int... shape) {
    long[] dims = new long[shape.length];
    long size = 1;
    for (int i = 0; i < shape.length; i++) {
      dims[i] = shape[i];
      size *= shape[i];
    }
    Random random = new Random(seed);
    float[] values = new float[(int) size];
    for (int i = 0; i < values.length; i++) {
      values[i] = (float) random.nextGaussian();
    }
    return NdArrays.wrap(Shape.of(dims), DataBuffers.of(values, true, false));
  }

  /**
   * The layer after a 1x1 convolution (whose kernel's gradient flows through the layer's input gradient):
   * every weight's graph gradient of {@code sum(y^2 + y)} equals central finite differences.
   */
  @ParameterizedTest
  @ValueSource(strings = {"depthwise_conv2d", "depthwise_conv2d_unequal_strides",
      "depthwise_conv2d_dilated_channels_first", "depthwise_conv1d", "separable_conv2d",
      "separable_conv1d_same_dilated", "conv2d_transpose_same_strides", "conv2d_transpose_dilated_channels_first",
      "conv3d_same_strides", "conv3d_dilated_groups", "conv3d_transpose_strides", "conv2d_groups_same",
      "conv1d_groups_channels_first"})
  void gradientsMatchFiniteDifferences(String name) {
    Case c = testCase(name);
    FloatNdArray x = random(11, c.shape());
    try (ModelGraph graph = Backends.get().newGraph("conv_family_grad")) {
      List<Layer> layers = new ArrayList<>();
      GraphFunction[] loss = new GraphFunction[1];
      GraphFunction f = graph.trace(() -> {
        AbstractConv<?> layer = seeded(c.layer().get(), 41);
        int rank = c.shape().length - 2;
        boolean first = layer.dataFormat().equals("channels_first");
        AbstractConv<?> mix = seeded(switch (rank) {
          case 1 -> new Conv1D(c.shape()[first ? 1 : 2], 1);
          case 2 -> new Conv2D(c.shape()[first ? 1 : 3], 1);
          default -> new Conv3D(c.shape()[first ? 1 : 4], 1);
        }, 37).dataFormat(layer.dataFormat());
        layers.add(mix);
        layers.add(layer);
        KerasTensor y = Ops.convertToTensor(x);
        for (Layer l : layers) {
          y = l.apply(y);
        }
        KerasTensor l = Ops.sum(Ops.add(Ops.square(y), y));
        List<KerasTensor> outputs = new ArrayList<>();
        outputs.add(l);
        List<Variable> weights = new ArrayList<>();
        layers.forEach(each -> weights.addAll(each.weights()));
        for (KerasTensor g : graph.gradients(l, weights)) {
          assertNotNull(g, "a weight has no gradient");
          outputs.add(g);
        }
        loss[0] = graph.function(List.of(), List.of(l), List.of());
        return graph.function(List.of(), outputs, List.of());
      });
      List<Variable> weights = new ArrayList<>();
      layers.forEach(layer -> weights.addAll(layer.weights()));
      List<NdArray<?>> results = f.call(List.of());
      double worst = 0;
      for (int w = 0; w < weights.size(); w++) {
        Variable variable = weights.get(w);
        FloatNdArray value = (FloatNdArray) variable.read();
        FloatNdArray grad = (FloatNdArray) results.get(w + 1);
        float[] flat = new float[(int) value.size()];
        value.copyTo(DataBuffers.of(flat, false, false));
        for (int i = 0; i < flat.length; i++) {
          float original = flat[i];
          flat[i] = original + H;
          variable.write(NdArrays.wrap(value.shape(), DataBuffers.of(flat.clone(), true, false)));
          double plus = ((FloatNdArray) loss[0].call(List.of()).get(0)).getFloat();
          flat[i] = original - H;
          variable.write(NdArrays.wrap(value.shape(), DataBuffers.of(flat.clone(), true, false)));
          double minus = ((FloatNdArray) loss[0].call(List.of()).get(0)).getFloat();
          flat[i] = original;
          variable.write(NdArrays.wrap(value.shape(), DataBuffers.of(flat.clone(), true, false)));
          double numeric = (plus - minus) / (2 * H);
          double analytic = grad.getFloat(unflatten(i, value.shape().asArray()));
          worst = Math.max(worst, Math.abs(analytic - numeric) / Math.max(1, Math.abs(numeric)));
        }
      }
      assertTrue(worst < 5e-3, name + ": worst relative gradient error " + worst);
    }
  }

  private static long[] unflatten(long index, long[] shape) {
    long[] coords = new long[shape.length];
    for (int d = shape.length - 1; d >= 0; d--) {
      coords[d] = index % shape[d];
      index /= shape[d];
    }
    return coords;
  }

  /** Each layer in a small regression model: fit lowers the loss toward a fixed random teacher's targets. */
  @ParameterizedTest
  @ValueSource(strings = {"depthwise_conv2d", "depthwise_conv1d", "separable_conv2d", "separable_conv1d_same_dilated",
      "conv2d_transpose_same_strides", "conv2d_transpose_dilated_channels_first", "conv3d_same_strides",
      "conv3d_dilated_groups", "conv3d_transpose_strides", "conv2d_groups_same", "conv1d_groups_channels_first",
      "depthwise_conv2d_dilated_channels_first"})
  void aSmallModelTrains(String name) {
    Case c = testCase(name);
    int[] shape = c.shape().clone();
    shape[0] = 64;
    FloatNdArray x = random(5, shape);
    long[] single = new long[shape.length - 1];
    for (int i = 1; i < shape.length; i++) {
      single[i - 1] = shape[i];
    }
    int[] inputShape = java.util.Arrays.stream(single).mapToInt(Math::toIntExact).toArray();
    FloatNdArray y = NdArrays.ofFloats(Shape.of(64, 1));
    float[] flat = new float[(int) x.size()];
    x.copyTo(DataBuffers.of(flat, false, false));
    int per = flat.length / 64;
    for (int i = 0; i < 64; i++) {
      double t = 0;
      for (int j = 0; j < per; j++) {
        t += Math.sin(j) * flat[i * per + j];
      }
      y.setFloat((float) (t / Math.sqrt(per)), i, 0);
    }
    try (var model = new Sequential(dev.jkeras.layers.Input.of(inputShape), seeded(c.layer().get(), 3),
        new Flatten(), new Dense(1))) {
      model.compile(new dev.jkeras.optimizers.Adam(0.01), "mse");
      var history = model.fit(x, y, fit -> fit.epochs(15).batchSize(16).verbose(0));
      List<Double> losses = history.history().get("loss");
      assertTrue(losses.get(losses.size() - 1) < 0.6 * losses.get(0), name + ": loss " + losses);
    }
  }

  /** With unknown spatial sizes (strides 1) the transposed convolutions compute what they compute with known ones. */
  @Test
  void transposedConvolutionsTakeUnknownSpatialSizes() {
    FloatNdArray x = random(9, 2, 4, 5, 2);
    try (var known = new Sequential(Input.of(4, 5, 2), seeded(new Conv2DTranspose(3, 3).dilationRate(2), 5));
        var unknown = new Sequential(Input.of(-1, -1, 2), new Conv2DTranspose(3, 3).dilationRate(2)
            .padding("same"));
        var unknownValid = new Sequential(Input.of(-1, -1, 2), new Conv2DTranspose(3, 3).dilationRate(2));
        var knownSame = new Sequential(Input.of(4, 5, 2), new Conv2DTranspose(3, 3).dilationRate(2)
            .padding("same"))) {
      unknownValid.setWeights(known.getWeights());
      knownSame.setWeights(known.getWeights());
      unknown.setWeights(known.getWeights());
      assertClose(known.predict(x, p -> p.verbose(0)), unknownValid.predict(x, p -> p.verbose(0)));
      assertClose(knownSame.predict(x, p -> p.verbose(0)), unknown.predict(x, p -> p.verbose(0)));
    }
  }

  /** The README's example, as written there. */
  @Test
  void readmeExampleBuildsAndRuns() {
    try (var model = new Sequential(
            Input.of(32, 32, 3),
            new SeparableConv2D(32, 3).depthMultiplier(2).padding("same").activation("relu"),
            new DepthwiseConv2D(3).strides(2).padding("same"),
            new Conv2D(64, 1).groups(2).activation("relu"),
            new Conv2DTranspose(16, 3).strides(2).padding("same"),
            new Conv2D(3, 1).activation("sigmoid"));
        var volumes = new Sequential(
            Input.of(1, 16, 16, 16),
            new Conv3D(8, 3).dataFormat("channels_first").activation("relu"),
            new Conv3DTranspose(1, 3).dataFormat("channels_first"))) {
      org.junit.jupiter.api.Assertions.assertEquals(Shape.of(2, 32, 32, 3),
          model.predict(random(1, 2, 32, 32, 3), p -> p.verbose(0)).shape());
      org.junit.jupiter.api.Assertions.assertEquals(Shape.of(2, 1, 16, 16, 16),
          volumes.predict(random(1, 2, 1, 16, 16, 16), p -> p.verbose(0)).shape());
    }
  }

  /** A model of the new layers, exported as a SavedModel, serves what predict gives. */
  @Test
  void exportedModelServesWhatPredictGives(@org.junit.jupiter.api.io.TempDir java.nio.file.Path dir) {
    FloatNdArray x = random(4, 3, 2, 6, 6, 4);
    try (var model = new Sequential(Input.of(2, 6, 6, 4),
        new Conv3D(4, 2).groups(2).dataFormat("channels_first").activation("relu"),
        new Conv3DTranspose(2, 2).strides(2).padding("same").dataFormat("channels_first"),
        new Reshape(20, 10, 6),
        new SeparableConv2D(3, 3).depthMultiplier(2),
        new DepthwiseConv2D(2).dataFormat("channels_first"),
        new Conv2DTranspose(2, 3).strides(2).outputPadding(1),
        new Flatten(), new Dense(2))) {
      FloatNdArray expected = model.predict(x, p -> p.verbose(0));
      java.nio.file.Path exported = dir.resolve("exported/1");
      model.export(exported.toString());
      try (dev.jkeras.backend.ImportedModel served = dev.jkeras.saving.SavedModels.load(exported)) {
        String input = served.signatures().get("serving_default").inputs().keySet().iterator().next();
        FloatNdArray actual = (FloatNdArray) served.call("serving_default", java.util.Map.of(input, x))
            .get(model.outputNames().get(0));
        assertClose(expected, actual);
      }
    }
  }

  private static void assertClose(FloatNdArray expected, FloatNdArray actual) {
    org.junit.jupiter.api.Assertions.assertEquals(expected.shape(), actual.shape());
    float[] e = new float[(int) expected.size()];
    float[] a = new float[(int) actual.size()];
    expected.copyTo(DataBuffers.of(e, false, false));
    actual.copyTo(DataBuffers.of(a, false, false));
    for (int i = 0; i < e.length; i++) {
      assertTrue(Math.abs(e[i] - a[i]) < 1e-4, "element " + i + ": " + a[i] + ", expected " + e[i]);
    }
  }

  private static void assertRefused(String expectedPart, Executable action) {
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class, action);
    StringBuilder all = new StringBuilder();
    for (Throwable t = e; t != null; t = t.getCause()) {
      all.append(t.getMessage()).append('\n');
    }
    assertTrue(all.toString().contains(expectedPart), "expected \"" + expectedPart + "\" in: " + all);
  }

  @Test
  void badArgumentsAreClearErrors() {
    assertRefused("`kernel_size` must be an integer or a tuple of 2", () -> new DepthwiseConv2D(3, 3, 3));
    assertRefused("positive integers", () -> new DepthwiseConv2D(0));
    assertRefused("positive integers", () -> new SeparableConv2D(2, 3).strides(0));
    assertRefused("`depth_multiplier`", () -> new DepthwiseConv2D(3).depthMultiplier(0));
    assertRefused("`depth_multiplier`", () -> new SeparableConv1D(2, 3).depthMultiplier(-1));
    assertRefused("`filters`", () -> new SeparableConv2D(0, 3));
    assertRefused("`filters`", () -> new Conv3DTranspose(-2, 3));
    assertRefused("`kernel_size` must be an integer or a tuple of 3", () -> new Conv3D(2, 3, 3));
    assertRefused("groups must be a positive integer", () -> new Conv2D(4, 3).groups(0));
    assertRefused("filters must be evenly divisible by the number of groups", () -> new Conv2D(4, 3).groups(3));
    assertRefused("input channels must be evenly divisible by the number of groups",
        () -> new Conv2D(4, 3).groups(2).apply(Input.of(5, 5, 3)));
    assertRefused("no `groups` argument", () -> new Conv2DTranspose(4, 3).groups(2));
    assertRefused("`data_format` argument must be one of", () -> new DepthwiseConv2D(3).dataFormat("NCHW"));
    assertRefused("`padding` argument must be one of", () -> new SeparableConv1D(2, 3).padding("causal"));
    assertRefused("`padding` argument must be one of", () -> new Conv3D(2, 3).padding("full"));
    assertRefused("expected ndim=5", () -> new Conv3D(2, 2).apply(Input.of(4, 4, 2)));
    assertRefused("expected ndim=4 (batch, channels, height, width)",
        () -> new DepthwiseConv2D(2).dataFormat("channels_first").apply(Input.of(4, 2)));
    assertRefused("expected ndim=3", () -> new SeparableConv1D(2, 2).apply(Input.of(4, 4, 2)));
    assertRefused("needs a known channel dimension (axis 1",
        () -> new SeparableConv2D(2, 2).dataFormat("channels_first").apply(Input.of(-1, 4, 4)));
    assertRefused("needs a known channel dimension (axis -1",
        () -> new DepthwiseConv1D(2).apply(Input.of(4, -1)));
    assertRefused("computed output size would be zero or negative",
        () -> new DepthwiseConv2D(5).apply(Input.of(4, 4, 2)));
    assertRefused("computed output size would be zero or negative",
        () -> new Conv3D(2, 3).dataFormat("channels_first").apply(Input.of(2, 4, 2, 4)));
    assertRefused("strides > 1 are not supported together with dilation_rate > 1",
        () -> new Conv3D(2, 2).strides(2).dilationRate(2).apply(Input.of(6, 6, 6, 1)));
    assertRefused("strictly less than `strides`",
        () -> new Conv2DTranspose(2, 3).strides(2).outputPadding(2, 1).apply(Input.of(4, 4, 1)));
    assertRefused("needs known spatial sizes",
        () -> new Conv3DTranspose(2, 3).strides(2).apply(Input.of(4, -1, 4, 1)));
    assertRefused("`output_padding` must be an integer or a tuple of 3", () -> new Conv3DTranspose(2, 3)
        .outputPadding(1, 1));
  }

  @Test
  void opsRefuseMismatchedKernels() {
    try (ModelGraph graph = Backends.get().newGraph("conv_family_ops")) {
      graph.trace(() -> {
        KerasTensor x = Ops.convertToTensor(random(1, 1, 5, 5, 4));
        assertRefused("must be a multiple of the kernel's input channels",
            () -> Ops.conv(x, Ops.convertToTensor(random(2, 3, 3, 3, 2)), new int[] {1}, "valid", "channels_last",
                new int[] {1}));
        assertRefused("needs output channels divisible by 2",
            () -> Ops.conv(x, Ops.convertToTensor(random(2, 3, 3, 2, 3)), new int[] {1}, "valid", "channels_last",
                new int[] {1}));
        assertRefused("is for 3 input channels", () -> Ops.depthwiseConv(x, Ops.convertToTensor(random(2, 3, 3, 3, 1)),
            new int[] {1}, "valid", "channels_last", new int[] {1}));
        assertRefused("depthwise_conv supports inputs of rank 3 (1-D) or 4 (2-D)",
            () -> Ops.depthwiseConv(Ops.convertToTensor(random(1, 1, 3, 3, 3, 2)),
                Ops.convertToTensor(random(2, 2, 2, 2, 2, 1)), new int[] {1}, "valid", "channels_last", new int[] {1}));
        assertRefused("a kernel for inputs of shape", () -> Ops.convTranspose(x, Ops.convertToTensor(random(2, 3, 3, 4)),
            new int[] {1}, "valid", null, "channels_last", new int[] {1}));
        assertRefused("takes 2 input channels", () -> Ops.convTranspose(x, Ops.convertToTensor(random(2, 3, 3, 1, 2)),
            new int[] {1}, "valid", null, "channels_last", new int[] {1}));
        assertRefused("output_padding must be strictly less than strides", () -> Ops.convTranspose(x,
            Ops.convertToTensor(random(2, 3, 3, 1, 4)), new int[] {2}, "same", new int[] {2}, "channels_last",
            new int[] {1}));
        assertRefused("data_format must be", () -> Ops.conv(x, Ops.convertToTensor(random(2, 3, 3, 4, 2)),
            new int[] {1}, "valid", "NHWC", new int[] {1}));
        return null;
      });
    }
  }
}
