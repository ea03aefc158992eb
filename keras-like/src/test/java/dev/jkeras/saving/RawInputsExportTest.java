package dev.jkeras.saving;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.jkeras.DType;
import dev.jkeras.KerasTensor;
import dev.jkeras.Shape;
import dev.jkeras.backend.ImportedModel;
import dev.jkeras.data.Dataset;
import dev.jkeras.layers.Conv2D;
import dev.jkeras.layers.Dense;
import dev.jkeras.layers.Embedding;
import dev.jkeras.layers.GlobalAveragePooling1D;
import dev.jkeras.layers.GlobalAveragePooling2D;
import dev.jkeras.layers.Input;
import dev.jkeras.layers.Rescaling;
import dev.jkeras.layers.Resizing;
import dev.jkeras.layers.StringLookup;
import dev.jkeras.layers.TFSMLayer;
import dev.jkeras.layers.TextVectorization;
import dev.jkeras.models.Model;
import dev.jkeras.ops.Ops;
import dev.jkeras.utils.Np;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.tensorflow.ndarray.FloatNdArray;
import org.tensorflow.ndarray.NdArray;
import org.tensorflow.ndarray.NdArrays;

/**
 * A model whose first layers preprocess raw inputs (strings through TextVectorization or
 * StringLookup, uint8 images of any size through Resizing and Rescaling) exports a SavedModel that
 * takes those raw inputs: TensorFlow's own loader ({@link SavedModels#load}, TensorFlow's C API
 * {@code LoadSessionFromSavedModel}), a {@link TFSMLayer} and a fresh JVM serve what {@code predict}
 * gives.
 */
class RawInputsExportTest {
  private static final String[] TEXT = {"the cat sat on the mat", "a dog ran far away", "the dog sat",
      "cats and dogs", "far far away", "on a mat"};
  @TempDir Path dir;

  private static NdArray<String> column(String... values) {
    String[][] rows = new String[values.length][];
    for (int i = 0; i < values.length; i++) {
      rows[i] = new String[] {values[i]};
    }
    return Np.array(rows);
  }

  private static void assertSameFloats(NdArray<?> expected, NdArray<?> actual, double tolerance) {
    assertEquals(expected.shape(), actual.shape());
    List<Float> e = new ArrayList<>();
    List<Float> a = new ArrayList<>();
    expected.scalars().forEach(s -> e.add(((Number) s.getObject()).floatValue()));
    actual.scalars().forEach(s -> a.add(((Number) s.getObject()).floatValue()));
    for (int i = 0; i < e.size(); i++) {
      assertEquals(e.get(i), a.get(i), tolerance, "element " + i);
    }
  }

  private static Model textClassifier() {
    TextVectorization vectorize = new TextVectorization().maxTokens(20).outputSequenceLength(6).adapt(column(TEXT));
    KerasTensor text = Input.of("string", 1);
    KerasTensor x = new GlobalAveragePooling1D().apply(new Embedding(20, 4).apply(vectorize.apply(text)));
    return new Model(text, new Dense(2, "softmax").apply(x));
  }

  @Test
  void aTextModelServesRawStringsThroughTensorFlowsLoaderATfsmLayerAndAFreshProcess() throws Exception {
    NdArray<String> probe = column("the cat ran", "zebras are far away", "");
    try (Model model = textClassifier()) {
      FloatNdArray expected = model.predict(probe, p -> p.verbose(0));
      Path exported = dir.resolve("text");
      model.export(exported);
      String output = model.outputNames().get(0);
      try (ImportedModel served = SavedModels.load(exported)) {
        var signature = served.signatures().get("serving_default");
        assertEquals(DType.STRING, signature.inputs().get(model.inputNames().get(0)).dtype());
        assertSameFloats(expected, served.call("serving_default", Map.of(model.inputNames().get(0), probe)).get(output),
            1e-6);
      }
      KerasTensor text = Input.of("string", 1);
      try (Model wrapper = new Model(text, new TFSMLayer(exported).apply(text))) {
        assertSameFloats(expected, wrapper.predict(probe, p -> p.verbose(0)), 1e-6);
      }
      assertSameFloats(expected, servedInFreshJvm(exported, model.inputNames().get(0), output, probe), 1e-6);
    }
  }

  /** A model without variables used to fail in the writer ("Null or zero length input supplied to vectorOfObjects"). */
  @Test
  void aModelWithoutVariablesExports() throws Exception {
    KerasTensor colors = Input.of("string", 1);
    KerasTensor ids = new StringLookup().vocabulary(List.of("red", "green", "blue")).apply(colors);
    try (Model model = new Model(colors, ids)) {
      assertEquals(0, model.countParams());
      NdArray<String> probe = column("blue", "pink", "red");
      NdArray<?> expected = model.predictArray(probe, p -> p.verbose(0));
      Path exported = dir.resolve("lookup");
      model.export(exported);
      try (ImportedModel served = SavedModels.load(exported)) {
        NdArray<?> actual = served.call("serving_default", Map.of(model.inputNames().get(0), probe))
            .get(model.outputNames().get(0));
        assertEquals(List.of(3L, 0L, 1L), longs(actual));
        assertEquals(longs(expected), longs(actual));
      }
      KerasTensor again = Input.of("string", 1);
      try (Model wrapper = new Model(again, new TFSMLayer(exported).apply(again))) {
        assertEquals(longs(expected), longs(wrapper.predictArray(probe, p -> p.verbose(0))));
      }
    }
  }

  /**
   * The SavedModel holds only what serving and the saver run: a model trained on a dataset that reads
   * files (ReadFile in its map function) exports without that input pipeline, so TensorFlow's loader
   * screen, which refuses file-reading ops, loads it without allowOps.
   */
  @Test
  void theExportLeavesTheTrainingInputPipelineOut() throws Exception {
    String[] names = new String[TEXT.length];
    float[][] labels = new float[TEXT.length][1];
    for (int i = 0; i < TEXT.length; i++) {
      Path file = dir.resolve("doc" + i + ".txt");
      Files.writeString(file, TEXT[i]);
      names[i] = file.toString();
      labels[i][0] = i % 2;
    }
    Dataset files = Dataset.fromTensorSlices(Np.array(names), Np.array(labels))
        .map((name, label) -> List.of(Ops.reshape(Ops.readFile(name), 1), label)).batch(3);
    TextVectorization vectorize = new TextVectorization().outputMode("multi_hot").adapt(files.map((x, y) -> x));
    KerasTensor text = Input.of("string", 1);
    try (Model model = new Model(text, new Dense(1, "sigmoid").apply(vectorize.apply(text)))) {
      model.compile("adam", "binary_crossentropy");
      model.fit(files, f -> f.epochs(1).verbose(0));
      Path exported = dir.resolve("trained_on_files");
      model.export(exported);
      String saved = new String(Files.readAllBytes(exported.resolve("saved_model.pb")), StandardCharsets.ISO_8859_1);
      assertTrue(!saved.contains("ReadFile") && !saved.contains("IteratorGetNext") && !saved.contains("MapDataset"),
          "the exported graph holds no input pipeline");
      NdArray<String> probe = column(TEXT);
      try (ImportedModel served = SavedModels.load(exported)) {
        assertSameFloats(model.predict(probe, p -> p.verbose(0)),
            served.call("serving_default", Map.of(model.inputNames().get(0), probe)).get(model.outputNames().get(0)),
            1e-6);
      }
    }
  }

  private static List<Long> longs(NdArray<?> array) {
    List<Long> out = new ArrayList<>();
    array.scalars().forEach(s -> out.add(((Number) s.getObject()).longValue()));
    return out;
  }

  private static NdArray<Byte> image(int height, int width, long seed) {
    Random random = new Random(seed);
    NdArray<Byte> image = NdArrays.ofBytes(org.tensorflow.ndarray.Shape.of(1, height, width, 3));
    image.scalars().forEach(s -> s.setObject((byte) random.nextInt(256)));
    return image;
  }

  @Test
  void anImageModelServesRawUint8ImagesOfAnySize() throws Exception {
    KerasTensor images = Input.of("uint8", (int) Shape.UNKNOWN, (int) Shape.UNKNOWN, 3);
    KerasTensor x = new Rescaling(1 / 255.0).apply(new Resizing(16, 16).apply(images));
    x = new GlobalAveragePooling2D().apply(new Conv2D(4, 3, 3).activation("relu").apply(x));
    try (Model model = new Model(images, new Dense(3, "softmax").apply(x))) {
      Path exported = dir.resolve("images");
      model.export(exported);
      String input = model.inputNames().get(0);
      String output = model.outputNames().get(0);
      try (ImportedModel served = SavedModels.load(exported)) {
        assertEquals(DType.UINT8, served.signatures().get("serving_default").inputs().get(input).dtype());
        for (int[] size : new int[][] {{16, 16}, {40, 24}, {9, 31}}) {
          NdArray<Byte> raw = image(size[0], size[1], size[0]);
          assertSameFloats(model.predict(raw, p -> p.verbose(0)),
              served.call("serving_default", Map.of(input, raw)).get(output), 1e-5);
        }
      }
    }
  }

  /** Runs {@link ServeSavedModel} in a new JVM on the test class path; its printed floats. */
  private NdArray<?> servedInFreshJvm(Path exported, String input, String output, NdArray<String> probe)
      throws IOException, InterruptedException {
    List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
        "-cp", System.getProperty("java.class.path"), ServeSavedModel.class.getName(), exported.toString(), input,
        output));
    probe.scalars().forEach(s -> command.add(s.getObject()));
    Path log = dir.resolve("fresh.out");
    Process process = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile()).start();
    assertTrue(process.waitFor(120, TimeUnit.SECONDS), "the fresh JVM did not finish in 2 minutes");
    String printed = Files.readString(log, StandardCharsets.UTF_8);
    assertEquals(0, process.exitValue(), printed);
    String[] lines = printed.lines().filter(l -> l.startsWith("@@")).map(l -> l.substring(2)).toArray(String[]::new);
    long columns = lines[0].split(",").length;
    FloatNdArray values = NdArrays.ofFloats(org.tensorflow.ndarray.Shape.of(lines.length, columns));
    for (int i = 0; i < lines.length; i++) {
      String[] parts = lines[i].split(",");
      for (int j = 0; j < parts.length; j++) {
        values.setFloat(Float.parseFloat(parts[j]), i, j);
      }
    }
    return values;
  }
}
