"""The model kinds both sides write and load, built with Keras itself, and the custom classes the
jkeras tests register under the same names (Interop>Scale, Interop>TwoTowers, Interop>MinimalCell)."""
import numpy as np

import keras_env  # noqa: F401  (imports Keras, seals the jax stand-in)
import keras
from keras import layers, ops


@keras.saving.register_keras_serializable(package="Interop", name="Scale")
class Scale(layers.Layer):
    """Multiplies the last axis by a trained factor per feature, starting at `initial`."""

    def __init__(self, initial=1.0, **kwargs):
        super().__init__(**kwargs)
        self.initial = initial

    def build(self, input_shape):
        self.factor = self.add_weight(
            name="factor", shape=(input_shape[-1],),
            initializer=keras.initializers.Constant(self.initial), trainable=True)

    def call(self, inputs):
        return inputs * self.factor

    def get_config(self):
        config = super().get_config()
        config["initial"] = self.initial
        return config


@keras.saving.register_keras_serializable(package="Interop", name="TwoTowers")
class TwoTowers(keras.Model):
    """Two Dense towers on the same input, concatenated, then a softmax head."""

    def __init__(self, **kwargs):
        super().__init__(**kwargs)
        self.left = layers.Dense(5, activation="tanh")
        self.right = layers.Dense(5, activation="relu")
        self.head = layers.Dense(3, activation="softmax")

    def build(self, input_shape):
        self.left.build(input_shape)
        self.right.build(input_shape)
        self.head.build(tuple(input_shape[:-1]) + (10,))

    def call(self, inputs):
        return self.head(ops.concatenate([self.left(inputs), self.right(inputs)], axis=-1))


@keras.saving.register_keras_serializable(package="Interop", name="MinimalCell")
class MinimalCell(layers.Layer):
    """A user-written RNN cell: h = tanh(x . kernel + h_prev . recurrent_kernel)."""

    def __init__(self, units, **kwargs):
        super().__init__(**kwargs)
        self.units = units
        self.state_size = units

    def build(self, input_shape):
        self.kernel = self.add_weight(shape=(input_shape[-1], self.units), initializer="glorot_uniform",
                                      name="kernel")
        self.recurrent_kernel = self.add_weight(shape=(self.units, self.units), initializer="orthogonal",
                                                name="recurrent_kernel")

    def call(self, inputs, states):
        h = ops.tanh(ops.matmul(inputs, self.kernel) + ops.matmul(states[0], self.recurrent_kernel))
        return h, [h]

    def get_config(self):
        config = super().get_config()
        config["units"] = self.units
        return config


def inputs(kind, rng):
    """Fixed inputs for predictions, one array per model input."""
    f = lambda *shape: rng.standard_normal(shape).astype("float32")
    return {
        "mlp": lambda: [f(6, 4)],
        "cnn": lambda: [f(3, 8, 8, 1)],
        "lstm": lambda: [f(4, 5, 3)],
        "gru": lambda: [f(4, 5, 3)],
        "simple_rnn": lambda: [f(4, 5, 3)],
        "batch_norm": lambda: [f(6, 4)],
        "layer_norm": lambda: [f(6, 4)],
        "normalization": lambda: [(f(6, 3) * 3 + 2).astype("float32")],
        "custom_layer": lambda: [f(6, 3)],
        "subclassed": lambda: [f(6, 4)],
        "wide_deep": lambda: [f(5, 3), f(5, 6)],
        "embedding_mask": lambda: [np.array([[1, 2, 3, 0, 0, 0], [4, 5, 0, 0, 0, 0],
                                             [9, 8, 7, 6, 5, 4], [3, 0, 0, 0, 0, 0]], dtype="int32")],
        "op_nodes": lambda: [f(5, 4)],
        "shared_nested": lambda: [f(5, 4), f(5, 4)],
        "many_ops": lambda: [f(7, 4)],
        "masked_lstm": lambda: inputs("embedding_mask", rng),
        "rnn_cells": lambda: [f(4, 5, 3)],
        "custom_cell": lambda: [f(4, 5, 3)],
        "bidirectional_lstm": lambda: [f(4, 5, 3)],
        "bidirectional_masked": lambda: inputs("embedding_mask", rng),
        # issue 17: the convolution family
        "conv_family": lambda: [f(3, 8, 8, 2)],
        "conv_volumes": lambda: [f(3, 2, 4, 4, 4)],
    }[kind]()


def build(kind):
    """A compiled Keras model of `kind` (the same architecture jkeras's test builds)."""
    if kind == "mlp":
        model = keras.Sequential([keras.Input((4,)), layers.Dense(8, activation="relu"),
                                  layers.Dense(3, activation="softmax")])
        model.compile(optimizer="adam", loss="sparse_categorical_crossentropy", metrics=["accuracy"])
    elif kind == "cnn":
        model = keras.Sequential([keras.Input((8, 8, 1)), layers.Conv2D(4, 3, activation="relu"),
                                  layers.MaxPooling2D(2), layers.Flatten(), layers.Dense(2)])
        model.compile(optimizer=keras.optimizers.SGD(0.01, momentum=0.9), loss="mse")
    elif kind in ("lstm", "gru", "simple_rnn"):
        rnn = {"lstm": layers.LSTM, "gru": layers.GRU, "simple_rnn": layers.SimpleRNN}[kind]
        model = keras.Sequential([keras.Input((5, 3)), rnn(4), layers.Dense(1)])
        model.compile(optimizer=keras.optimizers.RMSprop(0.01), loss="mse", metrics=["mae"])
    elif kind == "batch_norm":
        model = keras.Sequential([keras.Input((4,)), layers.Dense(4), layers.BatchNormalization(),
                                  layers.Dense(1)])
        model.compile(optimizer="adam", loss="mse")
    elif kind == "layer_norm":
        model = keras.Sequential([keras.Input((4,)), layers.Dense(4), layers.LayerNormalization(),
                                  layers.Dense(1)])
        model.compile(optimizer="adam", loss="mse")
    elif kind == "normalization":
        norm = layers.Normalization()
        norm.adapt(np.random.default_rng(7).standard_normal((50, 3)).astype("float32") * 3 + 2)
        model = keras.Sequential([keras.Input((3,)), norm, layers.Dense(2)])
        model.compile(optimizer="adam", loss="mse")
    elif kind == "custom_layer":
        model = keras.Sequential([keras.Input((3,)), Scale(0.5), layers.Dense(2)])
        model.compile(optimizer="adam", loss="mse")
    elif kind == "subclassed":
        model = TwoTowers()
        model.build((None, 4))
        model.compile(optimizer="adam", loss="sparse_categorical_crossentropy")
    elif kind == "wide_deep":
        wide = keras.Input((3,), name="wide")
        deep = keras.Input((6,), name="deep")
        hidden = layers.Dense(8, activation="relu", name="hidden")(deep)
        hidden = layers.Dense(4, activation="relu", name="hidden_2")(hidden)
        merged = layers.Concatenate(name="merge")([wide, hidden])
        main = layers.Dense(1, name="main")(merged)
        aux = layers.Dense(2, activation="softmax", name="aux")(hidden)
        model = keras.Model([wide, deep], [main, aux], name="wide_deep")
        model.compile(optimizer="adam", loss=["mse", "sparse_categorical_crossentropy"])
    elif kind == "embedding_mask":
        tokens = keras.Input((6,), dtype="int32", name="tokens")
        x = layers.Embedding(10, 4, mask_zero=True)(tokens)
        x = layers.GlobalAveragePooling1D()(x)
        out = layers.Dense(1, activation="sigmoid")(x)
        model = keras.Model(tokens, out)
        model.compile(optimizer="adam", loss="binary_crossentropy")
    elif kind == "op_nodes":
        x = keras.Input((4,), name="x")
        h = layers.Dense(3)(x)
        h = ops.tanh(h + 1.0) * 2.0
        h = ops.concatenate([h, ops.square(x)], axis=-1)
        out = layers.Dense(2)(ops.relu(h - 0.5))
        model = keras.Model(x, out)
        model.compile(optimizer="adam", loss="mse")
    elif kind == "many_ops":
        x = keras.Input((4,), name="x")
        parts = [
            ops.sum(x, axis=-1, keepdims=True),
            ops.expand_dims(ops.mean(ops.square(x), axis=1), -1),
            ops.softmax(x * 0.5),
            ops.clip(x, -0.5, 0.5),
            ops.where(ops.greater(x, 0.0), x, ops.multiply(x, 0.1)),
            1.0 - ops.abs(x),
            ops.cast(ops.greater_equal(x, 0.2), "float32"),
            ops.reshape(ops.transpose(ops.reshape(x, (-1, 2, 2)), (0, 2, 1)), (-1, 4)),
            ops.maximum(ops.exp(ops.negative(x)), 0.3) / 2.0,
            ops.leaky_relu(x, negative_slope=0.1),
            ops.gelu(x),
            ops.sigmoid(x) - ops.log1p(ops.square(x)),
        ]
        out = layers.Dense(2)(ops.concatenate(parts, axis=-1))
        model = keras.Model(x, out)
        model.compile(optimizer="adam", loss="mse")
    elif kind == "shared_nested":
        left = keras.Input((4,), name="left")
        right = keras.Input((4,), name="right")
        shared = layers.Dense(3, activation="tanh", name="shared")
        tower = keras.Sequential([keras.Input((3,)), layers.Dense(5, activation="relu"), layers.Dense(2)],
                                 name="tower")
        merged = layers.Add(name="sum")([tower(shared(left)), tower(shared(right))])
        model = keras.Model([left, right], merged, name="shared_nested")
        model.compile(optimizer="adam", loss="mse")
    elif kind == "masked_lstm":
        model = keras.Sequential([keras.Input((6,), dtype="int32"), layers.Embedding(10, 4, mask_zero=True),
                                  layers.LSTM(3), layers.Dense(1)])
        model.compile(optimizer="adam", loss="mse")
    elif kind == "rnn_cells":
        cells = layers.StackedRNNCells([layers.LSTMCell(4), layers.GRUCell(3, reset_after=False)])
        model = keras.Sequential([keras.Input((5, 3)), layers.RNN(cells), layers.Dense(1)])
        model.compile(optimizer=keras.optimizers.RMSprop(0.01), loss="mse")
    elif kind == "custom_cell":
        model = keras.Sequential([keras.Input((5, 3)), layers.RNN(MinimalCell(4), return_sequences=True),
                                  layers.GlobalAveragePooling1D(), layers.Dense(1)])
        model.compile(optimizer="adam", loss="mse")
    elif kind == "bidirectional_lstm":
        model = keras.Sequential([keras.Input((5, 3)), layers.Bidirectional(layers.LSTM(4)), layers.Dense(1)])
        model.compile(optimizer=keras.optimizers.RMSprop(0.01), loss="mse")
    elif kind == "bidirectional_masked":
        model = keras.Sequential([keras.Input((6,), dtype="int32"), layers.Embedding(10, 4, mask_zero=True),
                                  layers.Bidirectional(layers.GRU(3, return_sequences=True), merge_mode="sum"),
                                  layers.GlobalAveragePooling1D(), layers.Dense(1)])
        model.compile(optimizer="adam", loss="mse")
    elif kind == "conv_family":
        model = keras.Sequential([keras.Input((8, 8, 2)),
                                  layers.SeparableConv2D(4, 3, depth_multiplier=2, padding="same", activation="relu"),
                                  layers.DepthwiseConv2D(3, strides=2), layers.Conv2D(4, 1, groups=2),
                                  layers.Conv2DTranspose(2, 3, strides=2, padding="same", output_padding=1),
                                  layers.Flatten(), layers.Dense(2)])
        model.compile(optimizer=keras.optimizers.SGD(0.01, momentum=0.9), loss="mse")
    elif kind == "conv_volumes":
        model = keras.Sequential([keras.Input((2, 4, 4, 4)),
                                  layers.Conv3D(3, 2, data_format="channels_first", activation="tanh"),
                                  layers.Conv3DTranspose(2, 2, strides=2, data_format="channels_first"),
                                  layers.Flatten(), layers.Dense(1)])
        model.compile(optimizer="adam", loss="mse")
    else:
        raise ValueError(kind)
    if not model.built:
        model.build(None)
    return model


KINDS = ["mlp", "cnn", "lstm", "gru", "simple_rnn", "batch_norm", "layer_norm", "normalization",
         "custom_layer", "subclassed", "wide_deep", "embedding_mask", "op_nodes",
         "many_ops", "shared_nested", "masked_lstm", "rnn_cells", "custom_cell", "bidirectional_lstm",
         "bidirectional_masked", "conv_family", "conv_volumes"]


def optimizer_values(model):
    return [np.asarray(keras.ops.convert_to_numpy(v.value)) for v in model.optimizer.variables]


def predictions(model, xs):
    ys = model.predict(xs if len(xs) > 1 else xs[0], verbose=0)
    return [np.asarray(y) for y in (ys if isinstance(ys, (list, tuple)) else [ys])]
