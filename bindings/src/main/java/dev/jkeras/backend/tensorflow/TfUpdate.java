package dev.jkeras.backend.tensorflow;

import dev.jkeras.backend.Update;
import org.tensorflow.op.Op;

/** A TensorFlow op run for its effect. */
record TfUpdate(Op op) implements Update {}
