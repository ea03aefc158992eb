package dev.jkeras.applications;

import dev.jkeras.KerasTensor;
import dev.jkeras.layers.Activation;
import dev.jkeras.layers.Add;
import dev.jkeras.layers.BatchNormalization;
import dev.jkeras.layers.Conv2D;
import dev.jkeras.layers.GlobalAveragePooling2D;
import dev.jkeras.layers.MaxPooling2D;
import dev.jkeras.layers.SeparableConv2D;
import dev.jkeras.models.Model;
import java.nio.file.Path;
import java.util.List;
import java.util.function.Consumer;
import org.tensorflow.ndarray.FloatNdArray;

/**
 * Xception ({@code keras.applications.Xception}; Chollet, "Xception: Deep Learning with Depthwise
 * Separable Convolutions", 2017), built as Keras 3 builds it: an entry flow of separable
 * convolutions with strided 1x1 shortcuts, eight middle blocks, an exit flow. As in Keras, the
 * shortcut convolutions, their batch normalizations and the additions take automatic names
 * ({@code conv2d}, {@code batch_normalization}, {@code add}, numbered within the JVM).
 *
 * <p>Inputs are channels-last RGB images of at least 71x71 (299x299 with the top), scaled to -1..1
 * by {@link #preprocessInput} ({@code "tf"}).
 */
public final class Xception {
  private static final String BASE = "https://storage.googleapis.com/tensorflow/keras-applications/xception/";
  private static final Applications.CachedFile TOP = new Applications.CachedFile(
      "xception_weights_tf_dim_ordering_tf_kernels.h5", BASE + "xception_weights_tf_dim_ordering_tf_kernels.h5",
      "0a58e3b7378bc2990ea3b43d5981f1f6");
  private static final Applications.CachedFile NO_TOP = new Applications.CachedFile(
      "xception_weights_tf_dim_ordering_tf_kernels_notop.h5",
      BASE + "xception_weights_tf_dim_ordering_tf_kernels_notop.h5", "b0042744bf5b25fce3cb969f33bebb97");

  private Xception() {}

  /** Xception with Keras's defaults (ImageNet weights from {@code ~/.keras/models}, the 1000-class top). */
  public static Model of() {
    return of(null);
  }

  /** Xception with options: {@code Xception.of(o -> o.includeTop(false).weights(null).inputShape(71, 71, 3))}. */
  public static Model of(Consumer<ApplicationOptions> configure) {
    ApplicationOptions options = Applications.options("xception", configure);
    Applications.checkArguments(options);
    int[] shape = Applications.inputShape(options, 299, 71, options.includeTop());
    Path weights = Applications.weightsFile(options, TOP, NO_TOP);
    KerasTensor input = Applications.input(options, shape);
    KerasTensor x = new Conv2D(32, 3, 3).strides(2, 2).useBias(false).name("block1_conv1").apply(input);
    x = batchNormalization("block1_conv1_bn").apply(x);
    x = new Activation("relu").name("block1_conv1_act").apply(x);
    x = new Conv2D(64, 3, 3).useBias(false).name("block1_conv2").apply(x);
    x = batchNormalization("block1_conv2_bn").apply(x);
    x = new Activation("relu").name("block1_conv2_act").apply(x);
    x = entryBlock(x, 128, 128, 2, false);
    x = entryBlock(x, 256, 256, 3, true);
    x = entryBlock(x, 728, 728, 4, true);
    for (int i = 0; i < 8; i++) {
      KerasTensor residual = x;
      String prefix = "block" + (i + 5);
      for (int c = 1; c <= 3; c++) {
        x = new Activation("relu").name(prefix + "_sepconv" + c + "_act").apply(x);
        x = separable(728, prefix + "_sepconv" + c).apply(x);
        x = batchNormalization(prefix + "_sepconv" + c + "_bn").apply(x);
      }
      x = new Add().apply(List.of(x, residual));
    }
    x = entryBlock(x, 728, 1024, 13, true);
    x = separable(1536, "block14_sepconv1").apply(x);
    x = batchNormalization("block14_sepconv1_bn").apply(x);
    x = new Activation("relu").name("block14_sepconv1_act").apply(x);
    x = separable(2048, "block14_sepconv2").apply(x);
    x = batchNormalization("block14_sepconv2_bn").apply(x);
    x = new Activation("relu").name("block14_sepconv2_act").apply(x);
    if (options.includeTop()) {
      x = new GlobalAveragePooling2D().name("avg_pool").apply(x);
      x = Applications.predictions(options, x);
    } else {
      x = Applications.pooling(options, x, null, null);
    }
    return Applications.model(options, input, x, weights);
  }

  /**
   * A block with a strided 1x1 convolution shortcut: (relu,) separable conv, batch norm, relu,
   * separable conv, batch norm, max pooling, added to the shortcut. Block 2 starts without relu.
   */
  private static KerasTensor entryBlock(KerasTensor x, int first, int second, int block, boolean leadingRelu) {
    KerasTensor residual = new Conv2D(second, 1, 1).strides(2, 2).padding("same").useBias(false).apply(x);
    residual = new BatchNormalization().axis(-1).apply(residual);
    String prefix = "block" + block;
    if (leadingRelu) {
      x = new Activation("relu").name(prefix + "_sepconv1_act").apply(x);
    }
    x = separable(first, prefix + "_sepconv1").apply(x);
    x = batchNormalization(prefix + "_sepconv1_bn").apply(x);
    x = new Activation("relu").name(prefix + "_sepconv2_act").apply(x);
    x = separable(second, prefix + "_sepconv2").apply(x);
    x = batchNormalization(prefix + "_sepconv2_bn").apply(x);
    x = new MaxPooling2D(3, 3).strides(2, 2).padding("same").name(prefix + "_pool").apply(x);
    return new Add().apply(List.of(x, residual));
  }

  private static SeparableConv2D separable(int filters, String name) {
    return new SeparableConv2D(filters, 3, 3).padding("same").useBias(false).name(name);
  }

  private static BatchNormalization batchNormalization(String name) {
    return new BatchNormalization().axis(-1).name(name);
  }

  /** {@code keras.applications.xception.preprocess_input}: images scaled to -1..1 ("tf"). */
  public static FloatNdArray preprocessInput(FloatNdArray images) {
    return ImagenetUtils.preprocessInput(images, "tf");
  }

  /** {@code keras.applications.xception.decode_predictions}, with the class index Keras caches. */
  public static List<List<ImagenetUtils.Prediction>> decodePredictions(FloatNdArray predictions, int top) {
    return ImagenetUtils.decodePredictions(predictions, top);
  }

  /** As {@link #decodePredictions(FloatNdArray, int)} with the class index at {@code classIndex}. */
  public static List<List<ImagenetUtils.Prediction>> decodePredictions(FloatNdArray predictions, int top,
      Path classIndex) {
    return ImagenetUtils.decodePredictions(predictions, top, classIndex);
  }
}
