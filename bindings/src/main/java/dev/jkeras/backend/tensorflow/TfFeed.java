package dev.jkeras.backend.tensorflow;

import dev.jkeras.backend.Feed;
import org.tensorflow.Tensor;

/** A native tensor kept open to be fed repeatedly. */
record TfFeed(Tensor tensor) implements Feed {
  @Override
  public void close() {
    tensor.close();
  }
}
