"""Keras loads the .keras files jkeras wrote: for every kind in DIR/manifest.json ({kind: {"inputs": n}}),
load_model(DIR/<kind>.keras, compile=True), predict on <kind>.x<i>.npy and write the predictions as
<kind>.keras_y<i>.npy and the restored optimizer variables as <kind>.keras_opt<i>.npy. Writes
DIR/results.json: per kind the error (Python's traceback) or null, the warnings Keras gave, whether
the model came back compiled, and whether every optimizer variable equals the file's value. Where
DIR/<kind>.weights.h5 exists, Keras also builds the kind itself (interop_models.build), loads those
weights (its optimizer built first, so that it takes the saved optimizer state too) and writes its
predictions as <kind>.keras_wy<i>.npy and optimizer variables as <kind>.keras_wopt<i>.npy (results under
"weights").
Usage: keras_reads.py DIR"""
import io
import json
import os
import sys
import traceback
import warnings
import zipfile

import h5py
import numpy as np

import interop_models as m
import keras


def file_optimizer_values(path):
    with zipfile.ZipFile(path) as z:
        data = z.read("model.weights.h5")
    with h5py.File(io.BytesIO(data), "r") as h5:
        if "optimizer" not in h5 or "vars" not in h5["optimizer"]:
            return []
        group = h5["optimizer"]["vars"]
        return [np.asarray(group[str(i)][()]) for i in range(len(group))]


def keras_warnings(caught):
    """What Keras warned while loading. NumPy's RuntimeWarnings are left out: the numpy backend builds
    layers by calling them on uninitialized arrays, whose garbage values may overflow or be NaN."""
    return [str(w.message) for w in caught if not issubclass(w.category, RuntimeWarning)]


def read(directory, kind, spec):
    path = os.path.join(directory, kind + ".keras")
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        model = keras.saving.load_model(path, compile=True)
    xs = [np.load(os.path.join(directory, "%s.x%d.npy" % (kind, i))) for i in range(spec["inputs"])]
    ys = m.predictions(model, xs)
    for i, y in enumerate(ys):
        np.save(os.path.join(directory, "%s.keras_y%d.npy" % (kind, i)), y)
    restored = m.optimizer_values(model) if model.optimizer is not None else []
    for i, v in enumerate(restored):
        np.save(os.path.join(directory, "%s.keras_opt%d.npy" % (kind, i)), v)
    saved = file_optimizer_values(path)
    matches = len(saved) == len(restored) and all(
        a.shape == b.shape and np.allclose(a, b, rtol=0, atol=0) for a, b in zip(saved, restored))
    return {"error": None, "class": type(model).__name__, "compiled": bool(model.compiled),
            "outputs": len(ys), "optimizer_variables": len(restored), "file_optimizer_variables": len(saved),
            "optimizer_matches_file": bool(matches),
            "warnings": keras_warnings(caught)}


def read_weights(directory, kind, spec):
    """The kind built by Keras, with the weights of DIR/<kind>.weights.h5; predictions as <kind>.keras_wy<i>.npy."""
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        model = m.build(kind)
        model.optimizer.build(model.trainable_variables)
        model.load_weights(os.path.join(directory, kind + ".weights.h5"))
    xs = [np.load(os.path.join(directory, "%s.x%d.npy" % (kind, i))) for i in range(spec["inputs"])]
    for i, y in enumerate(m.predictions(model, xs)):
        np.save(os.path.join(directory, "%s.keras_wy%d.npy" % (kind, i)), y)
    for i, v in enumerate(m.optimizer_values(model)):
        np.save(os.path.join(directory, "%s.keras_wopt%d.npy" % (kind, i)), v)
    return {"error": None, "warnings": keras_warnings(caught)}


def main(directory):
    with open(os.path.join(directory, "manifest.json")) as f:
        manifest = json.load(f)
    results = {}
    for kind, spec in manifest.items():
        try:
            results[kind] = read(directory, kind, spec)
        except Exception:
            results[kind] = {"error": traceback.format_exc()}
        if os.path.exists(os.path.join(directory, kind + ".weights.h5")):
            try:
                results[kind]["weights"] = read_weights(directory, kind, spec)
            except Exception:
                results[kind]["weights"] = {"error": traceback.format_exc()}
    with open(os.path.join(directory, "results.json"), "w") as f:
        json.dump(results, f, indent=1)


if __name__ == "__main__":
    main(sys.argv[1])
