"""Keras's LoRA (lora_rank and enable_lora on Dense, EinsumDense, Embedding) as the judge of jkeras's.

For every kind in DIR/manifest.json ({kind: {"layer": name, "weights": n, "mode": m, "rank": r, "alpha": a}}):
- mode "build" (lora_rank given before build) and "enable" (enable_lora on the built layer): loads
  DIR/<kind>.keras (jkeras's LoRA model, the update merged into the kernel) and predicts on DIR/<kind>.x.npy
  (<kind>.keras_reads.npy); builds the same architecture from that file's config (for "enable" without the
  layer's lora_rank, then enable_lora(r, lora_alpha=a) once the base weights DIR/<kind>.w<i>.npy are set),
  sets the LoRA layer's weights to DIR/<kind>.w<i>.npy (Keras's order) and the other layers' to the loaded
  ones, predicts (<kind>.keras_pred.npy) and saves DIR/<kind>.keras_side.keras;
- mode "int8": loads DIR/<kind>.keras (the float model), quantizes it to int8, enable_lora(r, lora_alpha=a),
  sets LoRA's a and b to DIR/<kind>.lora0.npy and .lora1.npy, predicts (<kind>.keras_pred.npy), saves
  DIR/<kind>.keras_side.keras (Keras dequantizes, merges, quantizes again); loads it and jkeras's
  DIR/<kind>.jkeras_lora.keras and predicts with each (<kind>.keras_reads_own.npy, <kind>.keras_reads.npy);
  writes the LoRA layer's weights as each file loaded them, as float64 (<kind>.k_file.<i>.npy, .jk_file.<i>.npy).
Per kind in DIR/results.json: the LoRA layer's lora_rank, lora_alpha, its weights, trainable and
non-trainable weights (paths), whether jkeras's file loaded with LoRA's weights zero, and the lora_alpha
of DIR/<kind>.keras_side.keras loaded again (Dense's and Embedding's build reset it to the rank).
Usage: lora.py DIR"""
import sys
import warnings

import numpy as np

import keras
import per_kind


def lora_weights(layer):
    return [w for w in layer.weights if "lora_" in w.path]


def describe(layer, result):
    config = layer.get_config()
    result["lora_rank"] = config.get("lora_rank")
    result["lora_alpha"] = config.get("lora_alpha")
    result["weights"] = [w.path for w in layer.weights]
    result["trainable"] = [w.path for w in layer.trainable_weights]
    result["non_trainable"] = [w.path for w in layer.non_trainable_weights]


def float_model(base, spec, x, result):
    loaded = per_kind.load(base + ".keras")
    per_kind.predict(loaded, x, base + ".keras_reads.npy")
    result["loaded_lora_zero"] = all(not np.any(np.asarray(w)) for w in lora_weights(loaded.get_layer(spec["layer"])))
    config = loaded.get_config()
    if spec["mode"] == "enable":
        for layer_config in config["layers"]:
            if layer_config["config"]["name"] == spec["layer"]:
                layer_config["config"].pop("lora_rank", None)
                layer_config["config"].pop("lora_alpha", None)
    model = keras.Sequential.from_config(config)
    for other in model.layers:
        if other.name != spec["layer"]:
            other.set_weights(loaded.get_layer(other.name).get_weights())
    layer = model.get_layer(spec["layer"])
    values = [np.load(f"{base}.w{i}.npy") for i in range(spec["weights"])]
    if spec["mode"] == "enable":
        layer.set_weights(values[:-2])
        layer.enable_lora(spec["rank"], lora_alpha=spec["alpha"])
    layer.set_weights(values)
    per_kind.predict(model, x, base + ".keras_pred.npy")
    model.save(base + ".keras_side.keras")
    describe(layer, result)
    result["reloaded_alpha"] = per_kind.load(base + ".keras_side.keras").get_layer(spec["layer"]).lora_alpha


def int8_model(base, spec, x, result):
    model = per_kind.load(base + ".keras")
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        model.quantize("int8")
    layer = model.get_layer(spec["layer"])
    layer.enable_lora(spec["rank"], lora_alpha=spec["alpha"])
    for i, w in enumerate(lora_weights(layer)):
        w.assign(np.load(f"{base}.lora{i}.npy"))
    per_kind.predict(model, x, base + ".keras_pred.npy")
    describe(layer, result)
    model.save(base + ".keras_side.keras")
    for suffix, file in (("k_file", ".keras_side.keras"), ("jk_file", ".jkeras_lora.keras")):
        loaded = per_kind.load(base + file)
        per_kind.predict(loaded, x, base + (".keras_reads_own.npy" if suffix == "k_file" else ".keras_reads.npy"))
        for i, w in enumerate(loaded.get_layer(spec["layer"]).weights):
            np.save(f"{base}.{suffix}.{i}.npy", np.asarray(w).astype("float64"))
        if suffix == "k_file":
            result["reloaded_alpha"] = loaded.get_layer(spec["layer"]).lora_alpha
        if suffix == "jk_file":
            result["loaded_lora_zero"] = all(
                not np.any(np.asarray(w)) for w in lora_weights(loaded.get_layer(spec["layer"])))


def judge(base, spec, result):
    x = np.load(base + ".x.npy")
    if spec["mode"] == "int8":
        int8_model(base, spec, x, result)
    else:
        float_model(base, spec, x, result)


if __name__ == "__main__":
    per_kind.run(sys.argv[1], judge)
