package dev.jkeras.samples.baseline;

import java.util.Map;
import org.tensorflow.Operand;
import org.tensorflow.Result;
import org.tensorflow.SavedModelBundle;
import org.tensorflow.Session;
import org.tensorflow.ndarray.Shape;
import org.tensorflow.ndarray.buffer.DataBuffers;
import org.tensorflow.op.Ops;
import org.tensorflow.op.core.Placeholder;
import org.tensorflow.proto.SignatureDef;
import org.tensorflow.proto.TensorInfo;
import org.tensorflow.types.TFloat32;
import org.tensorflow.types.TInt32;

/**
 * The benchmark's reference for a one-batch {@code evaluate}: a SavedModel classifier's forward pass
 * with, added by hand to the loaded graph, the loss and the metric jkeras's evaluate reports for a
 * model compiled with {@code sparse_categorical_crossentropy} and {@code accuracy}: the batch mean of
 * {@code -log(clip(p[label], 1e-7, 1 - 1e-7))} and the fraction of samples whose arg-max is their
 * label. Per call one {@code Session.run} feeding the samples (from a {@code float[]}) and the labels
 * (from an {@code int[]}) and fetching the two scalars. No metric state is kept (jkeras's evaluate
 * also accumulates into its metrics' variables), so this is the least a hand-written evaluation does.
 */
public final class HandWrittenEvaluation implements AutoCloseable {
  private static final float CLIP = 1e-7f;

  private final SavedModelBundle bundle;
  private final Session session;
  private final String input;
  private final Placeholder<TInt32> labels;
  private final Operand<TFloat32> loss;
  private final Operand<TFloat32> accuracy;
  private final long[] sampleShape;

  /** Loads {@code directory}; {@code sampleShape} is one input sample's shape, {@code classes} the output's width. */
  public HandWrittenEvaluation(String directory, int classes, long... sampleShape) {
    this.bundle = SavedModelBundle.load(directory, "serve");
    try {
      this.session = bundle.session();
      SignatureDef signature = bundle.metaGraphDef().getSignatureDefMap().get("serving_default");
      if (signature == null || signature.getInputsCount() != 1 || signature.getOutputsCount() != 1) {
        throw new IllegalArgumentException(directory + " has no serving_default signature of one input and one output");
      }
      Map.Entry<String, TensorInfo> in = signature.getInputsMap().entrySet().iterator().next();
      Map.Entry<String, TensorInfo> out = signature.getOutputsMap().entrySet().iterator().next();
      this.input = in.getValue().getName();
      Ops tf = Ops.create(bundle.graph());
      @SuppressWarnings("unchecked")
      Operand<TFloat32> probabilities = (Operand<TFloat32>) bundle.graph().outputOrThrow(out.getValue().getName());
      labels = tf.withName("eval_labels").placeholder(TInt32.class, Placeholder.shape(Shape.of(-1)));
      Operand<TFloat32> oneHot = tf.oneHot(labels, tf.constant(classes), tf.constant(1f), tf.constant(0f));
      Operand<TFloat32> labelProbability = tf.sum(tf.math.mul(oneHot, probabilities), tf.constant(1));
      Operand<TFloat32> clipped =
          tf.math.minimum(tf.math.maximum(labelProbability, tf.constant(CLIP)), tf.constant(1f - CLIP));
      loss = tf.math.mean(tf.math.neg(tf.math.log(clipped)), tf.constant(0));
      Operand<TInt32> predicted = tf.math.argMax(probabilities, tf.constant(1), TInt32.class);
      accuracy = tf.math.mean(tf.dtypes.cast(tf.math.equal(predicted, labels), TFloat32.class), tf.constant(0));
      this.sampleShape = sampleShape.clone();
    } catch (RuntimeException | Error e) {
      bundle.close();
      throw e;
    }
  }

  /** The loss and the accuracy on {@code batch} samples laid out in {@code values} with these labels. */
  public float[] evaluate(float[] values, int[] labelValues, int batch) {
    long[] dims = new long[sampleShape.length + 1];
    dims[0] = batch;
    System.arraycopy(sampleShape, 0, dims, 1, sampleShape.length);
    try (TFloat32 x = TFloat32.tensorOf(Shape.of(dims), DataBuffers.of(values, true, false));
        TInt32 y = TInt32.tensorOf(Shape.of(batch), DataBuffers.of(labelValues, true, false));
        Result result = session.runner().feed(input, x).feed(labels, y).fetch(loss).fetch(accuracy).run()) {
      return new float[] {((TFloat32) result.get(0)).getFloat(), ((TFloat32) result.get(1)).getFloat()};
    }
  }

  @Override
  public void close() {
    bundle.close();
  }
}
