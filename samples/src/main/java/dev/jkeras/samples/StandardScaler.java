package dev.jkeras.samples;

/**
 * scikit-learn's {@code StandardScaler}: {@link #fit} learns each feature's mean and standard
 * deviation (population, as NumPy's {@code std}) on the training rows, {@link #transform} gives
 * {@code (x - mean) / std} for any rows.
 */
final class StandardScaler {
  private double[] mean;
  private double[] scale;

  StandardScaler fit(TabularData data) {
    int n = data.size();
    int f = data.featureCount();
    mean = new double[f];
    scale = new double[f];
    for (float[] row : data.x()) {
      for (int j = 0; j < f; j++) {
        mean[j] += row[j] / n;
      }
    }
    for (float[] row : data.x()) {
      for (int j = 0; j < f; j++) {
        scale[j] += (row[j] - mean[j]) * (row[j] - mean[j]) / n;
      }
    }
    for (int j = 0; j < f; j++) {
      scale[j] = scale[j] == 0 ? 1 : Math.sqrt(scale[j]);
    }
    return this;
  }

  TabularData transform(TabularData data) {
    if (mean == null) {
      throw new IllegalStateException("StandardScaler is not fitted yet: call fit on the training rows first");
    }
    if (data.featureCount() != mean.length) {
      throw new IllegalArgumentException("StandardScaler was fitted on " + mean.length + " features, got "
          + data.featureCount());
    }
    float[][] x = new float[data.size()][mean.length];
    for (int i = 0; i < x.length; i++) {
      for (int j = 0; j < mean.length; j++) {
        x[i][j] = (float) ((data.x()[i][j] - mean[j]) / scale[j]);
      }
    }
    return new TabularData(x, data.y().clone());
  }
}
