package dev.jkeras.data;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.tensorflow.ndarray.NdArray;

/** {@code Dataset.makeCsvDataset}: CSV files as batches of features by name and a label, on tf.data kernels. */
class CsvDatasetTest {
  @TempDir
  Path dir;

  private static final CsvDatasetOptions IN_ORDER = CsvDatasetOptions.defaults().shuffle(false).numEpochs(1);

  @SuppressWarnings("unchecked")
  private static List<Object> batches(Dataset dataset) {
    List<Object> out = new ArrayList<>();
    dataset.asNumpyIterator().forEachRemaining(out::add);
    return out;
  }

  private static List<Object> values(NdArray<?> array) {
    List<Object> out = new ArrayList<>();
    array.scalars().forEach(s -> out.add(s.getObject() instanceof byte[] b ? new String(b) : s.getObject()));
    return out;
  }

  @Test
  @SuppressWarnings("unchecked")
  void batchesFeaturesByNameAndTheLabel() throws IOException {
    Files.writeString(dir.resolve("a.csv"), "size,name,price\n1.5,x,10\n2.5,y,20\n\n3.5,z,30\n");
    Dataset dataset = Dataset.makeCsvDataset(dir.resolve("*.csv").toString(), 2,
        CsvOptions.defaults().labelName("price"), IN_ORDER);
    List<Object> batches = batches(dataset);
    assertEquals(2, batches.size(), "3 rows (the blank line skipped) in batches of 2");
    List<Object> first = (List<Object>) batches.get(0);
    Map<String, NdArray<?>> features = (Map<String, NdArray<?>>) first.get(0);
    assertEquals(java.util.Set.of("size", "name"), features.keySet());
    assertEquals(List.of(1.5f, 2.5f), values(features.get("size")));
    assertEquals(List.of("x", "y"), values(features.get("name")));
    assertEquals(List.of(10, 20), values((NdArray<?>) first.get(1)));
    List<Object> second = (List<Object>) batches.get(1);
    assertEquals(List.of(30), values((NdArray<?>) second.get(1)));
  }

  @Test
  @SuppressWarnings("unchecked")
  void selectedColumnsDefaultsAndSeveralFiles() throws IOException {
    Files.writeString(dir.resolve("p1.csv"), "a,b,c\n1,,7\n2,5,8\n");
    Files.writeString(dir.resolve("p2.csv"), "a,b,c\n3,6,9\n");
    CsvOptions csv = CsvOptions.defaults().selectColumns("a", "b").columnDefaults(0, -1f);
    List<Object> batches = batches(Dataset.makeCsvDataset(dir.resolve("p*.csv").toString(), 10, csv, IN_ORDER));
    Map<String, NdArray<?>> features = (Map<String, NdArray<?>>) batches.get(0);
    assertEquals(List.of(1, 2, 3), values(features.get("a")));
    assertEquals(List.of(-1f, 5f, 6f), values(features.get("b")), "the empty field takes its default");
  }

  @Test
  @SuppressWarnings("unchecked")
  void shuffledAndRepeatedKeepsEveryRowPerEpoch() throws IOException {
    StringBuilder text = new StringBuilder("v\n");
    for (int i = 0; i < 20; i++) {
      text.append(i).append('\n');
    }
    Files.writeString(dir.resolve("v.csv"), text);
    Dataset dataset = Dataset.makeCsvDataset(dir.resolve("v.csv").toString(), 5, CsvOptions.defaults(),
        CsvDatasetOptions.defaults().shuffleSeed(3).numEpochs(2));
    List<Object> all = new ArrayList<>();
    for (Object batch : batches(dataset)) {
      all.addAll(values(((Map<String, NdArray<?>>) batch).get("v")));
    }
    assertEquals(40, all.size());
    List<Object> sorted = new ArrayList<>(all);
    sorted.sort(null);
    List<Object> expected = new ArrayList<>();
    for (int i = 0; i < 20; i++) {
      expected.add(i);
      expected.add(i);
    }
    assertEquals(expected, sorted);
    assertTrue(!all.subList(0, 20).equals(sorted.subList(0, 20)), "shuffled");
    assertEquals(Dataset.INFINITE_CARDINALITY, Dataset.makeCsvDataset(dir.resolve("v.csv").toString(), 5,
        CsvOptions.defaults()).cardinality(), "TensorFlow's default repeats forever");
  }

  @Test
  void rowWithTheWrongNumberOfFieldsNamesFileAndLine() throws IOException {
    Files.writeString(dir.resolve("good.csv"), "a,b\n1,2\n");
    Path bad = dir.resolve("h.csv");
    Files.writeString(bad, "a,b\n1,2\n3,4\n5,6,7\n");
    var e = assertThrows(CsvFormatException.class,
        () -> Dataset.makeCsvDataset(dir.resolve("*.csv").toString(), 2, CsvOptions.defaults(), IN_ORDER));
    assertEquals(bad, e.file());
    assertEquals(4, e.line());
    assertTrue(e.getMessage().contains("line 4") && e.getMessage().contains("expected 2 fields, got 3"),
        e.getMessage());
    var none = assertThrows(IllegalArgumentException.class,
        () -> Dataset.makeCsvDataset(dir.resolve("none-*.csv").toString(), 2, CsvOptions.defaults()));
    assertTrue(none.getMessage().contains("No files matched pattern"), none.getMessage());
  }
}
