"""Keras 3's summary table of Sequential models whose layers have several outputs (Bidirectional with
merge_mode=None, an RNN returning its states), for WrappersTest. Prints JSON {"name": [line, ...]}."""
import json

import keras_env  # noqa: F401  (imports Keras, sealed)
import keras
from keras import layers


def table(model):
    lines = []
    model.summary(print_fn=lambda text, **kwargs: lines.extend(text.split("\n")))
    return [line for line in lines if line.startswith("│")]


models = {
    "bidirectional_list": keras.Sequential([keras.Input((4, 2)),
                                            layers.Bidirectional(layers.SimpleRNN(2, name="bl"), merge_mode=None,
                                                                 name="bi_list")]),
    "bidirectional_states": keras.Sequential([keras.Input((4, 2)),
                                              layers.Bidirectional(layers.LSTM(3, return_sequences=True,
                                                                               return_state=True, name="bs"),
                                                                   merge_mode=None, name="bi_states")]),
}
print(json.dumps({name: table(model) for name, model in models.items()}))
