package dev.jkeras.models;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.jkeras.CorruptRecordException;
import dev.jkeras.DType;
import dev.jkeras.Shape;
import dev.jkeras.backend.RandomSeeds;
import dev.jkeras.data.Dataset;
import dev.jkeras.data.Example;
import dev.jkeras.data.TFRecordCompression;
import dev.jkeras.data.TFRecordWriter;
import dev.jkeras.layers.Dense;
import dev.jkeras.ops.FixedLenFeature;
import dev.jkeras.ops.Ops;
import dev.jkeras.optimizers.RMSprop;
import dev.jkeras.utils.Utils;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code fit} on TFRecord files of {@code Example}s read by TensorFlow's kernels: it trains as on the
 * same arrays, and a damaged file stops it, naming the file and offset, before any step uses its data.
 */
class FileDatasetFitTest {
  private static final int SAMPLES = 96;
  private static final int BATCH = 16;
  private static final int FEATURES = 8;
  private final TestData.Blobs data = TestData.blobs(SAMPLES, FEATURES, 3, 11);

  @TempDir
  Path dir;

  @AfterEach
  void forgetSeed() {
    RandomSeeds.clearGlobalSeed();
  }

  private static Sequential model() {
    Utils.setRandomSeed(5);
    Sequential model = new Sequential(new Dense(16, "relu").inputShape(FEATURES), new Dense(3, "softmax"));
    model.compile(c -> c.optimizer(new RMSprop(0.01)).loss("sparse_categorical_crossentropy").metrics("accuracy"));
    return model;
  }

  /** The samples as Examples in {@code files} files of consecutive rows. */
  private List<Path> writeExamples(int files) throws IOException {
    int perFile = SAMPLES / files;
    List<Path> paths = new java.util.ArrayList<>();
    for (int f = 0; f < files; f++) {
      Path path = dir.resolve("train-" + f + ".tfrecord");
      try (var writer = TFRecordWriter.open(path, TFRecordCompression.NONE)) {
        for (int i = f * perFile; i < (f + 1) * perFile; i++) {
          float[] x = new float[FEATURES];
          for (int j = 0; j < FEATURES; j++) {
            x[j] = data.x().getFloat(i, j);
          }
          writer.write(Example.builder().floats("x", x).int64s("y", data.y().getInt(i)).build().toByteArray());
        }
      }
      paths.add(path);
    }
    return paths;
  }

  private static Dataset parsed(Dataset records) {
    Map<String, FixedLenFeature> spec = Map.of("x", new FixedLenFeature(Shape.of(FEATURES), DType.FLOAT32),
        "y", new FixedLenFeature(Shape.of(), DType.INT64));
    return records.batch(BATCH).map(serialized -> {
      var example = Ops.parseExample(serialized, spec);
      return List.of(example.get("x"), Ops.cast(example.get("y"), "int32"));
    }, Dataset.AUTOTUNE).prefetch(Dataset.AUTOTUNE);
  }

  @Test
  void fitOnTfRecordFilesTrainsAsOnTheSameArrays() throws IOException {
    List<Path> files = writeExamples(3);
    List<float[]> expected;
    try (Sequential model = model()) {
      model.fit(data.x(), data.y(), fit -> fit.epochs(2).batchSize(BATCH).shuffle(false).verbose(0));
      expected = TestData.floats(model.getWeights());
    }
    try (Sequential model = model()) {
      model.fit(parsed(Dataset.tfRecord(files, TFRecordCompression.NONE)), fit -> fit.epochs(2).verbose(0));
      List<float[]> actual = TestData.floats(model.getWeights());
      for (int i = 0; i < expected.size(); i++) {
        assertArrayEquals(expected.get(i), actual.get(i), 1e-6f, "weight " + i);
      }
    }
    // Through listFiles and interleave (one file at a time: the same order of rows).
    try (Sequential model = model()) {
      Dataset records = Dataset.listFiles(dir.resolve("train-*.tfrecord").toString(), false, 0)
          .interleave(f -> Dataset.tfRecord(f, TFRecordCompression.NONE), 1);
      model.fit(parsed(records), fit -> fit.epochs(2).verbose(0));
      assertArrayEquals(expected.get(0), TestData.floats(model.getWeights()).get(0), 1e-6f);
    }
  }

  @Test
  void damagedFileStopsFitNamingFileAndOffsetBeforeTrainingOnIt() throws IOException {
    List<Path> files = writeExamples(2);
    byte[] bytes = Files.readAllBytes(files.get(0));
    bytes[20] ^= 0x55;  // inside the first record's data, which starts at offset 12
    Files.write(files.get(0), bytes);
    try (Sequential model = model()) {
      List<float[]> before = TestData.floats(model.getWeights());
      Dataset train = parsed(Dataset.listFiles(dir.resolve("train-*.tfrecord").toString(), false, 0)
          .interleave(f -> Dataset.tfRecord(f, TFRecordCompression.NONE), 2, 4, Dataset.AUTOTUNE));
      var e = assertThrows(CorruptRecordException.class, () -> model.fit(train, fit -> fit.epochs(1).verbose(0)));
      assertEquals(files.get(0), e.file());
      assertEquals(12, e.offset());
      assertArrayEquals(before.get(0), TestData.floats(model.getWeights()).get(0), "no step ran on the damaged batch");
      var evaluated = assertThrows(CorruptRecordException.class, () -> model.evaluate(train, o -> o.verbose(0)));
      assertEquals(files.get(0), evaluated.file());
      var predicted = assertThrows(CorruptRecordException.class,
          () -> model.predict(train.map((x, y) -> x), o -> o.verbose(0)));
      assertTrue(predicted.getMessage().contains(files.get(0).toString()), predicted.getMessage());
    }
  }

  @Test
  void exportAfterFitOnFilesCarriesNoInputPipeline() throws IOException {
    List<Path> files = writeExamples(2);
    try (Sequential model = model()) {
      Dataset records = Dataset.listFiles(dir.resolve("train-*.tfrecord").toString(), false, 0)
          .interleave(f -> Dataset.tfRecord(f, TFRecordCompression.NONE), 2);
      model.fit(parsed(records), fit -> fit.epochs(1).verbose(0));
      Path exported = dir.resolve("exported");
      model.export(exported);
      String graph = new String(Files.readAllBytes(exported.resolve("saved_model.pb")),
          java.nio.charset.StandardCharsets.ISO_8859_1);
      for (String op : List.of("TFRecordDataset", "ParallelInterleaveDatasetV4", "IteratorGetNext", "MakeIterator")) {
        assertTrue(!graph.contains(op), "the SavedModel has no " + op);
      }
      try (var served = dev.jkeras.saving.SavedModels.load(exported.toString())) {
        var signature = served.signatures().get("serving_default");
        var output = served.call("serving_default", Map.of(signature.inputs().keySet().iterator().next(), data.x()))
            .get(signature.outputs().keySet().iterator().next());
        var predicted = model.predict(data.x(), p -> p.verbose(0));
        assertArrayEquals(TestData.floats(List.<org.tensorflow.ndarray.NdArray<?>>of(predicted)).get(0), TestData.floats(List.<org.tensorflow.ndarray.NdArray<?>>of(output)).get(0), 1e-6f);
      }
    }
  }
}
