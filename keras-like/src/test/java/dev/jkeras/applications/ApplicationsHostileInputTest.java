package dev.jkeras.applications;

import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.jkeras.layers.Input;
import dev.jkeras.models.Model;
import java.net.InetAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.function.Consumer;
import java.util.function.Function;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.tensorflow.ndarray.FloatNdArray;
import org.tensorflow.ndarray.NdArrays;
import org.tensorflow.ndarray.Shape;

/**
 * Bad arguments to the applications, preprocess_input and decode_predictions fail at once (before a
 * layer is built) with Keras's message or one in its spirit.
 */
class ApplicationsHostileInputTest {
  private static final List<Function<Consumer<ApplicationOptions>, Model>> APPS = List.of(ResNet50::of, VGG16::of);

  @TempDir
  Path dir;

  @Test
  void missingWeightsFileIsRefusedNamingIt() {
    Path missing = dir.resolve("resnet50_weights_tf_dim_ordering_tf_kernels.h5");
    for (var app : APPS) {
      assertRefused(() -> app.apply(o -> o.weights(missing)), "The `weights` argument should be either",
          missing.toString());
    }
  }

  @Test
  void imagenetWeightsNeedAThousandClassesWithTheTop() {
    for (var app : APPS) {
      assertRefused(() -> app.apply(o -> o.classes(10)), "`classes` should be 1000", "classes=10");
    }
  }

  @Test
  void inputShapesAreChecked() {
    for (var app : APPS) {
      assertRefused(() -> app.apply(o -> o.weights((String) null).includeTop(false).inputShape(16, 16, 3)),
          "Input size must be at least 32x32", "(16, 16, 3)");
      assertRefused(() -> app.apply(o -> o.weights((String) null).includeTop(false).inputShape(64, 64)),
          "must be a tuple of three integers");
      assertRefused(() -> app.apply(o -> o.inputShape(64, 64, 3)), "`input_shape` should be (224, 224, 3)");
      assertRefused(() -> app.apply(o -> o.includeTop(false).inputShape(64, 64, 1)), "must have 3 channels");
      assertRefused(() -> app.apply(o -> o.weights((String) null).inputShape(-1, -1, 3)),
          "you should specify a static `input_shape`", "(None, None, 3)");
      assertRefused(() -> app.apply(o -> o.weights((String) null).includeTop(false).inputShape(64, 64, -1)),
          "input channels must be known");
      assertRefused(() -> app.apply(o -> o.weights((String) null).includeTop(false).inputTensor(Input.of(64, 64))),
          "`input_tensor` should be a batch of images, of rank 4");
    }
  }

  @Test
  void theOtherFamiliesCheckTheirArgumentsToo() {
    List<Function<Consumer<ApplicationOptions>, Model>> others = List.of(MobileNetV2::of, EfficientNetB0::of,
        Xception::of);
    for (var app : others) {
      assertRefused(() -> app.apply(o -> o.classes(10)), "`classes` should be 1000");
      assertRefused(() -> app.apply(o -> o.weights((String) null).includeTop(false).pooling("sum")), "`pooling`");
      assertRefused(() -> app.apply(o -> o.weights(dir.resolve("missing.h5"))), "The `weights` argument");
    }
    assertRefused(() -> Xception.of(o -> o.weights((String) null).includeTop(false).inputShape(64, 64, 3)),
        "Input size must be at least 71x71");
    assertRefused(() -> Xception.of(o -> o.inputShape(224, 224, 3)), "`input_shape` should be (299, 299, 3)");
    assertRefused(() -> MobileNetV2.of(0.6, o -> o.includeTop(false)), "alpha must be one of", "0.6");
    assertRefused(() -> MobileNetV2.of(-1, o -> o.weights((String) null)), "`alpha`", "-1");
  }

  @Test
  void unknownPoolingAndClassifierActivationsAreRefused() {
    for (var app : APPS) {
      assertRefused(() -> app.apply(o -> o.weights((String) null).includeTop(false).pooling("mean")),
          "`pooling` should be None, 'avg' or 'max'", "'mean'");
      assertRefused(() -> app.apply(o -> o.classifierActivation("relu")),
          "Only `None` and `softmax` activations are allowed", "relu");
    }
  }

  @Test
  void absentImagenetWeightsNameTheirPlaceInKerasCache() {
    assumeTrue(offline(), "Skipped: storage.googleapis.com resolves, so Keras's file would be downloaded");
    String home = System.getProperty("user.home");
    try {
      System.setProperty("user.home", dir.toString());
      String kerasHome = System.getenv("KERAS_HOME");
      Path cache = kerasHome == null || kerasHome.isBlank() ? dir.resolve(".keras") : Path.of(kerasHome);
      RuntimeException e = assertThrows(RuntimeException.class, () -> ResNet50.of(o -> o.includeTop(false)));
      assertTrue(e.getMessage().contains(cache.resolve("models/resnet50_weights_tf_dim_ordering_tf_kernels_notop.h5")
          .toString()), e.getMessage());
      e = assertThrows(RuntimeException.class, () -> VGG16.of());
      assertTrue(e.getMessage().contains("vgg16_weights_tf_dim_ordering_tf_kernels.h5"), e.getMessage());
      e = assertThrows(RuntimeException.class, () -> ResNet50.decodePredictions(NdArrays.ofFloats(Shape.of(1, 1000)), 5));
      assertTrue(e.getMessage().contains(cache.resolve("models/imagenet_class_index.json").toString()), e.getMessage());
    } finally {
      System.setProperty("user.home", home);
    }
  }

  @Test
  void preprocessInputRefusesWhatKerasRefuses() {
    FloatNdArray images = NdArrays.ofFloats(Shape.of(1, 4, 4, 3));
    assertRefused(() -> ImagenetUtils.preprocessInput(images, "caffee"), "Expected mode to be one of `caffe`, `tf` or "
        + "`torch`", "caffee");
    assertRefused(() -> ImagenetUtils.preprocessInput(images, "tf", "channels_middle"), "Expected data_format");
    assertRefused(() -> ResNet50.preprocessInput(NdArrays.ofFloats(Shape.of(1, 4, 4, 4))), "expects 3 color channels");
    assertRefused(() -> ResNet50.preprocessInput(NdArrays.ofFloats(Shape.of(4, 4))), "rank 3", "(4, 4)");
  }

  @Test
  void decodePredictionsRefusesWhatKerasRefuses() throws Exception {
    Path index = dir.resolve("class_index.json");
    Files.writeString(index, ApplicationOracle.classIndex());
    assertRefused(() -> ResNet50.decodePredictions(NdArrays.ofFloats(Shape.of(2, 10)), 5, index),
        "expects a batch of predictions", "(2, 10)");
    assertRefused(() -> ResNet50.decodePredictions(NdArrays.ofFloats(Shape.of(2, 1000)), 0, index), "`top`");
    assertRefused(() -> ResNet50.decodePredictions(NdArrays.ofFloats(Shape.of(2, 1000)), 5, dir.resolve("none.json")),
        "No ImageNet class index at");
    Path broken = dir.resolve("broken.json");
    Files.writeString(broken, "{\"0\": [\"n1\", \"a\"], \"1\": \"b\"}");
    assertRefused(() -> ResNet50.decodePredictions(NdArrays.ofFloats(Shape.of(2, 1000)), 5, broken),
        "is not an ImageNet class index", "\"1\"");
    Files.writeString(broken, "[1, 2");
    assertRefused(() -> ResNet50.decodePredictions(NdArrays.ofFloats(Shape.of(2, 1000)), 5, broken),
        "is not valid JSON");
  }

  private static boolean offline() {
    try {
      InetAddress.getByName("storage.googleapis.com");
      return false;
    } catch (java.io.IOException e) {
      return true;
    }
  }

  private static void assertRefused(org.junit.jupiter.api.function.Executable call, String... parts) {
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class, call);
    for (String part : parts) {
      assertTrue(e.getMessage().contains(part), "'" + part + "' not in: " + e.getMessage());
    }
  }
}
