"""Keras writes, for every kind in interop_models.KINDS, OUT/<kind>.keras (compiled, after three
optimizer.apply steps with fixed gradients) and OUT/<kind>.weights.h5, the inputs <kind>.x<i>.npy, its predictions
<kind>.y<i>.npy and its optimizer variables <kind>.opt<i>.npy; and <kind>.int64.keras, the same file
with the int32 variables (iterations, Normalization's count) stored as int64, as the TensorFlow
backend stores them. Usage: keras_writes.py OUT"""
import json
import os
import shutil
import sys
import tempfile
import zipfile
import zlib

import h5py
import numpy as np

import interop_models as m
import keras


def moving_statistics(model, rng):
    """Non-trivial BatchNormalization moving statistics, since the numpy backend cannot fit."""
    for layer in model.layers:
        if isinstance(layer, keras.layers.BatchNormalization):
            layer.moving_mean.assign(rng.standard_normal(layer.moving_mean.shape).astype("float32"))
            layer.moving_variance.assign(rng.uniform(0.5, 2, layer.moving_variance.shape).astype("float32"))


def train_steps(model, rng, steps=3):
    variables = model.trainable_variables
    model.optimizer.build(variables)
    for _ in range(steps):
        grads = [rng.standard_normal(v.shape).astype("float32") * 0.1 for v in variables]
        model.optimizer.apply(grads, variables)


def with_int64(source, target):
    """Copies a .keras file with every int32 weight rewritten as int64."""
    work = tempfile.mkdtemp()
    try:
        with zipfile.ZipFile(source) as z:
            z.extractall(work)
        with h5py.File(os.path.join(work, "model.weights.h5"), "r+") as h5:
            int32 = []
            h5.visititems(lambda name, obj: int32.append(name)
                          if isinstance(obj, h5py.Dataset) and obj.dtype == np.int32 else None)
            for name in int32:
                value = h5[name][()]
                del h5[name]
                h5.create_dataset(name, data=np.asarray(value, dtype=np.int64))
        with zipfile.ZipFile(target, "w") as z:
            for entry in ("metadata.json", "config.json", "model.weights.h5"):
                z.write(os.path.join(work, entry), entry)
        return len(int32)
    finally:
        shutil.rmtree(work)


def main(out):
    manifest = {}
    for kind in m.KINDS:
        rng = np.random.default_rng(zlib.crc32(kind.encode()))
        keras.utils.set_random_seed(1)
        model = m.build(kind)
        moving_statistics(model, rng)
        train_steps(model, rng)
        xs = m.inputs(kind, rng)
        ys = m.predictions(model, xs)
        opt = m.optimizer_values(model)
        path = os.path.join(out, kind + ".keras")
        model.save(path)
        model.save_weights(os.path.join(out, kind + ".weights.h5"))
        for prefix, arrays in (("x", xs), ("y", ys), ("opt", opt)):
            for i, a in enumerate(arrays):
                np.save(os.path.join(out, "%s.%s%d.npy" % (kind, prefix, i)), a)
        int64 = with_int64(path, os.path.join(out, kind + ".int64.keras"))
        manifest[kind] = {"inputs": len(xs), "outputs": len(ys), "optimizer_variables": len(opt),
                          "int32_weights": int64}
    with open(os.path.join(out, "manifest.json"), "w") as f:
        json.dump(manifest, f, indent=1)


if __name__ == "__main__":
    main(sys.argv[1])
