package dev.jkeras.backend.tensorflow;

import dev.jkeras.backend.Update;
import org.tensorflow.op.Op;

/** A TensorFlow op run for its effect (public for the backend's packages). */
public record TfUpdate(Op op) implements Update {}
