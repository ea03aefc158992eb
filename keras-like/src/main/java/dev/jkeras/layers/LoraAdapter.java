package dev.jkeras.layers;

import dev.jkeras.KerasTensor;
import dev.jkeras.Shape;
import dev.jkeras.backend.Variable;
import dev.jkeras.initializers.Initializer;
import dev.jkeras.initializers.Initializers;
import dev.jkeras.ops.Ops;
import dev.jkeras.regularizers.Regularizer;
import org.tensorflow.ndarray.FloatNdArray;
import org.tensorflow.ndarray.NdArray;
import org.tensorflow.ndarray.NdArrays;

/**
 * Keras 3's LoRA of a layer's kernel: two trainable float32 weights {@code a} ({@code kernel.shape[:-1] + (rank,)})
 * and {@code b} ({@code (rank, kernel.shape[-1])}) beside the frozen kernel, the effective kernel being
 * {@code kernel + (alpha / rank) * (a @ b)}. Saving merges the update into the kernel; loading zeroes
 * {@code a} and {@code b}, as Keras's {@code save_own_variables} / {@code load_own_variables}.
 */
final class LoraAdapter {
  private final int rank;
  private final int alpha;
  private final Initializer aInitializer;
  private final Initializer bInitializer;
  private Variable a;
  private Variable b;

  LoraAdapter(int rank, int alpha, Initializer aInitializer, Initializer bInitializer) {
    this.rank = checkRank(rank);
    if (alpha <= 0) {
      throw new IllegalArgumentException("lora_alpha must be a positive integer, got " + alpha
          + "; leave it out to use lora_rank (" + rank + ")");
    }
    this.alpha = alpha;
    this.aInitializer = aInitializer;
    this.bInitializer = bInitializer;
  }

  /** Keras's defaults: {@code a} He-uniform, {@code b} zeros, so the layer starts as it was. */
  LoraAdapter(int rank, int alpha) {
    this(rank, alpha, Initializers.get("he_uniform"), Initializers.zeros());
  }

  static int checkRank(int rank) {
    if (rank <= 0) {
      throw new IllegalArgumentException("lora rank must be a positive integer, got " + rank
          + " (Keras would fail later, dividing by it or shaping a weight with it); give a rank of 1 or more");
    }
    return rank;
  }

  /** Keras's refusal of a kernel constraint (the constraint cannot hold for {@code kernel + a @ b}). */
  static void checkNoConstraint(WeightOptions kernel, String weight) {
    if (kernel.constraint() != null) {
      String noun = weight.equals("kernel") ? "kernel" : "embedding";
      throw new IllegalArgumentException("Lora is incompatible with " + noun + " constraints. In order to enable lora "
          + "on this layer, remove the `" + weight + "_constraint` argument.");
    }
  }

  int rank() {
    return rank;
  }

  int alpha() {
    return alpha;
  }

  double scale() {
    return (double) alpha / rank;
  }

  Variable a() {
    return a;
  }

  Variable b() {
    return b;
  }

  /** Creates {@code <prefix>_a} and {@code <prefix>_b} for a kernel of {@code kernelShape}. */
  void build(Layer owner, String prefix, Shape kernelShape, Regularizer regularizer) {
    long[] dims = kernelShape.asArray();
    long[] aDims = dims.clone();
    aDims[dims.length - 1] = rank;
    a = owner.addWeight(prefix + "_a", Shape.of(aDims), aInitializer, true, regularizer);
    b = owner.addWeight(prefix + "_b", Shape.of(rank, dims[dims.length - 1]), bInitializer, true, regularizer);
  }

  /** {@code kernel + (alpha / rank) * (a @ b)}, in the graph. */
  KerasTensor merged(KerasTensor kernel) {
    return Ops.add(kernel, delta());
  }

  /** The update {@code (alpha / rank) * (a @ b)}, shaped as the kernel, in the graph. */
  KerasTensor delta() {
    long[] aDims = a.shape().asArray();
    long[] dims = aDims.clone();
    dims[dims.length - 1] = b.shape().get(1);
    KerasTensor product = dims.length == 2 ? Ops.matmul(a.value(), b.value())
        : Ops.reshape(Ops.matmul(Ops.reshape(a.value(), -1, rank), b.value()), dims);
    return Ops.multiply(product, scale());
  }

  /** The same sum computed on the current values, for saving (Keras saves the merged kernel). */
  NdArray<?> mergedValue(NdArray<?> kernel) {
    FloatNdArray base = (FloatNdArray) kernel;
    FloatNdArray av = (FloatNdArray) a.read();
    FloatNdArray bv = (FloatNdArray) b.read();
    long[] dims = base.shape().asArray();
    long columns = dims[dims.length - 1];
    long rows = base.size() / columns;
    FloatNdArray flatA = av.withShape(org.tensorflow.ndarray.Shape.of(rows, rank));
    FloatNdArray flatBase = base.withShape(org.tensorflow.ndarray.Shape.of(rows, columns));
    FloatNdArray result = NdArrays.ofFloats(org.tensorflow.ndarray.Shape.of(rows, columns));
    float s = (float) scale();
    for (long i = 0; i < rows; i++) {
      for (long j = 0; j < columns; j++) {
        float sum = 0f;
        for (long k = 0; k < rank; k++) {
          sum += flatA.getFloat(i, k) * bv.getFloat(k, j);
        }
        result.setFloat(flatBase.getFloat(i, j) + s * sum, i, j);
      }
    }
    return result.withShape(base.shape());
  }

  /** Keras's {@code load_own_variables}: the loaded kernel holds the merged update, so the adapter starts again from zero. */
  void zero() {
    a.write(NdArrays.ofFloats(a.read().shape()));
    b.write(NdArrays.ofFloats(b.read().shape()));
  }

  /** Keras's refusal of a second {@code enable_lora}, of an unbuilt layer, of a rank below 1. */
  static void checkEnable(Layer layer, boolean enabled, int rank) {
    if (!layer.isBuilt()) {
      throw new IllegalStateException("Cannot enable lora on a layer that isn't yet built.");
    }
    if (enabled) {
      throw new IllegalStateException("lora is already enabled. This can only be done once per layer.");
    }
    checkRank(rank);
  }
}
