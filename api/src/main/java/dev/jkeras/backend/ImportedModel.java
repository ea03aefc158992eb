package dev.jkeras.backend;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.tensorflow.ndarray.NdArray;

/**
 * A SavedModel loaded from disk (for example one made by Python TensorFlow): its tags, its
 * signatures and a way to run them. Close it to release the model's graph and session.
 */
public interface ImportedModel extends AutoCloseable {
  Path path();

  /** The tags of the loaded meta graph, e.g. {@code [serve]}. */
  List<String> tags();

  /** The signatures by name, e.g. {@code serving_default}. */
  Map<String, SignatureSpec> signatures();

  /** Runs a signature on inputs named as the signature names them; returns its outputs by name. */
  Map<String, NdArray<?>> call(String signature, Map<String, ? extends NdArray<?>> inputs);

  @Override
  void close();
}
