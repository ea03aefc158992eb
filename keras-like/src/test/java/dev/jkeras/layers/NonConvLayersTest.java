package dev.jkeras.layers;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.jkeras.KerasTensor;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.function.Executable;

/**
 * The non-convolution layers of issue 17 beyond {@link LayerContractTest}, which judges their outputs, configs,
 * weights and masks against Keras: hostile arguments and inputs give clear errors.
 */
class NonConvLayersTest {

  private static String rootMessage(Throwable e) {
    StringBuilder all = new StringBuilder();
    for (Throwable t = e; t != null; t = t.getCause()) {
      all.append(t.getMessage()).append('\n');
    }
    return all.toString();
  }

  private static void assertRefused(String expectedPart, Executable action) {
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class, action);
    assertTrue(rootMessage(e).contains(expectedPart), "expected \"" + expectedPart + "\" in: " + rootMessage(e));
  }

  @Test
  void badActivationAndNormalizationArgumentsAreClearErrors() {
    assertRefused("max_value of a ReLU layer cannot be a negative", () -> new ReLU().maxValue(-1.0));
    assertRefused("negative_slope of a ReLU layer cannot be a negative", () -> new ReLU().negativeSlope(-0.1));
    assertRefused("threshold of a ReLU layer cannot be a negative", () -> new ReLU().threshold(Double.NaN));
    assertRefused("at least one axis", () -> new Softmax().axis(new int[0]));
    assertRefused("at least one axis", () -> new UnitNormalization().axis(new int[0]));
    assertRefused("at least one axis", () -> new RMSNormalization().axis(new int[0]));
    assertRefused("epsilon must be >= 0", () -> new RMSNormalization().epsilon(-1));
    assertRefused("expected a positive integer (or `-1`", () -> new GroupNormalization(0));
    assertRefused("expected a positive integer (or `-1`", () -> new GroupNormalization(-2));
  }

  @Test
  void badAxesAreClearErrors() {
    assertRefused("axis 3 is out of bounds", () -> new Softmax(3).apply(Input.of(4, 2)));
    assertRefused("axis -4 is out of bounds", () -> new UnitNormalization().axis(1, -4).apply(Input.of(4, 2)));
    assertRefused("duplicate axes", () -> new RMSNormalization().axis(1, -1).apply(Input.of(4)));
    assertRefused("needs a known dimension on axis 1", () -> new RMSNormalization().axis(1).apply(Input.of(-1, 3)));
    assertRefused("is the batch axis", () -> new GroupNormalization(1).axis(0).apply(Input.of(4)));
    assertRefused("should have a defined dimension", () -> new GroupNormalization(1).axis(1).apply(Input.of(-1, 3)));
  }

  @Test
  void groupsMustDivideTheChannels() {
    assertRefused("must be a multiple of the number of groups (4)",
        () -> new GroupNormalization(4).apply(Input.of(5, 6)));
    assertRefused("cannot be more than the number of channels (6)",
        () -> new GroupNormalization(32).apply(Input.of(5, 6)));
    KerasTensor instance = new GroupNormalization(-1).apply(Input.of(5, 6));
    assertEquals(dev.jkeras.Shape.of(-1, 5, 6), instance.shape());
  }

  @Test
  void dotChecksItsInputsAndAxes() {
    assertRefused("axis values 3 (at axis 1) != 4 (at axis 1)",
        () -> Layers.dot(Input.of(3), Input.of(4), 1));
    assertRefused("is the batch axis", () -> new Dot(0).apply(Input.of(3), Input.of(3)));
    assertRefused("is out of bounds for rank 2", () -> new Dot(1, 2).apply(Input.of(3), Input.of(3)));
    assertRefused("should be called on a list of 2 inputs",
        () -> new Dot(1).apply(Input.of(3), Input.of(3), Input.of(3)));
    assertRefused("got 1: [(None, 3)]", () -> new Dot(1).apply(Input.of(3)));
    assertEquals(dev.jkeras.Shape.of(-1, 1), Layers.dot(Input.of(3), Input.of(3), -1).shape());
    assertEquals(dev.jkeras.Shape.of(-1, 5, 2), new Dot(1, 2).apply(Input.of(4, 5), Input.of(2, 4)).shape());
  }

  @Test
  void softmaxMaskMustBroadcastToTheInputs() {
    KerasTensor tokens = Input.of(dev.jkeras.DType.INT32, 4);
    KerasTensor embedded = new Embedding(5, 3).maskZero(true).apply(tokens);
    assertRefused("the `mask` must be broadcastable to `inputs`", () -> new Softmax().apply(embedded));
    KerasTensor square = new Embedding(5, 4).maskZero(true).apply(tokens);
    assertEquals(dev.jkeras.Shape.of(-1, 4, 4), new Softmax().apply(square).shape());
  }
}
