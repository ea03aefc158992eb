package dev.jkeras.layers;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.jkeras.models.Model;
import dev.jkeras.models.Models;
import dev.jkeras.models.Sequential;
import dev.jkeras.testing.KerasOracle;
import dev.jkeras.testing.Npy;
import java.nio.file.Path;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.tensorflow.ndarray.FloatNdArray;
import org.tensorflow.ndarray.NdArrays;
import org.tensorflow.ndarray.Shape;

/**
 * A model with every image layer saves to {@code .keras} and loads back with the same configs and
 * predictions; Keras loads jkeras's file and predicts the same, and jkeras loads Keras's file of the
 * same model.
 */
class ImageLayersSavingTest {
  @TempDir Path dir;

  private static FloatNdArray images() {
    Random random = new Random(5);
    FloatNdArray x = NdArrays.ofFloats(Shape.of(3, 6, 8, 3));
    x.scalars().forEach(s -> s.setFloat((float) (random.nextDouble() * 255)));
    return x;
  }

  private static Sequential augmentedClassifier() {
    return new Sequential(
        new Resizing(5, 6).interpolation("bicubic").cropToAspectRatio(true).inputShape(6, 8, 3),
        new RandomFlip("horizontal", 3),
        new RandomRotation(0.1).fillMode("constant").seed(4),
        new RandomZoom(new double[] {-0.2, 0.1}, null).seed(5),
        new RandomTranslation(0.1, 0.2).fillMode("nearest").interpolation("nearest"),
        new RandomContrast(0.2).seed(6),
        new RandomBrightness(0.1).valueRange(0, 255),
        new CenterCrop(4, 4),
        new Rescaling(1 / 255.0),
        new Flatten(),
        new Dense(2));
  }

  @Test
  void roundTripsInJkerasAndInKeras() throws Exception {
    FloatNdArray x = images();
    Path ours = dir.resolve("ours.keras");
    Path theirs = dir.resolve("theirs.keras");
    Npy.write(dir.resolve("x.npy"), x);
    FloatNdArray predicted;
    try (Sequential model = augmentedClassifier()) {
      predicted = model.predict(x, p -> p.verbose(0));
      model.save(ours);
      try (Model loaded = Models.loadModel(ours)) {
        assertEquals(predicted, loaded.predict(x, p -> p.verbose(0)));
        for (int i = 0; i < model.layers().size(); i++) {
          assertEquals(model.layers().get(i).getConfig(), loaded.layers().get(i).getConfig());
        }
      }
    }
    Map<String, String> keras = KerasOracle.printedValues(String.join("\n",
        "import keras, numpy as np",
        "x = np.load(" + python(dir.resolve("x.npy")) + ")",
        "m = keras.saving.load_model(" + python(ours) + ")",
        "print('@@ours=' + ','.join(repr(float(v)) for v in m.predict(x, verbose=0).ravel()))",
        "m.save(" + python(theirs) + ")",
        "print('@@theirs=' + ','.join(repr(float(v)) for v in m.predict(x, verbose=0).ravel()))"));
    assertClose(keras.get("ours"), predicted);
    try (Model fromKeras = Models.loadModel(theirs)) {
      assertClose(keras.get("theirs"), fromKeras.predict(x, p -> p.verbose(0)));
    }
  }

  @Test
  void randomCropRoundTripsWithItsSeed() throws Exception {
    Path file = dir.resolve("crop.keras");
    FloatNdArray x = images();
    try (Sequential model = new Sequential(new RandomCrop(4, 4, 77).inputShape(6, 8, 3), new Flatten(), new Dense(1))) {
      FloatNdArray predicted = model.predict(x, p -> p.verbose(0));
      model.save(file);
      try (Model loaded = Models.loadModel(file)) {
        assertEquals(77L, ((RandomCrop) loaded.layers().get(0)).seed());
        assertEquals(predicted, loaded.predict(x, p -> p.verbose(0)));
      }
    }
  }

  private static String python(Path path) {
    return "'" + path.toString().replace("\\", "\\\\").replace("'", "\\'") + "'";
  }

  private static void assertClose(String expected, FloatNdArray actual) {
    String[] values = expected.split(",");
    assertEquals(values.length, actual.shape().size());
    int[] i = {0};
    actual.scalars().forEach(s -> {
      double e = Double.parseDouble(values[i[0]]);
      assertEquals(e, s.getFloat(), 1e-4 + 1e-4 * Math.abs(e), "element " + i[0]++);
    });
  }
}
