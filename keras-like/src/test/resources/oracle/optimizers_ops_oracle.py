"""Keras's side of the optimizer, schedule and ops conformance suites. Usage: optimizers_ops_oracle.py DIR

DIR/cases.json lists the cases (written by the Java tests); every array is DIR/<name>.npy. For each case
the answers go to DIR/out/ as .npy files and DIR/answers.json:
- optimizers: Keras builds the optimizer from `kwargs` (its constructor's arguments) and from jkeras's
  config (`from_config`), then applies the gradients step by step with `optimizer.apply(grads, vars)`;
  after each step it saves the variables and `optimizer.variables`. The gradients are scaled with
  `optimizer.scale_loss` first, as Keras's train step scales the loss; a case's `options` may ask for
  `finalize` (Keras's end of fit after every step) or an `inf_step` (an infinite gradient at that step).
- schedules: Keras's schedule from `kwargs` and from jkeras's config, evaluated at `steps`.
- ops: `expr` evaluated with `ops` (keras.ops), `np`, and the case's inputs bound to a, b, c, ...
"""
import json
import os
import sys
import traceback

import numpy as np

import keras
from keras import ops


def load(directory, name):
    return np.load(os.path.join(directory, name + ".npy"))


def plain(value):
    """A config value as JSON: numpy scalars and tuples become numbers and lists."""
    if isinstance(value, dict):
        return {k: plain(v) for k, v in value.items()}
    if isinstance(value, (list, tuple)):
        return [plain(v) for v in value]
    if isinstance(value, np.generic):
        return value.item()
    return value


def optimizer_case(directory, out, case, variables, gradients):
    cls = getattr(keras.optimizers, case["class_name"])
    kwargs = dict(case["kwargs"])
    if isinstance(kwargs.get("learning_rate"), dict):
        kwargs["learning_rate"] = keras.optimizers.schedules.deserialize(kwargs["learning_rate"])
    if isinstance(kwargs.get("inner_optimizer"), dict):
        kwargs["inner_optimizer"] = keras.optimizers.deserialize(kwargs["inner_optimizer"])
    options = case.get("options", {})
    optimizer = cls(**kwargs)
    answer = {"config": plain(optimizer.get_config())}
    restored = cls.from_config(case["jconfig"])
    answer["restored_config"] = plain(restored.get_config())
    vars_ = [keras.Variable(load(directory, v), name=v) for v in variables]
    slots = []
    for step, grads in enumerate(gradients):
        grads = [load(directory, g) for g in grads]
        if step == options.get("inf_step"):
            grads[0] = grads[0].copy()
            grads[0].flat[0] = np.inf
        # As Keras's train step: the gradients are those of the scaled loss (`optimizer.scale_loss`).
        grads = [np.asarray(optimizer.scale_loss(g), dtype="float32") for g in grads]
        optimizer.apply(grads, vars_)
        if options.get("finalize"):
            # jkeras runs one `fit` per step, and Keras's fit ends with `finalize_variable_values`.
            optimizer.finalize_variable_values(vars_)
        for j, v in enumerate(vars_):
            np.save(os.path.join(out, "%s_step%d_var%d.npy" % (case["label"], step, j)), np.asarray(v.numpy()))
        for j, v in enumerate(optimizer.variables):
            np.save(os.path.join(out, "%s_step%d_slot%d.npy" % (case["label"], step, j)), np.asarray(v.numpy()))
        slots = [(v.path, list(v.shape), str(v.dtype)) for v in optimizer.variables]
    answer["optimizer_variables"] = slots
    return answer


def schedule_case(case):
    cls = getattr(keras.optimizers.schedules, case["class_name"])
    schedule = cls(**case["kwargs"])
    restored = cls.from_config(case["jconfig"])
    return {
        "config": plain(schedule.get_config()),
        "restored_config": plain(restored.get_config()),
        "values": [float(schedule(step)) for step in case["steps"]],
        "restored_values": [float(restored(step)) for step in case["steps"]],
    }


def op_case(directory, out, case):
    scope = {"ops": ops, "np": np, "keras": keras}
    for letter, name in zip("abcdefgh", case["inputs"]):
        scope[letter] = load(directory, name)
    result = eval(case["expr"], scope)
    results = list(result) if isinstance(result, (list, tuple)) else [result]
    dtypes = []
    for j, r in enumerate(results):
        array = np.array(ops.convert_to_numpy(r), order="C")
        dtypes.append(str(array.dtype))
        np.save(os.path.join(out, "%s_%d.npy" % (case["label"], j)), array)
    return {"count": len(results), "dtypes": dtypes}


def main(directory):
    with open(os.path.join(directory, "cases.json")) as f:
        cases = json.load(f)
    out = os.path.join(directory, "out")
    os.makedirs(out, exist_ok=True)
    answers = {"optimizers": {}, "schedules": {}, "ops": {}}
    for case in cases.get("optimizers", []):
        try:
            answers["optimizers"][case["label"]] = optimizer_case(
                directory, out, case, cases["variables"], cases["gradients"])
        except Exception:
            answers["optimizers"][case["label"]] = {"error": traceback.format_exc()}
    for case in cases.get("schedules", []):
        try:
            answers["schedules"][case["label"]] = schedule_case(case)
        except Exception:
            answers["schedules"][case["label"]] = {"error": traceback.format_exc()}
    for case in cases.get("ops", []):
        try:
            answers["ops"][case["label"]] = op_case(directory, out, case)
        except Exception:
            answers["ops"][case["label"]] = {"error": traceback.format_exc()}
    with open(os.path.join(directory, "answers.json"), "w") as f:
        json.dump(answers, f)


if __name__ == "__main__":
    main(sys.argv[1])
