package dev.jkeras.applications;

import dev.jkeras.KerasTensor;
import dev.jkeras.layers.Activation;
import dev.jkeras.layers.Add;
import dev.jkeras.layers.BatchNormalization;
import dev.jkeras.layers.Conv2D;
import dev.jkeras.layers.GlobalAveragePooling2D;
import dev.jkeras.layers.MaxPooling2D;
import dev.jkeras.layers.ZeroPadding2D;
import dev.jkeras.models.Model;
import java.nio.file.Path;
import java.util.List;
import java.util.function.Consumer;
import org.tensorflow.ndarray.FloatNdArray;

/**
 * ResNet50 ({@code keras.applications.ResNet50}; He et al., "Deep Residual Learning for Image
 * Recognition", 2015), built as Keras 3 builds it: the same layers, names and order, so Keras's
 * weight files load into it.
 *
 * <pre>{@code
 * Model model = ResNet50.of(o -> o.weights("resnet50_weights_tf_dim_ordering_tf_kernels.h5"));
 * var probabilities = model.predict(ResNet50.preprocessInput(images));   // images: (n, 224, 224, 3), RGB 0..255
 * var top5 = ResNet50.decodePredictions(probabilities, 5);
 * }</pre>
 *
 * <p>Inputs are channels-last RGB images of at least 32x32 (224x224 with the top); {@link
 * #preprocessInput} converts them as the ImageNet weights expect ({@code "caffe"}: BGR, mean-centred).
 */
public final class ResNet50 {
  private static final String BASE = "https://storage.googleapis.com/tensorflow/keras-applications/resnet/";
  private static final Applications.CachedFile TOP = new Applications.CachedFile(
      "resnet50_weights_tf_dim_ordering_tf_kernels.h5",
      BASE + "resnet50_weights_tf_dim_ordering_tf_kernels.h5", "2cb95161c43110f7111970584f804107");
  private static final Applications.CachedFile NO_TOP = new Applications.CachedFile(
      "resnet50_weights_tf_dim_ordering_tf_kernels_notop.h5",
      BASE + "resnet50_weights_tf_dim_ordering_tf_kernels_notop.h5", "4d473c1dd8becc155b73f8504c6f6626");
  private static final double EPSILON = 1.001e-5;

  private ResNet50() {}

  /** ResNet50 with Keras's defaults (ImageNet weights from {@code ~/.keras/models}, the 1000-class top). */
  public static Model of() {
    return of(null);
  }

  /** ResNet50 with options: {@code ResNet50.of(o -> o.includeTop(false).weights(null).pooling("avg"))}. */
  public static Model of(Consumer<ApplicationOptions> configure) {
    ApplicationOptions options = Applications.options("resnet50", configure);
    Applications.checkArguments(options);
    int[] shape = Applications.inputShape(options, 224, 32, options.includeTop());
    Path weights = Applications.weightsFile(options, TOP, NO_TOP);
    KerasTensor input = Applications.input(options, shape);
    KerasTensor x = new ZeroPadding2D(new int[][] {{3, 3}, {3, 3}}).name("conv1_pad").apply(input);
    x = new Conv2D(64, 7).strides(2).name("conv1_conv").apply(x);
    x = batchNormalization("conv1_bn").apply(x);
    x = new Activation("relu").name("conv1_relu").apply(x);
    x = new ZeroPadding2D(new int[][] {{1, 1}, {1, 1}}).name("pool1_pad").apply(x);
    x = new MaxPooling2D(3).strides(2).name("pool1_pool").apply(x);
    x = stack(x, 64, 3, 1, "conv2");
    x = stack(x, 128, 4, 2, "conv3");
    x = stack(x, 256, 6, 2, "conv4");
    x = stack(x, 512, 3, 2, "conv5");
    if (options.includeTop()) {
      x = new GlobalAveragePooling2D().name("avg_pool").apply(x);
      x = Applications.predictions(options, x);
    } else {
      x = Applications.pooling(options, x, "avg_pool", "max_pool");
    }
    return Applications.model(options, input, x, weights);
  }

  /** Keras's {@code stack_residual_blocks_v1}: a block with a projection shortcut, then identity blocks. */
  private static KerasTensor stack(KerasTensor x, int filters, int blocks, int stride, String name) {
    x = block(x, filters, stride, true, name + "_block1");
    for (int i = 2; i <= blocks; i++) {
      x = block(x, filters, 1, false, name + "_block" + i);
    }
    return x;
  }

  /** Keras's {@code residual_block_v1}: 1x1, 3x3, 1x1 convolutions added to the shortcut. */
  private static KerasTensor block(KerasTensor x, int filters, int stride, boolean convShortcut, String name) {
    KerasTensor shortcut = x;
    if (convShortcut) {
      shortcut = new Conv2D(4 * filters, 1).strides(stride).name(name + "_0_conv").apply(x);
      shortcut = batchNormalization(name + "_0_bn").apply(shortcut);
    }
    x = new Conv2D(filters, 1).strides(stride).name(name + "_1_conv").apply(x);
    x = batchNormalization(name + "_1_bn").apply(x);
    x = new Activation("relu").name(name + "_1_relu").apply(x);
    x = new Conv2D(filters, 3).padding("same").name(name + "_2_conv").apply(x);
    x = batchNormalization(name + "_2_bn").apply(x);
    x = new Activation("relu").name(name + "_2_relu").apply(x);
    x = new Conv2D(4 * filters, 1).name(name + "_3_conv").apply(x);
    x = batchNormalization(name + "_3_bn").apply(x);
    x = new Add().name(name + "_add").apply(List.of(shortcut, x));
    return new Activation("relu").name(name + "_out").apply(x);
  }

  private static BatchNormalization batchNormalization(String name) {
    return new BatchNormalization().axis(3).epsilon(EPSILON).name(name);
  }

  /** {@code keras.applications.resnet50.preprocess_input}: RGB to BGR, then ImageNet's mean subtracted ("caffe"). */
  public static FloatNdArray preprocessInput(FloatNdArray images) {
    return ImagenetUtils.preprocessInput(images, "caffe");
  }

  /** {@code keras.applications.resnet50.decode_predictions}, with the class index Keras caches. */
  public static List<List<ImagenetUtils.Prediction>> decodePredictions(FloatNdArray predictions, int top) {
    return ImagenetUtils.decodePredictions(predictions, top);
  }

  /** As {@link #decodePredictions(FloatNdArray, int)} with the class index at {@code classIndex}. */
  public static List<List<ImagenetUtils.Prediction>> decodePredictions(FloatNdArray predictions, int top,
      Path classIndex) {
    return ImagenetUtils.decodePredictions(predictions, top, classIndex);
  }
}
