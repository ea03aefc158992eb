package dev.jkeras.applications;

import dev.jkeras.KerasTensor;
import dev.jkeras.layers.Conv2D;
import dev.jkeras.layers.Dense;
import dev.jkeras.layers.Flatten;
import dev.jkeras.layers.MaxPooling2D;
import dev.jkeras.models.Model;
import java.nio.file.Path;
import java.util.List;
import java.util.function.Consumer;
import org.tensorflow.ndarray.FloatNdArray;

/**
 * VGG16 ({@code keras.applications.VGG16}; Simonyan and Zisserman, "Very Deep Convolutional
 * Networks for Large-Scale Image Recognition", 2015), built as Keras 3 builds it: five blocks of
 * 3x3 convolutions and max pooling, then (with the top) two 4096-unit layers and the classifier.
 *
 * <pre>{@code
 * Model model = VGG16.of(o -> o.includeTop(false).weights(null).inputShape(64, 64, 3).pooling("max"));
 * }</pre>
 *
 * <p>Inputs are channels-last RGB images of at least 32x32 (224x224 with the top), converted by
 * {@link #preprocessInput} ({@code "caffe"}).
 */
public final class VGG16 {
  private static final String BASE = "https://storage.googleapis.com/tensorflow/keras-applications/vgg16/";
  private static final Applications.CachedFile TOP = new Applications.CachedFile(
      "vgg16_weights_tf_dim_ordering_tf_kernels.h5", BASE + "vgg16_weights_tf_dim_ordering_tf_kernels.h5",
      "64373286793e3c8b2b4e3219cbf3544b");
  private static final Applications.CachedFile NO_TOP = new Applications.CachedFile(
      "vgg16_weights_tf_dim_ordering_tf_kernels_notop.h5", BASE + "vgg16_weights_tf_dim_ordering_tf_kernels_notop.h5",
      "6d6bbae143d832006294945121d1f1fc");
  private static final int[][] BLOCKS = {{64, 2}, {128, 2}, {256, 3}, {512, 3}, {512, 3}};

  private VGG16() {}

  /** VGG16 with Keras's defaults (ImageNet weights from {@code ~/.keras/models}, the 1000-class top). */
  public static Model of() {
    return of(null);
  }

  /** VGG16 with options: {@code VGG16.of(o -> o.weights(null).classes(10))}. */
  public static Model of(Consumer<ApplicationOptions> configure) {
    ApplicationOptions options = Applications.options("vgg16", configure);
    Applications.checkArguments(options);
    int[] shape = Applications.inputShape(options, 224, 32, options.includeTop());
    Path weights = Applications.weightsFile(options, TOP, NO_TOP);
    KerasTensor input = Applications.input(options, shape);
    KerasTensor x = input;
    for (int b = 0; b < BLOCKS.length; b++) {
      String block = "block" + (b + 1);
      for (int c = 1; c <= BLOCKS[b][1]; c++) {
        x = new Conv2D(BLOCKS[b][0], 3, 3).activation("relu").padding("same").name(block + "_conv" + c).apply(x);
      }
      x = new MaxPooling2D(2, 2).strides(2, 2).name(block + "_pool").apply(x);
    }
    if (options.includeTop()) {
      x = new Flatten().name("flatten").apply(x);
      x = new Dense(4096, "relu").name("fc1").apply(x);
      x = new Dense(4096, "relu").name("fc2").apply(x);
      x = Applications.predictions(options, x);
    } else {
      x = Applications.pooling(options, x, null, null);
    }
    return Applications.model(options, input, x, weights);
  }

  /** {@code keras.applications.vgg16.preprocess_input}: RGB to BGR, then ImageNet's mean subtracted ("caffe"). */
  public static FloatNdArray preprocessInput(FloatNdArray images) {
    return ImagenetUtils.preprocessInput(images, "caffe");
  }

  /** {@code keras.applications.vgg16.decode_predictions}, with the class index Keras caches. */
  public static List<List<ImagenetUtils.Prediction>> decodePredictions(FloatNdArray predictions, int top) {
    return ImagenetUtils.decodePredictions(predictions, top);
  }

  /** As {@link #decodePredictions(FloatNdArray, int)} with the class index at {@code classIndex}. */
  public static List<List<ImagenetUtils.Prediction>> decodePredictions(FloatNdArray predictions, int top,
      Path classIndex) {
    return ImagenetUtils.decodePredictions(predictions, top, classIndex);
  }
}
