package dev.jkeras.layers;

/**
 * What Keras's preprocessing layers share (its {@code TFDataLayer}): inputs of any shape, since they
 * hold no weights shaped by the input, and dense outputs only.
 */
abstract class PreprocessingLayer extends Layer {

  @Override
  protected boolean checksInputShape() {
    return false;
  }

  /** Refuses {@code sparse=True}: jkeras has no sparse tensors. */
  final void denseOnly(boolean sparse) {
    if (sparse) {
      throw new IllegalArgumentException(getClass().getSimpleName() + "(sparse=True) needs sparse tensors, which "
          + "jkeras does not have; use dense outputs (sparse=false)");
    }
  }
}
