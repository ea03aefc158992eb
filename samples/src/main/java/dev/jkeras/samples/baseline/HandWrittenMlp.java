package dev.jkeras.samples.baseline;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.tensorflow.Graph;
import org.tensorflow.Operand;
import org.tensorflow.Output;
import org.tensorflow.Result;
import org.tensorflow.Session;
import org.tensorflow.ndarray.Shape;
import org.tensorflow.ndarray.buffer.DataBuffers;
import org.tensorflow.ndarray.buffer.FloatDataBuffer;
import org.tensorflow.ndarray.buffer.IntDataBuffer;
import org.tensorflow.op.Op;
import org.tensorflow.op.Ops;
import org.tensorflow.op.core.Placeholder;
import org.tensorflow.op.core.ReadVariableOp;
import org.tensorflow.types.TFloat32;
import org.tensorflow.types.TInt32;

/**
 * The benchmark's reference: an MLP (inputs → hidden relu → classes softmax) trained with the loop a
 * TensorFlow Java user would write by hand.
 *
 * <p>One graph and one session; resource variables ({@code VarHandleOp} / {@code AssignVariableOp}
 * / {@code ReadVariableOp}); gradients from {@link Graph#addGradients} with respect to the
 * {@code ReadVariableOp} outputs; TensorFlow's fused {@code ResourceApplyRMSProp} kernel with
 * Keras's RMSprop defaults (learning rate 0.001, rho 0.9, epsilon 1e-7, no momentum). Note that
 * the fused kernel puts epsilon inside the square root ({@code lr * g / sqrt(ms + eps)}), unlike
 * Keras's own update; with epsilon 1e-7 the difference is negligible.
 *
 * <p>The loss is sparse categorical cross-entropy on softmax probabilities as Keras computes it:
 * the batch mean of {@code -log(clip(p[label], 1e-7, 1 - 1e-7))}. It is composed from ops that have
 * registered C++ gradients (OneHot, Mul, Sum, Maximum, Minimum, Log, Mean), because TensorFlow's
 * C++ gradient registry has none for {@code SparseSoftmaxCrossEntropyWithLogits}.
 *
 * <p>Each training step copies its batch slice once, straight into a new native tensor, feeds it,
 * runs the update and fetches the scalar loss, as a progress bar would need.
 */
public final class HandWrittenMlp implements AutoCloseable {
  private static final float LEARNING_RATE = 0.001f;
  private static final float RHO = 0.9f;
  private static final float MOMENTUM = 0f;
  private static final float EPSILON = 1e-7f;
  private static final float CLIP = 1e-7f;
  private static final int EVAL_BATCH = 1024;

  private final Graph graph;
  private final Session session;
  private final int inputSize;
  private final Placeholder<TFloat32> x;
  private final Placeholder<TInt32> y;
  private final Operand<TFloat32> loss;
  private final Operand<TInt32> correctCount;
  private final Op train;
  private float[] lastLosses = new float[0];

  public HandWrittenMlp(int inputSize, int hidden, int classes, long seed) {
    this.inputSize = inputSize;
    this.graph = new Graph();
    try {
      Ops tf = Ops.create(graph);
      x = tf.withName("x").placeholder(TFloat32.class, Placeholder.shape(Shape.of(-1, inputSize)));
      y = tf.withName("y").placeholder(TInt32.class, Placeholder.shape(Shape.of(-1)));

      Random random = new Random(seed);
      FedInitializers init = new FedInitializers(tf);
      Operand<?> w1Var = init.variable("w1", glorotUniform(random, inputSize, hidden), inputSize, hidden);
      Operand<?> b1Var = init.variable("b1", new float[hidden], hidden);
      Operand<?> w2Var = init.variable("w2", glorotUniform(random, hidden, classes), hidden, classes);
      Operand<?> b2Var = init.variable("b2", new float[classes], classes);
      Operand<?>[] vars = {w1Var, b1Var, w2Var, b2Var};

      ReadVariableOp<TFloat32> w1 = tf.readVariableOp(w1Var, TFloat32.class);
      ReadVariableOp<TFloat32> b1 = tf.readVariableOp(b1Var, TFloat32.class);
      ReadVariableOp<TFloat32> w2 = tf.readVariableOp(w2Var, TFloat32.class);
      ReadVariableOp<TFloat32> b2 = tf.readVariableOp(b2Var, TFloat32.class);

      // Forward pass.
      Operand<TFloat32> h = tf.nn.relu(tf.nn.biasAdd(tf.linalg.matMul(x, w1), b1));
      Operand<TFloat32> probabilities = tf.nn.softmax(tf.nn.biasAdd(tf.linalg.matMul(h, w2), b2));

      // Keras's sparse categorical cross-entropy on probabilities: mean(-log(clip(p[label]))).
      // Selecting p[label] with a one-hot mask before clipping gives the same value and gradient
      // as clipping every probability first, on a tenth of the elements.
      Operand<TFloat32> oneHot = tf.oneHot(y, tf.constant(classes), tf.constant(1f), tf.constant(0f));
      Operand<TFloat32> labelProbability = tf.sum(tf.math.mul(oneHot, probabilities), tf.constant(1));
      Operand<TFloat32> clipped =
          tf.math.minimum(tf.math.maximum(labelProbability, tf.constant(CLIP)), tf.constant(1f - CLIP));
      loss = tf.withName("loss").math.mean(tf.math.neg(tf.math.log(clipped)), tf.constant(0));

      correctCount = tf.sum(
          tf.dtypes.cast(tf.math.equal(tf.math.argMax(probabilities, tf.constant(1), TInt32.class), y), TInt32.class),
          tf.constant(0));

      // Backward pass and the fused RMSprop update of every variable.
      Output<?>[] reads = {w1.asOutput(), b1.asOutput(), w2.asOutput(), b2.asOutput()};
      Output<?>[] grads = graph.addGradients(loss.asOutput(), reads);
      Operand<TFloat32> lr = tf.constant(LEARNING_RATE);
      Operand<TFloat32> rho = tf.constant(RHO);
      Operand<TFloat32> momentum = tf.constant(MOMENTUM);
      Operand<TFloat32> epsilon = tf.constant(EPSILON);
      List<Op> applies = new ArrayList<>();
      for (int i = 0; i < vars.length; i++) {
        long[] shape = reads[i].shape().asArray();
        Operand<?> ms = init.variable("rms_" + i, new float[size(shape)], shape);
        Operand<?> mom = init.variable("momentum_" + i, new float[size(shape)], shape);
        @SuppressWarnings("unchecked")
        Operand<TFloat32> grad = (Operand<TFloat32>) grads[i];
        applies.add(tf.train.resourceApplyRmsProp(vars[i], ms, mom, lr, rho, momentum, epsilon, grad));
      }
      train = tf.withControlDependencies(applies).withName("train").noOp();

      session = new Session(graph);
      try {
        init.run(session);
      } catch (RuntimeException | Error e) {
        session.close();
        throw e;
      }
    } catch (RuntimeException | Error e) {
      graph.close();
      throw e;
    }
  }

  /**
   * Trains one epoch in batches of {@code batchSize}, in order (no shuffle).
   *
   * @param xs {@code n * inputSize} features, row-major
   * @param ys {@code n} labels
   * @return each step's wall time in nanoseconds (the caller drops warm-up steps)
   */
  public long[] trainEpoch(float[] xs, int[] ys, int batchSize) {
    int n = ys.length;
    if ((long) n * inputSize != xs.length) {
      throw new IllegalArgumentException("x has " + xs.length + " values, expected " + n + " * " + inputSize);
    }
    int steps = (n + batchSize - 1) / batchSize;
    long[] times = new long[steps];
    float[] losses = new float[steps];
    FloatDataBuffer xAll = DataBuffers.of(xs, true, false);
    IntDataBuffer yAll = DataBuffers.of(ys, true, false);
    for (int step = 0; step < steps; step++) {
      long start = System.nanoTime();
      int from = step * batchSize;
      int size = Math.min(batchSize, n - from);
      try (TFloat32 xb = TFloat32.tensorOf(Shape.of(size, inputSize),
              xAll.slice((long) from * inputSize, (long) size * inputSize));
          TInt32 yb = TInt32.tensorOf(Shape.of(size), yAll.slice(from, size));
          Result result = session.runner().feed(x, xb).feed(y, yb).addTarget(train).fetch(loss).run()) {
        losses[step] = ((TFloat32) result.get(0)).getFloat();
      }
      times[step] = System.nanoTime() - start;
    }
    lastLosses = losses;
    return times;
  }

  /** The loss fetched at each step of the last {@link #trainEpoch} (before that step's update). */
  public float[] lastLosses() {
    return lastLosses.clone();
  }

  /** The fraction of samples whose most probable class is the label. */
  public double evaluateAccuracy(float[] xs, int[] ys) {
    int n = ys.length;
    if ((long) n * inputSize != xs.length) {
      throw new IllegalArgumentException("x has " + xs.length + " values, expected " + n + " * " + inputSize);
    }
    FloatDataBuffer xAll = DataBuffers.of(xs, true, false);
    IntDataBuffer yAll = DataBuffers.of(ys, true, false);
    long correct = 0;
    for (int from = 0; from < n; from += EVAL_BATCH) {
      int size = Math.min(EVAL_BATCH, n - from);
      try (TFloat32 xb = TFloat32.tensorOf(Shape.of(size, inputSize),
              xAll.slice((long) from * inputSize, (long) size * inputSize));
          TInt32 yb = TInt32.tensorOf(Shape.of(size), yAll.slice(from, size));
          Result result = session.runner().feed(x, xb).feed(y, yb).fetch(correctCount).run()) {
        correct += ((TInt32) result.get(0)).getInt();
      }
    }
    return n == 0 ? Double.NaN : (double) correct / n;
  }

  @Override
  public void close() {
    session.close();
    graph.close();
  }

  private static float[] glorotUniform(Random random, int fanIn, int fanOut) {
    double limit = Math.sqrt(6.0 / (fanIn + fanOut));
    float[] values = new float[fanIn * fanOut];
    for (int i = 0; i < values.length; i++) {
      values[i] = (float) ((random.nextDouble() * 2 - 1) * limit);
    }
    return values;
  }

  private static int size(long[] shape) {
    long size = 1;
    for (long d : shape) {
      size = Math.multiplyExact(size, d);
    }
    return Math.toIntExact(size);
  }
}
