"""Keras's side of the layer contract (LayerContractTest): for every case in DIR/cases.json, build the layer
from Keras's constructor call (case["keras"], keyword arguments only, named as jkeras named it; a wrapper's
layer is a nested call, StackedRNNCells's cells a list of calls), call it on
DIR/<id>.x<i>.npy (with masks <id>.m<i>.npy when given) to build it, copy jkeras's weights <id>.w<i>.npy in
with set_weights, and write its outputs <id>.keras_y<i>.npy (training mode: keras_ty, then its weights
after that call: keras_tw), its output mask
<id>.keras_mask0.npy, and in DIR/results.json per case: its config, its serialized form, the config of the
layer Keras rebuilds from jkeras's config, weights (path, shape, trainable), count_params, and the symbolic
output shapes plus parameter count of a fresh layer (the summary row); or the error (Python's traceback).
Usage: layer_contract.py DIR"""
import ast
import json
import os
import sys
import traceback

import numpy as np

import keras


@keras.saving.register_keras_serializable(package="Custom")
def double(x):
    return x * 2


@keras.saving.register_keras_serializable(package="Custom")
def row_sum(x):
    return keras.ops.sum(x, axis=-1, keepdims=True)


def construct(call, name):
    return construct_node(ast.parse(call, mode="eval").body, name, call)


def construct_node(node, name, call):
    """A layer from Layer(keyword=value, ...); a value may itself be a layer call (a wrapper's layer)."""
    if not isinstance(node, ast.Call) or node.args:
        raise ValueError("expected Layer(keyword=value, ...), got %r" % call)
    kwargs = {k.arg: argument(k.value, call) for k in node.keywords}
    if name is not None:
        kwargs["name"] = name
    if node.func.id == "Lambda":
        kwargs["function"] = keras.saving.get_registered_object(kwargs["function"])
    return getattr(keras.layers, node.func.id)(**kwargs)


def argument(value, call):
    """A keyword's value: a literal, a layer call, or a list of layer calls (StackedRNNCells's cells)."""
    if isinstance(value, ast.Call):
        return construct_node(value, None, call)
    if isinstance(value, ast.List) and any(isinstance(e, ast.Call) for e in value.elts):
        return [argument(e, call) for e in value.elts]
    return ast.literal_eval(value)


def is_wrapper(layer):
    return isinstance(layer, (keras.layers.Wrapper, keras.layers.Bidirectional)) or type(layer) is keras.layers.RNN


def jsonable(value):
    return json.loads(json.dumps(value, default=lambda o: o.tolist() if hasattr(o, "tolist") else str(o)))


def shape_list(shape):
    return [None if d is None else int(d) for d in shape]


def load(directory, case_id, prefix, count):
    return [np.load(os.path.join(directory, "%s.%s%d.npy" % (case_id, prefix, i))) for i in range(count)]


def invoke(layer, xs, **kwargs):
    """layer(x), layer([x1, x2]), or layer(x1, x2) for calls of separate tensors (MultiHeadAttention's)."""
    if len(xs) > 1 and next(iter(layer._call_signature.parameters)) != "inputs":
        return layer(*xs, **kwargs)
    return layer(xs[0] if len(xs) == 1 else xs, **kwargs)


def call(layer, xs, masks, training):
    kwargs = {}
    if masks and "mask" in layer._call_signature.parameters:
        kwargs["mask"] = masks[0] if len(masks) == 1 else masks
    if training:
        kwargs["training"] = True
    elif "training" in layer._call_signature.parameters:
        kwargs["training"] = False
    outputs = keras.tree.flatten(invoke(layer, xs, **kwargs))  # RNN(StackedRNNCells)'s states are nested per cell
    return [np.asarray(keras.ops.convert_to_numpy(o)) for o in outputs]


def run(directory, case):
    case_id = case["id"]
    layer = construct(case["keras"], case["name"])
    result = {"error": None}
    xs = load(directory, case_id, "x", case["inputs"])
    masks = load(directory, case_id, "m", case["inputs"]) if case["masked"] else []
    weights = [np.load(os.path.join(directory, "%s.w%d.npy" % (case_id, i)))
               for i in range(len(case["weights"]))]
    if case["callable"]:
        if is_wrapper(layer):
            # built on symbolic inputs, as jkeras builds it, so the nested layers' build_config has no batch size
            layer([keras.Input(shape=tuple(s), dtype=case["input_dtype"]) for s in case["input_shapes"]][0])
        call(layer, xs, masks, False)
    elif weights:
        layer.build(tuple([None] + case["input_shapes"][0]))
    if weights:
        layer.set_weights(weights)
        if hasattr(layer, "finalize_state"):
            layer.finalize_state()
    result["config"] = jsonable(layer.get_config())
    result["serialized"] = jsonable(keras.saving.serialize_keras_object(layer))
    result["weights"] = [[w.path, shape_list(w.shape), bool(w.trainable)] for w in layer.weights]
    result["count_params"] = int(layer.count_params()) if layer.built else 0
    try:
        rebuilt = type(layer).from_config(case["config"])
        result["keras_from_jkeras_config"] = jsonable(rebuilt.get_config())
        result["keras_from_jkeras_config_error"] = None
    except Exception:
        result["keras_from_jkeras_config_error"] = traceback.format_exc()
    if not case["callable"]:
        return result
    for prefix, training in (("keras_y", False), ("keras_ty", True)):
        if training and not case["training"]:
            continue
        for i, y in enumerate(call(layer, xs, masks, training)):
            np.save(os.path.join(directory, "%s.%s%d.npy" % (case_id, prefix, i)), y)
        if training:
            for i, w in enumerate(layer.get_weights()):
                np.save(os.path.join(directory, "%s.keras_tw%d.npy" % (case_id, i)), w)
    x = xs[0] if len(xs) == 1 else xs
    mask_in = None if not masks else (masks[0] if len(masks) == 1 else masks)
    mask = layer.compute_mask(x, mask_in)
    if isinstance(mask, (list, tuple)):
        mask = mask[0]
    result["mask_is_none"] = mask is None
    if mask is not None:
        np.save(os.path.join(directory, "%s.keras_mask0.npy" % case_id), np.asarray(mask))
    fresh = type(layer).from_config(layer.get_config())
    inputs = [keras.Input(shape=tuple(s), dtype=case["input_dtype"]) for s in case["input_shapes"]]
    outputs = keras.tree.flatten(invoke(fresh, inputs))
    result["summary_shapes"] = [shape_list(o.shape) for o in outputs] + [int(fresh.count_params())]
    return result


def main(directory):
    with open(os.path.join(directory, "cases.json")) as f:
        cases = json.load(f)["cases"]
    results = {}
    for case in cases:
        try:
            results[case["id"]] = run(directory, case)
        except Exception:
            results[case["id"]] = {"error": traceback.format_exc()}
    with open(os.path.join(directory, "results.json"), "w") as f:
        json.dump({k: {("keras_" + key if key != "error" and not key.startswith("keras_") else key): value
                       for key, value in v.items()} for k, v in results.items()}, f)


if __name__ == "__main__":
    main(sys.argv[1])
