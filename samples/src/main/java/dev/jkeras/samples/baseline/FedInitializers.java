package dev.jkeras.samples.baseline;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.tensorflow.Operand;
import org.tensorflow.Session;
import org.tensorflow.ndarray.Shape;
import org.tensorflow.ndarray.buffer.DataBuffers;
import org.tensorflow.op.Op;
import org.tensorflow.op.Ops;
import org.tensorflow.op.core.Placeholder;
import org.tensorflow.op.core.VarHandleOp;
import org.tensorflow.types.TFloat32;

/** Resource variables of the hand-written baselines, whose initial values are fed through placeholders in one run. */
final class FedInitializers {
  private final Ops tf;
  private final List<Placeholder<TFloat32>> placeholders = new ArrayList<>();
  private final List<float[]> values = new ArrayList<>();
  private final List<Shape> shapes = new ArrayList<>();
  private final List<Op> assigns = new ArrayList<>();

  FedInitializers(Ops tf) {
    this.tf = tf;
  }

  /** A float variable of shape {@code dims} that {@link #run} sets to {@code initial}. */
  Operand<?> variable(String name, float[] initial, long... dims) {
    Shape shape = Shape.of(dims);
    Operand<?> handle = tf.withName(name).varHandleOp(TFloat32.class, shape, VarHandleOp.sharedName(name));
    Placeholder<TFloat32> value = tf.withName(name + "_init").placeholder(TFloat32.class, Placeholder.shape(shape));
    assigns.add(tf.assignVariableOp(handle, value));
    placeholders.add(value);
    values.add(initial);
    shapes.add(shape);
    return handle;
  }

  void run(Session session) {
    List<TFloat32> tensors = new ArrayList<>();
    try {
      Session.Runner runner = session.runner();
      for (int i = 0; i < placeholders.size(); i++) {
        TFloat32 t = TFloat32.tensorOf(shapes.get(i), DataBuffers.of(values.get(i), true, false));
        tensors.add(t);
        runner.feed(placeholders.get(i), t);
      }
      assigns.forEach(runner::addTarget);
      runner.run().close();
    } finally {
      tensors.forEach(TFloat32::close);
    }
  }

  /** Keras's glorot_uniform: fans from the receptive field times the channels. */
  static float[] glorotUniform(Random random, long... shape) {
    long receptive = 1;
    for (int i = 0; i < shape.length - 2; i++) {
      receptive *= shape[i];
    }
    double fanIn = receptive * shape[shape.length - 2];
    double fanOut = receptive * shape[shape.length - 1];
    double limit = Math.sqrt(6.0 / (fanIn + fanOut));
    float[] values = new float[size(shape)];
    for (int i = 0; i < values.length; i++) {
      values[i] = (float) ((random.nextDouble() * 2 - 1) * limit);
    }
    return values;
  }

  /** The number of values of a tensor of {@code shape}. */
  static int size(long[] shape) {
    long size = 1;
    for (long d : shape) {
      size = Math.multiplyExact(size, d);
    }
    return Math.toIntExact(size);
  }
}
