"""Keras's LoRA (lora_rank on Dense, EinsumDense, Embedding) as the judge of jkeras's.

For every kind in DIR/manifest.json ({kind: {"layer": name, "weights": n}}):
- loads DIR/<kind>.keras (a LoRA model jkeras saved, the update merged into the kernel) and predicts
  on DIR/<kind>.x.npy (<kind>.keras_reads.npy);
- rebuilds the same architecture from that file's config, sets the LoRA layer's weights to
  DIR/<kind>.w<i>.npy (Keras's order: kernel, bias, lora a, lora b) and the other layers' weights to
  the loaded ones, predicts (<kind>.keras_pred.npy)
  and saves it as DIR/<kind>.keras_side.keras.
Writes DIR/results.json: per kind the error (traceback) or the LoRA layer's lora_rank, lora_alpha,
its weights, trainable and non-trainable weights (paths) once rebuilt, and whether the loaded
model's LoRA weights are all zero.
Usage: lora.py DIR"""
import json
import os
import sys
import traceback
import warnings

import numpy as np

import keras


def main(directory):
    with open(os.path.join(directory, "manifest.json")) as f:
        manifest = json.load(f)
    results = {}
    for kind, spec in manifest.items():
        base = os.path.join(directory, kind)
        result = {}
        try:
            x = np.load(base + ".x.npy")
            with warnings.catch_warnings():
                warnings.simplefilter("ignore")
                loaded = keras.models.load_model(base + ".keras", compile=False)
            np.save(base + ".keras_reads.npy", np.asarray(loaded.predict(x, verbose=0)))
            loaded_layer = loaded.get_layer(spec["layer"])
            result["loaded_lora_zero"] = all(
                not np.any(np.asarray(w)) for w in loaded_layer.weights if "lora_" in w.path)
            model = keras.Sequential.from_config(loaded.get_config())
            for other in model.layers:
                if other.name != spec["layer"]:
                    other.set_weights(loaded.get_layer(other.name).get_weights())
            layer = model.get_layer(spec["layer"])
            layer.set_weights([np.load(f"{base}.w{i}.npy") for i in range(spec["weights"])])
            np.save(base + ".keras_pred.npy", np.asarray(model.predict(x, verbose=0)))
            model.save(base + ".keras_side.keras")
            config = layer.get_config()
            result["lora_rank"] = config.get("lora_rank")
            result["lora_alpha"] = config.get("lora_alpha")
            result["weights"] = [w.path for w in layer.weights]
            result["trainable"] = [w.path for w in layer.trainable_weights]
            result["non_trainable"] = [w.path for w in layer.non_trainable_weights]
            result["error"] = None
        except Exception:
            result["error"] = traceback.format_exc()
        results[kind] = result
    with open(os.path.join(directory, "results.json"), "w") as f:
        json.dump(results, f, indent=1)


if __name__ == "__main__":
    main(sys.argv[1])
