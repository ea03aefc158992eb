package dev.jkeras.data;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.jkeras.testing.KerasOracle;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * The file order, labels and splits of the directory datasets judged by Keras 3.15.1's own {@code
 * dataset_utils.index_directory} and {@code get_training_or_validation_split} (pure Python, so they run
 * in the numpy-backend oracle), on a tree with nested folders, upper-case extensions, a hidden folder,
 * files of other formats, a symbolic link to a folder and an empty class.
 */
class DirectoryIndexOracleTest {
  private static final List<String> FORMATS = DirectoryDatasets.IMAGE_FORMATS;
  @TempDir Path root;

  @BeforeEach
  void tree() throws IOException {
    for (String file : List.of("cat/b.png", "cat/a.JPG", "cat/z/deep.png", "cat/z-x/side.gif", "cat/notes.txt",
        "dog/10.png", "dog/2.png", "dog/1.bmp", "dog/sub/inner/x.jpeg", "dog/.hidden.png", "bird_2/ok.png",
        ".secret/s.png", "loose.png", "elsewhere/far.png", "elsewhere/far2.png")) {
      Path p = root.resolve(file);
      Files.createDirectories(p.getParent());
      Files.write(p, new byte[] {1});
    }
    Files.createDirectories(root.resolve("empty"));
    Files.createSymbolicLink(root.resolve("dog/linked"), root.resolve("elsewhere"));
  }

  private Map<String, String> keras(String args, String split) {
    String code = "import json\nfrom keras.src.utils import dataset_utils as d\n"
        + "p, l, c = d.index_directory(" + pyStr(root.toString()) + ", " + args + ", verbose=False)\n"
        + "print('@@paths=' + json.dumps(p))\n"
        + "print('@@labels=' + json.dumps(None if l is None else [int(x) for x in l]))\n"
        + "print('@@classes=' + json.dumps(c))\n"
        + (split == null ? "" : "tp, tl = d.get_training_or_validation_split(p, l, " + split + ", 'training')\n"
            + "vp, vl = d.get_training_or_validation_split(p, l, " + split + ", 'validation')\n"
            + "print('@@train=' + json.dumps(tp))\nprint('@@val=' + json.dumps(vp))\n");
    return KerasOracle.printedValues(code);
  }

  private static String pyStr(String s) {
    return "'" + s.replace("\\", "\\\\").replace("'", "\\'") + "'";
  }

  private static String json(List<String> items) {
    return items == null ? "null" : items.stream().map(s -> "\"" + s + "\"").collect(Collectors.joining(", ", "[", "]"));
  }

  private static String json(int[] labels) {
    return labels == null ? "null" : Arrays.stream(labels).mapToObj(String::valueOf)
        .collect(Collectors.joining(", ", "[", "]"));
  }

  @ParameterizedTest(name = "shuffle={0} seed={1} followLinks={2}")
  @CsvSource({"false, 0, false", "true, 1337, false", "true, 7, true", "true, 123456, false"})
  void inferredLabelsMatchKeras(boolean shuffle, long seed, boolean followLinks) {
    Map<String, String> k = keras("'inferred', formats=" + pyFormats() + ", shuffle=" + py(shuffle) + ", seed=" + seed
        + ", follow_links=" + py(followLinks), "0.3");
    DirectoryIndex index = DirectoryIndex.index(root, new DirectoryIndex.Inferred(null), FORMATS, shuffle, seed,
        followLinks, false);
    assertEquals(k.get("paths"), json(index.filePaths()));
    assertEquals(k.get("labels"), json(index.labels()));
    assertEquals(k.get("classes"), json(index.classNames()));
    DirectorySettings settings = DirectorySettings.defaults().withValidationSplit(0.3).withSeed(seed);
    DirectorySplit split = new DirectorySplit(index, seed);
    assertEquals(k.get("train"), json(split.part(settings, "training").filePaths()));
    assertEquals(k.get("val"), json(split.part(settings, "validation").filePaths()));
  }

  @Test
  void givenClassNamesKeepTheirOrder() {
    Map<String, String> k = keras("'inferred', formats=" + pyFormats() + ", class_names=['dog', 'cat'], seed=5", null);
    DirectoryIndex index = DirectoryIndex.index(root, new DirectoryIndex.Inferred(List.of("dog", "cat")), FORMATS,
        true, 5, false, false);
    assertEquals(k.get("paths"), json(index.filePaths()));
    assertEquals(k.get("labels"), json(index.labels()));
    assertEquals(k.get("classes"), json(index.classNames()));
  }

  @Test
  void noLabelsAndGivenLabelsIndexTheWholeTree() {
    Map<String, String> none = keras("None, formats=" + pyFormats() + ", shuffle=False", null);
    DirectoryIndex unlabelled = DirectoryIndex.index(root, new DirectoryIndex.NoLabels(), FORMATS, false, 0, false,
        false);
    assertEquals(none.get("paths"), json(unlabelled.filePaths()));
    assertEquals("null", json(unlabelled.labels()));
    int n = unlabelled.filePaths().size();
    int[] given = new int[n];
    for (int i = 0; i < n; i++) {
      given[i] = (i * 7) % 3 + 4;
    }
    Map<String, String> k = keras(json(given) + ", formats=" + pyFormats() + ", seed=99", null);
    DirectoryIndex index = DirectoryIndex.index(root, new DirectoryIndex.Given(given), FORMATS, true, 99, false, false);
    assertEquals(k.get("paths"), json(index.filePaths()));
    assertEquals(k.get("labels"), json(index.labels()));
    assertEquals(k.get("classes"), json(index.classNames()));
  }

  @Test
  void timeseriesStartPositionsShuffleAsNumpy() {
    Map<String, String> k = KerasOracle.printedValues("import numpy as np, json\n"
        + "s = np.arange(0, 97, 3, dtype='int32')\nnp.random.RandomState(4242).shuffle(s)\n"
        + "print('@@p=' + json.dumps([int(x) for x in s]))\n");
    int[] positions = TimeseriesDatasets.startPositions(TimeseriesOptions.defaults().sequenceStride(3).shuffle(true),
        null, 4, 0, 100, 4242);
    assertEquals(k.get("p"), json(positions));
  }

  private static String py(boolean b) {
    return b ? "True" : "False";
  }

  private static String pyFormats() {
    return FORMATS.stream().map(f -> "'" + f + "'").collect(Collectors.joining(", ", "(", ")"));
  }
}
