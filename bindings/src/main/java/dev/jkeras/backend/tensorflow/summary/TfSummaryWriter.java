package dev.jkeras.backend.tensorflow.summary;

import dev.jkeras.backend.ModelGraph;
import dev.jkeras.backend.SummaryWriter;
import dev.jkeras.backend.tensorflow.ErrorMessages;
import dev.jkeras.backend.tensorflow.TfModelGraph;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.tensorflow.Graph;
import org.tensorflow.Operand;
import org.tensorflow.Result;
import org.tensorflow.Session;
import org.tensorflow.exceptions.TensorFlowException;
import org.tensorflow.ndarray.ByteNdArray;
import org.tensorflow.ndarray.FloatNdArray;
import org.tensorflow.ndarray.NdArray;
import org.tensorflow.ndarray.NdArrays;
import org.tensorflow.ndarray.Shape;
import org.tensorflow.ndarray.buffer.DataBuffers;
import org.tensorflow.op.Op;
import org.tensorflow.op.Ops;
import org.tensorflow.op.core.Placeholder;
import org.tensorflow.proto.SummaryMetadata;
import org.tensorflow.types.TFloat32;
import org.tensorflow.types.TFloat64;
import org.tensorflow.types.TInt64;
import org.tensorflow.types.TString;
import org.tensorflow.types.TUint8;

/**
 * A TensorBoard writer built from TensorFlow's own summary kernels ({@code CreateSummaryFileWriter},
 * {@code WriteSummary}, {@code WriteGraphSummary}, {@code FlushSummaryWriter}, {@code
 * CloseSummaryWriter}) in a small graph of its own, so each write is one session run with fed
 * values and nothing accumulates between writes. Event files are named as TF 2's ({@code
 * events.out.tfevents.<time>.<host>.<pid>.<n>.v2}).
 */
final class TfSummaryWriter implements SummaryWriter {
  private static final int MAX_QUEUE = 10;
  private static final int FLUSH_MILLIS = 120_000;

  private final Path logDir;
  private final Graph graph = new Graph();
  private final Session session;
  private final Placeholder<TString> tag;
  private final Placeholder<TInt64> step;
  private final Placeholder<TString> metadata;
  private final Placeholder<TFloat32> scalarValue;
  private final Placeholder<TFloat64> histogramValue;
  private final Placeholder<TString> stringValue;
  private final Placeholder<TString> graphDef;
  private final Placeholder<TUint8> pngInput;
  private final Operand<TString> png;
  private final Op writeScalar;
  private final Op writeHistogram;
  private final Op writeString;
  private final Op writeGraph;
  private final Op flush;
  private final Op close;
  private final Op init;
  private boolean initialized;
  private boolean closed;

  static TfSummaryWriter open(Path logDir) {
    Path dir = logDir.toAbsolutePath().normalize();
    try {
      Files.createDirectories(dir);
    } catch (IOException | SecurityException e) {
      throw new IllegalArgumentException("Cannot create the TensorBoard log directory " + dir + ": " + e
          + "; give a directory you can write to", e);
    }
    if (!Files.isDirectory(dir) || !Files.isWritable(dir)) {
      throw new IllegalArgumentException("The TensorBoard log directory " + dir
          + " is not a writable directory; give a directory you can write to");
    }
    return new TfSummaryWriter(dir);
  }

  private TfSummaryWriter(Path logDir) {
    this.logDir = logDir;
    Ops tf = Ops.create(graph);
    Operand<?> handle = tf.summary.summaryWriter(org.tensorflow.op.summary.SummaryWriter.sharedName("jkeras_summary_writer"));
    init = tf.summary.createSummaryFileWriter(handle, tf.constant(logDir.toString()), tf.constant(MAX_QUEUE),
        tf.constant(FLUSH_MILLIS), tf.constant(".v2"));
    tag = tf.placeholder(TString.class, Placeholder.shape(Shape.scalar()));
    step = tf.placeholder(TInt64.class, Placeholder.shape(Shape.scalar()));
    metadata = tf.placeholder(TString.class, Placeholder.shape(Shape.scalar()));
    scalarValue = tf.placeholder(TFloat32.class, Placeholder.shape(Shape.scalar()));
    histogramValue = tf.placeholder(TFloat64.class, Placeholder.shape(Shape.of(-1, 3)));
    stringValue = tf.placeholder(TString.class);
    graphDef = tf.placeholder(TString.class, Placeholder.shape(Shape.scalar()));
    pngInput = tf.placeholder(TUint8.class, Placeholder.shape(Shape.of(-1, -1, -1)));
    png = tf.image.encodePng(pngInput);
    writeScalar = tf.summary.writeSummary(handle, step, scalarValue, tag, metadata);
    writeHistogram = tf.summary.writeSummary(handle, step, histogramValue, tag, metadata);
    writeString = tf.summary.writeSummary(handle, step, stringValue, tag, metadata);
    writeGraph = tf.summary.writeGraphSummary(handle, step, graphDef);
    flush = tf.summary.flushSummaryWriter(handle);
    close = tf.summary.closeSummaryWriter(handle);
    session = new Session(graph);
  }

  @Override
  public Path logDir() {
    return logDir;
  }

  @Override
  public void scalar(String tag, long step, double value) {
    try (TFloat32 v = TFloat32.scalarOf((float) value)) {
      write(writeScalar, tag, step, v, pluginMetadata(SCALARS, new byte[0]));
    }
  }

  @Override
  public void histogram(String tag, long step, NdArray<?> values, int buckets) {
    if (buckets <= 0) {
      throw new IllegalArgumentException("A histogram needs at least one bucket, got " + buckets);
    }
    double[][] rows = buckets(doubles(values), buckets);
    try (TFloat64 v = TFloat64.tensorOf(Shape.of(buckets, 3), t -> {
      for (int i = 0; i < buckets; i++) {
        for (int j = 0; j < 3; j++) {
          t.setDouble(rows[i][j], i, j);
        }
      }
    })) {
      write(writeHistogram, tag, step, v, pluginMetadata(HISTOGRAMS, new byte[0]));
    }
  }

  @Override
  public void image(String tag, long step, NdArray<?> images, int maxOutputs) {
    Shape shape = images.shape();
    if (shape.numDimensions() != 4 || shape.get(3) < 1 || shape.get(3) > 4 || shape.get(3) == 2) {
      throw new IllegalArgumentException("Images must be [k, height, width, channels] with 1, 3 or 4 channels, got "
          + shape);
    }
    int k = (int) Math.min(shape.get(0), Math.max(0, maxOutputs));
    List<byte[]> parts = new ArrayList<>();
    parts.add(Long.toString(shape.get(2)).getBytes(StandardCharsets.US_ASCII));
    parts.add(Long.toString(shape.get(1)).getBytes(StandardCharsets.US_ASCII));
    for (int i = 0; i < k; i++) {
      NdArray<?> one = images.get(i);
      try (TUint8 pixels = TUint8.tensorOf(one.shape(), t -> fillUint8(one, t));
          Result result = session.runner().feed(pngInput, pixels).fetch(png).run()) {
        parts.add(((TString) result.get(0)).asBytes().getObject());
      } catch (TensorFlowException e) {
        throw new IllegalStateException("Cannot encode image '" + tag + "': " + ErrorMessages.clean(e), e);
      }
    }
    try (TString v = TString.tensorOfBytes(NdArrays.vectorOfObjects(parts.toArray(byte[][]::new)))) {
      write(writeString, tag, step, v, pluginMetadata(IMAGES, new byte[0]));
    }
  }

  @Override
  public void text(String tag, long step, String value, String pluginName, byte[] pluginContent) {
    try (TString v = TString.scalarOf(value)) {
      write(writeString, tag, step, v, pluginMetadata(pluginName, pluginContent));
    }
  }

  @Override
  public void graph(long step, ModelGraph modelGraph) {
    if (!(modelGraph instanceof TfModelGraph g)) {
      throw new IllegalArgumentException("Not a TensorFlow model graph: " + modelGraph);
    }
    byte[] bytes = g.graphDef();
    try (TString def = TString.tensorOfBytes(NdArrays.scalarOfObject(bytes));
        TInt64 s = TInt64.scalarOf(step)) {
      run(session.runner().feed(this.step, s).feed(graphDef, def).addTarget(writeGraph), "write the graph");
    }
  }

  @Override
  public void flush() {
    if (initialized && !closed) {
      run(session.runner().addTarget(flush), "flush");
    }
  }

  @Override
  public void close() {
    if (closed) {
      return;
    }
    try {
      if (initialized) {
        run(session.runner().addTarget(close), "close");
      }
    } finally {
      closed = true;
      session.close();
      graph.close();
    }
  }

  @Override
  public String toString() {
    return "SummaryWriter[" + logDir + "]";
  }

  // ------------------------------------------------------------------ helpers

  private void write(Op op, String tagName, long stepValue, org.tensorflow.Tensor value, byte[] meta) {
    try (TString t = TString.scalarOf(tagName);
        TInt64 s = TInt64.scalarOf(stepValue);
        TString m = TString.tensorOfBytes(NdArrays.scalarOfObject(meta))) {
      Session.Runner runner = session.runner().feed(tag, t).feed(step, s).feed(metadata, m);
      if (op == writeScalar) {
        runner.feed(scalarValue, value);
      } else if (op == writeHistogram) {
        runner.feed(histogramValue, value);
      } else {
        runner.feed(stringValue, value);
      }
      run(runner.addTarget(op), "write '" + tagName + "'");
    }
  }

  /** Runs {@code runner} (no fetches), creating the event file first when needed. */
  private void run(Session.Runner runner, String what) {
    if (closed) {
      throw new IllegalStateException("Cannot " + what + ": " + this + " is closed");
    }
    try {
      if (!initialized) {
        try (Result ignored = session.runner().addTarget(init).run()) {
          initialized = true;
        }
      }
      try (Result ignored = runner.run()) {
        // no outputs
      }
    } catch (TensorFlowException e) {
      throw new IllegalStateException("TensorBoard writer for " + logDir + " could not " + what + ": "
          + ErrorMessages.clean(e), e);
    }
  }

  private static byte[] pluginMetadata(String pluginName, byte[] content) {
    return SummaryMetadata.newBuilder()
        .setPluginData(SummaryMetadata.PluginData.newBuilder()
            .setPluginName(pluginName)
            .setContent(com.google.protobuf.ByteString.copyFrom(content)))
        .build()
        .toByteArray();
  }

  private static double[] doubles(NdArray<?> values) {
    int n = (int) values.size();
    double[] out = new double[n];
    if (values instanceof FloatNdArray f) {
      float[] floats = new float[n];
      f.copyTo(DataBuffers.of(floats, false, false));
      for (int i = 0; i < n; i++) {
        out[i] = floats[i];
      }
      return out;
    }
    int[] i = {0};
    values.scalars().forEach(s -> out[i[0]++] = ((Number) s.getObject()).doubleValue());
    return out;
  }

  /** TensorBoard's histogram buckets ({@code tensorboard.plugins.histogram.summary_v2}). */
  static double[][] buckets(double[] data, int count) {
    double[][] rows = new double[count][3];
    if (data.length == 0) {
      return rows;
    }
    double min = Double.POSITIVE_INFINITY;
    double max = Double.NEGATIVE_INFINITY;
    for (double v : data) {
      min = Math.min(min, v);
      max = Math.max(max, v);
    }
    double range = max - min;
    if (range == 0) {
      for (double[] row : rows) {
        row[0] = max;
        row[1] = max;
      }
      rows[count - 1][2] = data.length;
      return rows;
    }
    double width = range / count;
    for (double v : data) {
      int index = (int) Math.floor((v - min) / width);
      rows[Math.min(index, count - 1)][2]++;
    }
    double stepWidth = range / count;
    for (int i = 0; i < count; i++) {
      rows[i][0] = min + i * stepWidth;
      rows[i][1] = i == count - 1 ? max : min + (i + 1) * stepWidth;
    }
    return rows;
  }

  /** uint8 pixels as {@code tf.image.convert_image_dtype(saturate=True)} makes them. */
  private static void fillUint8(NdArray<?> image, TUint8 target) {
    if (image instanceof ByteNdArray bytes) {
      bytes.copyTo(target);
      return;
    }
    image.scalars().forEachIndexed((coords, s) -> {
      double v = ((Number) s.getObject()).doubleValue() * 255.5;
      int pixel = (int) Math.max(0, Math.min(255, v));
      target.setObject((byte) pixel, coords);
    });
  }
}
