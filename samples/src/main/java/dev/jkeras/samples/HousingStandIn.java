package dev.jkeras.samples;

import java.util.List;

/**
 * The regression data of seed 002's MLPs. The book uses California housing, which is not available
 * offline; scikit-learn's diabetes table (442 patients, 10 features, shipped with the samples,
 * BSD-3) stands in. The target (disease progression, 25 to 346) is expressed in hundreds, so its
 * scale is that of the book's target (house values in $100,000, 0.15 to 5) and the book's SGD
 * settings behave as they do there. Split and scaled as the seed does: {@code train_test_split}
 * twice (25% test, then 25% of the rest for validation) and a {@link StandardScaler} fitted on
 * the training rows.
 */
record HousingStandIn(TabularData train, TabularData valid, TabularData test, String description) {
  static final String DESCRIPTION = "scikit-learn's diabetes data (442 rows, 10 features, target / 100) standing in"
      + " for California housing, which is not available offline";
  private static final long RANDOM_STATE = 42;

  static HousingStandIn load() {
    List<String> features = TabularData.resourceLines("/datasets/diabetes/diabetes_data_raw.csv.gz");
    List<String> targets = TabularData.resourceLines("/datasets/diabetes/diabetes_target.csv.gz");
    float[][] x = new float[features.size()][];
    float[] y = new float[targets.size()];
    for (int i = 0; i < x.length; i++) {
      String[] cells = features.get(i).split("\\s+");
      x[i] = new float[cells.length];
      for (int j = 0; j < cells.length; j++) {
        x[i][j] = Float.parseFloat(cells[j]);
      }
      y[i] = Float.parseFloat(targets.get(i)) / 100f;
    }
    TabularData all = new TabularData(x, y);
    List<TabularData> fullAndTest = all.trainTestSplit(0.25, RANDOM_STATE);
    List<TabularData> trainAndValid = fullAndTest.get(0).trainTestSplit(0.25, RANDOM_STATE);
    StandardScaler scaler = new StandardScaler().fit(trainAndValid.get(0));
    HousingStandIn data = new HousingStandIn(scaler.transform(trainAndValid.get(0)),
        scaler.transform(trainAndValid.get(1)), scaler.transform(fullAndTest.get(1)), DESCRIPTION);
    System.out.printf("Data: %s: %d training, %d validation and %d test rows%n", DESCRIPTION, data.train().size(),
        data.valid().size(), data.test().size());
    return data;
  }

  /**
   * The MSE of the common-sense baseline on the test rows: always predicting the training rows' mean
   * target (seed 000: a model must beat it to be useful).
   */
  double baselineTestMse() {
    return test.mseOfConstant(train.meanTarget());
  }
}
