package dev.jkeras.backend.tensorflow.savedmodel;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Stream;
import org.tensorflow.proto.MetaGraphDef;
import org.tensorflow.proto.SavedModel;

/**
 * A temporary SavedModel directory holding exactly the meta graph jkeras screened, for TensorFlow's
 * loader: TensorFlow then loads the bytes that passed the screen (not whatever the file holds by
 * then) and without the signatures jkeras found bad. {@code variables/} and {@code assets/} are
 * linked to the original (copied where links are not allowed). Closing deletes the directory.
 */
final class StagedSavedModel implements AutoCloseable {
  private static final List<String> LINKED = List.of("variables", "assets", "assets.extra");

  private final Path directory;

  private StagedSavedModel(Path directory) {
    this.directory = directory;
  }

  static StagedSavedModel of(Path original, MetaGraphDef metaGraph) {
    Path staged = null;
    try {
      staged = Files.createTempDirectory("jkeras-savedmodel-");
      SavedModel model = SavedModel.newBuilder().setSavedModelSchemaVersion(1).addMetaGraphs(metaGraph).build();
      Files.write(staged.resolve("saved_model.pb"), model.toByteArray());
      for (String name : LINKED) {
        Path source = original.resolve(name);
        if (Files.isDirectory(source)) {
          link(source, staged.resolve(name));
        }
      }
      return new StagedSavedModel(staged);
    } catch (IOException e) {
      if (staged != null) {
        new StagedSavedModel(staged).close();
      }
      throw new UncheckedIOException("Could not stage the SavedModel in " + original + " for loading: "
          + e.getMessage(), e);
    }
  }

  private static void link(Path source, Path target) throws IOException {
    try {
      Files.createSymbolicLink(target, source);
    } catch (UnsupportedOperationException | IOException e) {
      try (Stream<Path> files = Files.walk(source)) {
        for (Path file : (Iterable<Path>) files::iterator) {
          Path copy = target.resolve(source.relativize(file).toString());
          if (Files.isDirectory(file)) {
            Files.createDirectories(copy);
          } else {
            Files.copy(file, copy);
          }
        }
      }
    }
  }

  Path directory() {
    return directory;
  }

  /** Deletes the staged directory: links, not what they point to (walking does not follow links). */
  @Override
  public void close() {
    try (Stream<Path> files = Files.walk(directory)) {
      for (Path file : (Iterable<Path>) files.sorted(Comparator.reverseOrder())::iterator) {
        Files.deleteIfExists(file);
      }
    } catch (IOException e) {
      directory.toFile().deleteOnExit(); // a temporary directory left behind is harmless
    }
  }
}
