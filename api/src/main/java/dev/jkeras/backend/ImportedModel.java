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

  /** The signatures that can be called, by name, e.g. {@code serving_default}. */
  Map<String, SignatureSpec> signatures();

  /**
   * The signatures jkeras could not read or will not run, by name, each with the reason (a tensor
   * missing from the graph, an unsupported dtype, a checkpoint op the safety screen refuses, ...).
   * Calling one fails with that reason; the others work.
   */
  Map<String, String> badSignatures();

  /**
   * The op types the loaded meta graph uses, in its graph and in every function of its library, each
   * with where it occurs, e.g. {@code "graph node 'save/SaveV2'"} or {@code "function 'f' node 'add'"}.
   */
  Map<String, List<String>> ops();

  /**
   * Runs a signature on inputs named as the signature names them; returns its outputs by name. Inputs
   * are checked against the signature's names, dtypes and static shapes before anything runs.
   */
  Map<String, NdArray<?>> call(String signature, Map<String, ? extends NdArray<?>> inputs);

  /**
   * Loads the model's graph and variables into TensorFlow now rather than on the first call, so that a
   * server reports a model that cannot load when it loads it, and its first request is not slow; load
   * errors come as {@link IllegalArgumentException}. Calling it again does nothing.
   */
  default void loadNow() {}

  @Override
  void close();
}
