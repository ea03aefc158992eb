/**
 * Keras's built-in data sets ({@code keras.datasets}): {@link dev.jkeras.datasets.FashionMnist} and
 * {@link dev.jkeras.datasets.Mnist}.
 *
 * <p>{@code loadData()} looks for the files where Keras keeps them, then in system and jkeras
 * locations, and downloads them from Keras's server as a last resort; {@link
 * dev.jkeras.datasets.DatasetLocator} says where and lets callers change it. Images come back as
 * {@link org.tensorflow.ndarray.ByteNdArray}s whose bytes are unsigned pixels (0..255), as TF Java's
 * {@code TUint8} reads them; labels as {@link org.tensorflow.ndarray.IntNdArray}s.
 */
package dev.jkeras.datasets;
