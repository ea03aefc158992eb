"""Keras's answers for jkeras's conformance suite of activations, initializers, regularizers, constraints,
losses and metrics. Usage: objects_conformance.py CASES_JSON RESULTS_JSON

CASES_JSON holds {"cases": [...]}; each case has an "id", a "kind" and the fields its kind reads (arrays as
nested lists). RESULTS_JSON gets, by id, what Keras computed ("value", "per_sample", "moments", "config",
...) or, when Keras raised, {"error": "<ExceptionType>: <message>"}. One launch answers the whole suite."""
import json
import sys

import numpy as np

import keras
from keras.src.losses.losses import LossFunctionWrapper
from keras.src.trainers.compile_utils import get_metric


def array(value, dtype="float32"):
    return np.asarray(value, dtype=dtype)


def plain(value):
    """JSON-ready numbers, lists and dicts (numpy scalars and arrays become Python ones)."""
    if isinstance(value, dict):
        return {k: plain(v) for k, v in value.items()}
    if isinstance(value, (list, tuple)):
        return [plain(v) for v in value]
    if isinstance(value, np.ndarray):
        return plain(value.tolist())
    if isinstance(value, np.generic):
        return value.item()
    if isinstance(value, float) and not np.isfinite(value):
        return repr(value)
    return value


def deserialized(serialized):
    """The Keras object a jkeras-serialized dict names, and its own config (what Keras's from_config made)."""
    obj = keras.saving.deserialize_keras_object(serialized)
    return obj, obj.get_config()


def activation(case):
    fn = keras.activations.get(case["name"])
    return {"value": np.asarray(fn(array(case["x"])))}


def moments(values):
    v = np.asarray(values, dtype="float64")
    out = {"mean": v.mean(), "std": v.std(), "min": v.min(), "max": v.max()}
    if v.ndim >= 2:
        flat = v.reshape(-1, v.shape[-1])
        gram = flat.T @ flat if flat.shape[0] >= flat.shape[1] else flat @ flat.T
        out["gram_diagonal_mean"] = float(np.mean(np.diag(gram)))
        out["gram_off_diagonal_max"] = float(np.max(np.abs(gram - np.diag(np.diag(gram)))))
    return out


def initializer(case):
    obj, config = deserialized(case["serialized"])
    values = np.asarray(obj(tuple(case["shape"]), dtype="float32"))
    result = {"config": config, "moments": moments(values)}
    if case.get("deterministic"):
        result["value"] = values
    return result


def regularizer(case):
    obj, config = deserialized(case["serialized"])
    return {"config": config, "value": float(np.asarray(obj(array(case["w"]))))}


def constraint(case):
    obj, config = deserialized(case["serialized"])
    return {"config": config, "value": np.asarray(obj(array(case["w"])))}


def loss_object(spec):
    """A Keras loss from a name (as compile takes it) or from jkeras's saved form of a loss object."""
    if isinstance(spec, str):
        found = keras.losses.get(spec)
        return found if isinstance(found, keras.losses.Loss) else LossFunctionWrapper(found, name=spec)
    return keras.saving.deserialize_keras_object(spec)


def targets(case):
    return array(case["y_true"], case.get("y_true_dtype", "float32"))


def loss(case):
    obj = loss_object(case["loss"])
    y_true, y_pred = targets(case), array(case["y_pred"])
    weight = case.get("sample_weight")
    result = {"per_sample": np.asarray(obj.call(y_true, y_pred)),
              "value": float(np.asarray(obj(y_true, y_pred, sample_weight=None if weight is None else array(weight))))}
    result["config"] = obj.get_config()
    return result


def metric_object(spec, y_true, y_pred):
    if isinstance(spec, str):
        return get_metric(spec, y_true, y_pred)
    return keras.saving.deserialize_keras_object(spec)


def result_value(result):
    """A scalar result as a float; a vector result (F1Score average=None, several thresholds) as a list."""
    value = np.asarray(result)
    return float(value) if value.ndim == 0 else value


def metric(case):
    batches = case["batches"]
    first = batches[0]
    if "values" in first:
        obj = getattr(keras.metrics, case["metric"].get("class_name", "Mean"))(**case["metric"]["config"])
        for batch in batches:
            weight = batch.get("sample_weight")
            obj.update_state(array(batch["values"]), sample_weight=None if weight is None else array(weight))
        return {"value": result_value(obj.result()), "config": obj.get_config()}
    obj = metric_object(case["metric"], array(first["y_true"], first.get("y_true_dtype", "float32")),
                        array(first["y_pred"]))
    for batch in batches:
        weight = batch.get("sample_weight")
        obj.update_state(array(batch["y_true"], batch.get("y_true_dtype", "float32")), array(batch["y_pred"]),
                         sample_weight=None if weight is None else array(weight))
    value = result_value(obj.result())
    obj.reset_state()
    obj.update_state(array(first["y_true"], first.get("y_true_dtype", "float32")), array(first["y_pred"]))
    return {"value": value, "after_reset": result_value(obj.result()), "config": obj.get_config(),
            "class_name": type(obj).__name__}


KINDS = {"activation": activation, "initializer": initializer, "regularizer": regularizer,
         "constraint": constraint, "loss": loss, "metric": metric}


def main(cases_path, results_path):
    with open(cases_path) as f:
        cases = json.load(f)["cases"]
    results = {}
    for case in cases:
        try:
            results[case["id"]] = plain(KINDS[case["kind"]](case))
        except Exception as e:  # the error is the answer for bad-input cases
            results[case["id"]] = {"error": type(e).__name__ + ": " + str(e)}
    with open(results_path, "w") as f:
        json.dump(results, f)
    print(len(results), "cases")


if __name__ == "__main__":
    main(sys.argv[1], sys.argv[2])
