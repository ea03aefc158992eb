"""Legacy HDF5 Functional models, in one launch. Usage: legacy_h5.py DIR

Keras writes DIR/functional.h5 (model.save to .h5: Keras 3 writing the legacy format) of a
Functional model with two branches merged by Concatenate, compiled with Adam after three
optimizer.apply steps; then DIR/functional_keras2.h5, the same file with its model_config in Keras
2's form (inbound_nodes as [[layer, node, tensor, kwargs]] lists, InputLayer's batch_input_shape,
class Model), which Keras 3 itself must load. It saves the input x.npy and each file's predictions
as predicted by Keras after loading it (<file>.y.npy) and prints @@ lines.
First, Keras loads each jkeras*.h5 file jkeras wrote in DIR (model.save("x.h5")), compiled, and
predicts jkeras_x.npy into <file>.keras_y.npy."""
import json
import os
import sys

import h5py
import numpy as np

import keras


def keras2_config(config):
    config = json.loads(json.dumps(config))
    config["class_name"] = "Model"
    for layer in config["config"]["layers"]:
        layer.pop("module", None)
        layer.pop("registered_name", None)
        layer.pop("build_config", None)
        if layer["class_name"] == "InputLayer":
            layer["config"]["batch_input_shape"] = layer["config"].pop("batch_shape")
        nodes = []
        for node in layer.get("inbound_nodes", []):
            args = node["args"]
            tensors = args[0] if isinstance(args[0], list) else args
            nodes.append([list(t["config"]["keras_history"]) + [{}] for t in tensors])
        layer["inbound_nodes"] = nodes
    return config


def keras_reads(d):
    for name in sorted(os.listdir(d)):
        if name.startswith("jkeras") and name.endswith(".h5"):
            loaded = keras.models.load_model(os.path.join(d, name))
            print("@@%s.compiled=%s" % (name, json.dumps(bool(loaded.compiled))))
            print("@@%s.iterations=%d" % (name, int(loaded.optimizer.iterations.numpy())))
            print("@@%s.optimizer=%s" % (name, type(loaded.optimizer).__name__))
            np.save(os.path.join(d, name + ".keras_y.npy"),
                    loaded.predict(np.load(os.path.join(d, "jkeras_x.npy")), verbose=0))


def main(d):
    keras_reads(d)
    rng = np.random.default_rng(9)
    keras.utils.set_random_seed(4)
    inputs = keras.Input((5,), name="features")
    wide = keras.layers.Dense(3, activation="relu", name="wide")(inputs)
    deep = keras.layers.Dense(4, activation="tanh", name="deep")(inputs)
    merged = keras.layers.Concatenate(name="merge")([wide, deep])
    outputs = keras.layers.Dense(2, activation="softmax", name="head")(merged)
    model = keras.Model(inputs, outputs, name="wide_deep")
    model.compile(optimizer=keras.optimizers.Adam(0.01), loss="categorical_crossentropy", metrics=["accuracy"])
    variables = model.trainable_variables
    model.optimizer.build(variables)
    for _ in range(3):
        model.optimizer.apply([rng.standard_normal(v.shape).astype("float32") * 0.1 for v in variables], variables)
    x = rng.standard_normal((4, 5)).astype("float32")
    np.save(os.path.join(d, "x.npy"), x)
    path = os.path.join(d, "functional.h5")
    model.save(path)
    keras2 = os.path.join(d, "functional_keras2.h5")
    with h5py.File(path, "r") as source, h5py.File(keras2, "w") as target:
        for key, value in source.attrs.items():
            target.attrs[key] = value
        target.attrs["model_config"] = json.dumps(keras2_config(json.loads(source.attrs["model_config"])))
        target.attrs["keras_version"] = "2.15.0"
        for key in source:
            source.copy(key, target)
    for name in ("functional.h5", "functional_keras2.h5"):
        loaded = keras.models.load_model(os.path.join(d, name))
        np.save(os.path.join(d, name + ".y.npy"), loaded.predict(x, verbose=0))
        print("@@%s.compiled=%s" % (name, json.dumps(bool(loaded.compiled))))
        print("@@%s.iterations=%d" % (name, int(loaded.optimizer.iterations.numpy())))
    print("@@optimizer_variables=%d" % len(model.optimizer.variables))


if __name__ == "__main__":
    main(sys.argv[1])
