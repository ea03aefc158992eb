package dev.jkeras.distribution;

import dev.jkeras.KerasTensor;
import dev.jkeras.backend.Variable;
import dev.jkeras.initializers.GlorotUniform;
import dev.jkeras.layers.Dense;
import dev.jkeras.losses.Loss;
import dev.jkeras.losses.Losses;
import dev.jkeras.models.Sequential;
import dev.jkeras.ops.Ops;
import dev.jkeras.optimizers.SGD;
import dev.jkeras.trainers.StepFunction;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;
import org.tensorflow.ndarray.FloatNdArray;
import org.tensorflow.ndarray.NdArray;
import org.tensorflow.ndarray.NdArrays;
import org.tensorflow.ndarray.Shape;
import org.tensorflow.ndarray.index.Indices;

/**
 * The model and data of the data-parallel tests: a 4-8-1 MLP (tanh, MSE, SGD 0.1) on 64 synthetic
 * samples, trained in global batches of 16, and the weights written as the bits of their floats.
 */
final class TinyMlp {
  static final int SAMPLES = 64;
  static final int FEATURES = 4;
  static final int GLOBAL_BATCH = 16;
  static final double LEARNING_RATE = 0.1;

  private TinyMlp() {}

  /** The model, initialized from {@code seed} (the chief's seed is 7; other workers use others). */
  static Sequential model(long seed) {
    Sequential model = new Sequential(
        new Dense(8, "tanh").kernelInitializer(new GlorotUniform(seed)).inputShape(FEATURES),
        new Dense(1).kernelInitializer(new GlorotUniform(seed + 1)));
    model.build(FEATURES);
    return model;
  }

  static FloatNdArray x() {
    FloatNdArray x = NdArrays.ofFloats(Shape.of(SAMPLES, FEATURES));
    for (int i = 0; i < SAMPLES; i++) {
      for (int j = 0; j < FEATURES; j++) {
        x.setFloat((float) Math.sin(0.37 * (i * FEATURES + j)), i, j);
      }
    }
    return x;
  }

  static FloatNdArray y() {
    FloatNdArray x = x();
    FloatNdArray y = NdArrays.ofFloats(Shape.of(SAMPLES, 1));
    for (int i = 0; i < SAMPLES; i++) {
      y.setFloat(x.getFloat(i, 0) * 0.5f - x.getFloat(i, 2) + 0.25f * x.getFloat(i, 1) * x.getFloat(i, 3), i, 0);
    }
    return y;
  }

  /**
   * The single-process reference of {@code workers}-way data parallelism over {@code epochs} epochs
   * (no shuffle): for each global batch of 16, the same model's MSE gradients on each worker's slice
   * (16 / workers consecutive samples, as the sharded adapter gives worker i), summed in task order
   * and divided by the number of workers (what CollectiveReduceV2 with merge Add and final Div
   * computes; for 2 workers the sum has a single addition, so its order cannot matter), applied with
   * the same SGD kernel.
   */
  static List<NdArray<?>> reference(int workers, int epochs) {
    Sequential model = model(7);
    SGD optimizer = new SGD(LEARNING_RATE);
    Loss mse = Losses.get("mse");
    int slice = GLOBAL_BATCH / workers;
    StepFunction step = model.stepFunction((x, y, tape) -> {
      List<Variable> weights = model.trainableWeights();
      List<KerasTensor> sum = null;
      for (int w = 0; w < workers; w++) {
        KerasTensor xs = Ops.slice(x, new int[] {w * slice, 0}, new int[] {slice, FEATURES});
        KerasTensor ys = Ops.slice(y, new int[] {w * slice, 0}, new int[] {slice, 1});
        KerasTensor loss = mse.apply(ys, model.apply(xs, true), null);
        List<KerasTensor> grads = tape.gradient(loss, weights);
        if (sum == null) {
          sum = grads;
        } else {
          List<KerasTensor> next = new ArrayList<>();
          for (int i = 0; i < grads.size(); i++) {
            next.add(Ops.add(sum.get(i), grads.get(i)));
          }
          sum = next;
        }
      }
      List<KerasTensor> mean = sum.stream().map(g -> Ops.divide(g, (double) workers)).toList();
      optimizer.applyGradients(mean, weights);
      return java.util.Map.of("loss", Ops.scalar(0, dev.jkeras.DType.FLOAT32));
    });
    FloatNdArray x = x();
    FloatNdArray y = y();
    for (int epoch = 0; epoch < epochs; epoch++) {
      for (int from = 0; from < SAMPLES; from += GLOBAL_BATCH) {
        step.run(x.slice(Indices.range(from, from + GLOBAL_BATCH)), y.slice(Indices.range(from, from + GLOBAL_BATCH)));
      }
    }
    return model.getWeights();
  }

  /** The bits of every float of {@code weights}, one weight per line, written under a temporary name. */
  static void writeBits(List<NdArray<?>> weights, Path file) throws IOException {
    Path staging = file.resolveSibling(file.getFileName() + ".tmp");
    Files.writeString(staging, bits(weights));
    Files.move(staging, file, StandardCopyOption.ATOMIC_MOVE);
  }

  static String bits(List<NdArray<?>> weights) {
    StringBuilder out = new StringBuilder();
    for (NdArray<?> weight : weights) {
      FloatNdArray floats = (FloatNdArray) weight;
      floats.scalars().forEach(s -> out.append(Integer.toHexString(Float.floatToRawIntBits(s.getFloat()))).append(' '));
      out.append('\n');
    }
    return out.toString();
  }
}
