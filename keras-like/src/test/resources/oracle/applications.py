"""Keras applications as Keras 3.15.1 builds them, in one launch. Usage: applications.py DIR

DIR/spec.json lists cases {"id", "app", "kwargs", "predict": {"batch", "seed"} or absent}. For each
case Keras builds keras.applications.<app>(**kwargs) (weights=None) and prints @@<id>.total,
.trainable, .non_trainable (parameter counts), .layers (JSON [[name, class], ...] after the input),
.output_shape and .dropouts (JSON [[name, rate, noise_shape], ...] of the Dropout layers). A case with "predict" gets random weights (seeded), saved as DIR/<id>.weights.h5
(model.save_weights), DIR/<id>.h5 (legacy_h5_format.save_weights_to_hdf5_group, Keras 3's legacy
layout) and DIR/<id>.keras2.h5 (the layout of the files Keras distributes in ~/.keras/models,
written by Keras 2: root layer_names/backend/keras_version, each layer's weight_names
"<layer>/<weight>:0"); Keras loads the two .h5 files back into a fresh model (load_weights, as the
applications do) and checks they predict the same; it saves the input DIR/<id>.x.npy and
predictions DIR/<id>.y.npy; then other random weights, DIR/<id>.alt.weights.h5 and their
predictions DIR/<id>.alt.y.npy.
Then preprocess_input of DIR/images.npy in each mode (DIR/pre_<mode>.npy, and channels_first
pre_<mode>_cf.npy of DIR/images_cf.npy), and decode_predictions of DIR/preds.npy with the class
index DIR/class_index.json, top 3 (@@decoded=JSON).
"""
import json
import os
import sys

import h5py
import numpy as np

import keras
from keras.src.applications import imagenet_utils
from keras.src.legacy.saving import legacy_h5_format


def randomize(model, seed):
    rng = np.random.default_rng(seed)
    for layer in model.layers:
        values = []
        for w in layer.weights:
            shape = tuple(w.shape)
            name = w.path.split("/")[-1]
            if "int" in str(w.dtype):
                values.append(keras.ops.convert_to_numpy(w))
                continue
            if name in ("moving_variance", "variance"):
                v = rng.uniform(0.5, 1.5, shape)
            elif name == "gamma":
                v = rng.uniform(0.5, 1.5, shape)
            elif len(shape) <= 1:
                v = rng.normal(0, 0.1, shape)
            else:
                fan_in = int(np.prod(shape[:-1]))
                v = rng.normal(0, 1.0 / np.sqrt(fan_in), shape)
            values.append(v.astype("float32"))
        if values:
            layer.set_weights(values)


def keras2_layout(model, path):
    with h5py.File(path, "w") as f:
        f.attrs["layer_names"] = [l.name.encode("utf8") for l in model.layers]
        f.attrs["backend"] = b"tensorflow"
        f.attrs["keras_version"] = b"2.2.4"
        for layer in model.layers:
            g = f.create_group(layer.name)
            weights = layer.trainable_weights + layer.non_trainable_weights
            names = ["%s/%s:0" % (layer.name, w.path.split("/")[-1]) for w in weights]
            g.attrs["weight_names"] = [n.encode("utf8") for n in names]
            for n, w in zip(names, weights):
                g.create_dataset(n, data=keras.ops.convert_to_numpy(w))


def main(d):
    with open(os.path.join(d, "spec.json")) as f:
        spec = json.load(f)
    for case in spec:
        cid = case["id"]
        kwargs = dict(case["kwargs"])
        kwargs.setdefault("weights", None)
        build = getattr(keras.applications, case["app"])
        model = build(**kwargs)
        trainable = sum(int(np.prod(w.shape)) for w in model.trainable_weights)
        non_trainable = sum(int(np.prod(w.shape)) for w in model.non_trainable_weights)
        print("@@%s.total=%d" % (cid, model.count_params()))
        print("@@%s.trainable=%d" % (cid, trainable))
        print("@@%s.non_trainable=%d" % (cid, non_trainable))
        print("@@%s.layers=%s" % (cid, json.dumps([[l.name, type(l).__name__] for l in model.layers[1:]])))
        print("@@%s.name=%s" % (cid, model.name))
        print("@@%s.output_shape=%s" % (cid, json.dumps(list(model.output.shape))))
        dropouts = [[l.name, l.rate, None if l.noise_shape is None else list(l.noise_shape)]
                    for l in model.layers if type(l).__name__ == "Dropout"]
        print("@@%s.dropouts=%s" % (cid, json.dumps(dropouts)))
        if "predict" in case:
            p = case["predict"]
            randomize(model, p["seed"])
            model.save_weights(os.path.join(d, cid + ".weights.h5"))
            with h5py.File(os.path.join(d, cid + ".h5"), "w") as f:
                legacy_h5_format.save_weights_to_hdf5_group(f, model)
            keras2_layout(model, os.path.join(d, cid + ".keras2.h5"))
            shape = [p["batch"]] + list(model.input.shape[1:])
            x = np.random.default_rng(p["seed"] + 1).uniform(-1, 1, shape).astype("float32")
            y = model.predict(x, verbose=0)
            for suffix in (".h5", ".keras2.h5"):
                again = build(**kwargs)
                again.load_weights(os.path.join(d, cid + suffix))
                np.testing.assert_allclose(again.predict(x, verbose=0), y, rtol=1e-5, atol=1e-6)
            np.save(os.path.join(d, cid + ".x.npy"), x)
            np.save(os.path.join(d, cid + ".y.npy"), y)
            randomize(model, p["seed"] + 2)
            model.save_weights(os.path.join(d, cid + ".alt.weights.h5"))
            np.save(os.path.join(d, cid + ".alt.y.npy"), model.predict(x, verbose=0))
    images = np.load(os.path.join(d, "images.npy"))
    images_cf = np.load(os.path.join(d, "images_cf.npy"))
    for mode in ("caffe", "tf", "torch"):
        np.save(os.path.join(d, "pre_%s.npy" % mode),
                imagenet_utils.preprocess_input(images.copy(), mode=mode))
        np.save(os.path.join(d, "pre_%s_cf.npy" % mode),
                imagenet_utils.preprocess_input(images_cf.copy(), data_format="channels_first", mode=mode))
    with open(os.path.join(d, "class_index.json")) as f:
        imagenet_utils.CLASS_INDEX = json.load(f)
    decoded = imagenet_utils.decode_predictions(np.load(os.path.join(d, "preds.npy")), top=3)
    print("@@decoded=%s" % json.dumps([[[c, n, float(s)] for c, n, s in r] for r in decoded]))


if __name__ == "__main__":
    main(sys.argv[1])
