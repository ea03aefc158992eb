package dev.jkeras.data;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.jkeras.DType;
import dev.jkeras.DamagedImageException;
import dev.jkeras.layers.Dense;
import dev.jkeras.layers.Flatten;
import dev.jkeras.layers.InputLayer;
import dev.jkeras.models.Model;
import dev.jkeras.models.Sequential;
import dev.jkeras.utils.Utils;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.function.Supplier;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.tensorflow.ndarray.NdArray;
import org.tensorflow.ndarray.Shape;

/**
 * {@code imageDatasetFromDirectory} and {@code textDatasetFromDirectory}: images decoded and resized by
 * TensorFlow's kernels with their labels, the label and color modes, splits, Keras's printed lines, and
 * hostile directories (missing, empty, a file that is not an image, a symbolic link loop, empty classes).
 * Expectations as Keras 3.15.1's {@code image_dataset_utils_test.py} / {@code text_dataset_utils_test.py}
 * state them (shapes, dtypes, counts, class names).
 */
class DirectoryDatasetsTest {
  @TempDir Path dir;

  /** A 10x10 gray PNG of value {@code 20 * (class + 1)} in each class folder, {@code perClass} of them. */
  private Path images(int classes, int perClass) throws IOException {
    Path root = dir.resolve("images");
    for (int c = 0; c < classes; c++) {
      Path folder = Files.createDirectories(root.resolve("class_" + c));
      for (int i = 0; i < perClass; i++) {
        writePng(folder.resolve("img_" + i + ".png"), 10, 10, 20 * (c + 1));
      }
    }
    return root;
  }

  private static void writePng(Path file, int width, int height, int value) throws IOException {
    BufferedImage image = new BufferedImage(width, height, BufferedImage.TYPE_INT_RGB);
    for (int y = 0; y < height; y++) {
      for (int x = 0; x < width; x++) {
        image.setRGB(x, y, value << 16 | value << 8 | value);
      }
    }
    ImageIO.write(image, "png", file.toFile());
  }

  private static String printed(Runnable body) {
    PrintStream old = System.out;
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    System.setOut(new PrintStream(bytes, true, StandardCharsets.UTF_8));
    try {
      body.run();
    } finally {
      System.setOut(old);
    }
    return bytes.toString(StandardCharsets.UTF_8);
  }

  private static <T> T quietly(Supplier<T> body) {
    List<T> out = new ArrayList<>();
    printed(() -> out.add(body.get()));
    return out.get(0);
  }

  @Test
  void imagesComeDecodedAndResizedWithTheirLabels() throws IOException {
    Path root = images(3, 4);
    List<Dataset> made = new ArrayList<>();
    String out = printed(() -> made.add(Utils.imageDatasetFromDirectory(root, o -> o.imageSize(6, 8).batchSize(5)
        .seed(1))));
    assertEquals("Found 12 files belonging to 3 classes.", out.strip());
    Dataset ds = made.get(0);
    assertEquals(List.of("class_0", "class_1", "class_2"), ds.classNames());
    assertEquals(12, ds.filePaths().size());
    List<List<NdArray<?>>> batches = ds.toList();
    assertEquals(3, batches.size());
    assertEquals(Shape.of(5, 6, 8, 3), batches.get(0).get(0).shape());
    assertEquals(DType.FLOAT32, DType.of(batches.get(0).get(0)));
    assertEquals(DType.INT32, DType.of(batches.get(0).get(1)));
    assertEquals(Shape.of(2, 6, 8, 3), batches.get(2).get(0).shape());
    int[] perClass = new int[3];
    for (List<NdArray<?>> batch : batches) {
      NdArray<?> x = batch.get(0);
      NdArray<?> y = batch.get(1);
      for (int i = 0; i < y.shape().get(0); i++) {
        int label = ((Number) y.getObject(i)).intValue();
        perClass[label]++;
        assertEquals(20f * (label + 1), ((Number) x.getObject(i, 3, 4, 1)).floatValue(), 1e-3,
            "image " + i + " carries the pixels of its class folder");
      }
    }
    assertEquals(List.of(4, 4, 4), List.of(perClass[0], perClass[1], perClass[2]));
    assertEquals("(TensorSpec(shape=(None, 6, 8, 3), dtype=float32), TensorSpec(shape=(None,), dtype=int32))",
        ds.elementSpec().toString());
  }

  @Test
  void labelAndColorModes() throws IOException {
    Path root = images(2, 3);
    List<NdArray<?>> categorical = quietly(() -> Utils.imageDatasetFromDirectory(root, o -> o.imageSize(4, 4)
        .labelMode("categorical").colorMode("grayscale").seed(3))).toList().get(0);
    assertEquals(Shape.of(6, 4, 4, 1), categorical.get(0).shape());
    assertEquals(Shape.of(6, 2), categorical.get(1).shape());
    assertEquals(DType.FLOAT32, DType.of(categorical.get(1)));
    List<NdArray<?>> binary = quietly(() -> Utils.imageDatasetFromDirectory(root, o -> o.imageSize(4, 4)
        .labelMode("binary").colorMode("rgba").seed(3))).toList().get(0);
    assertEquals(Shape.of(6, 4, 4, 4), binary.get(0).shape());
    assertEquals(Shape.of(6, 1), binary.get(1).shape());
    List<List<NdArray<?>>> unlabelled = quietly(() -> Utils.imageDatasetFromDirectory(root, o -> o.imageSize(4, 4)
        .labelMode(null).batchSize(null).shuffle(false))).toList();
    assertEquals(6, unlabelled.size());
    assertEquals(1, unlabelled.get(0).size());
    assertEquals(Shape.of(4, 4, 3), unlabelled.get(0).get(0).shape());
    Path threeClasses = images(3, 1);
    IllegalArgumentException three = assertThrows(IllegalArgumentException.class, () -> quietly(() ->
        Utils.imageDatasetFromDirectory(threeClasses, o -> o.labelMode("binary"))));
    assertTrue(three.getMessage().contains("there must be exactly 2 class_names"), three.getMessage());
  }

  @Test
  void bothSubsetsSplitTheFilesWithoutOverlap() throws IOException {
    Path root = images(2, 5);
    List<DatasetPair> made = new ArrayList<>();
    String out = printed(() -> made.add(Utils.imageDatasetsFromDirectory(root, o -> o.imageSize(4, 4)
        .validationSplit(0.2).subset("both").seed(1337))));
    assertEquals(List.of("Found 10 files belonging to 2 classes.", "Using 8 files for training.",
        "Using 2 files for validation."), out.strip().lines().toList());
    DatasetPair pair = made.get(0);
    assertEquals(8, pair.training().filePaths().size());
    assertEquals(2, pair.validation().filePaths().size());
    Set<String> all = new HashSet<>(pair.training().filePaths());
    all.addAll(pair.validation().filePaths());
    assertEquals(10, all.size());
    assertEquals(List.of("class_0", "class_1"), pair.validation().classNames());
    assertEquals(8, pair.training().toList().get(0).get(0).shape().get(0));
    Dataset validationOnly = quietly(() -> Utils.imageDatasetFromDirectory(root, o -> o.imageSize(4, 4)
        .validationSplit(0.2).subset("validation").seed(1337)));
    assertEquals(pair.validation().filePaths(), validationOnly.filePaths());
  }

  @Test
  void keepsKerassChecksOfTheSplitArguments() throws IOException {
    Path root = images(2, 2);
    assertEquals("If using `validation_split` and shuffling the data, you must provide a `seed` argument, to make "
        + "sure that there is no overlap between the training and validation subset.",
        assertThrows(IllegalArgumentException.class, () -> Utils.imageDatasetFromDirectory(root,
            o -> o.validationSplit(0.2).subset("training"))).getMessage());
    assertEquals("If `subset` is set, `validation_split` must be set, and inversely.",
        assertThrows(IllegalArgumentException.class, () -> Utils.imageDatasetFromDirectory(root,
            o -> o.subset("training").seed(1))).getMessage());
    assertTrue(assertThrows(IllegalArgumentException.class, () -> Utils.imageDatasetFromDirectory(root,
        o -> o.validationSplit(2).subset("training").seed(1))).getMessage()
        .startsWith("`validation_split` must be between 0 and 1"));
    assertTrue(assertThrows(IllegalArgumentException.class, () -> Utils.imageDatasetFromDirectory(root,
        o -> o.validationSplit(0.2).subset("other").seed(1))).getMessage().startsWith("`subset` must be either"));
    assertTrue(assertThrows(IllegalArgumentException.class, () -> Utils.imageDatasetFromDirectory(root,
        o -> o.validationSplit(0.2).subset("both").seed(1))).getMessage().contains("imageDatasetsFromDirectory"));
    assertTrue(assertThrows(IllegalArgumentException.class, () -> Utils.imageDatasetFromDirectory(root,
        o -> o.classNames("class_1", "nope"))).getMessage().contains("did not match the names of the subdirectories"));
    assertTrue(assertThrows(IllegalArgumentException.class, () -> ImageDatasetOptions.defaults().colorMode("cmyk"))
        .getMessage().startsWith("`color_mode` must be one of"));
    assertTrue(assertThrows(IllegalArgumentException.class, () -> ImageDatasetOptions.defaults().labelMode("sparse"))
        .getMessage().startsWith("`label_mode` argument must be one of"));
  }

  @Test
  void givenClassNamesOrderTheLabels() throws IOException {
    Path root = images(3, 2);
    Dataset ds = quietly(() -> Utils.imageDatasetFromDirectory(root, o -> o.imageSize(2, 2)
        .classNames("class_2", "class_0").shuffle(false)));
    assertEquals(List.of("class_2", "class_0"), ds.classNames());
    NdArray<?> labels = ds.toList().get(0).get(1);
    assertEquals(Shape.of(4), labels.shape());
    assertEquals(0, ((Number) labels.getObject(0)).intValue());
    assertEquals(1, ((Number) labels.getObject(3)).intValue());
    assertTrue(ds.filePaths().get(0).contains("class_2"));
  }

  @Test
  void imagesOfOtherSizesAreResizedOrCropped() throws IOException {
    Path root = dir.resolve("sizes");
    Files.createDirectories(root.resolve("a"));
    writePng(root.resolve("a/wide.png"), 40, 10, 100);
    writePng(root.resolve("a/tall.png"), 5, 30, 200);
    for (String mode : List.of("crop", "pad", "stretch")) {
      List<NdArray<?>> batch = quietly(() -> Utils.imageDatasetFromDirectory(root, o -> o.imageSize(8, 8)
          .cropToAspectRatio(mode.equals("crop")).padToAspectRatio(mode.equals("pad")).interpolation("nearest")
          .shuffle(false))).toList().get(0);
      assertEquals(Shape.of(2, 8, 8, 3), batch.get(0).shape(), mode);
      assertEquals(DType.FLOAT32, DType.of(batch.get(0)), mode);
      float corner = ((Number) batch.get(0).getObject(0, 0, 0, 0)).floatValue();
      assertEquals(mode.equals("pad") ? 0f : 200f, corner, 1e-3, mode + ": the padding is zeros");
    }
  }

  @Test
  void aFileThatIsNotAnImageIsNamed() throws IOException {
    Path root = images(2, 2);
    Path fake = root.resolve("class_1/broken.jpg");
    Files.writeString(fake, "this is not a JPEG");
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> quietly(() ->
        Utils.imageDatasetFromDirectory(root, o -> o.seed(1))));
    assertTrue(e.getMessage().contains(fake.toString()), e.getMessage());
    assertTrue(e.getMessage().contains("not a BMP, GIF, JPEG or PNG image"), e.getMessage());
  }

  /** A PNG whose header is intact but whose body is damaged fails naming the file, in Java iteration and in fit. */
  @Test
  void anImageWithADamagedBodyIsNamed() throws IOException {
    Path root = images(2, 3);
    Path damaged = root.resolve("class_0/img_1.png");
    byte[] bytes = Files.readAllBytes(damaged);
    for (int i = 40; i < bytes.length - 12; i++) {
      bytes[i] = (byte) 0x5A;
    }
    Files.write(damaged, bytes);
    Dataset images = quietly(() -> Utils.imageDatasetFromDirectory(root, o -> o.seed(1).imageSize(4, 4)
        .batchSize(2)));
    DamagedImageException e = assertThrows(DamagedImageException.class, () -> images.toList());
    assertEquals(damaged, e.file());
    assertTrue(e.getMessage().contains(damaged.toString()) && e.getMessage().contains("PNG"), e.getMessage());
    try (Model model = new Sequential(new InputLayer(4, 4, 3), new Flatten(), new Dense(2, "softmax"))) {
      model.compile("sgd", "sparse_categorical_crossentropy");
      e = assertThrows(DamagedImageException.class, () -> model.fit(images.map((x, y) -> List.of(x, y)),
          f -> f.epochs(1).verbose(0)));
      assertEquals(damaged, e.file(), "named through a later map as well");
    }
  }

  @Test
  void missingAndEmptyDirectoriesFailClearly() throws IOException {
    Path missing = dir.resolve("nowhere");
    IllegalArgumentException gone = assertThrows(IllegalArgumentException.class,
        () -> Utils.imageDatasetFromDirectory(missing));
    assertTrue(gone.getMessage().contains(missing.toString()) && gone.getMessage().contains("does not exist"),
        gone.getMessage());
    Path empty = Files.createDirectories(dir.resolve("empty/a"));
    Files.writeString(empty.resolve("readme.md"), "no images here");
    IllegalArgumentException none = assertThrows(IllegalArgumentException.class,
        () -> quietly(() -> Utils.imageDatasetFromDirectory(dir.resolve("empty"))));
    assertEquals("No images found in directory " + dir.resolve("empty") + ". Allowed formats: ('.bmp', '.gif', "
        + "'.jpeg', '.jpg', '.png')", none.getMessage());
  }

  @Test
  void emptyClassFoldersStillCountAsClasses() throws IOException {
    Path root = images(2, 2);
    Files.createDirectories(root.resolve("class_9_empty"));
    List<Dataset> made = new ArrayList<>();
    String out = printed(() -> made.add(Utils.imageDatasetFromDirectory(root, o -> o.imageSize(2, 2).seed(2)
        .labelMode("categorical"))));
    assertEquals("Found 4 files belonging to 3 classes.", out.strip());
    assertEquals(Shape.of(4, 3), made.get(0).toList().get(0).get(1).shape());
  }

  @Test
  void aSymbolicLinkLoopIsWalkedOnce() throws IOException {
    Path root = images(1, 2);
    Files.createSymbolicLink(root.resolve("class_0/loop"), root.resolve("class_0"));
    List<Dataset> made = new ArrayList<>();
    String out = printed(() -> made.add(Utils.imageDatasetFromDirectory(root, o -> o.imageSize(2, 2).seed(2)
        .followLinks(true))));
    assertTrue(out.contains("symbolic link loop") && out.contains("loop"), out);
    assertTrue(out.contains("Found 2 files belonging to 1 classes."), out);
    assertEquals(2, made.get(0).filePaths().size());
  }

  @Test
  void textsAreReadWholeOrCutToMaxLength() throws IOException {
    Path root = dir.resolve("texts");
    Files.createDirectories(root.resolve("neg"));
    Files.createDirectories(root.resolve("pos"));
    Files.writeString(root.resolve("neg/a.txt"), "bad movie, really bad");
    Files.writeString(root.resolve("pos/b.txt"), "great film");
    Files.writeString(root.resolve("pos/c.TXT"), "loved it");
    Files.writeString(root.resolve("pos/ignored.md"), "not a .txt file");
    List<Dataset> made = new ArrayList<>();
    String out = printed(() -> made.add(Utils.textDatasetFromDirectory(root, o -> o.shuffle(false))));
    assertEquals("Found 3 files belonging to 2 classes.", out.strip());
    List<NdArray<?>> batch = made.get(0).toList().get(0);
    assertEquals(DType.STRING, DType.of(batch.get(0)));
    assertEquals(List.of("bad movie, really bad", "great film", "loved it"), strings(batch.get(0)));
    assertEquals(List.of(0, 1, 1), ints(batch.get(1)));
    List<NdArray<?>> cut = quietly(() -> Utils.textDatasetFromDirectory(root, o -> o.shuffle(false).maxLength(5)
        .batchSize(null).labelMode(null))).toList().get(0);
    assertEquals(List.of("bad m"), strings(cut.get(0)));
    DatasetPair pair = quietly(() -> Utils.textDatasetsFromDirectory(root, o -> o.validationSplit(0.34)
        .subset("both").seed(9)));
    assertEquals(2, pair.training().filePaths().size());
    assertEquals(1, pair.validation().filePaths().size());
    Path imagesOnly = images(1, 1);
    IllegalArgumentException none = assertThrows(IllegalArgumentException.class, () -> quietly(() ->
        Utils.textDatasetFromDirectory(imagesOnly, o -> o)));
    assertTrue(none.getMessage().startsWith("No text files found in directory"), none.getMessage());
  }

  private static List<String> strings(NdArray<?> a) {
    List<String> out = new ArrayList<>();
    a.scalars().forEach(s -> out.add(String.valueOf(s.getObject())));
    return out;
  }

  private static List<Integer> ints(NdArray<?> a) {
    List<Integer> out = new ArrayList<>();
    a.scalars().forEach(s -> out.add(((Number) s.getObject()).intValue()));
    return out;
  }
}
