package dev.jkeras.applications;

import static dev.jkeras.applications.ApplicationOracle.kwargs;

import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * MobileNetV2 against {@code keras.applications.MobileNetV2} (Keras 3.15.1, one oracle launch): the
 * parameter counts, layers (names, classes, Keras's order) and output shape of the default model
 * and of options, and the predictions of a model loaded from Keras's weight files (the legacy HDF5
 * layouts Keras distributes and writes, and {@code .weights.h5}). One model per test.
 */
class MobileNetV2OracleTest {
  private static final ApplicationOracle.Case DEFAULT = new ApplicationOracle.Case("default", "MobileNetV2", kwargs(), 0);
  private static final ApplicationOracle.Case NO_TOP_AVG = new ApplicationOracle.Case("notop_avg", "MobileNetV2",
      kwargs("include_top", false, "pooling", "avg"), 0);
  private static final ApplicationOracle.Case NO_TOP_MAX = new ApplicationOracle.Case("notop_max", "MobileNetV2",
      kwargs("include_top", false, "pooling", "max", "input_shape", List.of(96, 96, 3), "alpha", 0.35), 0);
  private static final ApplicationOracle.Case SMALL = new ApplicationOracle.Case("small", "MobileNetV2",
      kwargs("classes", 10, "input_shape", List.of(32, 32, 3), "classifier_activation", "linear"), 2);
  private static ApplicationOracle oracle;

  @BeforeAll
  static void runKeras() {
    oracle = ApplicationOracle.run(List.of(DEFAULT, NO_TOP_AVG, NO_TOP_MAX, SMALL));
  }

  @Test
  void defaultModelIsKerasModel() {
    oracle.assertStructures(List.of(DEFAULT), MobileNetV2::of);
  }

  @Test
  void withoutTopWithAveragePoolingIsKerasModel() {
    oracle.assertStructures(List.of(NO_TOP_AVG), MobileNetV2::of);
  }

  @Test
  void narrowWithoutTopWithMaxPoolingOnSmallImagesIsKerasModel() {
    oracle.assertStructures(List.of(NO_TOP_MAX), o -> MobileNetV2.of(0.35, o));
  }

  @Test
  void predictsWhatKerasPredictsWithKerasWeightFiles() {
    oracle.assertPredicts(SMALL.id(), MobileNetV2::of, ApplicationOracle.options(SMALL.kwargs()), 1e-4);
  }
}
