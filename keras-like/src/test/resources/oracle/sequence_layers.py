"""Keras writes .keras files holding the sequence-model layers of SequenceLayersTest, with the inputs
<name>.x.npy and its predictions <name>.y.npy: seq (Conv1DTranspose, the 1-D reshaping layers, the noise
and dropout layers, ActivityRegularization, Identity, Permute, a Lambda of the registered function
Custom>double), image (SpatialDropout2D, Cropping2D), unregistered (a Lambda of Custom>triple, which Java
does not register) and python_lambda (a Lambda of a Python lambda, saved as bytecode).
Usage: sequence_layers.py OUT; or sequence_layers.py --read DIR: Keras loads DIR/jkeras.keras (written by
jkeras) and writes its predictions for DIR/jkeras.x.npy to DIR/jkeras.keras_y.npy."""
import os
import sys

import numpy as np

import keras


@keras.saving.register_keras_serializable(package="Custom")
def double(x):
    return x * 2


@keras.saving.register_keras_serializable(package="Custom")
def triple(x):
    return x * 3


def seq():
    inputs = keras.Input(shape=(6, 3))
    x = keras.layers.Conv1DTranspose(4, 3, strides=2, padding="same", activation="tanh")(inputs)
    x = keras.layers.GaussianNoise(0.3, seed=1)(x)
    x = keras.layers.SpatialDropout1D(0.2)(x)
    x = keras.layers.Cropping1D((1, 2))(x)
    x = keras.layers.ZeroPadding1D((2, 1))(x)
    x = keras.layers.UpSampling1D(2)(x)
    x = keras.layers.Permute((2, 1))(x)
    x = keras.layers.Identity()(x)
    x = keras.layers.ActivityRegularization(l1=0.01, l2=0.001)(x)
    x = keras.layers.GaussianDropout(0.1)(x)
    x = keras.layers.Lambda(double, name="doubled")(x)
    x = keras.layers.Permute((2, 1))(x)
    x = keras.layers.Conv1DTranspose(2, 4, strides=3, output_padding=1, dilation_rate=1)(x)
    outputs = keras.layers.Conv1DTranspose(1, 2, dilation_rate=2, padding="same")(x)
    return keras.Model(inputs, outputs), (2, 6, 3)


def image():
    model = keras.Sequential([keras.Input(shape=(5, 6, 2)), keras.layers.SpatialDropout2D(0.3),
                              keras.layers.Cropping2D(((1, 2), (0, 3)))])
    return model, (2, 5, 6, 2)


def unregistered():
    return keras.Sequential([keras.Input(shape=(3,)), keras.layers.Lambda(triple)]), (2, 3)


def python_lambda():
    return keras.Sequential([keras.Input(shape=(3,)), keras.layers.Lambda(lambda x: x + 1)]), (2, 3)


def main(out):
    rng = np.random.default_rng(16)
    for build in (seq, image, unregistered, python_lambda):
        model, shape = build()
        x = rng.standard_normal(shape).astype("float32")
        np.save(os.path.join(out, build.__name__ + ".x.npy"), x)
        np.save(os.path.join(out, build.__name__ + ".y.npy"), np.asarray(model.predict(x, verbose=0)))
        model.save(os.path.join(out, build.__name__ + ".keras"))
    print("@@written=4")


def read(directory):
    model = keras.saving.load_model(os.path.join(directory, "jkeras.keras"))
    x = np.load(os.path.join(directory, "jkeras.x.npy"))
    np.save(os.path.join(directory, "jkeras.keras_y.npy"), np.asarray(model.predict(x, verbose=0)))
    print("@@layers=" + ",".join(type(layer).__name__ for layer in model.layers))


if __name__ == "__main__":
    if sys.argv[1] == "--read":
        read(sys.argv[2])
    else:
        main(sys.argv[1])
