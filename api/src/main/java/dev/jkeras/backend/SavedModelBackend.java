package dev.jkeras.backend;

import dev.jkeras.Shape;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** How a backend loads SavedModels and reads them without loading: tags, ops, signatures, variables. */
public interface SavedModelBackend {

  /** Loads the SavedModel in {@code directory} with the given tags ({@code serve} when none). */
  default ImportedModel load(Path directory, String... tags) {
    return load(directory, SavedModelOptions.defaults().tags(tags));
  }

  /**
   * Loads the SavedModel in {@code directory} after screening the ops of the meta graph chosen by
   * {@code options}: ops that touch files, the network or processes, and ops the runtime does not
   * know, are refused unless {@code options} allows them.
   */
  ImportedModel load(Path directory, SavedModelOptions options);

  /** The tag sets of the meta graphs in the SavedModel in {@code directory}, read without loading it. */
  List<Set<String>> tagSets(Path directory);

  /**
   * The op types the meta graph chosen by {@code options} uses, each with where it occurs (graph
   * nodes and function nodes), read without loading or screening the model.
   */
  Map<String, List<String>> ops(Path directory, SavedModelOptions options);

  /**
   * Signature {@code signature} of the MetaGraph tagged {@code tag} in the SavedModel in {@code
   * directory}, read without loading the model; a tensor of unknown rank has a null shape.
   *
   * @throws IllegalArgumentException when there is no SavedModel, no such tag or no such signature
   *     (the message lists the signatures there are)
   */
  SignatureSpec signature(Path directory, String tag, String signature);

  /**
   * The shapes of the variables that signature {@code signature} of the SavedModel in {@code
   * directory} reads, each once (Keras counts them as a TFSMLayer's non-trainable weights); a
   * shape with unknown dimensions counts as empty. Backends that cannot tell return none.
   */
  default List<Shape> variableShapes(Path directory, String tag, String signature) {
    return List.of();
  }
}
