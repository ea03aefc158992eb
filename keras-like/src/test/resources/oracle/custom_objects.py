"""Custom objects both ways, in one launch. Usage: custom_objects.py DIR

Keras reads DIR/jkeras_custom.keras (written by jkeras with a Loss.of lambda named my_pkg>scaled_mse
and the registered metric jkeras_test>MeanPrediction) with custom_objects and compile=True, and
prints whether it compiled, its loss, and the largest difference of its predictions (for
DIR/jkeras_x.npy) from DIR/jkeras_y.npy and of its optimizer variables from the file's.
Then Keras writes DIR/keras_custom.keras, compiled with the registered function loss
my_pkg>scaled_mse and the registered metric class my_pkg>MeanPrediction after three
optimizer.apply steps, with keras_x.npy, keras_y.npy, keras_opt<i>.npy and its evaluate() results."""
import json
import os
import sys

import numpy as np

import keras
from keras import ops


@keras.saving.register_keras_serializable(package="my_pkg")
def scaled_mse(y_true, y_pred):
    return 2.0 * ops.mean(ops.square(y_true - y_pred), axis=-1)


@keras.saving.register_keras_serializable(package="my_pkg")
class MeanPrediction(keras.metrics.Mean):
    def update_state(self, y_true, y_pred, sample_weight=None):
        return super().update_state(ops.mean(y_pred, axis=-1), sample_weight=sample_weight)


def report(key, value):
    print("@@%s=%s" % (key, json.dumps(value)))


def keras_reads(d):
    path = os.path.join(d, "jkeras_custom.keras")
    custom = {"my_pkg>scaled_mse": scaled_mse, "jkeras_test>MeanPrediction": MeanPrediction}
    model = keras.models.load_model(path, custom_objects=custom, compile=True)
    report("reads.compiled", bool(model.compiled))
    report("reads.loss", getattr(model.loss, "__name__", str(model.loss)))
    report("reads.metrics", [type(m).__name__ for m in model._compile_metrics._user_metrics]
           if hasattr(model, "_compile_metrics") and model._compile_metrics is not None else [])
    y = model.predict(np.load(os.path.join(d, "jkeras_x.npy")), verbose=0)
    report("reads.prediction_diff", float(np.max(np.abs(y - np.load(os.path.join(d, "jkeras_y.npy"))))))
    i = 0
    diffs = []
    for v in model.optimizer.variables:
        saved = np.load(os.path.join(d, "jkeras_opt%d.npy" % i))
        diffs.append(float(np.max(np.abs(np.asarray(v.numpy(), dtype="float64") - saved))) if saved.size else 0.0)
        i += 1
    report("reads.optimizer_variables", i)
    report("reads.optimizer_diff", max(diffs) if diffs else None)


def keras_writes(d):
    rng = np.random.default_rng(5)
    keras.utils.set_random_seed(3)
    model = keras.Sequential([keras.Input((4,)), keras.layers.Dense(3, activation="tanh"), keras.layers.Dense(2)])
    model.compile(optimizer=keras.optimizers.Adam(0.01), loss=scaled_mse,
                  metrics=[MeanPrediction(name="mean_prediction")])
    variables = model.trainable_variables
    model.optimizer.build(variables)
    for _ in range(3):
        model.optimizer.apply([rng.standard_normal(v.shape).astype("float32") * 0.1 for v in variables], variables)
    x = rng.standard_normal((5, 4)).astype("float32")
    y_true = rng.standard_normal((5, 2)).astype("float32")
    np.save(os.path.join(d, "keras_x.npy"), x)
    np.save(os.path.join(d, "keras_t.npy"), y_true)
    np.save(os.path.join(d, "keras_y.npy"), model.predict(x, verbose=0))
    for i, v in enumerate(model.optimizer.variables):
        np.save(os.path.join(d, "keras_opt%d.npy" % i), np.asarray(v.numpy()))
    report("writes.optimizer_variables", len(model.optimizer.variables))
    report("writes.evaluate", model.evaluate(x, y_true, batch_size=5, verbose=0, return_dict=True))
    model.save(os.path.join(d, "keras_custom.keras"))


if __name__ == "__main__":
    keras_reads(sys.argv[1])
    keras_writes(sys.argv[1])
