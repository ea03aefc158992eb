package dev.jkeras.applications;

import dev.jkeras.KerasTensor;
import dev.jkeras.initializers.VarianceScaling;
import dev.jkeras.layers.Activation;
import dev.jkeras.layers.Add;
import dev.jkeras.layers.BatchNormalization;
import dev.jkeras.layers.Conv2D;
import dev.jkeras.layers.DepthwiseConv2D;
import dev.jkeras.layers.Dense;
import dev.jkeras.layers.Dropout;
import dev.jkeras.layers.GlobalAveragePooling2D;
import dev.jkeras.layers.Lambda;
import dev.jkeras.layers.Multiply;
import dev.jkeras.layers.Normalization;
import dev.jkeras.layers.Rescaling;
import dev.jkeras.layers.Reshape;
import dev.jkeras.layers.ZeroPadding2D;
import dev.jkeras.models.Model;
import dev.jkeras.ops.Ops;
import java.nio.file.Path;
import java.util.List;
import java.util.function.Consumer;
import org.tensorflow.ndarray.FloatNdArray;
import org.tensorflow.ndarray.NdArrays;
import org.tensorflow.ndarray.Shape;

/**
 * EfficientNetB0 ({@code keras.applications.EfficientNetB0}; Tan and Le, "EfficientNet:
 * Rethinking Model Scaling for Convolutional Neural Networks", 2019), built as Keras 3 builds it:
 * the input rescaling and normalization inside the model, a stem, 16 MBConv blocks with
 * squeeze-and-excitation, and the top.
 *
 * <p>The model takes RGB pixels in 0..255 (its first layers rescale them), so {@link
 * #preprocessInput} returns its input unchanged, as Keras's. The drop-connect {@code Dropout}
 * layers of the skip connections keep or drop whole samples ({@code noise_shape} (None, 1, 1, 1)), as
 * Keras's. Limits: with ImageNet weights, the per-channel rescaling Keras adds is a {@code Lambda}
 * layer here.
 */
public final class EfficientNetB0 {
  private static final String BASE = "https://storage.googleapis.com/keras-applications/";
  private static final double[] IMAGENET_STDDEV_RGB = {0.229, 0.224, 0.225};
  // kernel size, repeats, filters in, filters out, expand ratio, strides (id_skip true, se_ratio 0.25)
  private static final int[][] BLOCKS = {
      {3, 1, 32, 16, 1, 1}, {3, 2, 16, 24, 6, 2}, {5, 2, 24, 40, 6, 2}, {3, 3, 40, 80, 6, 2},
      {5, 3, 80, 112, 6, 1}, {5, 4, 112, 192, 6, 2}, {3, 1, 192, 320, 6, 1}};
  private static final double SE_RATIO = 0.25;
  private static final double DROP_CONNECT_RATE = 0.2;
  private static final double DROPOUT_RATE = 0.2;

  private EfficientNetB0() {}

  /** EfficientNetB0 with Keras's defaults (ImageNet weights from {@code ~/.keras/models}, the 1000-class top). */
  public static Model of() {
    return of(null);
  }

  /** EfficientNetB0 with options: {@code EfficientNetB0.of(o -> o.includeTop(false).weights(null).pooling("avg"))}. */
  public static Model of(Consumer<ApplicationOptions> configure) {
    ApplicationOptions options = Applications.options("efficientnetb0", configure);
    Applications.checkArguments(options);
    int[] shape = Applications.inputShape(options, 224, 32, options.includeTop());
    Applications.CachedFile top = new Applications.CachedFile(options.name() + ".h5",
        BASE + options.name() + ".h5", "902e53a9f72be733fc0bcb005b3ebbac");
    Applications.CachedFile noTop = new Applications.CachedFile(options.name() + "_notop.h5",
        BASE + options.name() + "_notop.h5", "50bc09e76180e00e4465e1a485ddc09d");
    Path weights = Applications.weightsFile(options, top, noTop);
    KerasTensor input = Applications.input(options, shape);
    KerasTensor x = new Rescaling(1.0 / 255.0).apply(input);
    x = new Normalization().apply(x);
    if (Applications.isImagenet(options)) {
      FloatNdArray scale = NdArrays.ofFloats(Shape.of(3));
      for (int c = 0; c < 3; c++) {
        scale.setFloat((float) (1.0 / Math.sqrt(IMAGENET_STDDEV_RGB[c])), c);
      }
      x = new Lambda("rescaling", t -> Ops.multiply(t, Ops.convertToTensor(scale))).apply(x);
    }
    x = new ZeroPadding2D(Applications.correctPad(x, 3)).name("stem_conv_pad").apply(x);
    x = new Conv2D(32, 3).strides(2).padding("valid").useBias(false).kernelInitializer(convInitializer())
        .name("stem_conv").apply(x);
    x = new BatchNormalization().axis(3).name("stem_bn").apply(x);
    x = new Activation("swish").name("stem_activation").apply(x);
    int total = 0;
    for (int[] args : BLOCKS) {
      total += args[1];
    }
    int b = 0;
    for (int i = 0; i < BLOCKS.length; i++) {
      int[] args = BLOCKS[i];
      int filtersIn = args[2];
      int strides = args[5];
      for (int j = 0; j < args[1]; j++) {
        if (j > 0) {
          strides = 1;
          filtersIn = args[3];
        }
        x = block(x, DROP_CONNECT_RATE * b / total, "block" + (i + 1) + (char) ('a' + j) + "_", filtersIn, args[3],
            args[0], strides, args[4]);
        b++;
      }
    }
    x = new Conv2D(1280, 1).padding("same").useBias(false).kernelInitializer(convInitializer()).name("top_conv")
        .apply(x);
    x = new BatchNormalization().axis(3).name("top_bn").apply(x);
    x = new Activation("swish").name("top_activation").apply(x);
    if (options.includeTop()) {
      x = new GlobalAveragePooling2D().name("avg_pool").apply(x);
      x = new Dropout(DROPOUT_RATE).name("top_dropout").apply(x);
      x = new Dense(options.classes(), options.classifierActivation()).kernelInitializer(
          new VarianceScaling(1.0 / 3.0, VarianceScaling.Mode.FAN_OUT, VarianceScaling.Distribution.UNIFORM, 0))
          .name("predictions").apply(x);
    } else {
      x = Applications.pooling(options, x, "avg_pool", "max_pool");
    }
    return Applications.model(options, input, x, weights);
  }

  /** Keras's EfficientNet {@code block}: expansion, depthwise convolution, squeeze and excitation, projection. */
  private static KerasTensor block(KerasTensor inputs, double dropRate, String name, int filtersIn, int filtersOut,
      int kernel, int strides, int expandRatio) {
    int filters = filtersIn * expandRatio;
    KerasTensor x = inputs;
    if (expandRatio != 1) {
      x = new Conv2D(filters, 1).padding("same").useBias(false).kernelInitializer(convInitializer())
          .name(name + "expand_conv").apply(x);
      x = new BatchNormalization().axis(3).name(name + "expand_bn").apply(x);
      x = new Activation("swish").name(name + "expand_activation").apply(x);
    }
    String padding = "same";
    if (strides == 2) {
      x = new ZeroPadding2D(Applications.correctPad(x, kernel)).name(name + "dwconv_pad").apply(x);
      padding = "valid";
    }
    x = new DepthwiseConv2D(kernel).strides(strides).padding(padding).useBias(false)
        .depthwiseInitializer(convInitializer()).name(name + "dwconv").apply(x);
    x = new BatchNormalization().axis(3).name(name + "bn").apply(x);
    x = new Activation("swish").name(name + "activation").apply(x);
    int filtersSe = Math.max(1, (int) (filtersIn * SE_RATIO));
    KerasTensor se = new GlobalAveragePooling2D().name(name + "se_squeeze").apply(x);
    se = new Reshape(1, 1, filters).name(name + "se_reshape").apply(se);
    se = new Conv2D(filtersSe, 1).padding("same").activation("swish").kernelInitializer(convInitializer())
        .name(name + "se_reduce").apply(se);
    se = new Conv2D(filters, 1).padding("same").activation("sigmoid").kernelInitializer(convInitializer())
        .name(name + "se_expand").apply(se);
    x = new Multiply().name(name + "se_excite").apply(List.of(x, se));
    x = new Conv2D(filtersOut, 1).padding("same").useBias(false).kernelInitializer(convInitializer())
        .name(name + "project_conv").apply(x);
    x = new BatchNormalization().axis(3).name(name + "project_bn").apply(x);
    if (strides == 1 && filtersIn == filtersOut) {
      if (dropRate > 0) {
        x = new Dropout(dropRate).noiseShape(null, 1L, 1L, 1L).name(name + "drop").apply(x);
      }
      x = new Add().name(name + "add").apply(List.of(x, inputs));
    }
    return x;
  }

  private static VarianceScaling convInitializer() {
    return new VarianceScaling(2.0, VarianceScaling.Mode.FAN_OUT, VarianceScaling.Distribution.TRUNCATED_NORMAL, 0);
  }

  /** {@code keras.applications.efficientnet.preprocess_input}: a pass-through (the model rescales its inputs). */
  public static FloatNdArray preprocessInput(FloatNdArray images) {
    return images;
  }

  /** {@code keras.applications.efficientnet.decode_predictions}, with the class index Keras caches. */
  public static List<List<ImagenetUtils.Prediction>> decodePredictions(FloatNdArray predictions, int top) {
    return ImagenetUtils.decodePredictions(predictions, top);
  }

  /** As {@link #decodePredictions(FloatNdArray, int)} with the class index at {@code classIndex}. */
  public static List<List<ImagenetUtils.Prediction>> decodePredictions(FloatNdArray predictions, int top,
      Path classIndex) {
    return ImagenetUtils.decodePredictions(predictions, top, classIndex);
  }
}
