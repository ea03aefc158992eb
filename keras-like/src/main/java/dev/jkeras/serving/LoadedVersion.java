package dev.jkeras.serving;

import dev.jkeras.backend.ImportedModel;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.function.Consumer;
import java.util.stream.Stream;

/**
 * One loaded version, reference counted: the model manager holds one reference until the version is
 * retired, each request one more; the last release unloads it (closes the model, deletes the SavedModel
 * a {@code .keras} file was exported to) and reports it.
 */
final class LoadedVersion {
  final String name;
  final long version;
  final ImportedModel model;
  private final Path scratch;
  private Consumer<LoadedVersion> onUnloaded = v -> {};
  private int references = 1;
  private boolean retired;

  LoadedVersion(String name, long version, ImportedModel model, Path scratch) {
    this.name = name;
    this.version = version;
    this.model = model;
    this.scratch = scratch;
  }

  synchronized void onUnloaded(Consumer<LoadedVersion> listener) {
    onUnloaded = listener;
  }

  /** A handle for one request, or null when the version is already retired. */
  synchronized ServableHandle acquire() {
    if (retired) {
      return null;
    }
    references++;
    return new ServableHandle(this);
  }

  /** Drops the manager's reference: the version unloads once the requests on it finish. */
  void retire() {
    synchronized (this) {
      if (retired) {
        return;
      }
      retired = true;
    }
    release();
  }

  synchronized int inFlight() {
    return references - (retired ? 0 : 1);
  }

  void release() {
    Consumer<LoadedVersion> listener;
    synchronized (this) {
      if (--references > 0) {
        return;
      }
      listener = onUnloaded;
    }
    try {
      model.close();
    } finally {
      deleteScratch();
      listener.accept(this);
    }
  }

  /** Deletes the scratch folder of a version whose model never loaded. */
  void deleteScratchOnly() {
    deleteScratch();
  }

  private void deleteScratch() {
    if (scratch == null) {
      return;
    }
    try (Stream<Path> paths = Files.walk(scratch)) {
      paths.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
    } catch (IOException e) {
      System.getLogger(LoadedVersion.class.getName()).log(System.Logger.Level.WARNING,
          "Could not delete " + scratch + ": " + e);
    }
  }
}
