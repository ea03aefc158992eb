package dev.jkeras;

/**
 * Where a symbolic tensor came from: the layer call (for Functional models) that produced it.
 * Implemented by the Keras layer machinery; opaque to the backend.
 */
public interface KerasHistory {}
