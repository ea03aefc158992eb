package dev.jkeras.callbacks;

import dev.jkeras.backend.Backends;
import dev.jkeras.backend.SummaryWriter;
import dev.jkeras.backend.Variable;
import dev.jkeras.models.Model;
import dev.jkeras.optimizers.Optimizer;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import org.tensorflow.ndarray.FloatNdArray;
import org.tensorflow.ndarray.NdArray;
import org.tensorflow.ndarray.NdArrays;
import org.tensorflow.ndarray.Shape;

/**
 * Writes TensorBoard logs, as Keras 3's {@code keras.callbacks.TensorBoard}, with the same runs, tags
 * and steps, so a jkeras run and a Keras run look the same in TensorBoard:
 *
 * <ul>
 *   <li>{@code logDir/train}: at each epoch end {@code epoch_<name>} for every training log and
 *       {@code epoch_learning_rate} (step = epoch); with {@link #updateFreq} {@code batch_<name>}
 *       at the global batch step; with {@link #histogramFreq} {@code <weight>/histogram} (and with
 *       {@link #writeImages} {@code <weight>/image}) at epoch ends; with {@link #writeGraph} the
 *       model's config (tag {@code keras}, TensorBoard's conceptual graph) and its TensorFlow graph.
 *   <li>{@code logDir/validation}: {@code epoch_<name>} for every {@code val_} log, prefix removed
 *       (step = epoch), and at the end of each evaluation {@code evaluation_<name>_vs_iterations}
 *       (step = the optimizer's iterations).
 * </ul>
 *
 * <p>Values are TensorFlow 2 summaries written by TensorFlow's summary kernels. Writers open when
 * first written to, flush at each epoch end and close at the end of training (or when {@code fit}
 * fails, or at the end of an {@code evaluate} run outside {@code fit}), so a TensorBoard watching
 * the directory shows the curves as they grow:
 * {@code tensorboard --logdir <root>}. Use {@link #runLogDir(Path)} for a fresh directory per run.
 */
public class TensorBoard extends Callback implements AutoCloseable {
  private static final System.Logger LOG = System.getLogger(TensorBoard.class.getName());

  private static final DateTimeFormatter RUN_ID = DateTimeFormatter.ofPattern("'run_'yyyy_MM_dd-HH_mm_ss", Locale.ROOT);
  private static final int MAX_IMAGES = 3;

  private final Path logDir;
  private int histogramFreq;
  private boolean writeGraph = true;
  private boolean writeImages;
  private boolean writeStepsPerSecond;
  private int updateFreq; // 0: "epoch"

  private SummaryWriter trainWriter;
  private SummaryWriter valWriter;
  private boolean training;
  private boolean shouldWriteTrainGraph;
  private long globalTrainBatch;
  private long previousEpochIterations;
  private long epochStartNanos;
  private long batchStartNanos;

  /** Logs to {@code logs}, as Keras's default. */
  public TensorBoard() {
    this("logs");
  }

  public TensorBoard(String logDir) {
    this(Path.of(logDir));
  }

  public TensorBoard(Path logDir) {
    this.logDir = logDir;
  }

  /**
   * A fresh run directory under {@code root} named after the current local time, as in <i>Hands-On
   * ML</i>: {@code root/run_2026_11_22-14_05_33}. When that name is taken (two runs in one
   * second), {@code _2}, {@code _3}, ... is appended. The directory is not created.
   */
  public static Path runLogDir(Path root) {
    return runLogDir(root, LocalDateTime.now());
  }

  public static Path runLogDir(String root) {
    return runLogDir(Path.of(root));
  }

  /** {@link #runLogDir(Path)} for a given time. */
  public static Path runLogDir(Path root, LocalDateTime time) {
    String name = RUN_ID.format(time);
    Path dir = root.resolve(name);
    for (int i = 2; Files.exists(dir); i++) {
      dir = root.resolve(name + "_" + i);
    }
    return dir;
  }

  public Path logDir() {
    return logDir;
  }

  /** Writes weight histograms every {@code histogramFreq} epochs (0, the default: never). */
  public TensorBoard histogramFreq(int histogramFreq) {
    if (histogramFreq < 0) {
      throw new IllegalArgumentException("histogramFreq must be >= 0 (0 turns histograms off), got " + histogramFreq);
    }
    this.histogramFreq = histogramFreq;
    return this;
  }

  /** Writes the model's config and TensorFlow graph (default true). */
  public TensorBoard writeGraph(boolean writeGraph) {
    this.writeGraph = writeGraph;
    return this;
  }

  /** Writes the weights as images too, when histograms are written (default false). */
  public TensorBoard writeImages(boolean writeImages) {
    this.writeImages = writeImages;
    return this;
  }

  /** Logs training steps per second, per epoch and (with {@link #updateFreq}) per batch (default false). */
  public TensorBoard writeStepsPerSecond(boolean writeStepsPerSecond) {
    this.writeStepsPerSecond = writeStepsPerSecond;
    return this;
  }

  /** {@code "epoch"} (default): logs at epoch ends only; {@code "batch"}: also after every batch. */
  public TensorBoard updateFreq(String updateFreq) {
    switch (updateFreq) {
      case "epoch" -> this.updateFreq = 0;
      case "batch" -> this.updateFreq = 1;
      default -> throw new IllegalArgumentException(
          "updateFreq must be \"epoch\", \"batch\" or a number of batches, got \"" + updateFreq + "\"");
    }
    return this;
  }

  /** Also logs {@code batch_<name>} every {@code batches} training batches (global batch step). */
  public TensorBoard updateFreq(int batches) {
    if (batches <= 0) {
      throw new IllegalArgumentException("updateFreq must be a positive number of batches, got " + batches);
    }
    this.updateFreq = batches;
    return this;
  }

  // ------------------------------------------------------------------ hooks

  /** On a worker other than the chief of a distribution, TensorBoard writes nothing. */
  private static boolean skipped() {
    return dev.jkeras.distribution.Distribution.skipsWriting("TensorBoard logs");
  }

  @Override
  public void onTrainBegin(Map<String, Double> logs) {
    if (skipped()) {
      return;
    }
    guarded(() -> {
      checkWritable(logDir);
      training = true;
      globalTrainBatch = 0;
      previousEpochIterations = 0;
      shouldWriteTrainGraph = writeGraph;
      if (writeGraph) {
        writeKerasModel();
      }
    });
  }

  @Override
  public void onEpochBegin(int epoch, Map<String, Double> logs) {
    if (skipped()) {
      return;
    }
    if (writeStepsPerSecond) {
      previousEpochIterations = iterations();
      epochStartNanos = System.nanoTime();
    }
  }

  @Override
  public void onTrainBatchBegin(int batch, Map<String, Double> logs) {
    if (skipped()) {
      return;
    }
    globalTrainBatch++;
    if (writeStepsPerSecond) {
      batchStartNanos = System.nanoTime();
    }
  }

  @Override
  public void onTrainBatchEnd(int batch, Map<String, Double> logs) {
    if (skipped()) {
      return;
    }
    guarded(() -> {
      if (shouldWriteTrainGraph) {
        shouldWriteTrainGraph = false;
        model().writeGraph(train(), 0);
      }
      if (updateFreq > 0 && globalTrainBatch % updateFreq == 0) {
        if (writeStepsPerSecond) {
          double seconds = (System.nanoTime() - batchStartNanos) / 1e9;
          train().scalar("batch_steps_per_second", globalTrainBatch, 1.0 / seconds);
        }
        for (Map.Entry<String, Double> log : logs.entrySet()) {
          train().scalar("batch_" + log.getKey(), globalTrainBatch, log.getValue());
        }
      }
    });
  }

  @Override
  public void onEpochEnd(int epoch, Map<String, Double> logs) {
    if (skipped()) {
      return;
    }
    guarded(() -> {
      logEpochMetrics(epoch, logs);
      if (histogramFreq > 0 && epoch % histogramFreq == 0) {
        logWeights(epoch);
      }
      flush();
    });
  }

  @Override
  public void onTestEnd(Map<String, Double> logs) {
    if (skipped()) {
      return;
    }
    guarded(() -> {
      Model model = model();
      if (model == null || !model.isCompiled()) {
        return;
      }
      long iterations = iterations();
      for (Map.Entry<String, Double> log : logs.entrySet()) {
        validation().scalar("evaluation_" + log.getKey() + "_vs_iterations", iterations, log.getValue());
      }
      if (!training) { // evaluate() on its own: nothing else will close them
        close();
      }
    });
  }

  @Override
  public void onTrainEnd(Map<String, Double> logs) {
    training = false;
    close();
  }

  /** Closes the event files when the run failed; after a normal end, {@link #onTrainEnd} has. */
  @Override
  public void onFinally(Throwable error) {
    if (error != null) {
      close();
    }
  }

  /** Flushes and closes the event files; the next write opens new ones. */
  @Override
  public void close() {
    training = false;
    SummaryWriter train = trainWriter;
    SummaryWriter validation = valWriter;
    trainWriter = null;
    valWriter = null;
    RuntimeException failure = null;
    for (SummaryWriter writer : new SummaryWriter[] {train, validation}) {
      if (writer != null) {
        try {
          writer.close();
        } catch (RuntimeException e) {
          if (failure == null) {
            failure = e;
          } else {
            failure.addSuppressed(e);
          }
        }
      }
    }
    if (failure != null) {
      throw failure;
    }
  }

  /** True while an event file is open (between the first write and the end of training). */
  public boolean isOpen() {
    return trainWriter != null || valWriter != null;
  }

  // ------------------------------------------------------------------ writing

  private void logEpochMetrics(int epoch, Map<String, Double> logs) {
    if (logs == null || logs.isEmpty()) {
      return;
    }
    Map<String, Double> trainLogs = new LinkedHashMap<>();
    Map<String, Double> valLogs = new LinkedHashMap<>();
    logs.forEach((name, value) -> {
      if (name.startsWith("val_")) {
        valLogs.put(name.substring(4), value);
      } else {
        trainLogs.put(name, value);
      }
    });
    Model model = model();
    if (model != null && model.isCompiled()) {
      Optimizer optimizer = model.optimizer();
      trainLogs.put("learning_rate", optimizer.learningRate());
    }
    if (writeStepsPerSecond) {
      double seconds = (System.nanoTime() - epochStartNanos) / 1e9;
      trainLogs.put("steps_per_second", (iterations() - previousEpochIterations) / seconds);
    }
    trainLogs.forEach((name, value) -> train().scalar("epoch_" + name, epoch, value));
    valLogs.forEach((name, value) -> validation().scalar("epoch_" + name, epoch, value));
  }

  private void logWeights(int epoch) {
    for (Variable weight : model().weights()) {
      String name = weight.name().replace(':', '_');
      NdArray<?> value = weight.read();
      train().histogram(name + "/histogram", epoch, value);
      if (writeImages) {
        NdArray<?> image = weightImage(value);
        if (image != null) {
          train().image(name + "/image", epoch, image, MAX_IMAGES);
        }
      }
    }
    train().flush();
  }

  /** The weight laid out as Keras's TensorBoard lays it out for an image, or null when it cannot be shown. */
  static NdArray<?> weightImage(NdArray<?> weight) {
    long[] dims = java.util.Arrays.stream(weight.shape().asArray()).filter(d -> d != 1).toArray();
    double[] values = new double[(int) weight.size()];
    int[] next = {0};
    weight.scalars().forEach(s -> values[next[0]++] = ((Number) s.getObject()).doubleValue());
    long[] imageShape;
    double[] pixels = values;
    switch (dims.length) {
      case 0 -> {
        return null;
      }
      case 1 -> imageShape = new long[] {1, dims[0], 1, 1};
      case 2 -> {
        long rows = dims[0];
        long cols = dims[1];
        if (rows > cols) { // shown wide: transposed
          pixels = new double[values.length];
          for (int r = 0; r < rows; r++) {
            for (int c = 0; c < cols; c++) {
              pixels[(int) (c * rows + r)] = values[(int) (r * cols + c)];
            }
          }
          imageShape = new long[] {1, cols, rows, 1};
        } else {
          imageShape = new long[] {1, rows, cols, 1};
        }
      }
      case 3 -> { // (h, w, channels) -> (channels, h, w, 1)
        long h = dims[0];
        long w = dims[1];
        long ch = dims[2];
        pixels = new double[values.length];
        for (int i = 0; i < h; i++) {
          for (int j = 0; j < w; j++) {
            for (int k = 0; k < ch; k++) {
              pixels[(int) ((k * h + i) * w + j)] = values[(int) ((i * w + j) * ch + k)];
            }
          }
        }
        imageShape = new long[] {ch, h, w, 1};
      }
      case 4 -> imageShape = dims;
      default -> {
        return null;
      }
    }
    long channels = imageShape[3];
    if (channels != 1 && channels != 3 && channels != 4) {
      return null;
    }
    FloatNdArray image = NdArrays.ofFloats(Shape.of(imageShape));
    float[] floats = new float[pixels.length];
    for (int i = 0; i < pixels.length; i++) {
      floats[i] = (float) pixels[i];
    }
    image.copyFrom(org.tensorflow.ndarray.buffer.DataBuffers.of(floats, true, false));
    return image;
  }

  /** The model's config for TensorBoard's conceptual graph; as Keras, for Sequential and Functional models only. */
  private void writeKerasModel() {
    String json;
    try {
      json = model().toJson();
    } catch (RuntimeException e) {
      LOG.log(System.Logger.Level.WARNING, "Model failed to serialize as JSON. Ignoring... " + e.getMessage());
      return;
    }
    com.google.gson.JsonElement className = com.google.gson.JsonParser.parseString(json).getAsJsonObject().get("class_name");
    if (className == null || !Set.of("Sequential", "Functional").contains(className.getAsString())) {
      return;
    }
    train().text("keras", 0, json, SummaryWriter.GRAPH_KERAS_MODEL, "1".getBytes(StandardCharsets.US_ASCII));
  }

  private long iterations() {
    Model model = model();
    return model != null && model.isCompiled() ? model.optimizer().iterations() : 0;
  }

  private SummaryWriter train() {
    if (trainWriter == null) {
      trainWriter = Backends.get().summaries().writer(logDir.resolve("train"));
    }
    return trainWriter;
  }

  private SummaryWriter validation() {
    if (valWriter == null) {
      valWriter = Backends.get().summaries().writer(logDir.resolve("validation"));
    }
    return valWriter;
  }

  private void flush() {
    if (trainWriter != null) {
      trainWriter.flush();
    }
    if (valWriter != null) {
      valWriter.flush();
    }
  }

  /** Runs {@code body}; when it throws, the writers are closed before the exception goes on. */
  private void guarded(Runnable body) {
    try {
      body.run();
    } catch (RuntimeException | Error e) {
      try {
        close();
      } catch (RuntimeException closing) {
        e.addSuppressed(closing);
      }
      throw e;
    }
  }

  /** Fails now, before training, when {@code dir} cannot hold the logs. */
  private static void checkWritable(Path dir) {
    try {
      Files.createDirectories(dir);
      Path probe = Files.createTempFile(dir, ".write-check", ".tmp");
      Files.delete(probe);
    } catch (IOException | SecurityException e) {
      throw new IllegalArgumentException("TensorBoard cannot write its logs to " + dir.toAbsolutePath() + " ("
          + e + "); give TensorBoard a directory you can write to", e);
    }
  }
}
