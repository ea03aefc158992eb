package dev.jkeras.backend.tensorflow.baseline;

import java.util.Arrays;
import java.util.Random;
import org.tensorflow.Graph;
import org.tensorflow.Operand;
import org.tensorflow.Output;
import org.tensorflow.Result;
import org.tensorflow.Session;
import org.tensorflow.ndarray.Shape;
import org.tensorflow.ndarray.buffer.DataBuffers;
import org.tensorflow.op.Ops;
import org.tensorflow.op.core.Placeholder;
import org.tensorflow.op.core.ReadVariableOp;
import org.tensorflow.types.TFloat32;
import org.tensorflow.types.TInt32;

/**
 * The benchmark's reference: the seed MLP (inputs → hidden relu → softmax) trained with a loop a
 * TensorFlow Java user would write by hand — one graph, resource variables, graph gradients, the
 * fused RMSprop kernel with Keras's defaults, and each batch copied into fresh tensors and fed.
 */
public final class HandWrittenMlp implements AutoCloseable {
  private final Graph graph = new Graph();
  private final Session session;
  private final int inputSize;
  private final Placeholder<TFloat32> x;
  private final Placeholder<TInt32> y;
  private final Operand<TFloat32> loss;
  private final Operand<TFloat32> probabilities;
  private final org.tensorflow.op.Op train;

  public HandWrittenMlp(int inputSize, int hidden, int classes, long seed) {
    this.inputSize = inputSize;
    this.session = new Session(graph);
    Ops tf = Ops.create(graph);
    Random random = new Random(seed);
    x = tf.placeholder(TFloat32.class, Placeholder.shape(Shape.of(-1, inputSize)));
    y = tf.placeholder(TInt32.class, Placeholder.shape(Shape.of(-1)));

    Operand<?>[] handles = {
        variable(tf, "w1", glorot(random, inputSize, hidden), inputSize, hidden),
        variable(tf, "b1", new float[hidden], hidden),
        variable(tf, "w2", glorot(random, hidden, classes), hidden, classes),
        variable(tf, "b2", new float[classes], classes)};
    ReadVariableOp<TFloat32> w1 = tf.readVariableOp(handles[0], TFloat32.class);
    ReadVariableOp<TFloat32> b1 = tf.readVariableOp(handles[1], TFloat32.class);
    ReadVariableOp<TFloat32> w2 = tf.readVariableOp(handles[2], TFloat32.class);
    ReadVariableOp<TFloat32> b2 = tf.readVariableOp(handles[3], TFloat32.class);

    Operand<TFloat32> h = tf.nn.relu(tf.math.add(tf.linalg.matMul(x, w1), b1));
    probabilities = tf.nn.softmax(tf.math.add(tf.linalg.matMul(h, w2), b2));
    Operand<TFloat32> oneHot = tf.oneHot(y, tf.constant(classes), tf.constant(1f), tf.constant(0f));
    Operand<TFloat32> clipped = tf.math.minimum(tf.math.maximum(probabilities, tf.constant(1e-7f)), tf.constant(1 - 1e-7f));
    Operand<TFloat32> perSample = tf.math.neg(tf.sum(tf.math.mul(oneHot, tf.math.log(clipped)), tf.constant(1)));
    loss = tf.math.mean(perSample, tf.constant(0));

    Output<?>[] reads = {w1.asOutput(), b1.asOutput(), w2.asOutput(), b2.asOutput()};
    Output<?>[] grads = graph.addGradients(loss.asOutput(), reads);
    org.tensorflow.op.Op[] applies = new org.tensorflow.op.Op[handles.length];
    for (int i = 0; i < handles.length; i++) {
      long[] shape = reads[i].shape().asArray();
      int size = (int) Arrays.stream(shape).reduce(1, Math::multiplyExact);
      Operand<?> ms = variable(tf, "ms" + i, new float[size], shape);
      Operand<?> mom = variable(tf, "mom" + i, new float[size], shape);
      @SuppressWarnings("unchecked")
      Operand<TFloat32> grad = (Operand<TFloat32>) grads[i];
      applies[i] = tf.train.resourceApplyRmsProp(handles[i], ms, mom, tf.constant(0.001f), tf.constant(0.9f),
          tf.constant(0f), tf.constant(1e-7f), grad);
    }
    train = tf.withControlDependencies(Arrays.asList(applies)).noOp();
  }

  private static float[] glorot(Random random, int fanIn, int fanOut) {
    double limit = Math.sqrt(6.0 / (fanIn + fanOut));
    float[] values = new float[fanIn * fanOut];
    for (int i = 0; i < values.length; i++) {
      values[i] = (float) ((random.nextDouble() * 2 - 1) * limit);
    }
    return values;
  }

  private Operand<?> variable(Ops tf, String name, float[] values, long... shape) {
    Shape tfShape = Shape.of(shape);
    Operand<?> handle = tf.withName(name).varHandleOp(TFloat32.class, tfShape,
        org.tensorflow.op.core.VarHandleOp.sharedName(name));
    try (TFloat32 initial = TFloat32.tensorOf(tfShape, DataBuffers.of(values, true, false))) {
      session.runner().addTarget(tf.assignVariableOp(handle, tf.constantOf(initial))).run().close();
    }
    return handle;
  }

  /** Trains one epoch in order; returns each step's wall time in nanoseconds. */
  public long[] trainEpoch(float[] xs, int[] ys, int batchSize) {
    int n = ys.length;
    int steps = (n + batchSize - 1) / batchSize;
    long[] times = new long[steps];
    for (int step = 0; step < steps; step++) {
      long start = System.nanoTime();
      int from = step * batchSize;
      int size = Math.min(batchSize, n - from);
      try (TFloat32 xb = TFloat32.tensorOf(Shape.of(size, inputSize),
              DataBuffers.of(Arrays.copyOfRange(xs, from * inputSize, (from + size) * inputSize), true, false));
          TInt32 yb = TInt32.tensorOf(Shape.of(size), DataBuffers.of(Arrays.copyOfRange(ys, from, from + size), true, false));
          Result result = session.runner().feed(x, xb).feed(y, yb).fetch(loss).addTarget(train).run()) {
        ((TFloat32) result.get(0)).getFloat();
      }
      times[step] = System.nanoTime() - start;
    }
    return times;
  }

  /** The fraction of samples whose most probable class is the label. */
  public double evaluateAccuracy(float[] xs, int[] ys) {
    int n = ys.length;
    try (TFloat32 all = TFloat32.tensorOf(Shape.of(n, inputSize), DataBuffers.of(xs, true, false));
        Result result = session.runner().feed(x, all).fetch(probabilities).run()) {
      TFloat32 p = (TFloat32) result.get(0);
      long classes = p.shape().get(1);
      int correct = 0;
      for (int i = 0; i < n; i++) {
        int best = 0;
        for (int c = 1; c < classes; c++) {
          if (p.getFloat(i, c) > p.getFloat(i, best)) {
            best = c;
          }
        }
        correct += best == ys[i] ? 1 : 0;
      }
      return (double) correct / n;
    }
  }

  @Override
  public void close() {
    session.close();
    graph.close();
  }
}
