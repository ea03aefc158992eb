"""Keras's int8 quantization as the judge of jkeras's (model.quantize("int8")).

For every kind in DIR/manifest.json (see per_kind.py):
- loads DIR/<kind>.keras (a float model jkeras wrote), predicts on DIR/<kind>.x.npy
  (<kind>.keras_float.npy), quantizes it with model.quantize("int8"), predicts again
  (<kind>.keras_int8.npy) and saves it as DIR/<kind>.keras_q.keras;
- loads DIR/<kind>.jkeras_q.keras (the same model quantized by jkeras) when it exists and predicts
  (<kind>.keras_reads_q.npy).
Per kind in DIR/results.json: describe() of the model Keras quantized and of jkeras's.
Usage: quantize.py DIR"""
import os
import sys
import warnings

import numpy as np

import per_kind


def judge(base, spec, result):
    x = np.load(base + ".x.npy")
    model = per_kind.load(base + ".keras")
    per_kind.predict(model, x, base + ".keras_float.npy")
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        model.quantize("int8")
    per_kind.predict(model, x, base + ".keras_int8.npy")
    result["keras_quantized"] = per_kind.describe(model)
    model.save(base + ".keras_q.keras")
    if os.path.exists(base + ".jkeras_q.keras"):
        loaded = per_kind.load(base + ".jkeras_q.keras")
        per_kind.predict(loaded, x, base + ".keras_reads_q.npy")
        result["jkeras_quantized"] = per_kind.describe(loaded)


if __name__ == "__main__":
    per_kind.run(sys.argv[1], judge)
