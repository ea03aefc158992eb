package dev.jkeras.layers;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.jkeras.constraints.MaxNorm;
import dev.jkeras.constraints.NonNeg;
import dev.jkeras.constraints.UnitNorm;
import dev.jkeras.models.Model;
import dev.jkeras.models.Sequential;
import dev.jkeras.optimizers.SGD;
import dev.jkeras.saving.Json;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.tensorflow.ndarray.FloatNdArray;
import org.tensorflow.ndarray.NdArrays;
import org.tensorflow.ndarray.Shape;

/** Each weight's initializer, regularizer and constraint are saved and loaded in both directions. */
class WeightOptionsTest {
  /** As Keras 3.15.1's {@code serialize_keras_object(Conv2D(2, (3, 3), kernel_constraint=MaxNorm(3.0), ...))}. */
  private static final String KERAS_CONV2D = """
      {"module": "keras.layers", "class_name": "Conv2D", "config": {"name": "conv", "trainable": true,
      "dtype": {"module": "keras", "class_name": "DTypePolicy", "config": {"name": "float32"}, "registered_name": null},
      "filters": 2, "kernel_size": [3, 3], "strides": [1, 1], "padding": "valid", "data_format": "channels_last",
      "dilation_rate": [1, 1], "groups": 1, "activation": "linear", "use_bias": true,
      "kernel_initializer": {"module": "keras.initializers", "class_name": "GlorotUniform",
        "config": {"seed": null, "input_axes": null, "output_axes": null}, "registered_name": null},
      "bias_initializer": {"module": "keras.initializers", "class_name": "Zeros", "config": {}, "registered_name": null},
      "kernel_regularizer": null, "bias_regularizer": null, "activity_regularizer": null,
      "kernel_constraint": {"module": "keras.constraints", "class_name": "MaxNorm",
        "config": {"max_value": 3.0, "axis": 0}, "registered_name": null},
      "bias_constraint": {"module": "keras.constraints", "class_name": "NonNeg", "config": {}, "registered_name": null}},
      "registered_name": null}
      """;

  /** As Keras 3.15.1's {@code serialize_keras_object(LSTM(3, recurrent_constraint=UnitNorm(axis=0), ...))}. */
  private static final String KERAS_LSTM = """
      {"module": "keras.layers", "class_name": "LSTM", "config": {"name": "lstm", "trainable": true,
      "dtype": {"module": "keras", "class_name": "DTypePolicy", "config": {"name": "float32"}, "registered_name": null},
      "return_sequences": false, "return_state": false, "go_backwards": false, "stateful": false, "unroll": false,
      "zero_output_for_mask": false, "units": 3, "activation": "tanh", "recurrent_activation": "sigmoid",
      "use_bias": true,
      "kernel_initializer": {"module": "keras.initializers", "class_name": "GlorotUniform",
        "config": {"seed": null, "input_axes": null, "output_axes": null}, "registered_name": null},
      "recurrent_initializer": {"module": "keras.initializers", "class_name": "Orthogonal",
        "config": {"seed": null, "gain": 1.0}, "registered_name": null},
      "bias_initializer": {"module": "keras.initializers", "class_name": "Zeros", "config": {}, "registered_name": null},
      "unit_forget_bias": true, "kernel_regularizer": null, "recurrent_regularizer": null, "bias_regularizer": null,
      "activity_regularizer": null,
      "kernel_constraint": {"module": "keras.constraints", "class_name": "NonNeg", "config": {}, "registered_name": null},
      "recurrent_constraint": {"module": "keras.constraints", "class_name": "UnitNorm", "config": {"axis": 0},
        "registered_name": null},
      "bias_constraint": null, "dropout": 0.0, "recurrent_dropout": 0.0, "seed": null}, "registered_name": null}
      """;

  @SuppressWarnings("unchecked")
  private static Map<String, Object> config(Map<String, Object> serialized) {
    return (Map<String, Object>) serialized.get("config");
  }

  private static Map<String, Object> savedBack(Layer layer) {
    return Json.parse(Json.write(layer.getConfig()), "config");
  }

  @Test
  void conv2dKernelAndBiasConstraintsLoadAndSaveBackEqual() {
    Map<String, Object> keras = Json.parse(KERAS_CONV2D, "Conv2D");
    Conv2D conv = assertInstanceOf(Conv2D.class, Layers.deserialize(keras));
    assertEquals(config(keras), savedBack(conv));
  }

  @Test
  void lstmKernelAndRecurrentConstraintsLoadAndSaveBackEqual() {
    Map<String, Object> keras = Json.parse(KERAS_LSTM, "LSTM");
    LSTM lstm = assertInstanceOf(LSTM.class, Layers.deserialize(keras));
    assertEquals(config(keras), savedBack(lstm));
  }

  @Test
  void setConstraintsAreSavedUnderKerasKeys() {
    Map<String, Object> conv = new Conv2D(2, 3, 3).kernelConstraint(new MaxNorm(3)).getConfig();
    assertEquals("MaxNorm", ((Map<?, ?>) conv.get("kernel_constraint")).get("class_name"));
    Map<String, Object> gru = new GRU(2).recurrentConstraint(new UnitNorm()).biasConstraint(new NonNeg()).getConfig();
    assertEquals("UnitNorm", ((Map<?, ?>) gru.get("recurrent_constraint")).get("class_name"));
    assertEquals("NonNeg", ((Map<?, ?>) gru.get("bias_constraint")).get("class_name"));
    assertEquals(null, gru.get("kernel_constraint"));
  }

  /** A kernel constraint read from a Keras config is applied after each optimizer step, as in Keras. */
  @Test
  void loadedConv2dKernelConstraintIsAppliedWhenTraining() {
    Map<String, Object> keras = Json.parse(KERAS_CONV2D.replace("\"MaxNorm\"", "\"NonNeg\"")
        .replace("{\"max_value\": 3.0, \"axis\": 0}", "{}"), "Conv2D");
    Conv2D conv = (Conv2D) Layers.deserialize(keras);
    Random random = new Random(3);
    FloatNdArray x = NdArrays.ofFloats(Shape.of(4, 4, 4, 1));
    FloatNdArray y = NdArrays.ofFloats(Shape.of(4, 2, 2, 2));
    x.scalars().forEach(s -> s.setFloat((float) random.nextGaussian()));
    y.scalars().forEach(s -> s.setFloat((float) random.nextGaussian() * 5));
    try (Model model = new Sequential(new InputLayer(4, 4, 1), conv)) {
      model.compile(new SGD(0.5), "mse");
      model.fit(x, y, f -> f.epochs(1).batchSize(4).verbose(0));
      FloatNdArray kernel = (FloatNdArray) conv.getWeights().get(0);
      float[] min = {Float.MAX_VALUE};
      kernel.scalars().forEach(s -> min[0] = Math.min(min[0], s.getFloat()));
      assertTrue(min[0] >= 0, "NonNeg kernel after a step has a negative entry " + min[0]);
    }
  }

  @Test
  void optionsCannotChangeOnceBuilt() {
    Dense dense = new Dense(2);
    try (Model model = new Sequential(new InputLayer(3), dense)) {
      IllegalStateException error = assertThrows(IllegalStateException.class, () -> dense.kernelConstraint("non_neg"));
      assertTrue(error.getMessage().contains("'kernelConstraint'"), error.getMessage());
    }
  }
}
