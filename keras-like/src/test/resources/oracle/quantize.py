"""Keras's int8 quantization as the judge of jkeras's (model.quantize("int8")).

For every kind in DIR/manifest.json ({kind: {"dtype": "float32" | "int32"}}):
- loads DIR/<kind>.keras (a float model jkeras wrote), predicts on DIR/<kind>.x.npy
  (<kind>.keras_float.npy), quantizes it with model.quantize("int8"), predicts again
  (<kind>.keras_int8.npy) and saves it as DIR/<kind>.keras_q.keras;
- loads DIR/<kind>.jkeras_q.keras (the same model quantized by jkeras) when it exists and predicts
  (<kind>.keras_reads_q.npy).
Writes DIR/results.json: per kind the error (traceback) or, per loaded model, each layer's dtype
policy name and its variables (path, dtype, shape) in model.weights order.
Usage: quantize.py DIR"""
import json
import os
import sys
import traceback
import warnings

import numpy as np

import keras


def describe(model):
    return {
        "policies": {layer.name: layer.dtype_policy.name for layer in model.layers},
        "weights": [[w.path, str(w.dtype), list(w.shape)] for w in model.weights],
    }


def main(directory):
    with open(os.path.join(directory, "manifest.json")) as f:
        manifest = json.load(f)
    results = {}
    for kind in manifest:
        base = os.path.join(directory, kind)
        result = {}
        try:
            x = np.load(base + ".x.npy")
            with warnings.catch_warnings():
                warnings.simplefilter("ignore")
                model = keras.models.load_model(base + ".keras", compile=False)
                np.save(base + ".keras_float.npy", np.asarray(model.predict(x, verbose=0)))
                model.quantize("int8")
            np.save(base + ".keras_int8.npy", np.asarray(model.predict(x, verbose=0)))
            result["keras_quantized"] = describe(model)
            model.save(base + ".keras_q.keras")
            if os.path.exists(base + ".jkeras_q.keras"):
                loaded = keras.models.load_model(base + ".jkeras_q.keras", compile=False)
                np.save(base + ".keras_reads_q.npy", np.asarray(loaded.predict(x, verbose=0)))
                result["jkeras_quantized"] = describe(loaded)
            result["error"] = None
        except Exception:
            result["error"] = traceback.format_exc()
        results[kind] = result
    with open(os.path.join(directory, "results.json"), "w") as f:
        json.dump(results, f, indent=1)


if __name__ == "__main__":
    main(sys.argv[1])
