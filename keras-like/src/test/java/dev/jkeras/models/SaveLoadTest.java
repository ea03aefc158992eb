package dev.jkeras.models;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.jkeras.KerasTensor;
import dev.jkeras.Shape;
import dev.jkeras.layers.Concatenate;
import dev.jkeras.layers.Dense;
import dev.jkeras.layers.Dropout;
import dev.jkeras.layers.Input;
import dev.jkeras.layers.InputLayer;
import dev.jkeras.losses.BinaryCrossentropy;
import dev.jkeras.optimizers.Adam;
import dev.jkeras.optimizers.RMSprop;
import dev.jkeras.optimizers.SGD;
import dev.jkeras.regularizers.Regularizers;
import dev.jkeras.saving.RegisterSerializable;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.tensorflow.ndarray.FloatNdArray;
import org.tensorflow.ndarray.NdArray;
import org.tensorflow.ndarray.NdArrays;
import org.tensorflow.ndarray.StdArrays;

/** {@code model.save} / {@code Models.loadModel} round trips: same predictions, same continued training. */
class SaveLoadTest {
  @TempDir
  Path dir;

  private static final TestData.Blobs DATA = TestData.blobs(96, 6, 3, 7);

  private static Sequential sequential() {
    return new Sequential(
        new InputLayer(6),
        new Dense(16, "relu").kernelRegularizer(Regularizers.l2(0.001)),
        new Dropout(0.0),
        new Dense(3, "softmax"));
  }

  @Test
  void aBuiltInLossWithOptionsComesBackWithThem() {
    FloatNdArray labels = StdArrays.ndCopyOf(new float[][] {{1}, {0}, {1}, {0}});
    FloatNdArray x = StdArrays.ndCopyOf(new float[][] {{1, 2}, {-1, 0}, {3, 1}, {0, -2}});
    try (Model model = new Sequential(new InputLayer(2), new Dense(1))) {
      model.compile(new Adam(0.01), new BinaryCrossentropy(true));
      double loss = model.evaluate(x, labels, e -> e.verbose(0)).get("loss");
      Path file = dir.resolve("logits.keras");
      model.save(file);
      try (Model loaded = Models.loadModel(file)) {
        assertEquals(loss, loaded.evaluate(x, labels, e -> e.verbose(0)).get("loss"), 1e-6,
            "from_logits=true must survive saving: the loss of the reloaded model differs");
      }
    }
  }

  @Test
  void sequentialRoundTripPredictsAndTrainsIdentically() {
    try (Model model = sequential()) {
      model.compile(new Adam(0.01), "sparse_categorical_crossentropy", "accuracy");
      model.fit(DATA.x(), DATA.y(), f -> f.epochs(2).batchSize(16).verbose(0));
      Path file = dir.resolve("model.keras");
      model.save(file);

      try (Model loaded = Models.loadModel(file)) {
        assertInstanceOf(Sequential.class, loaded);
        assertEquals(model.name(), loaded.name());
        assertEquals(model.layers().stream().map(l -> l.name()).toList(),
            loaded.layers().stream().map(l -> l.name()).toList());
        assertTrue(loaded.isCompiled());
        assertInstanceOf(Adam.class, loaded.optimizer());
        assertEquals(model.optimizer().iterations(), loaded.optimizer().iterations());
        assertBitIdentical(model.predict(DATA.x()), loaded.predict(DATA.x()));

        model.fit(DATA.x(), DATA.y(), f -> f.epochs(2).batchSize(16).shuffle(false).verbose(0));
        loaded.fit(DATA.x(), DATA.y(), f -> f.epochs(2).batchSize(16).shuffle(false).verbose(0));
        assertWeightsBitIdentical(model, loaded);
      }
    }
  }

  @Test
  void functionalTwoInputsTwoOutputsRoundTrip() {
    KerasTensor wide = Input.of(2).name("wide_input");
    KerasTensor deep = Input.of(4).name("deep_input");
    KerasTensor hidden = new Dense(8, "relu").apply(deep);
    KerasTensor concat = new Concatenate().apply(wide, hidden);
    KerasTensor main = new Dense(1).name("main_output").apply(concat);
    KerasTensor aux = new Dense(1).name("aux_output").apply(hidden);
    try (Model model = new Model(List.of(wide, deep), List.of(main, aux))) {
      model.compile(c -> c.optimizer(new RMSprop(0.01, 0.9, 0.5, 1e-7, false)).loss("mse", "mse")
          .lossWeights(0.9, 0.1).metrics("mae"));
      FloatNdArray x = DATA.x();
      List<NdArray<?>> xs = List.of(x.slice(org.tensorflow.ndarray.index.Indices.all(),
          org.tensorflow.ndarray.index.Indices.range(0, 2)), x.slice(org.tensorflow.ndarray.index.Indices.all(),
          org.tensorflow.ndarray.index.Indices.range(2, 6)));
      FloatNdArray y = NdArrays.ofFloats(Shape.of(96, 1).toNdArrayShape());
      for (int i = 0; i < 96; i++) {
        y.setFloat(x.getFloat(i, 0) + x.getFloat(i, 3), i, 0);
      }
      model.fit(xs, List.of(y, y), f -> f.epochs(2).batchSize(16).verbose(0));
      Path file = dir.resolve("wide_deep.keras");
      model.save(file);

      try (Model loaded = Models.loadModel(file)) {
        assertEquals(List.of("wide_input", "deep_input"), loaded.inputNames());
        assertEquals(List.of("main_output", "aux_output"), loaded.outputNames());
        assertEquals(model.countParams(), loaded.countParams());
        List<FloatNdArray> before = model.predict(xs);
        List<FloatNdArray> after = loaded.predict(xs);
        assertBitIdentical(before.get(0), after.get(0));
        assertBitIdentical(before.get(1), after.get(1));

        model.fit(xs, List.of(y, y), f -> f.epochs(1).batchSize(16).shuffle(false).verbose(0));
        loaded.fit(xs, List.of(y, y), f -> f.epochs(1).batchSize(16).shuffle(false).verbose(0));
        assertWeightsBitIdentical(model, loaded);
      }
    }
  }

  /** A subclassed model, rebuilt from its no-argument constructor. */
  @RegisterSerializable(packageName = "Tests")
  static class TwoTowers extends Model {
    private final Dense left = new Dense(5, "tanh");
    private final Dense right = new Dense(5, "relu");
    private final Dense head = new Dense(3, "softmax");

    @Override
    protected KerasTensor call(KerasTensor inputs, boolean training) {
      return head.apply(new Concatenate().apply(left.apply(inputs), right.apply(inputs)));
    }
  }

  @Test
  void subclassedModelRoundTripThroughRegistration() {
    try (Model model = new TwoTowers()) {
      model.compile(new SGD(0.05, 0.9, true), "sparse_categorical_crossentropy");
      model.fit(DATA.x(), DATA.y(), f -> f.epochs(2).batchSize(32).verbose(0));
      Path file = dir.resolve("towers.keras");
      model.save(file);
      try (Model loaded = Models.loadModel(file)) {
        assertInstanceOf(TwoTowers.class, loaded);
        assertBitIdentical(model.predict(DATA.x()), loaded.predict(DATA.x()));
        model.fit(DATA.x(), DATA.y(), f -> f.epochs(1).batchSize(32).shuffle(false).verbose(0));
        loaded.fit(DATA.x(), DATA.y(), f -> f.epochs(1).batchSize(32).shuffle(false).verbose(0));
        assertWeightsBitIdentical(model, loaded);
      }
    }
  }

  /** A custom layer with an option and a weight, rebuilt by its fromConfig. */
  @RegisterSerializable(packageName = "Tests")
  static final class Scale extends dev.jkeras.layers.Layer {
    private final double initial;
    private dev.jkeras.backend.Variable factor;

    Scale(double initial) {
      this.initial = initial;
    }

    public static Scale fromConfig(dev.jkeras.saving.Config config) {
      return new Scale(config.getDouble("initial", 1));
    }

    @Override
    public Map<String, Object> getConfig() {
      Map<String, Object> config = super.getConfig();
      config.put("initial", initial);
      return config;
    }

    @Override
    protected void build(Shape inputShape) {
      factor = addWeight("factor", Shape.of(inputShape.get(-1)),
          dev.jkeras.initializers.Initializers.constant(initial), true);
    }

    @Override
    protected KerasTensor call(KerasTensor inputs, boolean training) {
      return dev.jkeras.ops.Ops.multiply(inputs, factor.value());
    }
  }

  @Test
  void customLayerRoundTripThroughItsConfig() {
    try (Model model = new Sequential(new InputLayer(6), new Scale(0.5).name("scale"), new Dense(3, "softmax"))) {
      model.compile("adam", "sparse_categorical_crossentropy");
      model.fit(DATA.x(), DATA.y(), f -> f.epochs(1).verbose(0));
      Path file = dir.resolve("custom.keras");
      model.save(file);
      try (Model loaded = Models.loadModel(file)) {
        Scale scale = (Scale) loaded.getLayer("scale");
        assertEquals(0.5, scale.initial);
        assertBitIdentical(model.predict(DATA.x()), loaded.predict(DATA.x()));
      }
    }
  }

  @Test
  void weightsAloneRoundTripAndRefuseAnotherArchitecture() {
    try (Model model = sequential(); Model twin = sequential(); Model other = new Sequential(new InputLayer(6),
        new Dense(8, "relu"), new Dense(3, "softmax"))) {
      model.compile("adam", "sparse_categorical_crossentropy");
      model.fit(DATA.x(), DATA.y(), f -> f.epochs(1).verbose(0));
      Path file = dir.resolve("my.weights");
      model.saveWeights(file.toString());
      twin.loadWeights(file.toString());
      assertBitIdentical(model.predict(DATA.x()), twin.predict(DATA.x()));

      var before = other.getWeights();
      IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> other.loadWeights(file));
      assertTrue(e.getMessage().contains("dense") && e.getMessage().contains("(6, 16)")
          && e.getMessage().contains("(6, 8)"), e.getMessage());
      assertEquals(before, other.getWeights(), "a refused file changes nothing");
    }
  }

  @Test
  void savedFileKeepsKerasLayout() throws Exception {
    try (Model model = sequential()) {
      model.compile(new Adam(0.01), "sparse_categorical_crossentropy", "accuracy");
      model.fit(DATA.x(), DATA.y(), f -> f.epochs(1).verbose(0));
      Path file = dir.resolve("layout.keras");
      model.save(file);
      try (var zip = new java.util.zip.ZipFile(file.toFile())) {
        assertEquals(List.of("metadata.json", "config.json", "model.weights.h5"),
            zip.stream().map(java.util.zip.ZipEntry::getName).toList());
        String config = new String(zip.getInputStream(zip.getEntry("config.json")).readAllBytes());
        var json = dev.jkeras.saving.Json.parse(config, "config.json");
        assertEquals("keras", json.get("module"));
        assertEquals("Sequential", json.get("class_name"));
        assertTrue(json.containsKey("build_config") && json.containsKey("compile_config"), config);
        assertTrue(config.contains("\"class_name\":\"Dense\"") && config.contains("\"module\":\"keras.layers\""), config);
        byte[] h5 = zip.getInputStream(zip.getEntry("model.weights.h5")).readAllBytes();
        try (var weights = io.jhdf.HdfFile.fromBytes(h5)) {
          assertArrayEquals(new int[] {6, 16}, weights.getDatasetByPath("layers/dense/vars/0").getDimensions());
          assertArrayEquals(new int[] {3}, weights.getDatasetByPath("layers/dense_1/vars/1").getDimensions());
          // Adam: iteration, learning_rate, then momentum and velocity of each of the 4 weights
          var optimizer = (io.jhdf.api.Group) weights.getByPath("optimizer/vars");
          assertEquals(10, optimizer.getChildren().size());
          assertEquals(3L, weights.getDatasetByPath("optimizer/vars/0").getData(), "3 steps of 32");
          assertEquals(null, weights.getChild("vars"), "objects without variables get no group");
        }
      }
    }
  }

  @Test
  void brokenFilesGiveClearErrors() throws Exception {
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> Models.loadModel(dir.resolve("missing.keras")));
    assertTrue(e.getMessage().contains("missing.keras"), e.getMessage());

    Path garbage = Files.writeString(dir.resolve("garbage.keras"), "not a zip");
    e = assertThrows(IllegalArgumentException.class, () -> Models.loadModel(garbage));
    assertTrue(e.getMessage().contains("garbage.keras") && e.getMessage().contains("zip"), e.getMessage());

    try (Model model = sequential()) {
      model.compile("sgd", "sparse_categorical_crossentropy");
      Path good = dir.resolve("good.keras");
      model.save(good);
      byte[] bytes = Files.readAllBytes(good);
      Path truncated = Files.write(dir.resolve("truncated.keras"), java.util.Arrays.copyOf(bytes, bytes.length / 2));
      e = assertThrows(IllegalArgumentException.class, () -> Models.loadModel(truncated));
      assertTrue(e.getMessage().contains("truncated.keras"), e.getMessage());

      e = assertThrows(IllegalArgumentException.class, () -> model.save(dir.resolve("model.txt")));
      assertTrue(e.getMessage().contains(".keras") && e.getMessage().contains(".h5"), e.getMessage());
      e = assertThrows(IllegalArgumentException.class, () -> model.loadWeights(dir.resolve("nothing.h5")));
      assertTrue(e.getMessage().contains("nothing.h5"), e.getMessage());
      Path notH5 = Files.writeString(dir.resolve("bad.weights.h5"), "garbage");
      e = assertThrows(IllegalArgumentException.class, () -> model.loadWeights(notH5));
      assertTrue(e.getMessage().contains("bad.weights.h5"), e.getMessage());
    }
  }

  @Test
  void failedSaveLeavesThePreviousFileIntact() throws Exception {
    Path file = dir.resolve("keep.keras");
    try (Model model = sequential()) {
      model.compile("sgd", "sparse_categorical_crossentropy");
      model.save(file);
    }
    byte[] before = Files.readAllBytes(file);
    try (Model unsaveable = new Sequential(new InputLayer(6), new Dense(3).activation(x -> x))) {
      unsaveable.compile("sgd", "mse");
      IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> unsaveable.save(file));
      assertTrue(e.getMessage().contains("Java function"), e.getMessage());
    }
    assertArrayEquals(before, Files.readAllBytes(file));
    try (Model loaded = Models.loadModel(file)) {
      assertEquals(3, loaded.outputShapes().get(0).get(1));
    }
    try (var listing = Files.list(dir)) {
      assertEquals(List.of("keep.keras"), listing.map(p -> p.getFileName().toString()).toList(),
          "no temporary files are left behind");
    }
  }

  static void assertBitIdentical(NdArray<?> expected, NdArray<?> actual) {
    assertEquals(expected.shape(), actual.shape());
    assertEquals(expected, actual);
  }

  static void assertWeightsBitIdentical(Model expected, Model actual) {
    List<NdArray<?>> a = expected.getWeights();
    List<NdArray<?>> b = actual.getWeights();
    assertEquals(a.size(), b.size());
    for (int i = 0; i < a.size(); i++) {
      assertBitIdentical(a.get(i), b.get(i));
    }
  }

}
