package dev.jkeras.layers;

import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.jkeras.models.Model;
import dev.jkeras.models.Sequential;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.function.Executable;

/**
 * A dimension of size 0 beyond the batch is refused when a layer is built or called, naming the
 * layer and the shape. On main, Dense and LSTM on such inputs reached oneDNN, which aborted the JVM
 * (SIGABRT, "could not create a primitive descriptor for an inner product forward propagation
 * primitive"); Conv2D gave raw TensorFlow text and LSTM over 0 time steps an IndexOutOfBoundsException.
 */
class EmptyDimensionsTest {

  private static void assertRefused(Executable build, String layer, String shape, int axis) {
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class, build);
    String message = e.getMessage();
    assertTrue(message.contains("layer \"" + layer + "\"") && message.contains("has shape " + shape)
        && message.contains("size 0 at axis " + axis) && message.contains("must be at least 1"), message);
  }

  @Test
  void denseOnAZeroSizedInputShapeFailsAtBuild() {
    assertRefused(() -> new Sequential(new Dense(4).name("narrow").inputShape(0)), "narrow", "(None, 0)", 1);
  }

  @Test
  void recurrentLayersOnZeroFeaturesOrZeroTimeSteps() {
    assertRefused(() -> new Sequential(new LSTM(3).name("lstm_f").inputShape(4, 0)), "lstm_f", "(None, 4, 0)", 2);
    assertRefused(() -> new Sequential(new LSTM(3).name("lstm_t").inputShape(0, 2)), "lstm_t", "(None, 0, 2)", 1);
    assertRefused(() -> new Sequential(new GRU(3).name("gru_f").inputShape(4, 0)), "gru_f", "(None, 4, 0)", 2);
  }

  @Test
  void convolutionAndPoolingOnZeroSizes() {
    assertRefused(() -> new Sequential(new Conv2D(2, 3).name("conv").inputShape(5, 5, 0)), "conv", "(None, 5, 5, 0)",
        3);
    assertRefused(() -> new Sequential(new MaxPooling2D(2).name("pool").inputShape(0, 4, 1)), "pool",
        "(None, 0, 4, 1)", 1);
    assertRefused(() -> new Sequential(new GlobalAveragePooling1D().name("gap").inputShape(0, 3)), "gap",
        "(None, 0, 3)", 1);
  }

  @Test
  void aFunctionalModelNamesTheLayerThatGetsTheEmptyInput() {
    var wide = Input.of(3);
    var empty = Input.of(0);
    assertRefused(() -> new Concatenate().name("join").apply(wide, empty), "join", "(None, 0)", 1);
    assertRefused(() -> new Model(empty, new Dense(2).name("head").apply(empty)), "head", "(None, 0)", 1);
  }
}
