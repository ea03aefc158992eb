package dev.jkeras.saving;

import dev.jkeras.backend.Backends;
import dev.jkeras.backend.ImportedModel;
import java.nio.file.Path;

/**
 * Opens TensorFlow SavedModels, such as those made by Python's {@code tf.saved_model.save} or
 * {@code model.export}: {@code SavedModels.load("python_model").call("serving_default", inputs)}.
 */
public final class SavedModels {
  private SavedModels() {}

  /** Loads the SavedModel in {@code directory} with the {@code serve} tag. */
  public static ImportedModel load(String directory) {
    return load(Path.of(directory));
  }

  public static ImportedModel load(Path directory, String... tags) {
    return Backends.get().loadSavedModel(directory, tags);
  }
}
