package dev.jkeras.applications;

/** Xception against {@code keras.applications.Xception}: the tests of {@link ApplicationFamilyOracleTest}. */
class XceptionOracleTest extends ApplicationFamilyOracleTest {
  XceptionOracleTest() {
    super("Xception", Xception::of);
  }
}
