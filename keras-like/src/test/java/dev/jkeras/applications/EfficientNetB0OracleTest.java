package dev.jkeras.applications;

/** EfficientNetB0 against {@code keras.applications.EfficientNetB0}: the tests of {@link ApplicationFamilyOracleTest}. */
class EfficientNetB0OracleTest extends ApplicationFamilyOracleTest {
  EfficientNetB0OracleTest() {
    super("EfficientNetB0", EfficientNetB0::of);
  }
}
