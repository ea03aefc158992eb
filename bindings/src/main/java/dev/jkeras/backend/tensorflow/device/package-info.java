/** TensorFlow's process-wide kernel and device settings (op determinism). */
package dev.jkeras.backend.tensorflow.device;
