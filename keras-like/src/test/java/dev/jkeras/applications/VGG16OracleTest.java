package dev.jkeras.applications;

/** VGG16 against {@code keras.applications.VGG16}: the tests of {@link ApplicationFamilyOracleTest}. */
class VGG16OracleTest extends ApplicationFamilyOracleTest {
  VGG16OracleTest() {
    super("VGG16", VGG16::of);
  }
}
