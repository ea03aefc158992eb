package dev.jkeras.saving;

import dev.jkeras.backend.Backends;
import dev.jkeras.backend.ImportedModel;
import dev.jkeras.backend.SavedModelOptions;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Opens TensorFlow SavedModels, such as those made by Python's {@code tf.saved_model.save} or
 * {@code model.export}: {@code SavedModels.load("python_model").call("serving_default", inputs)}.
 *
 * <p>A SavedModel is a program. Before TensorFlow loads one, jkeras lists the ops of its graph and of
 * every function in its library, and refuses ops that touch files, the network or other processes,
 * dataset ops other than in-memory ones, and ops the runtime does not know. It also works out what
 * the restore op, the init op and each signature run (into every function they call): checkpoint ops
 * that write may not run, and {@code RestoreV2} may read only the model's own {@code variables/}. A
 * signature that fails this is left out, listed in {@code badSignatures()}. The errors name the ops
 * and where they occur. Allow them only for models you trust:
 * {@code SavedModels.load(dir, SavedModelOptions.defaults().allowOps("ReadFile"))}.
 *
 * <p>Its resources are bounded too: a graph whose functions call themselves, whose chains of ops are
 * deeper than {@link SavedModelOptions#maxGraphDepth()} or whose constants, variables or inferred
 * outputs exceed {@link SavedModelOptions#memoryLimit()} is refused at load, and a call that runs
 * longer than {@link SavedModelOptions#callTimeout()} ends with an {@link IllegalStateException}.
 */
public final class SavedModels {
  private SavedModels() {}

  /** Loads the SavedModel in {@code directory} with the {@code serve} tag. */
  public static ImportedModel load(String directory) {
    return load(Path.of(directory));
  }

  /**
   * Loads the SavedModel in {@code directory}, the meta graph tagged {@code tags} ({@code serve} when
   * none); when there is no such meta graph the error lists the tag sets there are.
   */
  public static ImportedModel load(Path directory, String... tags) {
    return load(directory, SavedModelOptions.defaults().tags(tags));
  }

  /** Loads the SavedModel in {@code directory} with the tags and allowed ops of {@code options}. */
  public static ImportedModel load(Path directory, SavedModelOptions options) {
    return Backends.get().savedModels().load(directory, options);
  }

  /** The tag sets of the meta graphs in the SavedModel in {@code directory}, without loading it. */
  public static List<Set<String>> tagSets(Path directory) {
    return Backends.get().savedModels().tagSets(directory);
  }

  /**
   * The op types the SavedModel in {@code directory} uses (meta graph tagged {@code tags}, {@code
   * serve} when none), each with where it occurs; reads the file without loading or running anything.
   */
  public static Map<String, List<String>> ops(Path directory, String... tags) {
    return Backends.get().savedModels().ops(directory, SavedModelOptions.defaults().tags(tags));
  }
}
