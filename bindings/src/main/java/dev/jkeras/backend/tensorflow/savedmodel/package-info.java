/**
 * SavedModels in TensorFlow: reading and screening them ({@link
 * dev.jkeras.backend.tensorflow.savedmodel.OpScreen}, {@link
 * dev.jkeras.backend.tensorflow.savedmodel.GraphLimits}), loading them as {@code ImportedModel}s,
 * importing them into a model graph for TFSMLayer, and exporting a model graph as one.
 */
package dev.jkeras.backend.tensorflow.savedmodel;
