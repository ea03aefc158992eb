package dev.jkeras.applications;

import dev.jkeras.KerasTensor;
import dev.jkeras.Shape;
import dev.jkeras.datasets.FileCache;
import dev.jkeras.datasets.GetFileOptions;
import dev.jkeras.layers.Dense;
import dev.jkeras.layers.GlobalAveragePooling2D;
import dev.jkeras.layers.GlobalMaxPooling2D;
import dev.jkeras.layers.Input;
import dev.jkeras.layers.InputLayer;
import dev.jkeras.layers.Node;
import dev.jkeras.models.Model;
import dev.jkeras.saving.Config;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Consumer;

/**
 * What every application shares, as Keras's {@code applications/imagenet_utils.py} and the prologue
 * and epilogue of each builder: the checks of {@code weights}, {@code classes} and the input shape,
 * the input, the pooling or classifier top, the model and its weights. Images are channels last.
 */
final class Applications {
  private static final System.Logger LOG = System.getLogger(Applications.class.getName());
  private static final Set<String> POOLINGS = Set.of("avg", "max");

  private Applications() {}

  /** A file Keras downloads into {@code ~/.keras/models}: its name, URL and md5 hash. */
  record CachedFile(String name, String origin, String md5) {}

  /** The options with the application's default name, then the caller's settings. */
  static ApplicationOptions options(String defaultName, Consumer<ApplicationOptions> configure) {
    ApplicationOptions options = new ApplicationOptions(defaultName);
    if (configure != null) {
      configure.accept(options);
    }
    return options;
  }

  /**
   * Keras's checks, made before any layer is built: {@code weights} is {@code null}, {@code
   * "imagenet"} or an existing file; {@code classes} is 1000 with ImageNet weights and the top; the
   * classifier's activation suits pretrained weights; and (stricter than Keras, which ignores other
   * values) {@code pooling} is {@code null}, {@code "avg"} or {@code "max"}.
   */
  static void checkArguments(ApplicationOptions options) {
    String weights = options.weights();
    if (!(weights == null || weights.equals("imagenet") || Files.exists(Path.of(weights)))) {
      throw new IllegalArgumentException("The `weights` argument should be either `None` (random initialization), "
          + "'imagenet' (pre-training on ImageNet), or the path to the weights file to be loaded.  Received: "
          + "weights=" + weights + " (no such file: " + Path.of(weights).toAbsolutePath() + ")");
    }
    if (isImagenet(options) && options.includeTop() && options.classes() != 1000) {
      throw new IllegalArgumentException("If using `weights='imagenet'` with `include_top=True`, `classes` should be "
          + "1000.  Received classes=" + options.classes());
    }
    if (options.classes() < 1) {
      throw new IllegalArgumentException("`classes` should be a positive number of classes. Received classes="
          + options.classes());
    }
    if (options.pooling() != null && !POOLINGS.contains(options.pooling())) {
      throw new IllegalArgumentException("`pooling` should be None, 'avg' or 'max'. Received: pooling='"
          + options.pooling() + "'");
    }
    if (options.includeTop()) {
      validateActivation(options);
    }
  }

  /**
   * The weights file to load: ImageNet's ({@code top} or {@code noTop}, from Keras's cache, as
   * Keras's {@code get_file} finds or downloads it), the given file, or null for none.
   */
  static Path weightsFile(ApplicationOptions options, CachedFile top, CachedFile noTop) {
    if (isImagenet(options)) {
      return cached(options.includeTop() ? top : noTop);
    }
    return options.weights() == null ? null : Path.of(options.weights());
  }

  static boolean isImagenet(ApplicationOptions options) {
    return "imagenet".equals(options.weights());
  }

  /**
   * Keras's {@code obtain_input_shape} for channels-last images: the default shape when none is
   * given (with a static size when the top needs one), else the given shape after its checks.
   */
  static int[] inputShape(ApplicationOptions options, int defaultSize, int minSize, boolean requireFlatten) {
    int[] given = options.inputShape();
    boolean imagenet = isImagenet(options);
    if (given != null) {
      for (int dim : given) {
        if (dim < -1) {
          throw new IllegalArgumentException("`input_shape` must hold sizes, or -1 for None; Received: input_shape="
              + tuple(given));
        }
      }
    }
    int[] defaultShape;
    if (!imagenet && given != null && given.length == 3) {
      if (given[2] != 1 && given[2] != 3) {
        LOG.log(System.Logger.Level.WARNING, "This model usually expects 1 or 3 input channels. However, it was passed "
            + "an input_shape with " + dim(given[2]) + " input channels.");
      }
      defaultShape = new int[] {defaultSize, defaultSize, given[2]};
    } else {
      defaultShape = new int[] {defaultSize, defaultSize, 3};
    }
    if (imagenet && requireFlatten) {
      if (given != null && !java.util.Arrays.equals(given, defaultShape)) {
        throw new IllegalArgumentException("When setting `include_top=True` and loading `imagenet` weights, "
            + "`input_shape` should be " + tuple(defaultShape) + ".  Received: input_shape=" + tuple(given));
      }
      return defaultShape;
    }
    int[] shape;
    if (given != null && given.length > 0) {
      if (given.length != 3) {
        throw new IllegalArgumentException("`input_shape` must be a tuple of three integers. Received: input_shape="
            + tuple(given));
      }
      if (given[2] != 3 && imagenet) {
        throw new IllegalArgumentException("The input must have 3 channels; Received `input_shape=" + tuple(given) + "`");
      }
      if ((given[0] != -1 && given[0] < minSize) || (given[1] != -1 && given[1] < minSize)) {
        throw new IllegalArgumentException("Input size must be at least " + minSize + "x" + minSize + "; Received: "
            + "input_shape=" + tuple(given));
      }
      if (given[2] == -1) {
        throw new IllegalArgumentException("The number of input channels must be known (the convolutions' kernels "
            + "depend on it); Received: input_shape=" + tuple(given));
      }
      shape = given;
    } else {
      shape = requireFlatten ? defaultShape : new int[] {-1, -1, 3};
    }
    if (requireFlatten && (shape[0] == -1 || shape[1] == -1 || shape[2] == -1)) {
      throw new IllegalArgumentException("If `include_top` is True, you should specify a static `input_shape`. "
          + "Received: input_shape=" + tuple(shape));
    }
    return shape;
  }

  /** The image input: a new {@code Input} of {@code shape}, or the caller's {@code inputTensor}. */
  static KerasTensor input(ApplicationOptions options, int[] shape) {
    KerasTensor tensor = options.inputTensor();
    if (tensor == null) {
      return Input.of(shape);
    }
    if (Node.of(tensor) == null) {
      throw new IllegalArgumentException("`input_tensor` should be a Keras tensor (an Input.of(...) or the output "
          + "of layers called on one). Received: input_tensor=" + tensor);
    }
    if (tensor.shape().rank() != 4) {
      throw new IllegalArgumentException("`input_tensor` should be a batch of images, of rank 4 (batch, height, width, "
          + "channels). Received: input_tensor of shape " + tensor.shape());
    }
    return tensor;
  }

  /** Keras's {@code validate_activation}: with pretrained weights the top is softmax or linear. */
  static void validateActivation(ApplicationOptions options) {
    String activation = options.classifierActivation();
    if (options.weights() != null && !(activation == null || activation.equals("softmax")
        || activation.equals("linear"))) {
      throw new IllegalArgumentException("Only `None` and `softmax` activations are allowed for the "
          + "`classifier_activation` argument when using pretrained weights, with `include_top=True`; Received: "
          + "classifier_activation=" + activation);
    }
  }

  /** The classifier: {@code Dense(classes, activation=classifier_activation, name="predictions")}. */
  static KerasTensor predictions(ApplicationOptions options, KerasTensor x) {
    return new Dense(options.classes(), options.classifierActivation()).name("predictions").apply(x);
  }

  /** The pooling of a model without its top; {@code names} null gives Keras's automatic names. */
  static KerasTensor pooling(ApplicationOptions options, KerasTensor x, String avgName, String maxName) {
    if ("avg".equals(options.pooling())) {
      GlobalAveragePooling2D pool = new GlobalAveragePooling2D();
      return (avgName == null ? pool : pool.name(avgName)).apply(x);
    }
    if ("max".equals(options.pooling())) {
      GlobalMaxPooling2D pool = new GlobalMaxPooling2D();
      return (maxName == null ? pool : pool.name(maxName)).apply(x);
    }
    return x;
  }

  /**
   * The model from the image input (or the sources of {@code inputTensor}) to {@code output}, named
   * as the options say, with the weights of {@code weightsFile} (null: none) loaded as Keras's
   * {@code model.load_weights} loads them (legacy HDF5 files layer by layer in order).
   */
  static Model model(ApplicationOptions options, KerasTensor input, KerasTensor output, Path weightsFile) {
    List<KerasTensor> inputs = options.inputTensor() == null ? List.of(input) : sourceInputs(options.inputTensor());
    Model model = new Model(inputs, List.of(output));
    try {
      model.applyBaseConfig(new Config("Functional", Map.of("name", options.name())));
      if (weightsFile != null) {
        model.loadWeights(weightsFile);
      }
      return model;
    } catch (RuntimeException e) {
      model.close();
      throw e;
    }
  }

  /** Keras's {@code get_file(name, origin, cache_subdir="models", file_hash=md5)}. */
  static Path cached(CachedFile file) {
    return FileCache.get(GetFileOptions.of(file.origin()).fname(file.name()).fileHash(file.md5())
        .cacheSubdir("models"));
  }

  /** Keras's {@code get_source_inputs}: the Inputs {@code tensor} is computed from, in order. */
  static List<KerasTensor> sourceInputs(KerasTensor tensor) {
    List<KerasTensor> sources = new ArrayList<>();
    Set<Node.Call> seen = Collections.newSetFromMap(new IdentityHashMap<>());
    collect(tensor, sources, seen);
    return sources;
  }

  private static void collect(KerasTensor tensor, List<KerasTensor> sources, Set<Node.Call> seen) {
    List<KerasTensor> pending = new ArrayList<>(List.of(tensor));
    while (!pending.isEmpty()) {
      KerasTensor next = pending.remove(pending.size() - 1);
      Node node = Node.of(next);
      if (node == null || !seen.add(node.call())) {
        continue;
      }
      if (node.call().layer() instanceof InputLayer) {
        sources.add(next);
      } else {
        List<KerasTensor> inputs = new ArrayList<>(node.call().inputs());
        Collections.reverse(inputs);
        pending.addAll(inputs);
      }
    }
  }

  /** A shape as Python prints a tuple, {@code None} for -1. */
  static String tuple(int[] shape) {
    if (shape == null) {
      return "None";
    }
    StringBuilder text = new StringBuilder("(");
    for (int i = 0; i < shape.length; i++) {
      text.append(i == 0 ? "" : ", ").append(dim(shape[i]));
    }
    return text.append(shape.length == 1 ? ",)" : ")").toString();
  }

  private static String dim(long size) {
    return size == Shape.UNKNOWN ? "None" : Long.toString(size);
  }

  /** Keras's {@code correct_pad}: the zero padding before a strided convolution of {@code kernel}. */
  static int[][] correctPad(KerasTensor inputs, int kernel) {
    long height = inputs.shape().get(1);
    long width = inputs.shape().get(2);
    int[] adjust = {height == Shape.UNKNOWN ? 1 : (int) (1 - height % 2),
        width == Shape.UNKNOWN ? 1 : (int) (1 - width % 2)};
    int correct = kernel / 2;
    return new int[][] {{correct - adjust[0], correct}, {correct - adjust[1], correct}};
  }
}
