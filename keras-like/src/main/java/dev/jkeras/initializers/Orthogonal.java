package dev.jkeras.initializers;

import dev.jkeras.DType;
import dev.jkeras.KerasTensor;
import dev.jkeras.Shape;
import dev.jkeras.ops.Ops;
import dev.jkeras.saving.Config;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.tensorflow.ndarray.NdArrays;

/**
 * Keras's {@code Orthogonal} initializer (the default recurrent kernel of {@code SimpleRNN},
 * {@code LSTM} and {@code GRU}): the Q factor of the QR decomposition of a normal random matrix,
 * with its columns' signs fixed by R's diagonal, times {@code gain}. A weight of rank above 2 is
 * flattened to (product of all but the last dimension, last dimension) first.
 */
public final class Orthogonal implements Initializer {
  private final double gain;
  private final long seed;

  /** Keras's defaults: gain 1, unseeded. */
  public Orthogonal() {
    this(1.0, 0);
  }

  /** {@code Orthogonal(gain, seed)}; seed 0 means unseeded. */
  public Orthogonal(double gain, long seed) {
    this.gain = gain;
    this.seed = seed;
  }

  public double gain() {
    return gain;
  }

  public static Orthogonal fromConfig(Config config) {
    return new Orthogonal(config.getDouble("gain", 1.0), config.getLong("seed", 0));
  }

  @Override
  public Map<String, Object> getConfig() {
    Map<String, Object> config = new LinkedHashMap<>();
    config.put("seed", seed == 0 ? null : seed);
    config.put("gain", gain);
    return config;
  }

  @Override
  public KerasTensor apply(Shape shape, DType dtype) {
    if (shape.rank() < 2) {
      throw new IllegalArgumentException("The Orthogonal initializer needs a weight of rank 2 or more, got shape "
          + shape);
    }
    long rows = 1;
    for (int i = 0; i < shape.rank() - 1; i++) {
      rows *= shape.get(i);
    }
    long cols = shape.get(-1);
    int big = Math.toIntExact(Math.max(rows, cols));
    int small = Math.toIntExact(Math.min(rows, cols));
    KerasTensor a = Ops.randomNormal(Shape.of(big, small), 0, 1, DType.FLOAT32, seed);
    List<KerasTensor> qr = Ops.qr(a);
    KerasTensor diagonal = Ops.sum(Ops.multiply(qr.get(1), Ops.convertToTensor(identity(small))), 0);
    KerasTensor q = Ops.multiply(qr.get(0), Ops.sign(diagonal));
    if (rows < cols) {
      q = Ops.transpose(q);
    }
    return Ops.cast(Ops.multiply(Ops.reshape(q, shape.asArray()), gain), dtype);
  }

  private static org.tensorflow.ndarray.FloatNdArray identity(int n) {
    var eye = NdArrays.ofFloats(org.tensorflow.ndarray.Shape.of(n, n));
    for (int i = 0; i < n; i++) {
      eye.setFloat(1f, i, i);
    }
    return eye;
  }
}
