/** TensorBoard event files written with TensorFlow's summary ops. */
package dev.jkeras.backend.tensorflow.summary;
