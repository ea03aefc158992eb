package dev.jkeras.applications;

import dev.jkeras.models.Model;
import java.util.List;
import java.util.function.Consumer;
import java.util.function.Function;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * One application family against {@code keras.applications} (Keras 3.15.1; its cases are in {@link
 * ApplicationOracle#CASES}, one oracle launch for all families): the parameter counts, layers (names, classes,
 * Keras's order) and output shape of the default model and of options, and the predictions of a model loaded
 * from Keras's weight files (the legacy HDF5 layouts Keras distributes and writes, and {@code .weights.h5}).
 * One model per test: building the larger ones takes jkeras seconds, tens on a busy machine.
 */
abstract class ApplicationFamilyOracleTest {
  private static ApplicationOracle oracle;
  private final String app;
  private final Function<Consumer<ApplicationOptions>, Model> build;

  /** {@code app}: the Keras application; {@code build}: jkeras's, from options. */
  ApplicationFamilyOracleTest(String app, Function<Consumer<ApplicationOptions>, Model> build) {
    this.app = app;
    this.build = build;
  }

  @BeforeAll
  static void runKeras() {
    oracle = ApplicationOracle.shared();
  }

  /** The model of the case without top, with max pooling on small images (by default, as the others). */
  Model buildMaxPooling(Consumer<ApplicationOptions> options) {
    return build.apply(options);
  }

  private ApplicationOracle.Case caseNamed(String name) {
    return ApplicationOracle.CASES.stream().filter(c -> c.id().equals(app + "." + name)).findFirst().orElseThrow();
  }

  @Test
  void defaultModelIsKerasModel() {
    oracle.assertStructures(List.of(caseNamed("default")), build);
  }

  @Test
  void withoutTopWithAveragePoolingIsKerasModel() {
    oracle.assertStructures(List.of(caseNamed("notop_avg")), build);
  }

  @Test
  void withoutTopWithMaxPoolingOnSmallImagesIsKerasModel() {
    oracle.assertStructures(List.of(caseNamed("notop_max")), this::buildMaxPooling);
  }

  @Test
  void predictsWhatKerasPredictsWithKerasWeightFiles() {
    ApplicationOracle.Case small = caseNamed("small");
    oracle.assertPredicts(small.id(), build, ApplicationOracle.options(small.kwargs()), 1e-4);
  }
}
