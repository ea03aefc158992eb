package dev.jkeras.applications;

import dev.jkeras.models.Model;
import java.util.function.Consumer;

/**
 * MobileNetV2 against {@code keras.applications.MobileNetV2}: the tests of {@link ApplicationFamilyOracleTest},
 * the max-pooling case narrow ({@code alpha=0.35}).
 */
class MobileNetV2OracleTest extends ApplicationFamilyOracleTest {
  MobileNetV2OracleTest() {
    super("MobileNetV2", MobileNetV2::of);
  }

  @Override
  Model buildMaxPooling(Consumer<ApplicationOptions> options) {
    return MobileNetV2.of(0.35, options);
  }
}
