"""What the oracle scripts that judge jkeras case by case share (lora.py, quantize.py).

run(directory, judge) reads DIR/manifest.json ({kind: spec}), calls judge(base, spec, result) for each
kind (base: DIR/<kind>, the prefix of the case's files; result: a dict the judge fills) and writes
DIR/results.json: per kind the result, with "error" the traceback when the judge raised, else None."""
import json
import os
import traceback
import warnings

import numpy as np

import keras


def load(path):
    """keras.models.load_model(path, compile=False), without its warnings."""
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        return keras.models.load_model(path, compile=False)


def predict(model, x, path):
    """Saves model.predict(x) as the .npy file path."""
    np.save(path, np.asarray(model.predict(x, verbose=0)))


def describe(model):
    """Each layer's dtype policy name and the model's variables (path, dtype, shape) in model.weights order."""
    return {
        "policies": {layer.name: layer.dtype_policy.name for layer in model.layers},
        "weights": [[w.path, str(w.dtype), list(w.shape)] for w in model.weights],
    }


def run(directory, judge):
    with open(os.path.join(directory, "manifest.json")) as f:
        manifest = json.load(f)
    results = {}
    for kind, spec in manifest.items():
        result = {}
        try:
            judge(os.path.join(directory, kind), spec, result)
            result["error"] = None
        except Exception:
            result["error"] = traceback.format_exc()
        results[kind] = result
    with open(os.path.join(directory, "results.json"), "w") as f:
        json.dump(results, f, indent=1)
