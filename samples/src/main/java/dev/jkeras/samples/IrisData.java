package dev.jkeras.samples;

import java.util.List;

/**
 * The Iris data set for seed 001's MLP: 150 flowers, 4 measurements (cm), 3 species, read from
 * the copy of UCI's table shipped with the samples ({@code datasets/iris}, CC BY 4.0).
 */
final class IrisData {
  static final String RESOURCE = "/datasets/iris/iris.data";
  static final List<String> CLASS_NAMES = List.of("Iris-setosa", "Iris-versicolor", "Iris-virginica");

  private IrisData() {}

  /** All 150 rows; {@code y} is the species' index in {@link #CLASS_NAMES}. */
  static TabularData load() {
    List<String> lines = TabularData.resourceLines(RESOURCE);
    float[][] x = new float[lines.size()][4];
    float[] y = new float[lines.size()];
    for (int i = 0; i < lines.size(); i++) {
      String[] cells = lines.get(i).split(",");
      if (cells.length != 5) {
        throw new IllegalStateException(RESOURCE + " line " + (i + 1) + ": expected 4 measurements and a species, got '"
            + lines.get(i) + "'");
      }
      for (int j = 0; j < 4; j++) {
        x[i][j] = Float.parseFloat(cells[j]);
      }
      int species = CLASS_NAMES.indexOf(cells[4]);
      if (species < 0) {
        throw new IllegalStateException(RESOURCE + " line " + (i + 1) + ": unknown species '" + cells[4] + "'");
      }
      y[i] = species;
    }
    return new TabularData(x, y);
  }
}
