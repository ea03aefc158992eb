package dev.jkeras.applications;

import static dev.jkeras.applications.ApplicationOracle.kwargs;

import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * ResNet50 against {@code keras.applications.ResNet50} (Keras 3.15.1, one oracle launch): the
 * parameter counts, layers (names, classes, Keras's order) and output shape of the default model
 * and of options, and the predictions of a model loaded from Keras's weight files (the legacy HDF5
 * layouts Keras distributes and writes, and {@code .weights.h5}). One model per test: building
 * ResNet50 takes jkeras tens of seconds on a busy machine.
 */
class ResNet50OracleTest {
  private static final ApplicationOracle.Case DEFAULT = new ApplicationOracle.Case("default", "ResNet50", kwargs(), 0);
  private static final ApplicationOracle.Case NO_TOP_AVG = new ApplicationOracle.Case("notop_avg", "ResNet50",
      kwargs("include_top", false, "pooling", "avg"), 0);
  private static final ApplicationOracle.Case NO_TOP_MAX = new ApplicationOracle.Case("notop_max", "ResNet50",
      kwargs("include_top", false, "pooling", "max", "input_shape", List.of(64, 64, 3)), 0);
  private static final ApplicationOracle.Case SMALL = new ApplicationOracle.Case("small", "ResNet50",
      kwargs("classes", 10, "input_shape", List.of(32, 32, 3), "classifier_activation", "linear", "name", "tiny"), 2);
  private static ApplicationOracle oracle;

  @BeforeAll
  static void runKeras() {
    oracle = ApplicationOracle.run(List.of(DEFAULT, NO_TOP_AVG, NO_TOP_MAX, SMALL));
  }

  @Test
  void defaultModelIsKerasModel() {
    oracle.assertStructures(List.of(DEFAULT), ResNet50::of);
  }

  @Test
  void withoutTopWithAveragePoolingIsKerasModel() {
    oracle.assertStructures(List.of(NO_TOP_AVG), ResNet50::of);
  }

  @Test
  void withoutTopWithMaxPoolingOnSmallImagesIsKerasModel() {
    oracle.assertStructures(List.of(NO_TOP_MAX), ResNet50::of);
  }

  @Test
  void predictsWhatKerasPredictsWithKerasWeightFiles() {
    oracle.assertPredicts(SMALL.id(), ResNet50::of, ApplicationOracle.options(SMALL.kwargs()), 1e-4);
  }
}
