/**
 * The TensorFlow op families, file for file with {@code dev.jkeras.backend.ops} (as Keras's
 * {@code backend/tensorflow/core.py}, {@code math.py}, {@code nn.py}, {@code numpy.py},
 * {@code linalg.py}, {@code random.py}): each builds TensorFlow ops in the current context.
 */
package dev.jkeras.backend.tensorflow.ops;
