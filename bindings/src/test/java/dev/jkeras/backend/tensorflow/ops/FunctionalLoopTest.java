package dev.jkeras.backend.tensorflow.ops;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.tensorflow.Graph;
import org.tensorflow.Operand;
import org.tensorflow.Output;
import org.tensorflow.Session;
import org.tensorflow.op.Ops;
import org.tensorflow.types.TFloat32;

/** The functional loop's forward values and its registered gradient against the same recurrence unrolled. */
class FunctionalLoopTest {
  private static final float[][][] XS = {{{0.1f, -0.2f}, {0.3f, 0.4f}}, {{-0.5f, 0.2f}, {0.1f, 0.0f}},
      {{0.7f, -0.1f}, {0.2f, 0.3f}}};
  private static final float[][] W = {{0.5f, -0.3f}, {0.2f, 0.8f}};

  @Test
  void forwardAndGradientsMatchTheUnroll() {
    float[] loop = run(true);
    float[] unrolled = run(false);
    assertEquals(unrolled.length, loop.length);
    for (int i = 0; i < loop.length; i++) {
      assertEquals(unrolled[i], loop[i], 1e-5, "value " + i);
    }
  }

  /** The loss, then dloss/dW and dloss/dxs flattened. */
  @SuppressWarnings({"unchecked", "rawtypes"})
  private static float[] run(boolean functional) {
    try (Graph g = new Graph(); Session s = new Session(g)) {
      Ops tf = Ops.create(g);
      Operand<TFloat32> xs = tf.identity(tf.constant(XS));
      Operand<TFloat32> w = tf.identity(tf.constant(W));
      Operand<TFloat32> h0 = tf.zerosLike(tf.gather(xs, tf.constant(0), tf.constant(0)));
      Operand<TFloat32> last;
      Operand<TFloat32> seq;
      if (functional) {
        FunctionalLoop.Result r = FunctionalLoop.build(tf, "the test step", (ft, carry, slices, inv) -> {
          Operand h = ft.math.tanh(ft.math.add((Operand) slices.get(0), ft.linalg.matMul((Operand) carry.get(0), (Operand) inv.get(0))));
          return List.of(h, ft.math.mul(h, h));
        }, null, List.of(h0), List.of(xs), List.of(w), null);
        last = (Operand<TFloat32>) r.carry().get(0);
        seq = (Operand<TFloat32>) r.outputs().get(0);
      } else {
        Operand<TFloat32> h = h0;
        List<Operand<TFloat32>> ys = new ArrayList<>();
        for (int t = 0; t < XS.length; t++) {
          h = tf.math.tanh(tf.math.add(tf.gather(xs, tf.constant(t), tf.constant(0)), tf.linalg.matMul(h, w)));
          ys.add(tf.math.mul(h, h));
        }
        last = h;
        seq = tf.stack((List) ys);
      }
      Operand<TFloat32> loss = tf.math.add(tf.reduceSum(tf.math.mul(last, tf.constant(new float[] {1f, -2f})), tf.constant(new int[] {0, 1})),
          tf.reduceSum(seq, tf.constant(new int[] {0, 1, 2})));
      Output<?>[] grads = g.addGradients(loss.asOutput(), new Output<?>[] {w.asOutput(), xs.asOutput()});
      var runner = s.runner().fetch(loss).fetch(grads[0]).fetch(grads[1]);
      try (var result = runner.run()) {
        List<Float> out = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
          TFloat32 t = (TFloat32) result.get(i);
          t.scalars().forEach(x -> out.add(x.getFloat()));
        }
        float[] f = new float[out.size()];
        for (int i = 0; i < f.length; i++) {
          f[i] = out.get(i);
        }
        return f;
      }
    }
  }
}
