package dev.jkeras.saving;

/**
 * A file names a custom class or function that is neither registered nor given in
 * {@code customObjects}. As Keras's {@code load_model}, loading fails (it does not fall back to an
 * uncompiled model), naming the object and how to pass it.
 */
public final class UnknownObjectException extends IllegalArgumentException {
  private static final long serialVersionUID = 1L;

  public UnknownObjectException(String message) {
    super(message);
  }
}
