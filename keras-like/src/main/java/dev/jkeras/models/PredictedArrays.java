package dev.jkeras.models;

import dev.jkeras.DType;
import java.util.ArrayList;
import java.util.List;
import org.tensorflow.ndarray.FloatNdArray;
import org.tensorflow.ndarray.NdArray;

/** The outputs of {@code predict} as float32 arrays, or an error naming the untyped call for other dtypes. */
final class PredictedArrays {
  private PredictedArrays() {}

  static FloatNdArray floats(NdArray<?> output, String model, String outputName, String untypedCall) {
    if (output instanceof FloatNdArray floats && DType.of(output) == DType.FLOAT32) {
      return floats;
    }
    throw new IllegalStateException("Output '" + outputName + "' of model '" + model + "' is "
        + DType.of(output).kerasName() + ", not float32, so predict cannot return it as a FloatNdArray; call "
        + untypedCall + " for an NdArray<?> of the output's own dtype");
  }

  static List<FloatNdArray> floats(List<NdArray<?>> outputs, String model, List<String> outputNames,
      String untypedCall) {
    List<FloatNdArray> typed = new ArrayList<>(outputs.size());
    for (int i = 0; i < outputs.size(); i++) {
      typed.add(floats(outputs.get(i), model, outputNames.get(i), untypedCall));
    }
    return List.copyOf(typed);
  }
}
