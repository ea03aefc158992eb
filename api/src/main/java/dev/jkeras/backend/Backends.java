package dev.jkeras.backend;

import java.util.Iterator;
import java.util.ServiceLoader;

/** Finds the {@link Backend} on the class path, once. */
public final class Backends {
  private Backends() {}

  private static final class Holder {
    static final Backend INSTANCE = load();
  }

  /** The backend in use; fails with instructions when none is on the class path. */
  public static Backend get() {
    return Holder.INSTANCE;
  }

  private static Backend load() {
    Iterator<Backend> found = ServiceLoader.load(Backend.class).iterator();
    if (!found.hasNext()) {
      throw new IllegalStateException(
          "No jkeras backend on the class path. Add the dependency dev.jkeras:jkeras "
              + "(which brings dev.jkeras:jkeras-bindings and TensorFlow Java).");
    }
    return found.next();
  }
}
