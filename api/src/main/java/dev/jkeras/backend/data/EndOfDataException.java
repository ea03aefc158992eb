package dev.jkeras.backend.data;

import java.util.NoSuchElementException;

/**
 * A session run asked a dataset iterator for an element after its last one (TensorFlow's
 * {@code OutOfRange}); the loop reading it ends its epoch here, as Keras does.
 */
public class EndOfDataException extends NoSuchElementException {
  public EndOfDataException(String message) {
    super(message);
  }
}
