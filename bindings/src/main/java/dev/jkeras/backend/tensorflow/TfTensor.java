package dev.jkeras.backend.tensorflow;

import dev.jkeras.backend.BackendTensor;
import org.tensorflow.Operand;

/** A TensorFlow operand seen from above the backend. */
record TfTensor(Operand<?> operand) implements BackendTensor {}
