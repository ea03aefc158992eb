package dev.jkeras.samples.baseline;

import java.util.Map;
import org.tensorflow.Result;
import org.tensorflow.SavedModelBundle;
import org.tensorflow.Session;
import org.tensorflow.Tensor;
import org.tensorflow.ndarray.Shape;
import org.tensorflow.ndarray.buffer.DataBuffers;
import org.tensorflow.proto.SignatureDef;
import org.tensorflow.proto.TensorInfo;
import org.tensorflow.types.TFloat32;

/**
 * The benchmark's reference for inference: a SavedModel run the way a TensorFlow Java user would by
 * hand, with no jkeras in the loop. {@link SavedModelBundle#load} (tag {@code serve}), the
 * {@code serving_default} signature's one input and one output tensor names, and per call one
 * {@code Session.run} feeding a tensor copied from a {@code float[]} and fetching the output, read
 * back into a {@code float[]}.
 */
public final class HandWrittenSavedModel implements AutoCloseable {
  private final SavedModelBundle bundle;
  private final Session session;
  private final String input;
  private final String output;
  private final long[] sampleShape;

  /** Loads {@code directory}; {@code sampleShape} is one input sample's shape (without the batch). */
  public HandWrittenSavedModel(String directory, long... sampleShape) {
    this.bundle = SavedModelBundle.load(directory, "serve");
    this.session = bundle.session();
    SignatureDef signature = bundle.metaGraphDef().getSignatureDefMap().get("serving_default");
    if (signature == null || signature.getInputsCount() != 1 || signature.getOutputsCount() != 1) {
      bundle.close();
      throw new IllegalArgumentException(directory + " has no serving_default signature of one input and one output");
    }
    Map.Entry<String, TensorInfo> in = signature.getInputsMap().entrySet().iterator().next();
    Map.Entry<String, TensorInfo> out = signature.getOutputsMap().entrySet().iterator().next();
    this.input = in.getValue().getName();
    this.output = out.getValue().getName();
    this.sampleShape = sampleShape.clone();
  }

  /** Runs the model on {@code batch} samples laid out in {@code values}; returns the output values. */
  public float[] predict(float[] values, int batch) {
    long[] dims = new long[sampleShape.length + 1];
    dims[0] = batch;
    System.arraycopy(sampleShape, 0, dims, 1, sampleShape.length);
    try (TFloat32 x = TFloat32.tensorOf(Shape.of(dims), DataBuffers.of(values, true, false));
        Result result = session.runner().feed(input, x).fetch(output).run()) {
      Tensor y = result.get(0);
      float[] out = new float[(int) y.shape().size()];
      ((TFloat32) y).copyTo(DataBuffers.of(out, false, false));
      return out;
    }
  }

  @Override
  public void close() {
    bundle.close();
  }
}
