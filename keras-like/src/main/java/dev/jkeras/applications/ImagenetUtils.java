package dev.jkeras.applications;

import dev.jkeras.saving.Json;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.tensorflow.ndarray.FloatNdArray;
import org.tensorflow.ndarray.NdArrays;
import org.tensorflow.ndarray.buffer.DataBuffers;

/**
 * {@code keras.applications.imagenet_utils}: the input conversions the ImageNet weights expect and
 * the decoding of a 1000-class prediction into ImageNet's class names.
 */
public final class ImagenetUtils {
  /** Keras's class index: ImageNet's WordNet ids and names, which Keras caches in {@code ~/.keras/models}. */
  static final Applications.CachedFile CLASS_INDEX = new Applications.CachedFile("imagenet_class_index.json",
      "https://storage.googleapis.com/download.tensorflow.org/data/imagenet_class_index.json",
      "c2c37ea517e94d9795004a39431a14cb");
  private static final int CLASSES = 1000;
  private static final long MAX_INDEX_BYTES = 16L << 20;
  private static final float[] CAFFE_MEAN = {103.939f, 116.779f, 123.68f};
  private static final float[] TORCH_MEAN = {0.485f, 0.456f, 0.406f};
  private static final float[] TORCH_STD = {0.229f, 0.224f, 0.225f};
  private static final Set<String> MODES = Set.of("caffe", "tf", "torch");

  private ImagenetUtils() {}

  /**
   * One guess of {@link #decodePredictions}: the class's WordNet id (e.g. {@code n01440764}), its
   * name ({@code tench}) and the predicted score.
   */
  public record Prediction(String className, String classDescription, float score) {}

  /** {@code preprocess_input(x, mode=mode)} for channels-last images. */
  public static FloatNdArray preprocessInput(FloatNdArray x, String mode) {
    return preprocessInput(x, mode, "channels_last");
  }

  /**
   * {@code keras.applications.imagenet_utils.preprocess_input}: a batch of images (rank 4) or one
   * image (rank 3) with RGB values in 0..255, converted as {@code mode} says:
   * <ul>
   *   <li>{@code "caffe"}: RGB to BGR, then each channel less ImageNet's mean, without scaling;
   *   <li>{@code "tf"}: scaled to -1..1;
   *   <li>{@code "torch"}: scaled to 0..1, then each channel normalized by ImageNet's mean and deviation.
   * </ul>
   * Unlike Keras on a NumPy array, the input is not overwritten: the result is a new array.
   */
  public static FloatNdArray preprocessInput(FloatNdArray x, String mode, String dataFormat) {
    if (mode == null || !MODES.contains(mode)) {
      throw new IllegalArgumentException("Expected mode to be one of `caffe`, `tf` or `torch`. Received: mode=" + mode);
    }
    if (!"channels_last".equals(dataFormat) && !"channels_first".equals(dataFormat)) {
      throw new IllegalArgumentException("Expected data_format to be one of `channels_first` or `channels_last`. "
          + "Received: data_format=" + dataFormat);
    }
    int rank = x.rank();
    if (rank != 3 && rank != 4) {
      throw new IllegalArgumentException("preprocess_input expects one image (rank 3) or a batch of images (rank 4); "
          + "Received an array of shape " + shape(x));
    }
    long[] dims = x.shape().asArray();
    int channelAxis = "channels_last".equals(dataFormat) ? rank - 1 : rank - 3;
    long channels = dims[channelAxis];
    if (!mode.equals("tf") && channels != 3) {
      throw new IllegalArgumentException("preprocess_input in mode '" + mode + "' expects 3 color channels (RGB) on "
          + "axis " + channelAxis + " (" + dataFormat + "); Received an array of shape " + shape(x));
    }
    long size = x.shape().size();
    if (size > Integer.MAX_VALUE - 8) {
      throw new IllegalArgumentException("preprocess_input takes at most " + (Integer.MAX_VALUE - 8) + " values at "
          + "once; Received an array of shape " + shape(x) + ": convert it in batches");
    }
    float[] values = new float[(int) size];
    x.copyTo(DataBuffers.of(values, false, false));
    float[] out = new float[values.length];
    long inner = 1;
    for (int axis = channelAxis + 1; axis < rank; axis++) {
      inner *= dims[axis];
    }
    for (int i = 0; i < values.length; i++) {
      int c = (int) ((i / inner) % channels);
      out[i] = switch (mode) {
        case "tf" -> values[i] / 127.5f - 1f;
        case "torch" -> (values[i] / 255f - TORCH_MEAN[c]) / TORCH_STD[c];
        default -> values[(int) (i + (2 - 2 * c) * inner)] - CAFFE_MEAN[c];
      };
    }
    FloatNdArray result = NdArrays.ofFloats(x.shape());
    result.copyFrom(DataBuffers.of(out, true, false));
    return result;
  }

  /** {@code decode_predictions(preds, top)} with the class index Keras caches in {@code ~/.keras/models}. */
  public static List<List<Prediction>> decodePredictions(FloatNdArray predictions, int top) {
    checkPredictions(predictions, top);
    return decodePredictions(predictions, top, Applications.cached(CLASS_INDEX));
  }

  /**
   * {@code keras.applications.imagenet_utils.decode_predictions}: for each sample of a
   * {@code (samples, 1000)} prediction, its {@code top} classes by score, best first, named by the
   * class index at {@code classIndex} (Keras's {@code imagenet_class_index.json}: {@code "0"} to
   * {@code "999"}, each {@code [wordnet id, name]}).
   */
  public static List<List<Prediction>> decodePredictions(FloatNdArray predictions, int top, Path classIndex) {
    checkPredictions(predictions, top);
    List<String[]> names = classIndex(classIndex);
    int samples = (int) predictions.shape().get(0);
    int k = Math.min(top, CLASSES);
    List<List<Prediction>> results = new ArrayList<>(samples);
    for (int s = 0; s < samples; s++) {
      float[] scores = new float[CLASSES];
      for (int c = 0; c < CLASSES; c++) {
        scores[c] = predictions.getFloat(s, c);
      }
      List<Integer> order = new ArrayList<>(CLASSES);
      for (int c = CLASSES - 1; c >= 0; c--) {
        order.add(c);
      }
      order.sort(Comparator.comparingDouble((Integer c) -> scores[c]).reversed());
      List<Prediction> result = new ArrayList<>(k);
      for (int j = 0; j < k; j++) {
        int c = order.get(j);
        result.add(new Prediction(names.get(c)[0], names.get(c)[1], scores[c]));
      }
      results.add(List.copyOf(result));
    }
    return List.copyOf(results);
  }

  private static void checkPredictions(FloatNdArray predictions, int top) {
    if (predictions.rank() != 2 || predictions.shape().get(1) != CLASSES) {
      throw new IllegalArgumentException("`decode_predictions` expects a batch of predictions (i.e. a 2D array of "
          + "shape (samples, 1000)). Received array with shape: " + shape(predictions));
    }
    if (top < 1) {
      throw new IllegalArgumentException("`top` should be at least 1 (how many top guesses to return). Received: "
          + "top=" + top);
    }
  }

  /** A shape as NumPy prints it: {@code (2, 10)}. */
  private static String shape(FloatNdArray x) {
    return Applications.tuple(java.util.Arrays.stream(x.shape().asArray()).mapToInt(d -> (int) d).toArray());
  }

  /** The class index's 1000 entries, checked. */
  private static List<String[]> classIndex(Path file) {
    String text;
    try {
      if (!Files.isRegularFile(file)) {
        throw new IllegalArgumentException("No ImageNet class index at " + file.toAbsolutePath() + " (Keras's "
            + "imagenet_class_index.json, from " + CLASS_INDEX.origin() + ")");
      }
      long bytes = Files.size(file);
      if (bytes > MAX_INDEX_BYTES) {
        throw new IllegalArgumentException(file + " is " + bytes + " bytes, more than the " + MAX_INDEX_BYTES
            + " an ImageNet class index is read up to; it is not read");
      }
      text = Files.readString(file, StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new IllegalArgumentException("Could not read the ImageNet class index " + file + ": " + e.getMessage(), e);
    }
    Map<String, Object> parsed = Json.parse(text, file.toString());
    List<String[]> names = new ArrayList<>(CLASSES);
    for (int c = 0; c < CLASSES; c++) {
      Object entry = parsed.get(Integer.toString(c));
      if (!(entry instanceof List<?> pair) || pair.size() != 2 || !(pair.get(0) instanceof String id)
          || !(pair.get(1) instanceof String name)) {
        throw new IllegalArgumentException(file + " is not an ImageNet class index: it should map \"0\" to \"999\" each "
            + "to [wordnet id, name], but \"" + c + "\" maps to " + entry);
      }
      names.add(new String[] {id, name});
    }
    return names;
  }
}
