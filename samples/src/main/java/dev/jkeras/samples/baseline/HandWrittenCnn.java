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
import org.tensorflow.op.Op;
import org.tensorflow.op.Ops;
import org.tensorflow.op.core.Placeholder;
import org.tensorflow.op.core.ReadVariableOp;
import org.tensorflow.types.TFloat32;

/**
 * The CNN benchmark's reference: seed 001's model written by hand in TensorFlow Java, as a user
 * would without jkeras: Conv2D(32, 3x3, relu) - MaxPool 2x2 - Conv2D(64, 3x3, relu) - MaxPool 2x2 -
 * flatten - dropout 0.5 - dense 10, softmax cross-entropy on one-hot labels (from the log-softmax of
 * the logits), Adam with Keras's defaults through TensorFlow's fused {@code ResourceApplyAdam}.
 *
 * <p>One graph, one session, resource variables, gradients from {@link Graph#addGradients}; each
 * step feeds its batch slice as new native tensors, runs the update and fetches the loss.
 */
public final class HandWrittenCnn implements AutoCloseable {
  private static final int SIDE = 28;
  private static final int CLASSES = 10;
  private static final float LEARNING_RATE = 0.001f;
  private static final float BETA1 = 0.9f;
  private static final float BETA2 = 0.999f;
  private static final float EPSILON = 1e-7f;
  private static final float DROPOUT = 0.5f;

  private final Graph graph;
  private final Session session;
  private final Placeholder<TFloat32> x;
  private final Placeholder<TFloat32> y;
  private final Operand<TFloat32> loss;
  private final Op train;
  private float[] lastLosses = new float[0];

  public HandWrittenCnn(long seed) {
    this.graph = new Graph();
    try {
      Ops tf = Ops.create(graph);
      x = tf.withName("x").placeholder(TFloat32.class, Placeholder.shape(Shape.of(-1, SIDE, SIDE, 1)));
      y = tf.withName("y").placeholder(TFloat32.class, Placeholder.shape(Shape.of(-1, CLASSES)));

      Random random = new Random(seed);
      FedInitializers init = new FedInitializers(tf);
      long[][] shapes = {{3, 3, 1, 32}, {32}, {3, 3, 32, 64}, {64}, {1600, CLASSES}, {CLASSES}};
      List<Operand<?>> vars = new ArrayList<>();
      List<ReadVariableOp<TFloat32>> reads = new ArrayList<>();
      for (int i = 0; i < shapes.length; i++) {
        long[] shape = shapes[i];
        float[] initial = shape.length == 1 ? new float[(int) shape[0]] : FedInitializers.glorotUniform(random, shape);
        Operand<?> handle = init.variable("w" + i, initial, shape);
        vars.add(handle);
        reads.add(tf.readVariableOp(handle, TFloat32.class));
      }

      List<Long> unit = List.of(1L, 1L, 1L, 1L);
      Operand<TFloat32> c1 = tf.nn.relu(tf.nn.biasAdd(tf.nn.conv2d(x, reads.get(0), unit, "VALID"), reads.get(1)));
      Operand<TFloat32> p1 = maxPool(tf, c1);
      Operand<TFloat32> c2 = tf.nn.relu(tf.nn.biasAdd(tf.nn.conv2d(p1, reads.get(2), unit, "VALID"), reads.get(3)));
      Operand<TFloat32> p2 = maxPool(tf, c2);
      Operand<TFloat32> flat = tf.reshape(p2, tf.constant(new long[] {-1, 1600}));
      Operand<TFloat32> keep = tf.dtypes.cast(tf.math.greaterEqual(
          tf.random.randomUniform(tf.shape(flat), TFloat32.class), tf.constant(DROPOUT)), TFloat32.class);
      Operand<TFloat32> dropped = tf.math.mul(flat, tf.math.div(keep, tf.constant(1 - DROPOUT)));
      Operand<TFloat32> logits = tf.nn.biasAdd(tf.linalg.matMul(dropped, reads.get(4)), reads.get(5));
      Operand<TFloat32> perSample = tf.math.neg(tf.sum(tf.math.mul(y, tf.nn.logSoftmax(logits)), tf.constant(1)));
      loss = tf.withName("loss").math.mean(perSample, tf.constant(0));

      Output<?>[] readOutputs = reads.stream().map(ReadVariableOp::asOutput).toArray(Output<?>[]::new);
      Output<?>[] grads = graph.addGradients(loss.asOutput(), readOutputs);
      Operand<?> iterations = init.variable("iterations", new float[] {0f});
      Operand<TFloat32> step = tf.math.add(tf.readVariableOp(iterations, TFloat32.class), tf.constant(1f));
      Operand<TFloat32> beta1Power = tf.math.pow(tf.constant(BETA1), step);
      Operand<TFloat32> beta2Power = tf.math.pow(tf.constant(BETA2), step);
      List<Op> applies = new ArrayList<>();
      for (int i = 0; i < vars.size(); i++) {
        Operand<?> m = init.variable("m" + i, new float[FedInitializers.size(shapes[i])], shapes[i]);
        Operand<?> v = init.variable("v" + i, new float[FedInitializers.size(shapes[i])], shapes[i]);
        @SuppressWarnings("unchecked")
        Operand<TFloat32> grad = (Operand<TFloat32>) grads[i];
        applies.add(tf.train.resourceApplyAdam(vars.get(i), m, v, beta1Power, beta2Power, tf.constant(LEARNING_RATE),
            tf.constant(BETA1), tf.constant(BETA2), tf.constant(EPSILON), grad));
      }
      Op increment = tf.withControlDependencies(applies).assignAddVariableOp(iterations, tf.constant(1f));
      train = tf.withControlDependencies(List.of(increment)).withName("train").noOp();

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
   * TensorFlow's {@code MaxPool} op (what {@code tf.nn.max_pool2d} builds, and jkeras too). TF Java's
   * {@code tf.nn.maxPool} builds {@code MaxPoolV2}, whose tensor-valued window sizes make its forward and
   * gradient run about 1.5x slower here, so it would flatter jkeras.
   */
  @SuppressWarnings("unchecked")
  private static Operand<TFloat32> maxPool(Ops tf, Operand<TFloat32> input) {
    var builder = tf.scope().opBuilder("MaxPool", "MaxPool");
    builder.addInput(input.asOutput());
    builder.setAttr("ksize", new long[] {1, 2, 2, 1});
    builder.setAttr("strides", new long[] {1, 2, 2, 1});
    builder.setAttr("padding", "VALID");
    Output<?> output = builder.build().output(0);
    return (Output<TFloat32>) output;
  }

  /**
   * Trains one epoch in batches of {@code batchSize}, in order (no shuffle).
   *
   * @param xs {@code n * 28 * 28} pixels, row-major
   * @param oneHot {@code n * 10} one-hot labels
   */
  public void trainEpoch(float[] xs, float[] oneHot, int batchSize) {
    int pixels = SIDE * SIDE;
    int n = oneHot.length / CLASSES;
    if ((long) n * pixels != xs.length) {
      throw new IllegalArgumentException("x has " + xs.length + " values, expected " + n + " * " + pixels);
    }
    int steps = (n + batchSize - 1) / batchSize;
    float[] losses = new float[steps];
    FloatDataBuffer xAll = DataBuffers.of(xs, true, false);
    FloatDataBuffer yAll = DataBuffers.of(oneHot, true, false);
    for (int s = 0; s < steps; s++) {
      int from = s * batchSize;
      int size = Math.min(batchSize, n - from);
      try (TFloat32 xb = TFloat32.tensorOf(Shape.of(size, SIDE, SIDE, 1),
              xAll.slice((long) from * pixels, (long) size * pixels));
          TFloat32 yb = TFloat32.tensorOf(Shape.of(size, CLASSES), yAll.slice((long) from * CLASSES, (long) size * CLASSES));
          Result result = session.runner().feed(x, xb).feed(y, yb).addTarget(train).fetch(loss).run()) {
        losses[s] = ((TFloat32) result.get(0)).getFloat();
      }
    }
    lastLosses = losses;
  }

  /** The loss fetched at each step of the last {@link #trainEpoch}. */
  public float[] lastLosses() {
    return lastLosses.clone();
  }

  @Override
  public void close() {
    session.close();
    graph.close();
  }
}
