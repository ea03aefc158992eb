package dev.jkeras.models;

import static dev.jkeras.models.SaveLoadTest.assertBitIdentical;
import static dev.jkeras.models.SaveLoadTest.assertWeightsBitIdentical;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;

import dev.jkeras.constraints.MaxNorm;
import dev.jkeras.layers.BatchNormalization;
import dev.jkeras.layers.Dense;
import dev.jkeras.layers.ELU;
import dev.jkeras.layers.Embedding;
import dev.jkeras.layers.Flatten;
import dev.jkeras.layers.Input;
import dev.jkeras.layers.InputLayer;
import dev.jkeras.layers.LayerNormalization;
import dev.jkeras.layers.LeakyReLU;
import dev.jkeras.layers.PReLU;
import dev.jkeras.optimizers.Adam;
import dev.jkeras.regularizers.Regularizers;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.tensorflow.ndarray.StdArrays;

/** Models holding each new layer round-trip through .keras files and keep training identically. */
class NormalizationSaveLoadTest {
  @TempDir
  Path dir;

  private static final TestData.Blobs DATA = TestData.blobs(64, 6, 3, 11);

  @Test
  void normalizationActivationAndConstrainedLayersRoundTrip() {
    try (Model model = new Sequential(
        new InputLayer(6),
        new Dense(8).kernelConstraint(new MaxNorm(1.5)).kernelRegularizer(Regularizers.l2(1e-3)),
        new BatchNormalization().momentum(0.9),
        new LeakyReLU(),
        new Dense(8),
        new LayerNormalization(),
        new PReLU(),
        new Dense(8),
        new ELU(0.7),
        new Dense(3, "softmax"))) {
      model.compile(new Adam(0.01), "sparse_categorical_crossentropy", "accuracy");
      model.fit(DATA.x(), DATA.y(), f -> f.epochs(2).batchSize(16).verbose(0));
      Path file = dir.resolve("norm.keras");
      model.save(file);
      try (Model loaded = Models.loadModel(file)) {
        assertEquals(model.layers().stream().map(l -> l.getClass()).toList(),
            loaded.layers().stream().map(l -> l.getClass()).toList());
        for (int i = 0; i < model.layers().size(); i++) {
          assertEquals(model.layers().get(i).getConfig(), loaded.layers().get(i).getConfig());
        }
        BatchNormalization bn = (BatchNormalization) loaded.layers().get(1);
        assertEquals(0.9, bn.momentum());
        assertEquals(0.3, ((LeakyReLU) loaded.layers().get(2)).negativeSlope());
        assertEquals(0.7, ((ELU) loaded.layers().get(7)).alpha());
        Map<?, ?> constraint = (Map<?, ?>) loaded.layers().get(0).getConfig().get("kernel_constraint");
        assertEquals("MaxNorm", constraint.get("class_name"));
        assertWeightsBitIdentical(model, loaded);
        assertBitIdentical(model.predict(DATA.x()), loaded.predict(DATA.x()));

        model.fit(DATA.x(), DATA.y(), f -> f.epochs(1).batchSize(16).shuffle(false).verbose(0));
        loaded.fit(DATA.x(), DATA.y(), f -> f.epochs(1).batchSize(16).shuffle(false).verbose(0));
        assertWeightsBitIdentical(model, loaded);
      }
    }
  }

  @Test
  void embeddingModelRoundTrips() {
    var input = Input.of("int32", 4);
    var output = new Dense(2, "softmax").apply(new Flatten().apply(new Embedding(10, 3).maskZero(true).apply(input)));
    int[][] x = {{1, 2, 3, 0}, {9, 8, 0, 0}, {4, 4, 4, 4}, {5, 6, 7, 1}};
    int[] y = {0, 1, 0, 1};
    try (Model model = new Model(input, output)) {
      model.compile("adam", "sparse_categorical_crossentropy");
      model.fit(StdArrays.ndCopyOf(x), StdArrays.ndCopyOf(y), f -> f.epochs(2).verbose(0));
      Path file = dir.resolve("embedding.keras");
      model.save(file);
      try (Model loaded = Models.loadModel(file)) {
        Embedding embedding = (Embedding) loaded.layers().get(1);
        assertInstanceOf(Embedding.class, embedding);
        assertEquals(List.of(10, 3, true), List.of(embedding.inputDim(), embedding.outputDim(), embedding.maskZero()));
        assertBitIdentical(model.predict(StdArrays.ndCopyOf(x)), loaded.predict(StdArrays.ndCopyOf(x)));
      }
    }
  }
}
