package dev.jkeras.serving;

import dev.jkeras.backend.ImportedModel;

/**
 * A loaded version of a model, held for the length of one request: while any handle is open the
 * version stays loaded, even after a newer version replaced it. Close it when the request is done.
 */
public final class ServableHandle implements AutoCloseable {
  private final LoadedVersion loaded;
  private boolean closed;

  ServableHandle(LoadedVersion loaded) {
    this.loaded = loaded;
  }

  public String modelName() {
    return loaded.name;
  }

  public long version() {
    return loaded.version;
  }

  /** The version's model; valid until this handle is closed. */
  public ImportedModel model() {
    return loaded.model;
  }

  @Override
  public synchronized void close() {
    if (!closed) {
      closed = true;
      loaded.release();
    }
  }
}
