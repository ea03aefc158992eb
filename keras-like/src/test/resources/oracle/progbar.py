"""Keras 3's progress output, with a scripted clock. Usage: progbar.py CASES.json
CASES.json: {"name": case, ...}. A case drives either keras.utils.Progbar ("kind": "progbar", with
"target" (null when unknown), "verbose", "start" and "updates": [[current, time, [[name, value], ...],
finalize (null for the default)], ...]) or keras.callbacks.ProgbarLogger through a CallbackList ("kind":
"logger", with "params" for set_params and "events": [[time, method, arg or null, logs or null], ...],
where method is a Callback method such as "on_train_batch_end"). time.time() returns each update's or
event's time; the logger's bars read the clock once when created (at "start"). Prints JSON
{"name": "everything written to stdout", ...}."""
import io
import json
import sys

import keras_env  # noqa: F401  (imports Keras, sealed)
from keras.src.callbacks.callback_list import CallbackList
from keras.src.callbacks.progbar_logger import ProgbarLogger
from keras.src.utils import progbar as progbar_module


class Clock:
    def __init__(self, now):
        self.now = now

    def time(self):
        return self.now


def run_progbar(case, clock):
    clock.now = case["start"]
    bar = progbar_module.Progbar(case["target"], verbose=case["verbose"], stateless_metrics=set())
    for current, now, values, finalize in case["updates"]:
        clock.now = now
        bar.update(current, [tuple(v) for v in values], finalize=finalize)


def run_logger(case, clock):
    clock.now = case["start"]
    callbacks = CallbackList([ProgbarLogger()], **case["params"])
    for now, method, arg, logs in case["events"]:
        clock.now = now
        function = getattr(callbacks, method)
        if arg is None:
            function(logs)
        else:
            function(arg, logs)


def main(path):
    with open(path) as f:
        cases = json.load(f)
    clock = Clock(0.0)
    progbar_module.time = clock
    printed = {}
    real_stdout = sys.stdout
    for name, case in cases.items():
        sys.stdout = io.StringIO()
        try:
            (run_progbar if case["kind"] == "progbar" else run_logger)(case, clock)
            printed[name] = sys.stdout.getvalue()
        finally:
            sys.stdout = real_stdout
    print(json.dumps(printed))


if __name__ == "__main__":
    main(sys.argv[1])
