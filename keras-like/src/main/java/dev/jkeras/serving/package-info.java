/**
 * A model server that speaks TensorFlow Serving's RESTful API ({@link dev.jkeras.serving.ModelServer},
 * from the command line {@link dev.jkeras.serving.Serve}): model status, metadata, predict, classify and
 * regress for SavedModels and {@code .keras} files in TF Serving's versioned layout, with its JSON bytes,
 * error texts and HTTP statuses.
 */
package dev.jkeras.serving;
