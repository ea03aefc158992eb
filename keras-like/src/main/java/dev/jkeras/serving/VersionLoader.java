package dev.jkeras.serving;

import dev.jkeras.backend.ImportedModel;
import dev.jkeras.backend.SavedModelOptions;
import dev.jkeras.models.Model;
import dev.jkeras.models.Models;
import dev.jkeras.saving.SavedModels;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;

/**
 * Loads one version folder: a SavedModel ({@code saved_model.pb}) through {@link SavedModels#load}, with
 * its op screen, or a folder holding one {@code .keras} file, which is loaded with jkeras, exported to a
 * scratch SavedModel and loaded from there the same way.
 */
final class VersionLoader {
  private final SavedModelOptions options;

  VersionLoader(SavedModelOptions options) {
    this.options = options;
  }

  /** True when {@code dir} holds something to load (a version being copied in may not yet). */
  static boolean isComplete(Path dir) {
    return Files.isRegularFile(dir.resolve("saved_model.pb")) || Files.isRegularFile(dir.resolve("saved_model.pbtxt"))
        || !kerasFiles(dir).isEmpty();
  }

  LoadedVersion load(String name, long version, Path dir) {
    if (Files.isRegularFile(dir.resolve("saved_model.pb")) || Files.isRegularFile(dir.resolve("saved_model.pbtxt"))) {
      return new LoadedVersion(name, version, loadNow(SavedModels.load(dir, options)), null);
    }
    List<Path> keras = kerasFiles(dir);
    if (keras.size() != 1) {
      throw new IllegalArgumentException("Version folder " + dir + " holds neither saved_model.pb nor exactly one "
          + ".keras file (found " + keras.size() + " .keras files); put one model in each numbered folder");
    }
    Path scratch;
    try {
      scratch = Files.createTempDirectory("jkeras-serve-" + name + "-" + version + "-");
    } catch (IOException e) {
      throw new UncheckedIOException("Could not make a scratch folder to export " + keras.get(0) + " into", e);
    }
    try {
      Path exported = scratch.resolve("saved_model");
      try (Model model = Models.loadModel(keras.get(0))) {
        model.export(exported);
      }
      ImportedModel imported = loadNow(SavedModels.load(exported, options));
      return new LoadedVersion(name, version, imported, scratch);
    } catch (RuntimeException e) {
      new LoadedVersion(name, version, null, scratch).deleteScratchOnly();
      throw e;
    }
  }

  private static ImportedModel loadNow(ImportedModel model) {
    try {
      model.loadNow();
      return model;
    } catch (RuntimeException e) {
      model.close();
      throw e;
    }
  }

  private static List<Path> kerasFiles(Path dir) {
    try (Stream<Path> files = Files.list(dir)) {
      return files.filter(p -> p.getFileName().toString().endsWith(".keras") && Files.isRegularFile(p)).sorted().toList();
    } catch (IOException e) {
      return List.of();
    }
  }
}
