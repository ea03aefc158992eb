package dev.jkeras.callbacks;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.jkeras.backend.Variable;
import dev.jkeras.layers.Dense;
import dev.jkeras.layers.InputLayer;
import dev.jkeras.models.Model;
import dev.jkeras.models.Sequential;
import dev.jkeras.optimizers.Adam;
import java.io.DataInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import java.util.zip.CRC32C;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.tensorflow.ndarray.FloatNdArray;
import org.tensorflow.ndarray.NdArrays;
import org.tensorflow.ndarray.Shape;
import org.tensorflow.proto.DataType;
import org.tensorflow.proto.Event;
import org.tensorflow.proto.GraphDef;
import org.tensorflow.proto.Summary;

/** TensorBoard: event files read back with a TFRecord reader and TensorFlow's Event proto. */
class TensorBoardTest {
  private static final int SAMPLES = 64;
  private static final int BATCH = 16;
  private static final int STEPS = SAMPLES / BATCH;
  private static final int EPOCHS = 3;

  @TempDir
  Path dir;

  private static final FloatNdArray X = NdArrays.ofFloats(Shape.of(SAMPLES, 3));
  private static final FloatNdArray Y = NdArrays.ofFloats(Shape.of(SAMPLES, 1));

  static {
    Random random = new Random(7);
    for (int i = 0; i < SAMPLES; i++) {
      float sum = 0;
      for (int j = 0; j < 3; j++) {
        float v = (float) random.nextGaussian();
        X.setFloat(v, i, j);
        sum += (j + 1) * v;
      }
      Y.setFloat(sum, i, 0);
    }
  }

  private static Model model() {
    Model model = new Sequential(new InputLayer(3), new Dense(4, "tanh").name("hidden"), new Dense(1).name("output"));
    model.compile(c -> c.optimizer(new Adam(0.01)).loss("mse").metrics("mae"));
    return model;
  }

  private static History fit(Model model, Callback... callbacks) {
    return model.fit(X, Y, f -> f.epochs(EPOCHS).batchSize(BATCH).verbose(0)
        .validationData(X.slice(org.tensorflow.ndarray.index.Indices.range(0, 32)),
            Y.slice(org.tensorflow.ndarray.index.Indices.range(0, 32)))
        .callbacks(callbacks));
  }

  // ------------------------------------------------------------------ the tests

  @Test
  void epochScalarsMatchHistoryPerRunAndStep() throws Exception {
    Path logs = dir.resolve("logs");
    TensorBoard tensorboard = new TensorBoard(logs);
    try (Model model = model()) {
      History history = fit(model, tensorboard);
      assertFalse(tensorboard.isOpen(), "writers are closed at train end");
      assertEquals(Set.of("train", "validation"), children(logs));

      Run train = Run.read(logs.resolve("train"));
      Run validation = Run.read(logs.resolve("validation"));
      Map<String, List<Double>> h = history.history();

      Map<String, Map<Long, Float>> expectedTrain = new TreeMap<>();
      Map<String, Map<Long, Float>> expectedVal = new TreeMap<>();
      h.forEach((name, values) -> {
        boolean val = name.startsWith("val_");
        Map<Long, Float> steps = new TreeMap<>();
        for (int epoch = 0; epoch < values.size(); epoch++) {
          steps.put((long) epoch, values.get(epoch).floatValue());
        }
        (val ? expectedVal : expectedTrain).put("epoch_" + (val ? name.substring(4) : name), steps);
      });
      Map<Long, Float> learningRate = new TreeMap<>();
      for (long epoch = 0; epoch < EPOCHS; epoch++) {
        learningRate.put(epoch, 0.01f);
      }
      expectedTrain.put("epoch_learning_rate", learningRate);
      assertEquals(expectedTrain, train.scalars("epoch_"));
      assertEquals(expectedVal, validation.scalars("epoch_"));

      // Each validation pass ends with evaluation_<name>_vs_iterations at the optimizer's iterations.
      Map<String, Map<Long, Float>> expectedEvaluation = new TreeMap<>();
      expectedVal.forEach((tag, steps) -> {
        Map<Long, Float> byIteration = new TreeMap<>();
        steps.forEach((epoch, value) -> byIteration.put((epoch + 1) * STEPS, value));
        expectedEvaluation.put("evaluation_" + tag.substring("epoch_".length()) + "_vs_iterations", byIteration);
      });
      assertEquals(expectedEvaluation, validation.scalars("evaluation_"));
      assertEquals(Set.of(), train.scalars("batch_").keySet(), "updateFreq \"epoch\" writes no batch scalars");
      assertEquals(expectedTrain.keySet().size() + expectedVal.keySet().size() + expectedEvaluation.size(),
          train.scalars("").size() + validation.scalars("").size(), "no other scalars");

      // TF 2 summary form: float tensors with the scalars plugin's metadata.
      for (Summary.Value value : train.values()) {
        if (value.getTag().startsWith("epoch_")) {
          assertEquals(DataType.DT_FLOAT, value.getTensor().getDtype());
          assertEquals("scalars", value.getMetadata().getPluginData().getPluginName());
        }
      }
      for (Run run : List.of(train, validation)) {
        assertEquals("brain.Event:2", run.events.get(0).getFileVersion());
        assertTrue(run.file.getFileName().toString().startsWith("events.out.tfevents."), run.file.toString());
        assertTrue(run.file.getFileName().toString().endsWith(".v2"), run.file.toString());
      }

      // writeGraph: the Keras config (TensorBoard's conceptual graph) and the TensorFlow graph.
      Summary.Value keras = train.value("keras");
      assertEquals("graph_keras_model", keras.getMetadata().getPluginData().getPluginName());
      assertEquals("1", keras.getMetadata().getPluginData().getContent().toStringUtf8());
      assertEquals(DataType.DT_STRING, keras.getTensor().getDtype());
      assertEquals(model.toJson(), keras.getTensor().getStringVal(0).toStringUtf8());
      List<Event> graphs = train.events.stream().filter(Event::hasGraphDef).toList();
      assertEquals(1, graphs.size());
      GraphDef graphDef = GraphDef.parseFrom(graphs.get(0).getGraphDef());
      assertTrue(graphDef.getNodeCount() > 10, "graph has " + graphDef.getNodeCount() + " nodes");
      assertTrue(graphDef.getNodeList().stream().anyMatch(n -> n.getOp().equals("MatMul")));
      assertEquals(Set.of(), validation.events.stream().filter(Event::hasGraphDef).collect(Collectors.toSet()));
    }
  }

  @Test
  void updateFreqWritesBatchScalarsAtTheGlobalBatchStep() throws Exception {
    try (Model model = model()) {
      fit(model, new TensorBoard(dir.resolve("every")).updateFreq("batch").writeStepsPerSecond(true));
      Run train = Run.read(dir.resolve("every/train"));
      Map<String, Map<Long, Float>> batch = train.scalars("batch_");
      assertEquals(Set.of("batch_loss", "batch_mae", "batch_steps_per_second"), batch.keySet());
      Set<Long> allSteps = new TreeSet<>();
      for (long s = 1; s <= EPOCHS * STEPS; s++) {
        allSteps.add(s);
      }
      batch.values().forEach(steps -> assertEquals(allSteps, steps.keySet()));
      batch.get("batch_steps_per_second").values().forEach(v -> assertTrue(v > 0, "steps/s " + v));
      Map<Long, Float> perEpoch = train.scalars("epoch_").get("epoch_steps_per_second");
      assertEquals(Set.of(0L, 1L, 2L), perEpoch.keySet());
      perEpoch.values().forEach(v -> assertTrue(v > 0, "steps/s " + v));
    }
    try (Model model = model()) {
      fit(model, new TensorBoard(dir.resolve("three")).updateFreq(3));
      Map<String, Map<Long, Float>> batch = Run.read(dir.resolve("three/train")).scalars("batch_");
      assertEquals(Set.of("batch_loss", "batch_mae"), batch.keySet());
      assertEquals(Set.of(3L, 6L, 9L, 12L), batch.get("batch_loss").keySet());
    }
  }

  @Test
  void histogramsAndImagesOfEveryWeight() throws Exception {
    try (Model model = model()) {
      fit(model, new TensorBoard(dir).histogramFreq(2).writeImages(true));
      Run train = Run.read(dir.resolve("train"));
      List<String> names = model.weights().stream().map(Variable::name).toList();
      assertEquals(List.of("hidden/kernel", "hidden/bias", "output/kernel", "output/bias"), names);
      for (Variable weight : model.weights()) {
        List<Summary.Value> histograms = train.values(weight.name() + "/histogram");
        assertEquals(List.of(0L, 2L), train.steps(weight.name() + "/histogram"), "histogramFreq 2 of 3 epochs");
        Summary.Value last = histograms.get(histograms.size() - 1);
        assertEquals("histograms", last.getMetadata().getPluginData().getPluginName());
        assertEquals(DataType.DT_DOUBLE, last.getTensor().getDtype());
        List<Long> dims = last.getTensor().getTensorShape().getDimList().stream().map(d -> d.getSize()).toList();
        assertEquals(List.of(30L, 3L), dims);
        List<Double> buckets = doubles(last.getTensor());
        float[] values = floats(weight.read());
        double count = 0;
        for (int i = 0; i < 30; i++) {
          count += buckets.get(i * 3 + 2);
        }
        assertEquals(values.length, count, 0);
        double min = Double.MAX_VALUE;
        double max = -Double.MAX_VALUE;
        for (float v : values) {
          min = Math.min(min, v);
          max = Math.max(max, v);
        }
        if (values.length > 1) { // the last epoch's weights are the final ones
          assertEquals(min, buckets.get(0), 0);
          assertEquals(max, buckets.get(29 * 3 + 1), 0);
        }
      }
      // Images as Keras lays weights out: [width, height, png...] strings with the images plugin.
      assertImage(train, "hidden/kernel/image", 4, 3); // (3, 4): one row per input
      assertImage(train, "hidden/bias/image", 1, 4);
      assertImage(train, "output/kernel/image", 1, 4); // (4, 1) squeezed to a vector
      assertEquals(List.of(), train.values("output/bias/image"), "a single value has no image");
    }
  }

  @Test
  void writeGraphFalseWritesNoGraph() throws Exception {
    try (Model model = model()) {
      fit(model, new TensorBoard(dir).writeGraph(false));
      Run train = Run.read(dir.resolve("train"));
      assertEquals(List.of(), train.values("keras"));
      assertTrue(train.events.stream().noneMatch(Event::hasGraphDef));
    }
  }

  @Test
  void theKerasConfigIsWrittenForFunctionalAndSequentialModelsOnly() throws Exception {
    var input = dev.jkeras.layers.Input.of(3);
    try (Model functional = new Model(input, new Dense(1).apply(new Dense(4, "tanh").apply(input)))) {
      functional.compile("adam", "mse");
      fit(functional, new TensorBoard(dir.resolve("functional")));
      Summary.Value keras = Run.read(dir.resolve("functional/train")).value("keras");
      assertEquals(functional.toJson(), keras.getTensor().getStringVal(0).toStringUtf8());
      assertTrue(functional.toJson().startsWith("{\"module\":\"keras.src.models.functional\",\"class_name\":\"Functional\""), functional.toJson());
    }
    try (Model subclassed = new Subclassed()) {
      subclassed.compile("adam", "mse");
      fit(subclassed, new TensorBoard(dir.resolve("subclassed")));
      Run train = Run.read(dir.resolve("subclassed/train"));
      assertEquals(List.of(), train.values("keras"), "Keras writes no conceptual graph for subclassed models");
      assertEquals(1, train.events.stream().filter(Event::hasGraphDef).count(), "the TensorFlow graph is written");
    }
  }

  static final class Subclassed extends Model {
    private final Dense hidden = new Dense(4, "tanh");
    private final Dense output = new Dense(1);

    @Override
    protected List<dev.jkeras.KerasTensor> call(List<dev.jkeras.KerasTensor> inputs, boolean training) {
      return List.of(output.apply(hidden.apply(inputs.get(0))));
    }
  }

  @Test
  void evaluateWritesEvaluationScalarsAtTheOptimizerIterations() throws Exception {
    try (Model model = model()) {
      model.fit(X, Y, f -> f.epochs(1).batchSize(BATCH).verbose(0));
      TensorBoard tensorboard = new TensorBoard(dir);
      Map<String, Double> scores = model.evaluate(X, Y, e -> e.verbose(0).callbacks(tensorboard));
      assertFalse(tensorboard.isOpen(), "evaluate alone closes what it opened");
      Map<String, Map<Long, Float>> expected = new TreeMap<>();
      scores.forEach((name, value) -> expected.put("evaluation_" + name + "_vs_iterations",
          Map.of((long) STEPS, value.floatValue())));
      assertEquals(expected, Run.read(dir.resolve("validation")).scalars(""));
      assertEquals(Set.of("validation"), children(dir));
    }
  }

  @Test
  void anUnwritableLogDirFailsBeforeTraining() throws Exception {
    Path file = Files.writeString(dir.resolve("not-a-directory"), "x");
    try (Model model = model()) {
      int[] batches = {0};
      Callback counter = new Callback() {
        @Override
        public void onTrainBatchBegin(int batch, Map<String, Double> logs) {
          batches[0]++;
        }
      };
      TensorBoard tensorboard = new TensorBoard(file.resolve("logs"));
      IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> fit(model, tensorboard, counter));
      assertTrue(e.getMessage().contains("TensorBoard cannot write its logs to " + file.resolve("logs")), e.getMessage());
      assertTrue(e.getMessage().contains("directory you can write to"), e.getMessage());
      assertEquals(0, batches[0], "no batch ran");
      assertEquals(0, model.optimizer().iterations());
      assertFalse(tensorboard.isOpen());
    }
  }

  @Test
  void aCallbackExceptionClosesTheWriters() throws Exception {
    Callback failing = new Callback() {
      @Override
      public void onTrainBatchEnd(int batch, Map<String, Double> logs) {
        if (batch == 2) {
          throw new IllegalStateException("boom");
        }
      }
    };
    TensorBoard tensorboard = new TensorBoard(dir).updateFreq("batch");
    try (Model model = model()) {
      IllegalStateException e = assertThrows(IllegalStateException.class, () -> fit(model, tensorboard, failing));
      assertEquals("boom", e.getMessage());
    }
    assertFalse(tensorboard.isOpen());
    // Three batches in, before any epoch-end flush: only closing the writer puts them on disk.
    assertEquals(Set.of(1L, 2L, 3L), Run.read(dir.resolve("train")).scalars("batch_").get("batch_loss").keySet());
  }

  @Test
  void runLogDirNamesAFreshDirectoryPerRun() throws Exception {
    Path root = dir.resolve("my_logs");
    LocalDateTime time = LocalDateTime.of(2026, 11, 22, 14, 5, 33);
    assertEquals(root.resolve("run_2026_11_22-14_05_33"), TensorBoard.runLogDir(root, time));
    Files.createDirectories(root.resolve("run_2026_11_22-14_05_33"));
    assertEquals(root.resolve("run_2026_11_22-14_05_33_2"), TensorBoard.runLogDir(root, time));
    Path now = TensorBoard.runLogDir(root);
    assertEquals(root, now.getParent());
    assertTrue(now.getFileName().toString().matches("run_\\d{4}_\\d{2}_\\d{2}-\\d{2}_\\d{2}_\\d{2}(_\\d+)?"), now.toString());
    assertEquals(Path.of("my_logs"), TensorBoard.runLogDir("my_logs").getParent());
    assertFalse(Files.exists(now), "runLogDir only names the directory");
  }

  @Test
  void optionsAreCheckedAsTheyAreSet() {
    assertThrows(IllegalArgumentException.class, () -> new TensorBoard(dir).updateFreq("sometimes"));
    assertThrows(IllegalArgumentException.class, () -> new TensorBoard(dir).updateFreq(0));
    assertThrows(IllegalArgumentException.class, () -> new TensorBoard(dir).histogramFreq(-1));
    assertEquals(Path.of("logs"), new TensorBoard().logDir());
  }

  // ------------------------------------------------------------------ TensorBoard's own reader

  private static final Path PYTHON = Path.of("/usr/bin/python3");
  private static final Path CHECK = Path.of("src/test/python/tensorboard_check.py");

  /** TensorBoard's source tree (with its protos compiled for Python): -Dtensorboard.src or TENSORBOARD_SRC. */
  private static Path tensorboardSource() {
    String path = System.getProperty("tensorboard.src", System.getenv().getOrDefault("TENSORBOARD_SRC", "/tmp/tb"));
    return Path.of(path);
  }

  @Test
  void tensorboardsEventMultiplexerReadsARun() throws Exception {
    Path source = tensorboardSource();
    assumeTrue(Files.isExecutable(PYTHON) && Files.isRegularFile(
        source.resolve("tensorboard/backend/event_processing/plugin_event_multiplexer.py")),
        "needs /usr/bin/python3 and TensorBoard's source at " + source + " (see " + CHECK + ")");
    Path logs = dir.resolve("my_logs");
    Path run = TensorBoard.runLogDir(logs);
    History history;
    try (Model model = model()) {
      history = fit(model, new TensorBoard(run).histogramFreq(1).writeImages(true));
    }
    Process process = new ProcessBuilder(PYTHON.toString(), CHECK.toString(), logs.toString(), source.toString())
        .redirectErrorStream(true).start();
    String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertEquals(0, process.waitFor(), output);
    System.out.println(output);
    String runName = run.getFileName() + "/";
    // RUN scalars TAG step=S value=V, as TensorBoard read it: exactly History's values, per run and step.
    Map<String, Float> read = new TreeMap<>();
    output.lines().filter(l -> l.contains(" scalars epoch_")).forEach(line -> {
      String[] parts = line.split(" ");
      read.put(parts[0] + " " + parts[2] + " " + parts[3], Float.parseFloat(parts[4].substring("value=".length())));
    });
    Map<String, Float> expected = new TreeMap<>();
    history.history().forEach((name, values) -> {
      boolean val = name.startsWith("val_");
      for (int epoch = 0; epoch < values.size(); epoch++) {
        expected.put(runName + (val ? "validation" : "train") + " epoch_" + (val ? name.substring(4) : name)
            + " step=" + epoch, values.get(epoch).floatValue());
      }
    });
    for (int epoch = 0; epoch < EPOCHS; epoch++) {
      expected.put(runName + "train epoch_learning_rate step=" + epoch, 0.01f);
    }
    assertEquals(expected, read, output);
    assertTrue(output.contains(runName + "train graph: yes"), output);
    assertTrue(output.contains(runName + "train images hidden/kernel/image steps=[0, 1, 2] size=4x3"), output);
    assertTrue(output.contains(runName + "validation graph: no"), output);
    assertTrue(output.contains(runName + "train histograms hidden/kernel/histogram steps=[0, 1, 2]"), output);
    assertTrue(output.contains(runName + "train graph_keras_model keras step=0 class_name=Sequential"), output);
  }

  // ------------------------------------------------------------------ reading event files

  private static void assertImage(Run train, String tag, int width, int height) {
    List<Summary.Value> images = train.values(tag);
    assertEquals(List.of(0L, 2L), train.steps(tag));
    Summary.Value image = images.get(0);
    assertEquals("images", image.getMetadata().getPluginData().getPluginName());
    assertEquals(3, image.getTensor().getStringValCount());
    assertEquals(Integer.toString(width), image.getTensor().getStringVal(0).toStringUtf8());
    assertEquals(Integer.toString(height), image.getTensor().getStringVal(1).toStringUtf8());
    byte[] png = image.getTensor().getStringVal(2).toByteArray();
    assertArrayEquals(new byte[] {(byte) 0x89, 'P', 'N', 'G'}, java.util.Arrays.copyOf(png, 4));
    ByteBuffer header = ByteBuffer.wrap(png, 16, 8).order(ByteOrder.BIG_ENDIAN);
    assertEquals(width, header.getInt());
    assertEquals(height, header.getInt());
  }

  /** The values of a float64 tensor, packed in tensor_content or listed in double_val. */
  private static List<Double> doubles(org.tensorflow.proto.TensorProto tensor) {
    if (tensor.getDoubleValCount() > 0) {
      return tensor.getDoubleValList();
    }
    java.nio.DoubleBuffer buffer = ByteBuffer.wrap(tensor.getTensorContent().toByteArray())
        .order(ByteOrder.LITTLE_ENDIAN).asDoubleBuffer();
    List<Double> values = new ArrayList<>();
    while (buffer.hasRemaining()) {
      values.add(buffer.get());
    }
    return values;
  }

  private static float[] floats(org.tensorflow.ndarray.NdArray<?> array) {
    float[] out = new float[(int) array.size()];
    ((FloatNdArray) array).copyTo(org.tensorflow.ndarray.buffer.DataBuffers.of(out, false, false));
    return out;
  }

  private static Set<String> children(Path dir) throws IOException {
    try (Stream<Path> files = Files.list(dir)) {
      return files.map(p -> p.getFileName().toString()).collect(Collectors.toCollection(TreeSet::new));
    }
  }

  /** The events of one run directory (one event file), in order. */
  private record Run(Path file, List<Event> events) {
    static Run read(Path runDir) throws IOException {
      List<Path> files;
      try (Stream<Path> list = Files.list(runDir)) {
        files = list.filter(p -> p.getFileName().toString().contains("tfevents")).toList();
      }
      assertEquals(1, files.size(), "one event file in " + runDir + ": " + files);
      List<Event> events = new ArrayList<>();
      for (byte[] record : readTfRecords(files.get(0))) {
        events.add(Event.parseFrom(record));
      }
      return new Run(files.get(0), events);
    }

    List<Summary.Value> values() {
      return events.stream().filter(Event::hasSummary).flatMap(e -> e.getSummary().getValueList().stream()).toList();
    }

    List<Summary.Value> values(String tag) {
      return values().stream().filter(v -> v.getTag().equals(tag)).toList();
    }

    Summary.Value value(String tag) {
      List<Summary.Value> found = values(tag);
      assertEquals(1, found.size(), tag);
      return found.get(0);
    }

    List<Long> steps(String tag) {
      return events.stream().filter(e -> e.hasSummary()
          && e.getSummary().getValueList().stream().anyMatch(v -> v.getTag().equals(tag))).map(Event::getStep).toList();
    }

    /** tag -> step -> value of the scalar summaries whose tag starts with {@code prefix}. */
    Map<String, Map<Long, Float>> scalars(String prefix) {
      Map<String, Map<Long, Float>> scalars = new TreeMap<>();
      for (Event event : events) {
        for (Summary.Value value : event.getSummary().getValueList()) {
          if (value.getTag().startsWith(prefix)
              && value.getMetadata().getPluginData().getPluginName().equals("scalars")) {
            assertEquals(0, value.getTensor().getTensorShape().getDimCount(), value.getTag());
            float v = value.getTensor().getFloatValCount() > 0 ? value.getTensor().getFloatVal(0)
                : ByteBuffer.wrap(value.getTensor().getTensorContent().toByteArray()).order(ByteOrder.LITTLE_ENDIAN).getFloat();
            Float previous = scalars.computeIfAbsent(value.getTag(), t -> new TreeMap<>()).put(event.getStep(), v);
            assertEquals(null, previous, "one value per step for " + value.getTag());
          }
        }
      }
      return scalars;
    }
  }

  /** TFRecord framing: length (u64), masked CRC-32C of it, data, masked CRC-32C of the data. */
  static List<byte[]> readTfRecords(Path file) throws IOException {
    List<byte[]> records = new ArrayList<>();
    try (InputStream in = Files.newInputStream(file); DataInputStream data = new DataInputStream(in)) {
      while (true) {
        byte[] header = new byte[12];
        try {
          data.readFully(header);
        } catch (EOFException end) {
          return records;
        }
        ByteBuffer h = ByteBuffer.wrap(header).order(ByteOrder.LITTLE_ENDIAN);
        long length = h.getLong();
        assertEquals(maskedCrc(header, 0, 8), h.getInt(), "length CRC");
        byte[] record = new byte[(int) length];
        data.readFully(record);
        byte[] footer = new byte[4];
        data.readFully(footer);
        assertEquals(maskedCrc(record, 0, record.length), ByteBuffer.wrap(footer).order(ByteOrder.LITTLE_ENDIAN).getInt(),
            "data CRC");
        records.add(record);
      }
    }
  }

  private static int maskedCrc(byte[] bytes, int offset, int length) {
    CRC32C crc = new CRC32C();
    crc.update(bytes, offset, length);
    int value = (int) crc.getValue();
    return ((value >>> 15) | (value << 17)) + 0xa282ead8;
  }
}
