package dev.jkeras.applications;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.jkeras.saving.Json;
import dev.jkeras.testing.Npy;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.tensorflow.ndarray.FloatNdArray;

/**
 * {@code preprocess_input} in its three modes (channels last and first) and {@code
 * decode_predictions} (with a generated class index) against Keras 3.15.1's imagenet_utils, and
 * each family's own preprocessing mode.
 */
class ImagenetUtilsOracleTest {
  private static ApplicationOracle oracle;

  @BeforeAll
  static void runKeras() {
    oracle = ApplicationOracle.shared();
  }

  @Test
  void preprocessInputIsKerasInEveryMode() {
    FloatNdArray images = (FloatNdArray) Npy.read(oracle.dir.resolve("images.npy"));
    FloatNdArray imagesCf = (FloatNdArray) Npy.read(oracle.dir.resolve("images_cf.npy"));
    for (String mode : List.of("caffe", "tf", "torch")) {
      assertExactly((FloatNdArray) Npy.read(oracle.dir.resolve("pre_" + mode + ".npy")),
          ImagenetUtils.preprocessInput(images, mode), mode);
      assertExactly((FloatNdArray) Npy.read(oracle.dir.resolve("pre_" + mode + "_cf.npy")),
          ImagenetUtils.preprocessInput(imagesCf, mode, "channels_first"), mode + " channels_first");
    }
    FloatNdArray caffe = (FloatNdArray) Npy.read(oracle.dir.resolve("pre_caffe.npy"));
    assertExactly(caffe, ResNet50.preprocessInput(images), "resnet50");
    assertExactly(caffe, VGG16.preprocessInput(images), "vgg16");
    FloatNdArray tf = (FloatNdArray) Npy.read(oracle.dir.resolve("pre_tf.npy"));
    assertExactly(tf, MobileNetV2.preprocessInput(images), "mobilenet_v2");
    assertExactly(tf, Xception.preprocessInput(images), "xception");
    assertExactly(images, EfficientNetB0.preprocessInput(images), "efficientnet (a pass-through)");
  }

  @Test
  void decodePredictionsIsKeras() {
    FloatNdArray predictions = (FloatNdArray) Npy.read(oracle.dir.resolve("preds.npy"));
    List<List<ImagenetUtils.Prediction>> decoded = ResNet50.decodePredictions(predictions, 3,
        oracle.dir.resolve("class_index.json"));
    List<?> expected = (List<?>) Json.parse("{\"d\":" + oracle.get("decoded") + "}", "decoded").get("d");
    assertEquals(expected.size(), decoded.size());
    for (int s = 0; s < expected.size(); s++) {
      List<?> sample = (List<?>) expected.get(s);
      assertEquals(sample.size(), decoded.get(s).size());
      for (int k = 0; k < sample.size(); k++) {
        List<?> guess = (List<?>) sample.get(k);
        ImagenetUtils.Prediction actual = decoded.get(s).get(k);
        assertEquals(guess.get(0), actual.className());
        assertEquals(guess.get(1), actual.classDescription());
        assertEquals(((Number) guess.get(2)).floatValue(), actual.score());
      }
    }
  }

  private static void assertExactly(FloatNdArray expected, FloatNdArray actual, String what) {
    assertEquals(expected.shape(), actual.shape(), what);
    expected.scalars().forEachIndexed((index, value) -> assertEquals(value.getFloat(), actual.getFloat(index),
        what + " at " + java.util.Arrays.toString(index)));
  }
}
