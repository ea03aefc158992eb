package dev.jkeras.layers;

import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.jkeras.KerasTensor;
import dev.jkeras.backend.Backends;
import dev.jkeras.backend.GraphFunction;
import dev.jkeras.backend.ModelGraph;
import dev.jkeras.models.Sequential;
import dev.jkeras.ops.Ops;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.tensorflow.ndarray.FloatNdArray;
import org.tensorflow.ndarray.IntNdArray;
import org.tensorflow.ndarray.NdArray;
import org.tensorflow.ndarray.NdArrays;
import org.tensorflow.ndarray.Shape;
import org.tensorflow.ndarray.StdArrays;

/**
 * TensorFlow's graph gradients flow through Conv2D, Conv1D, Conv1DTranspose, MaxPool, AvgPool, Pad, the
 * crops of Cropping1D and the repeats of UpSampling1D/2D and equal central finite differences; a tiny CNN learns.
 */
class ConvGradientTest {
  private static final float H = 1e-2f;

  /** Each stack starts with a convolution, whose weights are checked through the layers after it. */
  private static List<Layer> stack(String name) {
    return switch (name) {
      case "conv_same_strided" -> List.of(new Conv2D(3, 3, 2).padding("same").strides(2, 1));
      case "conv_dilated" -> List.of(new Conv2D(2, 2).dilationRate(2, 1).activation("tanh"));
      case "conv_dilated_same" -> List.of(new Conv2D(2, 3).dilationRate(2).padding("same"));
      case "zero_padding" -> List.of(new Conv2D(2, 2), new ZeroPadding2D(1), new Conv2D(2, 2));
      case "up_sampling" -> List.of(new Conv2D(2, 2), new UpSampling2D(2, 3));
      case "average_pooling_same" -> List.of(new Conv2D(2, 2), new AveragePooling2D(3).strides(2).padding("same"));
      case "max_pooling" -> List.of(new Conv2D(2, 2), new MaxPooling2D(2));
      case "global_pooling" -> List.of(new Conv2D(2, 2), new GlobalMaxPooling2D(), new Dense(2));
      default -> throw new IllegalArgumentException(name);
    };
  }

  /** Stacks over sequences, {@code (batch, steps, channels)}. */
  private static List<Layer> stack1d(String name) {
    return switch (name) {
      case "conv1d_causal_dilated" -> List.of(new Conv1D(3, 2).padding("causal").dilationRate(2),
          new AveragePooling1D(2));
      case "conv1d_transpose_same_strided" -> List.of(new Conv1DTranspose(2, 3).strides(2).padding("same")
          .outputPadding(1).activation("tanh"));
      case "conv1d_transpose_dilated_cropped" -> List.of(new Conv1DTranspose(2, 3).dilationRate(2),
          new Cropping1D(1, 2), new ZeroPadding1D(1), new UpSampling1D(2));
      default -> throw new IllegalArgumentException(name);
    };
  }

  @ParameterizedTest
  @ValueSource(strings = {"conv1d_transpose_same_strided", "conv1d_transpose_dilated_cropped", "conv_same_strided", "conv_dilated", "conv_dilated_same", "zero_padding", "up_sampling",
      "average_pooling_same", "max_pooling", "global_pooling", "conv1d_causal_dilated"})
  void gradientsMatchFiniteDifferences(String name) {
    boolean oneD = name.startsWith("conv1d");
    float[][][][] x = ConvLayersTest.random(11, 2, 6, 5, 2);
    try (ModelGraph graph = Backends.get().newGraph("conv_grad")) {
      List<Layer> layers = new ArrayList<>();
      GraphFunction[] loss = new GraphFunction[1];
      GraphFunction f = graph.trace(() -> {
        layers.addAll(oneD ? stack1d(name) : stack(name));
        // Seeded kernels: the test is deterministic, with no max-pooling tie within the step H.
        for (int i = 0; i < layers.size(); i++) {
          if (layers.get(i) instanceof BaseConv<?> conv) {
            conv.kernelInitializer(new dev.jkeras.initializers.GlorotUniform(31 + i));
          } else if (layers.get(i) instanceof Dense dense) {
            dense.kernelInitializer(new dev.jkeras.initializers.GlorotUniform(31 + i));
          }
        }
        KerasTensor y = Ops.convertToTensor(oneD ? StdArrays.ndCopyOf(x[0]) : StdArrays.ndCopyOf(x));
        for (Layer layer : layers) {
          y = layer.apply(y);
        }
        KerasTensor l = Ops.sum(Ops.add(Ops.square(y), y));
        List<KerasTensor> outputs = new ArrayList<>();
        outputs.add(l);
        List<dev.jkeras.backend.Variable> weights = new ArrayList<>();
        layers.forEach(layer -> weights.addAll(layer.weights()));
        for (KerasTensor g : graph.gradients(l, weights)) {
          assertNotNull(g, "a weight has no gradient");
          outputs.add(g);
        }
        loss[0] = graph.function(List.of(), List.of(l), List.of());
        return graph.function(List.of(), outputs, List.of());
      });
      List<dev.jkeras.backend.Variable> weights = new ArrayList<>();
      layers.forEach(layer -> weights.addAll(layer.weights()));
      List<NdArray<?>> results = f.call(List.of());
      double worst = 0;
      double base = ((FloatNdArray) loss[0].call(List.of()).get(0)).getFloat();
      for (int w = 0; w < weights.size(); w++) {
        var variable = weights.get(w);
        FloatNdArray value = (FloatNdArray) variable.read();
        FloatNdArray grad = (FloatNdArray) results.get(w + 1);
        long size = value.size();
        float[] flat = new float[(int) size];
        value.copyTo(org.tensorflow.ndarray.buffer.DataBuffers.of(flat, false, false));
        for (int i = 0; i < size; i++) {
          float original = flat[i];
          flat[i] = original + H;
          variable.write(NdArrays.wrap(value.shape(), org.tensorflow.ndarray.buffer.DataBuffers.of(flat.clone(), true, false)));
          double plus = ((FloatNdArray) loss[0].call(List.of()).get(0)).getFloat();
          flat[i] = original - H;
          variable.write(NdArrays.wrap(value.shape(), org.tensorflow.ndarray.buffer.DataBuffers.of(flat.clone(), true, false)));
          double minus = ((FloatNdArray) loss[0].call(List.of()).get(0)).getFloat();
          flat[i] = original;
          variable.write(NdArrays.wrap(value.shape(), org.tensorflow.ndarray.buffer.DataBuffers.of(flat.clone(), true, false)));
          double numeric = (plus - minus) / (2 * H);
          double forward = (plus - base) / H;
          double backward = (base - minus) / H;
          if (Math.abs(forward - backward) > 0.05 * Math.max(1, Math.abs(numeric))) {
            continue; // a max-pooling kink lies within H: the loss is not differentiable there
          }
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

  /** Images of 8x8 with one bright 2x2 blob; the class is the quadrant it is in. */
  @Test
  void aTinyCnnLearnsWhereTheBlobIs() {
    Random random = new Random(3);
    int n = 512;
    FloatNdArray x = NdArrays.ofFloats(Shape.of(n, 8, 8, 1));
    IntNdArray y = NdArrays.ofInts(Shape.of(n));
    for (int i = 0; i < n; i++) {
      int quadrant = random.nextInt(4);
      int r = (quadrant / 2) * 4 + random.nextInt(3);
      int c = (quadrant % 2) * 4 + random.nextInt(3);
      for (int u = 0; u < 8; u++) {
        for (int v = 0; v < 8; v++) {
          x.setFloat((float) (random.nextGaussian() * 0.1), i, u, v, 0);
        }
      }
      for (int u = 0; u < 2; u++) {
        for (int v = 0; v < 2; v++) {
          x.setFloat(1f, i, r + u, c + v, 0);
        }
      }
      y.setInt(quadrant, i);
    }
    try (var model = new Sequential(
        new Conv2D(8, 3).activation("relu").padding("same").inputShape(8, 8, 1),
        new MaxPooling2D(2),
        new Flatten(),
        new Dense(4, "softmax"))) {
      model.compile("adam", "sparse_categorical_crossentropy", "accuracy");
      var history = model.fit(x, y, fit -> fit.epochs(15).batchSize(32).verbose(0));
      List<Double> losses = history.history().get("loss");
      assertTrue(losses.get(losses.size() - 1) < 0.5 * losses.get(0), "loss " + losses);
      Map<String, Double> scores = model.evaluate(x, y, e -> e.verbose(0));
      assertTrue(scores.get("accuracy") > 0.9, scores.toString());
    }
  }
}
