package dev.jkeras.layers;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.jkeras.DType;
import dev.jkeras.KerasTensor;
import dev.jkeras.Shape;
import dev.jkeras.backend.Variable;
import dev.jkeras.models.Model;
import dev.jkeras.models.Models;
import dev.jkeras.models.Sequential;
import dev.jkeras.optimizers.Adam;
import dev.jkeras.saving.Config;
import dev.jkeras.testing.KerasOracle;
import dev.jkeras.testing.Npy;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.function.Executable;
import org.junit.jupiter.api.io.TempDir;
import org.tensorflow.ndarray.FloatNdArray;
import org.tensorflow.ndarray.NdArray;
import org.tensorflow.ndarray.NdArrays;

/**
 * ConvLSTM1D and ConvLSTM2D beyond {@link LayerContractTest} (which judges their outputs, configs and weights against
 * Keras): training, the while loop against the unroll, masks in the while loop (which Keras's numpy backend cannot
 * judge), initial states, {@code .keras} files both ways, and hostile arguments and inputs.
 */
class ConvLSTMTest {
  @TempDir
  Path dir;

  private static FloatNdArray normals(long seed, long... shape) {
    Random random = new Random(seed);
    FloatNdArray x = NdArrays.ofFloats(org.tensorflow.ndarray.Shape.of(shape));
    x.scalars().forEach(v -> v.setFloat((float) random.nextGaussian()));
    return x;
  }

  private static float[] flat(NdArray<?> array) {
    float[] values = new float[Math.toIntExact(array.shape().size())];
    int[] i = {0};
    array.scalars().forEach(v -> values[i[0]++] = ((Number) v.getObject()).floatValue());
    return values;
  }

  /** Targets that depend on the whole sequence: the mean of each sample's first channel over time and space. */
  private static FloatNdArray targets(FloatNdArray x) {
    long batch = x.shape().get(0);
    FloatNdArray y = NdArrays.ofFloats(org.tensorflow.ndarray.Shape.of(batch, 1));
    float[] values = flat(x);
    long perSample = x.shape().size() / batch;
    long channels = x.shape().get(x.rank() - 1);
    for (int b = 0; b < batch; b++) {
      double sum = 0;
      for (long i = 0; i < perSample; i += channels) {
        sum += values[(int) (b * perSample + i)];
      }
      y.setFloat((float) (sum / (perSample / channels)), b, 0);
    }
    return y;
  }

  @Test
  void convLstm2dTrains() {
    FloatNdArray x = normals(1, 32, 4, 6, 6, 2);
    FloatNdArray y = targets(x);
    try (Sequential model = new Sequential(Input.of(4, 6, 6, 2),
        new ConvLSTM2D(4, 3).padding("same").dropout(0.1).recurrentDropout(0.1).seed(5),
        new GlobalAveragePooling2D(), new Dense(1))) {
      model.compile(new Adam(0.01), "mse");
      List<Double> loss = model.fit(x, y, f -> f.epochs(8).batchSize(8).verbose(0)).history().get("loss");
      assertTrue(loss.get(loss.size() - 1) < 0.7 * loss.get(0), "loss falls: " + loss);
      assertEquals(3 * 3 * 2 * 16 + 3 * 3 * 4 * 16 + 16 + 4 + 1, model.countParams());
      List<String> names = model.weights().stream().map(Variable::name).toList();
      assertTrue(names.get(0).matches("conv_lstm2d(_\\d+)?/conv_lstm_cell/kernel"), names.toString());
    }
  }

  @Test
  void convLstm1dTrainsInItsWhileLoopOnSequencesOfUnknownLength() {
    FloatNdArray x = normals(2, 32, 5, 8, 1);
    FloatNdArray y = targets(x);
    try (Sequential model = new Sequential(Input.of(-1, 8, 1), new ConvLSTM1D(3, 3), new Flatten(), new Dense(1))) {
      model.compile(new Adam(0.01), "mse");
      List<Double> loss = model.fit(x, y, f -> f.epochs(8).batchSize(8).verbose(0)).history().get("loss");
      assertTrue(loss.get(loss.size() - 1) < 0.7 * loss.get(0), "loss falls: " + loss);
    }
  }

  /** The same layer's outputs run as a while loop (unknown length) and unrolled, with and without a mask. */
  @Test
  void whileLoopAgreesWithTheUnrollWithAndWithoutMasks() {
    FloatNdArray x = normals(3, 3, 5, 4, 4, 2);
    // Zero steps at the end of the second and third samples, which Masking hides.
    for (int b = 1; b < 3; b++) {
      for (int t = 5 - b; t < 5; t++) {
        for (int i = 0; i < 4; i++) {
          for (int j = 0; j < 4; j++) {
            for (int c = 0; c < 2; c++) {
              x.setFloat(0f, b, t, i, j, c);
            }
          }
        }
      }
    }
    for (boolean masked : new boolean[] {false, true}) {
      for (boolean zeroOutput : new boolean[] {false, true}) {
        float[][] results = new float[2][];
        List<NdArray<?>> weights = null;
        for (int run = 0; run < 2; run++) {
          int steps = run == 0 ? 5 : -1;
          ConvLSTM2D layer = new ConvLSTM2D(2, 2).returnSequences(true).goBackwards(true)
              .zeroOutputForMask(zeroOutput);
          KerasTensor input = Input.of(steps, 4, 4, 2);
          KerasTensor hidden = masked ? new StepMask().apply(input) : input;
          try (Model model = new Model(List.of(input), List.of(layer.apply(hidden)))) {
            if (weights == null) {
              weights = layer.getWeights();
            } else {
              layer.setWeights(weights);
            }
            results[run] = flat(model.predict(x, p -> p.verbose(0)));
          }
        }
        assertArrayEquals(results[0], results[1], 1e-5f, "masked " + masked + ", zero output " + zeroOutput);
        if (masked && zeroOutput) {
          // going backwards, the third sample's two masked (last) steps come first: their outputs are zeros
          int perStep = 3 * 3 * 2;
          for (int k = 0; k < 2 * perStep; k++) {
            assertEquals(0f, results[0][2 * 5 * perStep + k], "a masked step outputs zeros");
          }
          assertTrue(results[0][2 * 5 * perStep + 2 * perStep] != 0, "an unmasked step does not");
        }
      }
    }
  }

  /** Masks the time steps (axis 1) that are all zeros, as Masking does for sequences of vectors. */
  private static final class StepMask extends Layer {
    @Override
    protected KerasTensor call(KerasTensor inputs, boolean training) {
      return dev.jkeras.ops.Ops.cast(inputs, inputs.dtype());
    }

    @Override
    public KerasTensor computeMask(KerasTensor inputs, KerasTensor previousMask) {
      KerasTensor nonzero = dev.jkeras.ops.Ops.greater(dev.jkeras.ops.Ops.abs(inputs), 0);
      return dev.jkeras.ops.Ops.greater(dev.jkeras.ops.Ops.sum(dev.jkeras.ops.Ops.cast(nonzero, DType.FLOAT32),
          new int[] {2, 3, 4}, false), 0);
    }
  }

  @Test
  void initialStatesStartTheLoopInEitherDataFormat() {
    FloatNdArray x = normals(4, 2, 3, 5, 2);
    FloatNdArray h = normals(5, 2, 3, 2);
    FloatNdArray c = normals(6, 2, 3, 2);
    float[] last;
    List<NdArray<?>> weights;
    KerasTensor input = Input.of(3, 5, 2);
    ConvLSTM1D layer = new ConvLSTM1D(2, 3).returnState(true);
    KerasTensor h0 = Input.of(3, 2);
    KerasTensor c0 = Input.of(3, 2);
    List<KerasTensor> outputs = layer.applyAll(List.of(input, h0, c0), false);
    assertEquals(Shape.of(-1, 3, 2), outputs.get(2).shape());
    try (Model model = new Model(List.of(input, h0, c0), outputs)) {
      weights = layer.getWeights();
      List<NdArray<?>> all = model.predictArrays(List.of(x, h, c), p -> p.verbose(0));
      last = flat(all.get(0));
      assertArrayEquals(last, flat(all.get(1)), "the output is the last h");
    }
    // The same computation channels-first: the inputs and states transposed.
    FloatNdArray xFirst = NdArrays.ofFloats(org.tensorflow.ndarray.Shape.of(2, 3, 2, 5));
    FloatNdArray hFirst = NdArrays.ofFloats(org.tensorflow.ndarray.Shape.of(2, 2, 3));
    FloatNdArray cFirst = NdArrays.ofFloats(org.tensorflow.ndarray.Shape.of(2, 2, 3));
    for (int b = 0; b < 2; b++) {
      for (int k = 0; k < 2; k++) {
        for (int t = 0; t < 3; t++) {
          for (int s = 0; s < 5; s++) {
            xFirst.setFloat(x.getFloat(b, t, s, k), b, t, k, s);
          }
          hFirst.setFloat(h.getFloat(b, t, k), b, k, t);
          cFirst.setFloat(c.getFloat(b, t, k), b, k, t);
        }
      }
    }
    KerasTensor inputFirst = Input.of(3, 2, 5);
    ConvLSTM1D first = new ConvLSTM1D(2, 3).dataFormat("channels_first");
    KerasTensor hf = Input.of(2, 3);
    KerasTensor cf = Input.of(2, 3);
    try (Model model = new Model(List.of(inputFirst, hf, cf), first.applyAll(List.of(inputFirst, hf, cf), false))) {
      first.setWeights(weights);
      float[] y = flat(model.predictArrays(List.of(xFirst, hFirst, cFirst), p -> p.verbose(0)).get(0));
      for (int b = 0; b < 2; b++) {
        for (int s = 0; s < 3; s++) {
          for (int k = 0; k < 2; k++) {
            assertEquals(last[b * 6 + s * 2 + k], y[b * 6 + k * 3 + s], 1e-5f);
          }
        }
      }
    }
    assertRefused("expects initial state 0 (h) of shape (None, 3, 2), got shape (None, 4, 2)",
        () -> new ConvLSTM1D(2, 3).applyAll(List.of(Input.of(3, 5, 2), Input.of(4, 2), Input.of(3, 2)), false));
    assertRefused("has 2 states (h, c) but was given 1",
        () -> new ConvLSTM1D(2, 3).applyAll(List.of(Input.of(3, 5, 2), Input.of(3, 2)), false));
  }

  @Test
  void keepsItsWeightsInKerasFilesBothWays() throws Exception {
    FloatNdArray x = normals(7, 3, 3, 5, 5, 1);
    Path ours = dir.resolve("ours.keras");
    Path theirs = dir.resolve("theirs.keras");
    Npy.write(dir.resolve("x.npy"), x);
    float[] predicted;
    try (Sequential model = new Sequential(Input.of(3, 5, 5, 1),
        new ConvLSTM2D(2, 3).strides(2).returnSequences(true).kernelRegularizer(dev.jkeras.regularizers.Regularizers
            .get("l2")), new Flatten(), new Dense(2))) {
      predicted = flat(model.predict(x, p -> p.verbose(0)));
      model.save(ours);
      try (Model loaded = Models.loadModel(ours)) {
        assertArrayEquals(predicted, flat(loaded.predict(x, p -> p.verbose(0))), "jkeras reads its own file");
      }
    }
    Map<String, String> keras = KerasOracle.printedValues(String.join("\n",
        "import keras, numpy as np",
        "x = np.load('" + dir.resolve("x.npy") + "')",
        "m = keras.saving.load_model('" + ours + "')",
        "print('@@ours=' + ','.join(repr(float(v)) for v in m.predict(x, verbose=0).ravel()))",
        "m.save('" + theirs + "')"));
    String[] values = keras.get("ours").split(",");
    assertEquals(predicted.length, values.length);
    for (int i = 0; i < values.length; i++) {
      assertEquals(Double.parseDouble(values[i]), predicted[i], 1e-4, "Keras's prediction from jkeras's file, #" + i);
    }
    try (Model fromKeras = Models.loadModel(theirs)) {
      assertArrayEquals(predicted, flat(fromKeras.predict(x, p -> p.verbose(0))), 1e-5f, "jkeras reads Keras's file");
    }
  }

  // ------------------------------------------------------------------ hostile input

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
  void badArgumentsAreClearErrors() {
    assertRefused("`filters` must be a positive integer", () -> new ConvLSTM2D(0, 3));
    assertRefused("`kernel_size` must be an integer or a tuple of 2 integers", () -> new ConvLSTM2D(2, 3, 3, 3));
    assertRefused("`kernel_size` must be an integer or a tuple of 1 integers", () -> new ConvLSTM1D(2));
    assertRefused("positive integers", () -> new ConvLSTM1D(2, 3).strides(0));
    assertRefused("must be one of [valid, same], got \"causal\"", () -> new ConvLSTM1D(2, 3).padding("causal"));
    assertRefused("must be one of [channels_first, channels_last]", () -> new ConvLSTM2D(2, 3).dataFormat("nhwc"));
    assertRefused("Unknown activation", () -> new ConvLSTM2D(2, 3).activation("nope"));
    assertRefused("stateful=True is not supported", () -> ConvLSTM2D.fromConfig(new Config("ConvLSTM2D",
        Map.of("filters", 2, "kernel_size", List.of(3, 3), "stateful", true))));
    assertRefused("needs \"filters\" and \"kernel_size\"",
        () -> ConvLSTM1D.fromConfig(new Config("ConvLSTM1D", Map.of("filters", 2))));
  }

  @Test
  void badInputsAreClearErrors() {
    assertRefused("expected ndim=5 (batch, time, height, width, channels), found ndim=4",
        () -> new ConvLSTM2D(2, 3).apply(Input.of(3, 5, 5)));
    assertRefused("expected ndim=4 (batch, time, channels, steps)",
        () -> new ConvLSTM1D(2, 3).dataFormat("channels_first").apply(Input.of(3, 5)));
    assertRefused("only supports known spatial sizes and channels",
        () -> new ConvLSTM2D(2, 3).apply(Input.of(3, -1, 5, 1)));
    assertRefused("only supports known spatial sizes and channels",
        () -> new ConvLSTM1D(2, 3).apply(Input.of(3, 5, -1)));
    assertRefused("kernel_size [3, 3] is larger than the input",
        () -> new ConvLSTM2D(2, 3).apply(Input.of(3, 2, 5, 1)));
    assertRefused("`strides > 1` is not compatible with `dilation_rate > 1`",
        () -> new ConvLSTM2D(2, 2).strides(2).dilationRate(2).apply(Input.of(3, 8, 8, 1)));
    assertRefused("expects a mask of shape (batch, 3)", () -> new ConvLSTM1D(2, 2).applyAll(
        List.of(Input.of(3, 4, 1).withMask(Input.of(DType.BOOL, 4))), false));
  }
}
