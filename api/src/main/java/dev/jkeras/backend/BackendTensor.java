package dev.jkeras.backend;

/** A tensor as the backend knows it (for TensorFlow, an {@code Operand}). Opaque above the backend. */
public interface BackendTensor {}
