package dev.jkeras.samples;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The tabular data of the seed 001/002 samples: the shipped Iris and diabetes tables, splits, scaling. */
class TabularDataTest {

  @Test
  void irisIsUcisTable() {
    TabularData iris = IrisData.load();
    assertEquals(150, iris.size());
    assertEquals(4, iris.featureCount());
    int[] perClass = new int[3];
    for (float y : iris.y()) {
      perClass[(int) y]++;
    }
    assertArrayEquals(new int[] {50, 50, 50}, perClass);
    assertArrayEquals(new float[] {5.1f, 3.5f, 1.4f, 0.2f}, iris.x()[0]);
    assertArrayEquals(new float[] {5.9f, 3.0f, 5.1f, 1.8f}, iris.x()[149]);
    // Fisher's well-known column means: 5.843, 3.054 (3.057 in the article's table), 3.759, 1.199.
    double[] means = new double[4];
    for (float[] row : iris.x()) {
      for (int j = 0; j < 4; j++) {
        means[j] += row[j] / 150.0;
      }
    }
    assertEquals(5.843, means[0], 1e-3);
    assertEquals(3.054, means[1], 1e-3);
    assertEquals(3.759, means[2], 1e-3);
    assertEquals(1.199, means[3], 1e-3);
  }

  @Test
  void trainTestSplitPartitionsTheRowsReproducibly() {
    TabularData iris = IrisData.load();
    List<TabularData> split = iris.trainTestSplit(0.25, 42);
    assertEquals(112, split.get(0).size());
    assertEquals(38, split.get(1).size());
    List<String> rows = new java.util.ArrayList<>();
    for (TabularData part : split) {
      for (int i = 0; i < part.size(); i++) {
        rows.add(Arrays.toString(part.x()[i]) + " " + part.y()[i]);
      }
    }
    List<String> original = new java.util.ArrayList<>();
    for (int i = 0; i < iris.size(); i++) {
      original.add(Arrays.toString(iris.x()[i]) + " " + iris.y()[i]);
    }
    java.util.Collections.sort(rows);
    java.util.Collections.sort(original);
    assertEquals(original, rows);
    assertArrayEquals(split.get(1).x()[0], iris.trainTestSplit(0.25, 42).get(1).x()[0]);
  }

  @Test
  void standardScalerCentersAndScalesOnTheTrainingRows() {
    HousingStandIn data = HousingStandIn.load();
    assertEquals(442, data.train().size() + data.valid().size() + data.test().size());
    assertEquals(111, data.test().size());
    assertEquals(10, data.train().featureCount());
    for (int j = 0; j < 10; j++) {
      double mean = 0;
      double square = 0;
      for (float[] row : data.train().x()) {
        mean += row[j] / data.train().size();
        square += row[j] * row[j] / data.train().size();
      }
      assertEquals(0, mean, 1e-5, "feature " + j);
      assertEquals(1, square - mean * mean, 1e-4, "feature " + j);
    }
    assertTrue(data.baselineTestMse() > 0.3 && data.baselineTestMse() < 1, "target in hundreds");
    assertThrows(IllegalStateException.class, () -> new StandardScaler().transform(data.train()));
    assertThrows(IllegalArgumentException.class, () -> data.train().columns(2, 11));
  }
}
