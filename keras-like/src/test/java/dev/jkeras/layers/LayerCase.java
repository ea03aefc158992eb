package dev.jkeras.layers;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Supplier;

/**
 * One case of the layer contract ({@link LayerContractTest}): a jkeras layer, the same layer as
 * Keras's constructor call (Python keyword arguments only, e.g. {@code "Dense(units=3, use_bias=False)"};
 * the harness adds the name), and the shapes of its inputs, batch first.
 *
 * @param id unique file-safe name of the case
 * @param keras Keras's constructor call
 * @param layer builds the jkeras layer
 * @param inputShapes one shape per input, batch dimension first
 * @param intInputsBelow when positive, inputs are int32 in {@code [0, intInputsBelow)} (Embedding); when
 *     negative, float32 holding whole numbers in {@code [0, -intInputsBelow)} (so that Masking finds steps to mask)
 * @param checksTraining whether the training-mode output is deterministic and checked too
 * @param maskedSteps when positive, every input carries a mask hiding its last {@code maskedSteps}
 *     steps of the second sample (Keras's {@code layer(x, mask=m)})
 * @param callable false for layers Keras cannot call on data (InputLayer): config and weights only
 */
record LayerCase(String id, String keras, Supplier<Layer> layer, List<int[]> inputShapes, int intInputsBelow,
    boolean checksTraining, int maskedSteps, boolean callable) {

  /** A case with one float input of {@code shape}. */
  static LayerCase of(String id, String keras, Supplier<Layer> layer, int... shape) {
    return new LayerCase(id, keras, layer, List.of(shape), 0, false, 0, true);
  }

  /** A case with several float inputs (merges). */
  static LayerCase merge(String id, String keras, Supplier<Layer> layer, int[]... shapes) {
    return new LayerCase(id, keras, layer, List.of(shapes), 0, false, 0, true);
  }

  /** Float inputs holding whole numbers in {@code [0, below)}. */
  LayerCase wholeNumbers(int below) {
    return new LayerCase(id, keras, layer, inputShapes, -below, checksTraining, maskedSteps, callable);
  }

  /** Int32 inputs in {@code [0, below)}. */
  LayerCase ints(int below) {
    return new LayerCase(id, keras, layer, inputShapes, below, checksTraining, maskedSteps, callable);
  }

  /** Checks the training-mode output too (deterministic layers such as BatchNormalization). */
  LayerCase training() {
    return new LayerCase(id, keras, layer, inputShapes, intInputsBelow, true, maskedSteps, callable);
  }

  /** Gives every input a mask hiding the last {@code steps} steps of the second sample. */
  LayerCase masked(int steps) {
    return new LayerCase(id, keras, layer, inputShapes, intInputsBelow, checksTraining, steps, callable);
  }

  LayerCase configOnly() {
    return new LayerCase(id, keras, layer, inputShapes, intInputsBelow, checksTraining, maskedSteps, false);
  }

  /** The Keras class name, as written before the parenthesis. */
  String kerasClass() {
    return keras.substring(0, keras.indexOf('('));
  }

  List<int[]> inputShapesWithoutBatch() {
    List<int[]> shapes = new ArrayList<>();
    for (int[] shape : inputShapes) {
      shapes.add(java.util.Arrays.copyOfRange(shape, 1, shape.length));
    }
    return shapes;
  }

  @Override
  public String toString() {
    return id;
  }
}
