package dev.jkeras.applications;

/** ResNet50 against {@code keras.applications.ResNet50}: the tests of {@link ApplicationFamilyOracleTest}. */
class ResNet50OracleTest extends ApplicationFamilyOracleTest {
  ResNet50OracleTest() {
    super("ResNet50", ResNet50::of);
  }
}
