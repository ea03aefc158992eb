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
 * runs the update and fetches the scalar loss, as a progress bar would need. With {@code stepsPerRun}
 * above 1, the graph also holds that many steps unrolled one after the other (each reads the
 * variables after the previous step's update), so one session run trains {@code stepsPerRun}
 * consecutive batches fed as one block and fetches the last step's loss: the loop a user writes to
 * pay the per-run overhead once per block. Batches that do not fill a block run one per session run.
 *
 * <p>With {@code trackAccuracy}, each step also adds its count of correct predictions and of samples
 * to two variables, as Keras's {@code accuracy} metric does when a model is compiled with it (the
 * work behind the accuracy a progress bar shows), read by {@link #trainingAccuracy()}.
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
  private final Ops tf;
  private final int inputSize;
  private final int classes;
  private final Operand<?>[] vars;
  private final Operand<?>[] slots;
  private final Placeholder<TFloat32> x;
  private final Placeholder<TInt32> y;
  private final Step step;
  private final Operand<TInt32> correctCount;
  private final int stepsPerRun;
  private final int blockBatch;
  private final Placeholder<TFloat32> xBlock;
  private final Placeholder<TInt32> yBlock;
  private final Step block;
  private final Operand<?> correctSeen;
  private final Operand<?> samplesSeen;
  private float[] lastLosses = new float[0];

  /** The loss a training step fetches and the op that runs its update. */
  private record Step(Operand<TFloat32> loss, Op train) {}

  /** A baseline that runs one training step per session run. */
  public HandWrittenMlp(int inputSize, int hidden, int classes, long seed) {
    this(inputSize, hidden, classes, seed, 1, 0);
  }

  /**
   * A baseline that also runs {@code stepsPerRun} steps of {@code batchSize} samples per session run
   * (1: one step per run, the batch size then being free).
   */
  public HandWrittenMlp(int inputSize, int hidden, int classes, long seed, int stepsPerRun, int batchSize) {
    this(inputSize, hidden, classes, seed, stepsPerRun, batchSize, false);
  }

  /** As {@link #HandWrittenMlp(int, int, int, long, int, int)}, each step also counting correct predictions when asked. */
  public HandWrittenMlp(int inputSize, int hidden, int classes, long seed, int stepsPerRun, int batchSize,
      boolean trackAccuracy) {
    if (stepsPerRun < 1 || (stepsPerRun > 1 && batchSize < 1)) {
      throw new IllegalArgumentException("stepsPerRun must be >= 1 (with a positive batchSize above 1), got "
          + stepsPerRun + " and " + batchSize);
    }
    this.inputSize = inputSize;
    this.classes = classes;
    this.stepsPerRun = stepsPerRun;
    this.blockBatch = batchSize;
    this.graph = new Graph();
    try {
      tf = Ops.create(graph);
      x = tf.withName("x").placeholder(TFloat32.class, Placeholder.shape(Shape.of(-1, inputSize)));
      y = tf.withName("y").placeholder(TInt32.class, Placeholder.shape(Shape.of(-1)));

      Random random = new Random(seed);
      FedInitializers init = new FedInitializers(tf);
      vars = new Operand<?>[] {
          init.variable("w1", FedInitializers.glorotUniform(random, inputSize, hidden), inputSize, hidden),
          init.variable("b1", new float[hidden], hidden),
          init.variable("w2", FedInitializers.glorotUniform(random, hidden, classes), hidden, classes),
          init.variable("b2", new float[classes], classes)};
      long[][] shapes = {{inputSize, hidden}, {hidden}, {hidden, classes}, {classes}};
      slots = new Operand<?>[2 * vars.length];
      for (int i = 0; i < vars.length; i++) {
        slots[2 * i] = init.variable("rms_" + i, new float[FedInitializers.size(shapes[i])], shapes[i]);
        slots[2 * i + 1] = init.variable("momentum_" + i, new float[FedInitializers.size(shapes[i])], shapes[i]);
      }
      correctSeen = trackAccuracy ? init.variable("accuracy_total", new float[1]) : null;
      samplesSeen = trackAccuracy ? init.variable("accuracy_count", new float[1]) : null;

      step = trainStep(x, y, List.of());
      correctCount = tf.sum(tf.dtypes.cast(tf.math.equal(
          tf.math.argMax(forward(x, reads(List.of())), tf.constant(1), TInt32.class), y), TInt32.class),
          tf.constant(0));

      if (stepsPerRun > 1) {
        xBlock = tf.withName("x_block").placeholder(TFloat32.class,
            Placeholder.shape(Shape.of((long) stepsPerRun * batchSize, inputSize)));
        yBlock = tf.withName("y_block").placeholder(TInt32.class,
            Placeholder.shape(Shape.of((long) stepsPerRun * batchSize)));
        Step last = null;
        for (int k = 0; k < stepsPerRun; k++) {
          Operand<TFloat32> xk = tf.slice(xBlock, tf.constant(new int[] {k * batchSize, 0}),
              tf.constant(new int[] {batchSize, inputSize}));
          Operand<TInt32> yk = tf.slice(yBlock, tf.constant(new int[] {k * batchSize}), tf.constant(new int[] {batchSize}));
          last = trainStep(xk, yk, last == null ? List.of() : List.of(last.train()));
        }
        block = last;
      } else {
        xBlock = null;
        yBlock = null;
        block = null;
      }

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

  /** The variables' values, read after {@code after} ran. */
  private List<ReadVariableOp<TFloat32>> reads(List<Op> after) {
    Ops scoped = after.isEmpty() ? tf : tf.withControlDependencies(after);
    List<ReadVariableOp<TFloat32>> reads = new ArrayList<>();
    for (Operand<?> var : vars) {
      reads.add(scoped.readVariableOp(var, TFloat32.class));
    }
    return reads;
  }

  /** Class probabilities: softmax(relu(x w1 + b1) w2 + b2). */
  private Operand<TFloat32> forward(Operand<TFloat32> input, List<ReadVariableOp<TFloat32>> w) {
    Operand<TFloat32> h = tf.nn.relu(tf.nn.biasAdd(tf.linalg.matMul(input, w.get(0)), w.get(1)));
    return tf.nn.softmax(tf.nn.biasAdd(tf.linalg.matMul(h, w.get(2)), w.get(3)));
  }

  /**
   * One training step on {@code (input, labels)} that reads the variables after {@code after}:
   * forward pass, Keras's sparse categorical cross-entropy, gradients and the fused RMSprop update.
   */
  private Step trainStep(Operand<TFloat32> input, Operand<TInt32> labels, List<Op> after) {
    List<ReadVariableOp<TFloat32>> w = reads(after);
    Operand<TFloat32> probabilities = forward(input, w);
    // Keras's sparse categorical cross-entropy on probabilities: mean(-log(clip(p[label]))).
    // Selecting p[label] with a one-hot mask before clipping gives the same value and gradient
    // as clipping every probability first, on a tenth of the elements.
    Operand<TFloat32> oneHot = tf.oneHot(labels, tf.constant(classes), tf.constant(1f), tf.constant(0f));
    Operand<TFloat32> labelProbability = tf.sum(tf.math.mul(oneHot, probabilities), tf.constant(1));
    Operand<TFloat32> clipped =
        tf.math.minimum(tf.math.maximum(labelProbability, tf.constant(CLIP)), tf.constant(1f - CLIP));
    Operand<TFloat32> loss = tf.math.mean(tf.math.neg(tf.math.log(clipped)), tf.constant(0));

    Output<?>[] readOutputs = w.stream().map(ReadVariableOp::asOutput).toArray(Output<?>[]::new);
    Output<?>[] grads = graph.addGradients(loss.asOutput(), readOutputs);
    List<Op> applies = new ArrayList<>();
    for (int i = 0; i < vars.length; i++) {
      @SuppressWarnings("unchecked")
      Operand<TFloat32> grad = (Operand<TFloat32>) grads[i];
      applies.add(tf.train.resourceApplyRmsProp(vars[i], slots[2 * i], slots[2 * i + 1], tf.constant(LEARNING_RATE),
          tf.constant(RHO), tf.constant(MOMENTUM), tf.constant(EPSILON), grad));
    }
    if (correctSeen != null) {
      Operand<TFloat32> matches = tf.dtypes.cast(tf.math.equal(
          tf.math.argMax(probabilities, tf.constant(1), TInt32.class), labels), TFloat32.class);
      applies.add(tf.assignAddVariableOp(correctSeen, tf.sum(matches, tf.constant(0))));
      applies.add(tf.assignAddVariableOp(samplesSeen, tf.dtypes.cast(tf.size(labels), TFloat32.class)));
    }
    return new Step(loss, tf.withControlDependencies(applies).noOp());
  }

  /** The accuracy counted by the training steps so far (with {@code trackAccuracy}); NaN before any step. */
  public double trainingAccuracy() {
    if (correctSeen == null) {
      throw new IllegalStateException("This baseline was made without trackAccuracy");
    }
    try (Result result = session.runner().fetch(tf.readVariableOp(correctSeen, TFloat32.class))
        .fetch(tf.readVariableOp(samplesSeen, TFloat32.class)).run()) {
      float seen = ((TFloat32) result.get(1)).getFloat();
      return seen == 0 ? Double.NaN : ((TFloat32) result.get(0)).getFloat() / seen;
    }
  }

  /**
   * Trains one epoch in batches of {@code batchSize}, in order (no shuffle); with {@code stepsPerRun}
   * above 1 (and this baseline's batch size), each full block of batches is one session run.
   *
   * @param xs {@code n * inputSize} features, row-major
   * @param ys {@code n} labels
   * @return each step's wall time in nanoseconds (a block's time shared by its steps; the caller
   *     drops warm-up steps)
   */
  public long[] trainEpoch(float[] xs, int[] ys, int batchSize) {
    int n = ys.length;
    if ((long) n * inputSize != xs.length) {
      throw new IllegalArgumentException("x has " + xs.length + " values, expected " + n + " * " + inputSize);
    }
    boolean blocks = stepsPerRun > 1 && batchSize == blockBatch;
    int steps = (n + batchSize - 1) / batchSize;
    long[] times = new long[steps];
    float[] losses = new float[steps];
    FloatDataBuffer xAll = DataBuffers.of(xs, true, false);
    IntDataBuffer yAll = DataBuffers.of(ys, true, false);
    int s = 0;
    while (s < steps) {
      long start = System.nanoTime();
      int from = s * batchSize;
      int count;
      if (blocks && from + stepsPerRun * batchSize <= n) {
        count = stepsPerRun;
        losses[s + count - 1] = run(xBlock, yBlock, block.loss(), block.train(), xAll, yAll, from,
            stepsPerRun * batchSize);
      } else {
        count = 1;
        losses[s] = run(x, y, step.loss(), step.train(), xAll, yAll, from, Math.min(batchSize, n - from));
      }
      long elapsed = System.nanoTime() - start;
      for (int k = 0; k < count; k++) {
        times[s + k] = Math.max(1, elapsed / count);
        if (k < count - 1) {
          losses[s + k] = Float.NaN;
        }
      }
      s += count;
    }
    lastLosses = losses;
    return times;
  }

  /** Feeds rows {@code [from, from + size)}, runs {@code train} and returns {@code loss}. */
  private float run(Placeholder<TFloat32> xIn, Placeholder<TInt32> yIn, Operand<TFloat32> loss, Op train,
      FloatDataBuffer xAll, IntDataBuffer yAll, int from, int size) {
    try (TFloat32 xb = TFloat32.tensorOf(Shape.of(size, inputSize),
            xAll.slice((long) from * inputSize, (long) size * inputSize));
        TInt32 yb = TInt32.tensorOf(Shape.of(size), yAll.slice(from, size));
        Result result = session.runner().feed(xIn, xb).feed(yIn, yb).addTarget(train).fetch(loss).run()) {
      return ((TFloat32) result.get(0)).getFloat();
    }
  }

  /**
   * The loss fetched at each step of the last {@link #trainEpoch} (before that step's update); NaN
   * for the steps inside a block, whose losses a block run does not fetch.
   */
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
}
