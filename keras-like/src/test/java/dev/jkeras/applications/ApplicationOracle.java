package dev.jkeras.applications;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.jkeras.layers.Dropout;
import dev.jkeras.layers.Layer;
import dev.jkeras.models.Model;
import dev.jkeras.saving.Json;
import dev.jkeras.testing.KerasOracle;
import dev.jkeras.testing.Npy;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import java.util.function.Function;
import org.tensorflow.ndarray.FloatNdArray;
import org.tensorflow.ndarray.NdArrays;
import org.tensorflow.ndarray.Shape;

/**
 * One launch of {@code oracle/applications.py} for every test of the package ({@link #shared()}): Keras builds
 * each case of every family's test (parameter counts, layer names and classes, output shape; for cases with
 * {@code predict}, weight files in both legacy and Keras 3 layouts, an input and its predictions), the results
 * kept in a temporary directory.
 */
final class ApplicationOracle {
  /** A case: an id ({@code <app>.<name>}), the Keras application, its keyword arguments, and a prediction batch (0: none). */
  record Case(String id, String app, Map<String, Object> kwargs, int batch) {
    /** The case's name, without its application. */
    String name() {
      return id.substring(app.length() + 1);
    }
  }

  /**
   * The cases of each family's test ({@link ApplicationFamilyOracleTest}): the default model; without top, with
   * average pooling; without top, with max pooling on small images; and a small model that predicts.
   */
  static final List<Case> CASES = List.of(
      family("EfficientNetB0", kwargs("input_shape", List.of(64, 64, 3)),
          kwargs("classes", 10, "input_shape", List.of(32, 32, 3), "classifier_activation", "linear")),
      family("MobileNetV2", kwargs("input_shape", List.of(96, 96, 3), "alpha", 0.35),
          kwargs("classes", 10, "input_shape", List.of(32, 32, 3), "classifier_activation", "linear")),
      family("ResNet50", kwargs("input_shape", List.of(64, 64, 3)),
          kwargs("classes", 10, "input_shape", List.of(32, 32, 3), "classifier_activation", "linear", "name", "tiny")),
      family("VGG16", kwargs("input_shape", List.of(64, 64, 3)),
          kwargs("classes", 10, "input_shape", List.of(32, 32, 3), "classifier_activation", "linear", "name", "tiny")),
      family("Xception", kwargs("input_shape", List.of(71, 71, 3)),
          kwargs("classes", 10, "input_shape", List.of(71, 71, 3), "classifier_activation", "linear")))
      .stream().flatMap(List::stream).toList();

  private static ApplicationOracle shared;

  final Path dir;
  private final Map<String, String> printed = new LinkedHashMap<>();

  private ApplicationOracle(Path dir) {
    this.dir = dir;
  }

  /** A family's four cases: {@code maxPooling} adds to the max-pooling case's options, {@code small} is the last's. */
  private static List<Case> family(String app, Map<String, Object> maxPooling, Map<String, Object> small) {
    Map<String, Object> noTopMax = kwargs("include_top", false, "pooling", "max");
    noTopMax.putAll(maxPooling);
    return List.of(new Case(app + ".default", app, kwargs(), 0),
        new Case(app + ".notop_avg", app, kwargs("include_top", false, "pooling", "avg"), 0),
        new Case(app + ".notop_max", app, noTopMax, 0),
        new Case(app + ".small", app, small, 2));
  }

  /** The one launch of Keras on {@link #CASES} (and the preprocess/decode inputs), made by its first user. */
  static synchronized ApplicationOracle shared() {
    if (shared == null) {
      shared = run(CASES);
    }
    return shared;
  }

  /** Runs Keras on the cases (plus the preprocess/decode inputs the helper writes), once. */
  private static ApplicationOracle run(List<Case> cases) {
    KerasOracle.assumeAvailable();
    try {
      Path dir = Files.createTempDirectory("jkeras-applications");
      dir.toFile().deleteOnExit();
      List<Map<String, Object>> spec = new ArrayList<>();
      for (Case c : cases) {
        Map<String, Object> entry = new LinkedHashMap<>();
        entry.put("id", c.id());
        entry.put("app", c.app());
        entry.put("kwargs", c.kwargs());
        if (c.batch() > 0) {
          entry.put("predict", Map.of("batch", c.batch(), "seed", Math.abs(c.name().hashCode() % 1000)));
        }
        spec.add(entry);
      }
      Files.writeString(dir.resolve("spec.json"), new com.google.gson.Gson().toJson(spec));
      writeInputs(dir);
      ApplicationOracle oracle = new ApplicationOracle(dir);
      KerasOracle.run(Duration.ofSeconds(900), "applications.py", dir.toString()).lines()
          .filter(l -> l.startsWith("@@") && l.contains("="))
          .forEach(l -> oracle.printed.put(l.substring(2, l.indexOf('=')), l.substring(l.indexOf('=') + 1)));
      return oracle;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** The jkeras options for a case's Keras keyword arguments (weights None unless given). */
  static Consumer<ApplicationOptions> options(Map<String, Object> kwargs) {
    return o -> {
      o.weights((String) null);
      kwargs.forEach((key, value) -> {
        switch (key) {
          case "include_top" -> o.includeTop((Boolean) value);
          case "pooling" -> o.pooling((String) value);
          case "classes" -> o.classes((Integer) value);
          case "classifier_activation" -> o.classifierActivation((String) value);
          case "name" -> o.name((String) value);
          case "alpha" -> { } // MobileNetV2's own argument, passed by its test
          case "input_shape" -> o.inputShape(((List<?>) value).stream()
              .mapToInt(d -> d == null ? -1 : (Integer) d).toArray());
          default -> throw new IllegalArgumentException("No option " + key);
        }
      });
    };
  }

  /** Keyword arguments, in order, from alternating keys and values. */
  static Map<String, Object> kwargs(Object... keysAndValues) {
    Map<String, Object> kwargs = new LinkedHashMap<>();
    for (int i = 0; i < keysAndValues.length; i += 2) {
      kwargs.put((String) keysAndValues[i], keysAndValues[i + 1]);
    }
    return kwargs;
  }

  /** Every case's structure equals Keras's. */
  void assertStructures(List<Case> cases, Function<Consumer<ApplicationOptions>, Model> app) {
    for (Case c : cases) {
      try (Model model = app.apply(options(c.kwargs()))) {
        assertStructure(c.id(), model);
      }
    }
  }

  String get(String key) {
    String value = printed.get(key);
    if (value == null) {
      throw new AssertionError("The oracle printed no " + key + "; it printed " + printed.keySet());
    }
    return value;
  }

  /** The model's summary counts, layers (after the input) and output shape equal Keras's for case {@code id}. */
  void assertStructure(String id, Model model) {
    List<String> lines = new ArrayList<>();
    model.summary(lines::add);
    assertEquals(Long.parseLong(get(id + ".total")), count(lines, " Total params: "), id + " total params");
    assertEquals(Long.parseLong(get(id + ".trainable")), count(lines, " Trainable params: "), id + " trainable");
    assertEquals(Long.parseLong(get(id + ".non_trainable")), count(lines, " Non-trainable params: "),
        id + " non-trainable");
    assertEquals(get(id + ".name"), model.name(), id + " model name");
    List<List<String>> expected = new ArrayList<>();
    for (Object pair : (List<?>) Json.parse("{\"l\":" + get(id + ".layers") + "}", id).get("l")) {
      List<?> entry = (List<?>) pair;
      expected.add(List.of(automatic(String.valueOf(entry.get(0))), String.valueOf(entry.get(1))));
    }
    List<List<String>> actual = new ArrayList<>();
    List<Layer> layers = model.layers();
    for (Layer layer : layers.subList(1, layers.size())) {
      actual.add(List.of(automatic(layer.name()), layer.getClass().getSimpleName()));
    }
    assertEquals(expected, actual, id + ": layer names, classes and order");
    List<?> shape = (List<?>) Json.parse("{\"s\":" + get(id + ".output_shape") + "}", id).get("s");
    assertEquals(shape.stream().map(d -> d == null ? "None" : String.valueOf(((Number) d).longValue())).toList(),
        java.util.Arrays.stream(model.outputShape().asArray()).mapToObj(d -> d < 0 ? "None" : Long.toString(d))
            .toList(), id + " output shape");
    assertDropouts(id, layers);
  }

  /** The Dropout layers' names, rates and noise shapes (EfficientNet's drop-connect drops whole samples) are Keras's. */
  private void assertDropouts(String id, List<Layer> layers) {
    List<?> expected = (List<?>) Json.parse("{\"d\":" + get(id + ".dropouts") + "}", id).get("d");
    List<Dropout> actual = layers.stream().filter(l -> l.getClass() == Dropout.class).map(l -> (Dropout) l).toList();
    assertEquals(expected.size(), actual.size(), id + ": Dropout layers");
    for (int i = 0; i < actual.size(); i++) {
      List<?> keras = (List<?>) expected.get(i);
      Dropout dropout = actual.get(i);
      assertEquals(keras.get(0), dropout.name(), id + ": Dropout layer " + i);
      assertEquals(((Number) keras.get(1)).doubleValue(), dropout.rate(), 1e-12, id + ": rate of " + dropout.name());
      List<Long> kerasShape = keras.get(2) == null ? null
          : ((List<?>) keras.get(2)).stream().map(d -> d == null ? null : ((Number) d).longValue()).toList();
      assertEquals(kerasShape, dropout.noiseShape() == null ? null : java.util.Arrays.asList(dropout.noiseShape()),
          id + ": noise_shape of " + dropout.name());
    }
  }

  /**
   * The model built with {@code weights=<case id>.keras2.h5} (the layout of the files Keras
   * distributes) is Keras's model and predicts what Keras predicted with those weights; so does it after loading other
   * weights ({@code .alt.weights.h5}, checked too) and then each of the case's other files (Keras
   * 3's legacy layout, {@code .weights.h5}).
   */
  void assertPredicts(String id, Function<Consumer<ApplicationOptions>, Model> app, Consumer<ApplicationOptions> options,
      double tolerance) {
    FloatNdArray x = (FloatNdArray) Npy.read(dir.resolve(id + ".x.npy"));
    FloatNdArray expected = (FloatNdArray) Npy.read(dir.resolve(id + ".y.npy"));
    FloatNdArray alternative = (FloatNdArray) Npy.read(dir.resolve(id + ".alt.y.npy"));
    try (Model model = app.apply(options.andThen(o -> o.weights(dir.resolve(id + ".keras2.h5").toString())))) {
      assertStructure(id, model);
      assertClose(expected, model.predict(x), tolerance, id + ".keras2.h5");
      for (String suffix : List.of(".h5", ".weights.h5")) {
        model.loadWeights(dir.resolve(id + ".alt.weights.h5"));
        assertClose(alternative, model.predict(x), tolerance, id + ".alt.weights.h5");
        model.loadWeights(dir.resolve(id + suffix));
        assertClose(expected, model.predict(x), tolerance, id + suffix);
      }
    }
  }

  private static void assertClose(FloatNdArray expected, FloatNdArray actual, double tolerance, String what) {
    assertEquals(expected.shape(), actual.shape(), what);
    double worst = 0;
    for (long i = 0; i < expected.shape().get(0); i++) {
      for (long j = 0; j < expected.shape().get(1); j++) {
        worst = Math.max(worst, Math.abs(expected.getFloat(i, j) - actual.getFloat(i, j)));
      }
    }
    assertTrue(worst <= tolerance, what + ": jkeras's predictions differ from Keras's by " + worst);
  }

  /** An automatic name without its number (Keras and jkeras number them per process: conv2d_3 → conv2d_#). */
  private static String automatic(String name) {
    return name.replaceAll("^(conv2d|batch_normalization|add|multiply|global_average_pooling2d|global_max_pooling2d"
        + "|rescaling|normalization|lambda)(_\\d+)?$", "$1_#");
  }

  private static long count(List<String> lines, String prefix) {
    for (String line : lines) {
      if (line.startsWith(prefix)) {
        String number = line.substring(prefix.length()).split(" ")[0].replace(",", "");
        return Long.parseLong(number);
      }
    }
    throw new AssertionError("No '" + prefix.trim() + "' line in the summary:\n" + String.join("\n", lines));
  }

  /**
   * The inputs of the preprocess and decode checks: images.npy (2, 8, 8, 3) and images_cf.npy
   * (2, 3, 8, 8) with values in 0..255, preds.npy (3, 1000) without ties, and a generated class
   * index class_index.json ("n%08d" ids, "class_%d" names).
   */
  static void writeInputs(Path dir) throws IOException {
    Npy.write(dir.resolve("images.npy"), uniform(1, 0, 255, 2, 8, 8, 3));
    Npy.write(dir.resolve("images_cf.npy"), uniform(2, 0, 255, 2, 3, 8, 8));
    Npy.write(dir.resolve("preds.npy"), uniform(3, 0, 1, 3, 1000));
    Files.writeString(dir.resolve("class_index.json"), classIndex());
  }

  /** A class index in Keras's format with made-up names. */
  static String classIndex() {
    Map<String, Object> index = new LinkedHashMap<>();
    for (int c = 0; c < 1000; c++) {
      index.put(Integer.toString(c), List.of(String.format("n%08d", c * 7 + 1), "class_" + c));
    }
    return Json.write(index);
  }

  /** A float array of {@code shape} filled from {@code seed}, uniform in [low, high). */
  static FloatNdArray uniform(long seed, float low, float high, long... shape) {
    FloatNdArray array = NdArrays.ofFloats(Shape.of(shape));
    java.util.Random random = new java.util.Random(seed);
    array.scalars().forEach(s -> s.setFloat(low + (high - low) * random.nextFloat()));
    return array;
  }
}
