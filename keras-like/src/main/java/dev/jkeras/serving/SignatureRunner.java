package dev.jkeras.serving;

import java.util.Map;
import org.tensorflow.ndarray.NdArray;

/**
 * The one place where a request runs a model: every predict, classify and regress call goes through
 * {@link #run}, so batching or instrumentation can wrap it ({@link ModelServer.Builder#signatureRunner}).
 */
@FunctionalInterface
public interface SignatureRunner {
  /** Runs {@code signature} of the version {@code handle} holds on {@code inputs}; returns its outputs by name. */
  Map<String, NdArray<?>> run(ServableHandle handle, String signature, Map<String, NdArray<?>> inputs);

  /** Calls the model at once, on the request's thread. */
  static SignatureRunner direct() {
    return (handle, signature, inputs) -> handle.model().call(signature, inputs);
  }
}
