/**
 * Data files and pipelines, the {@code tf.data} analogue: TFRecord files ({@link
 * dev.jkeras.data.TFRecordWriter}, {@link dev.jkeras.data.TFRecordReader}), {@code tf.train.Example}
 * and {@code SequenceExample} protos ({@link dev.jkeras.data.Example}, {@link
 * dev.jkeras.data.SequenceExample}), and CSV files ({@link dev.jkeras.data.CsvFile}). Parsing the
 * protos and decoding CSV lines inside a graph are ops: {@link dev.jkeras.ops.IoOps}.
 */
package dev.jkeras.data;
