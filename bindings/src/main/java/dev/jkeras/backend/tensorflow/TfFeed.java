package dev.jkeras.backend.tensorflow;

import dev.jkeras.backend.Feed;
import org.tensorflow.Tensor;

/** A native tensor kept open to be fed repeatedly; closing it frees it. */
class TfFeed implements Feed {
  private final Tensor tensor;

  TfFeed(Tensor tensor) {
    this.tensor = tensor;
  }

  Tensor tensor() {
    return tensor;
  }

  @Override
  public void close() {
    tensor.close();
  }
}
