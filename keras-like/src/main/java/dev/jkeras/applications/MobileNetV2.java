package dev.jkeras.applications;

import dev.jkeras.KerasTensor;
import dev.jkeras.layers.Add;
import dev.jkeras.layers.BatchNormalization;
import dev.jkeras.layers.Conv2D;
import dev.jkeras.layers.DepthwiseConv2D;
import dev.jkeras.layers.GlobalAveragePooling2D;
import dev.jkeras.layers.ReLU;
import dev.jkeras.layers.ZeroPadding2D;
import dev.jkeras.models.Model;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import java.util.function.Consumer;
import org.tensorflow.ndarray.FloatNdArray;

/**
 * MobileNetV2 ({@code keras.applications.MobileNetV2}; Sandler et al., "MobileNetV2: Inverted
 * Residuals and Linear Bottlenecks", 2018), built as Keras 3 builds it: inverted residual blocks
 * of a 1x1 expansion, a 3x3 depthwise convolution and a 1x1 linear projection, with ReLU6.
 *
 * <pre>{@code
 * Model model = MobileNetV2.of(0.35, o -> o.includeTop(false).weights(null).inputShape(96, 96, 3));
 * }</pre>
 *
 * <p>{@code alpha} is the width multiplier (1.0 by default; ImageNet weights exist for 0.35, 0.5,
 * 0.75, 1.0, 1.3 and 1.4, at sizes 96, 128, 160, 192 and 224). The model's default name is Keras's
 * {@code mobilenetv2_<alpha>_<rows>}. {@link #preprocessInput} scales images to -1..1 ({@code "tf"}).
 */
public final class MobileNetV2 {
  private static final String BASE = "https://storage.googleapis.com/tensorflow/keras-applications/mobilenet_v2/";
  private static final Set<Double> IMAGENET_ALPHAS = Set.of(0.35, 0.5, 0.75, 1.0, 1.3, 1.4);
  private static final Set<Integer> IMAGENET_SIZES = Set.of(96, 128, 160, 192, 224);
  private static final int[][] BLOCKS = {
      // filters, stride, expansion
      {16, 1, 1}, {24, 2, 6}, {24, 1, 6}, {32, 2, 6}, {32, 1, 6}, {32, 1, 6}, {64, 2, 6}, {64, 1, 6}, {64, 1, 6},
      {64, 1, 6}, {96, 1, 6}, {96, 1, 6}, {96, 1, 6}, {160, 2, 6}, {160, 1, 6}, {160, 1, 6}, {320, 1, 6}};
  private static final System.Logger LOG = System.getLogger(MobileNetV2.class.getName());

  private MobileNetV2() {}

  /** MobileNetV2 with Keras's defaults (alpha 1.0, ImageNet weights from {@code ~/.keras/models}). */
  public static Model of() {
    return of(1.0, null);
  }

  /** MobileNetV2 of width 1.0 with options. */
  public static Model of(Consumer<ApplicationOptions> configure) {
    return of(1.0, configure);
  }

  /** MobileNetV2 of width multiplier {@code alpha} with options. */
  public static Model of(double alpha, Consumer<ApplicationOptions> configure) {
    ApplicationOptions options = Applications.options(null, configure);
    if (!(alpha > 0) || Double.isInfinite(alpha)) {
      throw new IllegalArgumentException("`alpha` (the width multiplier) should be a positive number; Received "
          + "`alpha=" + alpha + "`");
    }
    Applications.checkArguments(options);
    int defaultSize = 224;
    int[] given = options.inputShape();
    if (given == null && options.inputTensor() != null) {
      long rows = options.inputTensor().shape().rank() == 4 ? options.inputTensor().shape().get(1) : -1;
      long cols = options.inputTensor().shape().rank() == 4 ? options.inputTensor().shape().get(2) : -1;
      defaultSize = rows == cols && IMAGENET_SIZES.contains((int) rows) ? (int) rows : 224;
    } else if (given != null && given.length >= 2) {
      defaultSize = given[0] == given[1] && IMAGENET_SIZES.contains(given[0]) ? given[0] : 224;
    }
    int[] shape = Applications.inputShape(options, defaultSize, 32, options.includeTop());
    int rows = shape[0];
    if (Applications.isImagenet(options)) {
      if (!IMAGENET_ALPHAS.contains(alpha)) {
        throw new IllegalArgumentException("If imagenet weights are being loaded, alpha must be one of `0.35`, `0.50`, "
            + "`0.75`, `1.0`, `1.3` or `1.4` only; Received `alpha=" + alpha + "`");
      }
      if (shape[0] != shape[1] || !IMAGENET_SIZES.contains(shape[0])) {
        rows = 224;
        LOG.log(System.Logger.Level.WARNING, "`input_shape` is undefined or non-square, or `rows` is not in "
            + "[96, 128, 160, 192, 224]. Weights for input shape (224, 224) will be loaded as the default.");
      }
    }
    String size = rows == -1 ? "None" : Integer.toString(rows);
    if (options.name() == null) {
      options.name(String.format(java.util.Locale.ROOT, "mobilenetv2_%.2f_%s", alpha, size));
    }
    String file = options.includeTop()
        ? "mobilenet_v2_weights_tf_dim_ordering_tf_kernels_" + alpha + "_" + size + ".h5"
        : "mobilenet_v2_weights_tf_dim_ordering_tf_kernels_" + alpha + "_" + size + "_no_top.h5";
    Applications.CachedFile cached = new Applications.CachedFile(file, BASE + file, null);
    Path weights = Applications.weightsFile(options, cached, cached);
    KerasTensor input = Applications.input(options, shape);
    KerasTensor x = new Conv2D(divisible(32 * alpha, 8), 3).strides(2, 2).padding("same").useBias(false).name("Conv1")
        .apply(input);
    x = batchNormalization("bn_Conv1").apply(x);
    x = relu6("Conv1_relu").apply(x);
    for (int b = 0; b < BLOCKS.length; b++) {
      x = block(x, BLOCKS[b][2], BLOCKS[b][1], alpha, BLOCKS[b][0], b);
    }
    int last = alpha > 1.0 ? divisible(1280 * alpha, 8) : 1280;
    x = new Conv2D(last, 1).useBias(false).name("Conv_1").apply(x);
    x = batchNormalization("Conv_1_bn").apply(x);
    x = relu6("out_relu").apply(x);
    if (options.includeTop()) {
      x = new GlobalAveragePooling2D().apply(x);
      x = Applications.predictions(options, x);
    } else {
      x = Applications.pooling(options, x, null, null);
    }
    return Applications.model(options, input, x, weights);
  }

  /** Keras's {@code _inverted_res_block}. */
  private static KerasTensor block(KerasTensor inputs, int expansion, int stride, double alpha, int filters, int id) {
    int inChannels = (int) inputs.shape().get(3);
    int pointwise = divisible((int) (filters * alpha), 8);
    KerasTensor x = inputs;
    String prefix = "block_" + id + "_";
    if (id != 0) {
      x = new Conv2D(expansion * inChannels, 1).padding("same").useBias(false).name(prefix + "expand").apply(x);
      x = batchNormalization(prefix + "expand_BN").apply(x);
      x = relu6(prefix + "expand_relu").apply(x);
    } else {
      prefix = "expanded_conv_";
    }
    if (stride == 2) {
      x = new ZeroPadding2D(Applications.correctPad(x, 3)).name(prefix + "pad").apply(x);
    }
    x = new DepthwiseConv2D(3).strides(stride).useBias(false).padding(stride == 1 ? "same" : "valid")
        .name(prefix + "depthwise").apply(x);
    x = batchNormalization(prefix + "depthwise_BN").apply(x);
    x = relu6(prefix + "depthwise_relu").apply(x);
    x = new Conv2D(pointwise, 1).padding("same").useBias(false).name(prefix + "project").apply(x);
    x = batchNormalization(prefix + "project_BN").apply(x);
    if (inChannels == pointwise && stride == 1) {
      return new Add().name(prefix + "add").apply(List.of(inputs, x));
    }
    return x;
  }

  /** Keras's {@code _make_divisible}: {@code v} rounded to a multiple of {@code divisor}, not below 90% of it. */
  static int divisible(double v, int divisor) {
    int value = Math.max(divisor, (int) (v + divisor / 2.0) / divisor * divisor);
    return value < 0.9 * v ? value + divisor : value;
  }

  private static BatchNormalization batchNormalization(String name) {
    return new BatchNormalization().axis(-1).epsilon(1e-3).momentum(0.999).name(name);
  }

  private static ReLU relu6(String name) {
    return new ReLU().maxValue(6.0).name(name);
  }

  /** {@code keras.applications.mobilenet_v2.preprocess_input}: images scaled to -1..1 ("tf"). */
  public static FloatNdArray preprocessInput(FloatNdArray images) {
    return ImagenetUtils.preprocessInput(images, "tf");
  }

  /** {@code keras.applications.mobilenet_v2.decode_predictions}, with the class index Keras caches. */
  public static List<List<ImagenetUtils.Prediction>> decodePredictions(FloatNdArray predictions, int top) {
    return ImagenetUtils.decodePredictions(predictions, top);
  }

  /** As {@link #decodePredictions(FloatNdArray, int)} with the class index at {@code classIndex}. */
  public static List<List<ImagenetUtils.Prediction>> decodePredictions(FloatNdArray predictions, int top,
      Path classIndex) {
    return ImagenetUtils.decodePredictions(predictions, top, classIndex);
  }
}
