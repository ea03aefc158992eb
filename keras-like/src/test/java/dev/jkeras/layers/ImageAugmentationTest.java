package dev.jkeras.layers;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.jkeras.DType;
import dev.jkeras.backend.RandomSeeds;
import dev.jkeras.models.Model;
import dev.jkeras.models.Sequential;
import dev.jkeras.testing.KerasOracle;
import java.util.Map;
import java.util.Random;
import java.util.function.Supplier;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.tensorflow.ndarray.FloatNdArray;
import org.tensorflow.ndarray.NdArray;
import org.tensorflow.ndarray.NdArrays;
import org.tensorflow.ndarray.Shape;

/**
 * The random image layers in training, where Keras's numbers come from another generator: their
 * properties (shapes, dtypes, exact mirrors and shifts, ranges of the drawn factors), reproducibility
 * under a seed, inference identity, and the errors of bad options. Deterministic values are in
 * {@link LayerContractTest}.
 */
class ImageAugmentationTest {
  private static final int N = 16;
  private static final int H = 6;
  private static final int W = 8;
  private static final int C = 2;

  @AfterEach
  void clearSeed() {
    RandomSeeds.clearGlobalSeed();
  }

  private static FloatNdArray images(long seed, int n, int h, int w, int c) {
    Random random = new Random(seed);
    FloatNdArray x = NdArrays.ofFloats(Shape.of(n, h, w, c));
    x.scalars().forEach(s -> s.setFloat((float) random.nextDouble()));
    return x;
  }

  private static FloatNdArray images() {
    return images(11, N, H, W, C);
  }

  private static FloatNdArray run(Layer layer, FloatNdArray x, boolean training) {
    int[] sample = {(int) x.shape().get(1), (int) x.shape().get(2), (int) x.shape().get(3)};
    try (Model model = new Sequential(layer.inputShape(sample))) {
      return (FloatNdArray) model.predictArray(x, p -> p.verbose(0).training(training).batchSize(N));
    }
  }

  private static float at(FloatNdArray x, int n, int i, int j, int c) {
    return x.getFloat(n, i, j, c);
  }

  /** Whether image {@code n} of {@code y} is image {@code n} of {@code x} with pixel (i, j) read from {@code map}. */
  private static boolean sameUnder(FloatNdArray x, FloatNdArray y, int n, java.util.function.IntBinaryOperator rowOf,
      java.util.function.IntBinaryOperator colOf, double tolerance) {
    int h = (int) y.shape().get(1);
    int w = (int) y.shape().get(2);
    for (int i = 0; i < h; i++) {
      for (int j = 0; j < w; j++) {
        for (int c = 0; c < C; c++) {
          if (Math.abs(at(y, n, i, j, c) - at(x, n, rowOf.applyAsInt(i, j), colOf.applyAsInt(i, j), c)) > tolerance) {
            return false;
          }
        }
      }
    }
    return true;
  }

  @Test
  void everyRandomLayerIsTheIdentityAtInference() {
    FloatNdArray x = images();
    for (Supplier<Layer> layer : java.util.List.<Supplier<Layer>>of(() -> new RandomFlip(), () -> new RandomRotation(0.3),
        () -> new RandomZoom(0.3, 0.2), () -> new RandomTranslation(0.2, 0.3), () -> new RandomContrast(0.5),
        () -> new RandomBrightness(0.5).valueRange(0, 1))) {
      assertEquals(x, run(layer.get(), x, false), layer.get().getClass().getSimpleName());
    }
  }

  @Test
  void randomFlipMirrorsExactlySomeImages() {
    FloatNdArray x = images();
    FloatNdArray y = run(new RandomFlip("horizontal", 7), x, true);
    int mirrored = 0;
    int kept = 0;
    for (int n = 0; n < N; n++) {
      boolean same = sameUnder(x, y, n, (i, j) -> i, (i, j) -> j, 0);
      boolean mirror = sameUnder(x, y, n, (i, j) -> i, (i, j) -> W - 1 - j, 0);
      assertTrue(same || mirror, "image " + n + " is neither itself nor its mirror");
      mirrored += mirror ? 1 : 0;
      kept += same ? 1 : 0;
    }
    assertTrue(mirrored > 0 && kept > 0, "16 images, p = 1/2: " + mirrored + " mirrored, " + kept + " kept");

    FloatNdArray v = run(new RandomFlip("vertical", 7), x, true);
    FloatNdArray both = run(new RandomFlip(RandomFlip.HORIZONTAL_AND_VERTICAL, 7), x, true);
    for (int n = 0; n < N; n++) {
      assertTrue(sameUnder(x, v, n, (i, j) -> i, (i, j) -> j, 0) || sameUnder(x, v, n, (i, j) -> H - 1 - i,
          (i, j) -> j, 0), "vertical flip of image " + n);
      assertTrue(sameUnder(x, both, n, (i, j) -> i, (i, j) -> j, 0) || sameUnder(x, both, n, (i, j) -> H - 1 - i,
          (i, j) -> W - 1 - j, 0), "both flips of image " + n + " come from one draw, as Keras's");
    }
  }

  @Test
  void aSeedGivesTheSameAugmentationOnEveryRun() {
    FloatNdArray x = images();
    assertEquals(run(new RandomRotation(0.2).seed(5), x, true), run(new RandomRotation(0.2).seed(5), x, true));
    assertNotEquals(run(new RandomRotation(0.2).seed(5), x, true), run(new RandomRotation(0.2).seed(6), x, true));
    RandomSeeds.setGlobalSeed(3);
    FloatNdArray first = run(new RandomZoom(0.3), x, true);
    RandomSeeds.setGlobalSeed(3);
    assertEquals(first, run(new RandomZoom(0.3), x, true), "the global seed (Utils.setRandomSeed) seeds the layers");
  }

  @Test
  void rotationByHalfATurnIsBothFlips() {
    FloatNdArray x = images();
    FloatNdArray y = run(new RandomRotation(0.5, 0.5), x, true);
    for (int n = 0; n < N; n++) {
      assertTrue(sameUnder(x, y, n, (i, j) -> H - 1 - i, (i, j) -> W - 1 - j, 1e-4), "image " + n);
    }
    FloatNdArray rotated = run(new RandomRotation(0.4).seed(2), x, true);
    assertEquals(x.shape(), rotated.shape());
    assertNotEquals(x, rotated);
  }

  @Test
  void translationByWholePixelsShiftsExactly() {
    FloatNdArray x = images();
    // a quarter of the width (2 pixels) to the right, half a row (3 pixels) up; constant fill with -1
    FloatNdArray y = run(new RandomTranslation(new double[] {-0.5, -0.5}, new double[] {0.25, 0.25})
        .fillMode("constant").fillValue(-1).interpolation("nearest"), x, true);
    for (int n = 0; n < N; n++) {
      for (int i = 0; i < H; i++) {
        for (int j = 0; j < W; j++) {
          float expected = i + 3 < H && j - 2 >= 0 ? at(x, n, i + 3, j - 2, 0) : -1f;
          assertEquals(expected, at(y, n, i, j, 0), 1e-6, "pixel " + i + "," + j);
        }
      }
    }
  }

  @Test
  void zoomFactorsStayInTheirRange() {
    // a horizontal ramp: zooming by z about the center maps column j to cx + z (j - cx), so the slope is z
    FloatNdArray x = NdArrays.ofFloats(Shape.of(N, H, W, C));
    x.scalars().forEach(s -> s.setFloat(0));
    for (int n = 0; n < N; n++) {
      for (int i = 0; i < H; i++) {
        for (int j = 0; j < W; j++) {
          for (int c = 0; c < C; c++) {
            x.setFloat(j, n, i, j, c);
          }
        }
      }
    }
    FloatNdArray y = run(new RandomZoom(new double[] {-0.3, -0.1}, new double[] {-0.3, -0.1}).seed(9)
        .fillMode("nearest"), x, true);
    double min = Double.MAX_VALUE;
    double max = 0;
    for (int n = 0; n < N; n++) {
      double slope = at(y, n, 2, 4, 0) - at(y, n, 2, 3, 0);
      assertTrue(slope >= 0.7 - 1e-5 && slope <= 0.9 + 1e-5, "zoom of image " + n + " is " + slope);
      min = Math.min(min, slope);
      max = Math.max(max, slope);
    }
    assertTrue(max - min > 0.02, "the zoom differs between images: " + min + ".." + max);
  }

  @Test
  void contrastAndBrightnessFactorsStayInTheirRanges() {
    FloatNdArray x = images();
    FloatNdArray contrast = run(new RandomContrast(0.4).valueRange(-100, 100).seed(3), x, true);
    FloatNdArray bright = run(new RandomBrightness(0.2).valueRange(-10, 10).seed(3), x, true);
    for (int n = 0; n < N; n++) {
      double mean = 0;
      for (int i = 0; i < H; i++) {
        for (int j = 0; j < W; j++) {
          mean += at(x, n, i, j, 0);
        }
      }
      mean /= H * W;
      // Keras 3.15 draws the contrast factor from [1 - 0, 1 + 0.4] for factor 0.4
      double factor = (at(contrast, n, 1, 1, 0) - mean) / (at(x, n, 1, 1, 0) - mean);
      assertTrue(factor >= 1 - 1e-3 && factor <= 1.4 + 1e-3, "contrast factor " + factor);
      double delta = at(bright, n, 0, 0, 0) - at(x, n, 0, 0, 0);
      assertTrue(delta >= -4 - 1e-5 && delta <= 4 + 1e-5, "brightness offset " + delta);
      for (int i = 0; i < H; i++) {
        for (int j = 0; j < W; j++) {
          assertEquals(delta, at(bright, n, i, j, 1) - at(x, n, i, j, 1), 1e-5, "one offset per image");
        }
      }
    }
    FloatNdArray brightClipped = run(new RandomBrightness(0.5).valueRange(0, 1).seed(3), x, true);
    brightClipped.scalars().forEach(s -> assertTrue(s.getFloat() >= 0 && s.getFloat() <= 1));
    FloatNdArray clipped = run(new RandomContrast(0.9).seed(4), images(1, N, H, W, C), true);
    clipped.scalars().forEach(s -> assertTrue(s.getFloat() >= 0 && s.getFloat() <= 255));
  }

  @Test
  void randomCropTakesAWindowWhileTrainingAndTheCenteredAspectWindowAtInference() {
    FloatNdArray x = images();
    FloatNdArray y = run(new RandomCrop(3, 5, 8), x, true);
    assertEquals(Shape.of(N, 3, 5, C), y.shape());
    int found = -1;
    for (int top = 0; top <= H - 3 && found < 0; top++) {
      for (int left = 0; left <= W - 5 && found < 0; left++) {
        int t = top;
        int l = left;
        boolean all = true;
        for (int n = 0; n < N && all; n++) {
          all = sameUnder(x, y, n, (i, j) -> i + t, (i, j) -> j + l, 0);
        }
        found = all ? top * W + left : -1;
      }
    }
    assertTrue(found >= 0, "the crop is one window of the input, the same for the whole batch");

    FloatNdArray atInference = run(new RandomCrop(3, 5, 8), x, false);
    assertEquals(run(new Resizing(3, 5).cropToAspectRatio(true), x, false), atInference);
  }

  @Test
  void randomCropAtInferenceMatchesKerasCropToAspectRatio() {
    FloatNdArray x = images(4, 2, 6, 8, 1);
    Map<String, String> keras = KerasOracle.printedValues(String.join("\n",
        "import keras, numpy as np",
        "x = np.array(" + pythonList(x) + ", 'float32').reshape(2, 6, 8, 1)",
        "y = keras.layers.Resizing(4, 3, crop_to_aspect_ratio=True)(x)",
        "print('@@y=' + ','.join(repr(float(v)) for v in np.asarray(y).ravel()))"));
    FloatNdArray ours = run(new RandomCrop(4, 3, 1), x, false);
    String[] expected = keras.get("y").split(",");
    double[] actual = new double[expected.length];
    int[] k = {0};
    ours.scalars().forEach(s -> actual[k[0]++] = s.getFloat());
    for (int i = 0; i < expected.length; i++) {
      assertEquals(Double.parseDouble(expected[i]), actual[i], 1e-5, "element " + i);
    }
  }

  private static String pythonList(FloatNdArray x) {
    StringBuilder out = new StringBuilder("[");
    x.scalars().forEach(s -> out.append(s.getFloat()).append(','));
    return out.append(']').toString();
  }

  @Test
  void resizingKeepsIntegerImagesIntegers() {
    NdArray<Byte> pixels = NdArrays.ofBytes(Shape.of(1, 2, 2, 1));
    byte[] values = {0, 100, (byte) 200, (byte) 255};
    int[] k = {0};
    pixels.scalars().forEach(s -> s.setObject(values[k[0]++]));
    var input = Input.of(DType.UINT8, 2, 2, 1);
    try (Model model = new Model(input, new Resizing(4, 4).apply(input))) {
      NdArray<?> y = model.predictArray(pixels, p -> p.verbose(0));
      assertEquals(DType.UINT8, DType.of(y));
      assertEquals((byte) 0, y.getObject(0, 0, 0, 0));
      assertEquals((byte) 255, y.getObject(0, 3, 3, 0));
    }
  }

  @Test
  void badOptionsFailWithKerassMessages() {
    Map<String, String> keras = KerasOracle.printedValues(String.join("\n",
        "import keras",
        "L = keras.layers",
        "cases = {'rotation': lambda: L.RandomRotation(2.0), 'zoom': lambda: L.RandomZoom(-1.0),",
        "         'translation': lambda: L.RandomTranslation(1.5, 0.0), 'contrast': lambda: L.RandomContrast(1.5),",
        "         'brightness': lambda: L.RandomBrightness(2.0), 'pair': lambda: L.RandomRotation([1.5, 2.0]),",
        "         'both': lambda: L.Resizing(2, 2, crop_to_aspect_ratio=True, pad_to_aspect_ratio=True)(",
        "             __import__('numpy').zeros((1, 4, 4, 1)))}",
        "for key, make in cases.items():",
        "    try:",
        "        make(); print('@@' + key + '=accepted')",
        "    except Exception as e:",
        "        print('@@' + key + '=' + str(e).replace('\\n', ' '))"));
    assertStartsWith(keras.get("rotation"), () -> new RandomRotation(2.0));
    assertStartsWith(keras.get("zoom"), () -> new RandomZoom(-1.0));
    assertStartsWith(keras.get("translation"), () -> new RandomTranslation(1.5, 0.0));
    assertStartsWith(keras.get("contrast"), () -> new RandomContrast(1.5));
    assertStartsWith(keras.get("brightness"), () -> new RandomBrightness(2.0));
    assertStartsWith(keras.get("pair"), () -> new RandomRotation(1.5, 2.0));
    assertTrue(keras.get("both").contains("Only one of `pad_to_aspect_ratio` & `crop_to_aspect_ratio`"),
        keras.get("both"));
    assertStartsWith("Only one of `pad_to_aspect_ratio` & `crop_to_aspect_ratio` can be `True`.",
        () -> new Resizing(2, 2).cropToAspectRatio(true).padToAspectRatio(true));
  }

  @Test
  void unknownOptionsAndWrongRanksFailWithTheChoices() {
    assertMessage("Expected one of [bilinear, nearest, lanczos3, lanczos5, bicubic, area]",
        () -> new Resizing(2, 2).interpolation("trilinear"));
    assertMessage("unknown `fill_mode` mirror. Expected one of [constant, nearest, wrap, reflect]",
        () -> new RandomRotation(0.1).fillMode("mirror"));
    assertMessage("unknown `interpolation` bicubic. Expected one of [nearest, bilinear]",
        () -> new RandomZoom(0.1).interpolation("bicubic"));
    assertMessage("unknown `mode` diagonal", () -> new RandomFlip("diagonal"));
    assertMessage("Only `'constant'` is supported", () -> new Resizing(2, 2).fillMode("reflect"));
    assertMessage("Expected image tensor to have rank 3 (single image) or 4 (batch of images). Received: "
        + "data.shape=(None, 5)", () -> new Resizing(2, 2).apply(Input.of(5)));
    assertMessage("Received: data.shape=(None, 2, 4, 5, 3)", () -> new RandomFlip().apply(Input.of(2, 4, 5, 3)));
    assertMessage("RandomCrop requires the input to have a fully defined height and width",
        () -> new RandomCrop(2, 2, 1).apply(Input.of(-1, -1, 3), true));
    assertMessage("channels_last images only", () -> CenterCrop.fromConfig(new dev.jkeras.saving.Config("CenterCrop",
        Map.of("height", 2, "width", 2, "data_format", "channels_first"))));
  }

  @Test
  void singleImagesWorkUnbatched() {
    FloatNdArray batch = images(2, 1, H, W, C);
    NdArray<?> image = batch.get(0);
    java.util.List<NdArray<?>> out = dev.jkeras.backend.Backends.get().eager(() -> {
      var x = dev.jkeras.ops.Ops.convertToTensor(image);
      return java.util.List.of(new CenterCrop(4, 5).apply(x, false), new RandomFlip("horizontal", 3).apply(x, true),
          new RandomRotation(0.5, 0.5).apply(x, true), new Resizing(3, 3).apply(x, false));
    });
    assertEquals(Shape.of(4, 5, C), out.get(0).shape());
    assertEquals(Shape.of(H, W, C), out.get(1).shape());
    FloatNdArray rotated = (FloatNdArray) out.get(2);
    assertEquals(at(batch, 0, 0, 0, 1), rotated.getFloat(H - 1, W - 1, 1), 1e-4);
    assertEquals(Shape.of(3, 3, C), out.get(3).shape());
    assertEquals(run(new CenterCrop(4, 5), batch, false).get(0), out.get(0));
  }

  private static void assertStartsWith(String expected, Runnable action) {
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class, action::run);
    assertTrue(e.getMessage().startsWith(expected), "Keras: " + expected + "\nours:  " + e.getMessage());
  }

  private static void assertMessage(String part, Runnable action) {
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class, action::run);
    assertTrue(e.getMessage().contains(part), "expected «" + part + "» in: " + e.getMessage());
  }
}
