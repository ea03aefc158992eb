package dev.jkeras.models;

import dev.jkeras.saving.KerasArchive;
import dev.jkeras.saving.LayerAssets;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * A model's asset files (vocabularies) as a {@code .keras} file holds them: each layer with assets
 * ({@link LayerAssets}) owns {@code assets/<its object path>/}, the path {@link SavedState}'s walk
 * gives its weights, as Keras's {@code save_assets(assets_store.make(inner_path))}.
 */
final class SavedAssets {
  private SavedAssets() {}

  /** Every asset file of {@code model}, by its name in the archive. */
  static Map<String, byte[]> of(Model model) {
    Map<String, byte[]> files = new LinkedHashMap<>();
    SavedState.of(model, false).forEach((path, entry) -> {
      if (entry.layer() instanceof LayerAssets owner) {
        owner.saveAssets().forEach((name, content) -> files.put(directory(path) + name, content));
      }
    });
    return files;
  }

  /** Gives each layer with assets the files of its directory among {@code saved}. */
  static void restore(Model model, Map<String, byte[]> saved) {
    SavedState.of(model, false).forEach((path, entry) -> {
      if (entry.layer() instanceof LayerAssets owner) {
        String directory = directory(path);
        Map<String, byte[]> files = new LinkedHashMap<>();
        saved.forEach((name, content) -> {
          if (name.startsWith(directory)) {
            files.put(name.substring(directory.length()), content);
          }
        });
        owner.loadAssets(files);
      }
    });
  }

  private static String directory(String path) {
    return KerasArchive.ASSETS + (path.isEmpty() ? "" : path + "/");
  }
}
