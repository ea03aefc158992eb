package dev.jkeras.backend.tensorflow;

import dev.jkeras.backend.Backends;
import org.tensorflow.Graph;
import org.tensorflow.Session;
import org.tensorflow.exceptions.TensorFlowException;
import org.tensorflow.op.Ops;
import org.tensorflow.types.TFloat32;

/**
 * A child program for {@link NativeNoiseTest}: loads the backend as every jkeras program does, runs a
 * tiny graph (TensorFlow prints its start-up lines at the first run), then runs an op whose kernel
 * fails with a native warning ("OP_REQUIRES failed at ...").
 */
final class NativeNoiseProgram {
  private NativeNoiseProgram() {}

  public static void main(String[] args) {
    System.out.println("backend " + Backends.get().name());
    try (Graph graph = new Graph(); Session session = new Session(graph)) {
      Ops tf = Ops.create(graph);
      var sum = tf.math.add(tf.constant(new float[] {1f, 2f}), tf.constant(new float[] {3f, 4f}));
      try (TFloat32 result = (TFloat32) session.runner().fetch(sum).run().get(0)) {
        System.out.println("sum " + result.getFloat(0) + " " + result.getFloat(1));
      }
      var missing = tf.io.readFile(tf.constant(args[0]));
      try {
        session.runner().fetch(missing).run().close();
      } catch (TensorFlowException e) {
        System.out.println("failed as expected");
      }
    }
  }
}
