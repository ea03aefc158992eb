package dev.jkeras.callbacks;

import dev.jkeras.initializers.GlorotUniform;
import dev.jkeras.layers.Dense;
import dev.jkeras.layers.InputLayer;
import dev.jkeras.models.Model;
import dev.jkeras.models.Sequential;
import dev.jkeras.optimizers.Optimizer;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.tensorflow.ndarray.FloatNdArray;
import org.tensorflow.ndarray.NdArray;
import org.tensorflow.ndarray.NdArrays;
import org.tensorflow.ndarray.Shape;

/** Small models and data for the callback tests. */
final class Fixtures {
  private Fixtures() {}

  /** 64 samples of 3 features; y is a linear function of x. */
  static final FloatNdArray X = NdArrays.ofFloats(Shape.of(64, 3));
  static final FloatNdArray Y = NdArrays.ofFloats(Shape.of(64, 1));
  /** Class labels 0..2 for X, from the sign pattern of its features. */
  static final FloatNdArray LABELS = NdArrays.ofFloats(Shape.of(64));

  static {
    Random random = new Random(11);
    for (int i = 0; i < 64; i++) {
      float sum = 0;
      for (int j = 0; j < 3; j++) {
        float v = (float) random.nextGaussian();
        X.setFloat(v, i, j);
        sum += (j + 1) * v;
      }
      Y.setFloat(sum, i, 0);
      LABELS.setFloat(i % 3, i);
    }
  }

  /** A small regression model compiled with {@code optimizer} and mse. */
  static Model regression(Optimizer optimizer) {
    Model model = new Sequential(new InputLayer(3),
        new Dense(4, "tanh").kernelInitializer(new GlorotUniform(5L)),
        new Dense(1).kernelInitializer(new GlorotUniform(6L)));
    model.compile(optimizer, "mse");
    return model;
  }

  /** Sets a scripted value of a log at each epoch end; place it before the callbacks that should see it. */
  static final class ScriptedLog extends Callback {
    private final String name;
    private final double[] values;

    ScriptedLog(String name, double... values) {
      this.name = name;
      this.values = values;
    }

    @Override
    public void onEpochEnd(int epoch, Map<String, Double> logs) {
      logs.put(name, values[epoch]);
    }
  }

  /** The weights as float arrays, for bit-wise comparison. */
  static List<float[]> floats(List<NdArray<?>> weights) {
    List<float[]> out = new ArrayList<>();
    for (NdArray<?> w : weights) {
      FloatNdArray f = (FloatNdArray) w;
      float[] values = new float[(int) f.size()];
      f.copyTo(org.tensorflow.ndarray.buffer.DataBuffers.of(values, false, false));
      out.add(values);
    }
    return out;
  }

  /** Runs {@code body} and returns what it printed to System.out. */
  static String capture(Runnable body) {
    PrintStream saved = System.out;
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    System.setOut(new PrintStream(bytes, true, StandardCharsets.UTF_8));
    try {
      body.run();
    } finally {
      System.setOut(saved);
    }
    return bytes.toString(StandardCharsets.UTF_8);
  }

}
