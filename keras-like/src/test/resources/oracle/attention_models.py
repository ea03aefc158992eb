"""Keras's side of AttentionLayersTest: models with MultiHeadAttention, Attention and AdditiveAttention
(masks from Embedding(mask_zero=True), attention_mask, key, use_causal_mask, return_attention_scores).
Usage: attention_models.py write DIR  -- builds each model with seeded weights, saves DIR/keras_<name>.keras and
                                         writes its predictions on DIR/<name>_x<i>.npy as DIR/keras_<name>_y<i>.npy
       attention_models.py read DIR   -- loads DIR/jkeras_<name>.keras (written by jkeras) and writes its
                                         predictions as DIR/keras_reads_<name>_y<i>.npy
The models' names are in DIR/names.json."""
import json
import os
import sys

import numpy as np

import keras
from keras import layers


def self_masked():
    tokens = keras.Input((6,), dtype="int32", name="tokens")
    x = layers.Embedding(20, 8, mask_zero=True, name="embed")(tokens)
    y = layers.MultiHeadAttention(num_heads=2, key_dim=4, name="mha")(x, x)
    pooled = layers.GlobalAveragePooling1D(name="pool")(y)
    return keras.Model(tokens, [y, pooled], name="self_masked")


def cross_options():
    q = keras.Input((4, 6), name="q")
    v = keras.Input((5, 3), name="v")
    k = keras.Input((5, 2), name="k")
    m = keras.Input((4, 5), dtype="bool", name="m")
    o1, s1 = layers.MultiHeadAttention(num_heads=2, key_dim=3, value_dim=2, name="cross")(
        q, v, key=k, attention_mask=m, return_attention_scores=True)
    o2 = layers.MultiHeadAttention(num_heads=2, key_dim=3, name="causal")(q, q, use_causal_mask=True)
    return keras.Model([q, v, k, m], [o1, s1, o2], name="cross_options")


def attention_layers():
    q = keras.Input((4, 3), name="q")
    v = keras.Input((5, 3), name="v")
    a = layers.Attention(use_scale=True, name="dot")([q, v])
    b, scores = layers.AdditiveAttention(name="additive")([q, v], return_attention_scores=True)
    c = layers.Attention(score_mode="concat", name="concat")([q, v], use_causal_mask=True)
    return keras.Model([q, v], [a, b, scores, c], name="attention_layers")


def encoder_block():
    tokens = keras.Input((6,), dtype="int32", name="tokens")
    x = layers.Embedding(20, 8, mask_zero=True, name="embed")(tokens)
    attended = layers.MultiHeadAttention(num_heads=2, key_dim=4, dropout=0.1, name="mha")(x, x, use_causal_mask=True)
    x = layers.LayerNormalization(name="norm")(layers.Add(name="residual")([x, attended]))
    x = layers.Dense(5, activation="relu", name="ffn")(x)
    return keras.Model(tokens, layers.GlobalAveragePooling1D(name="pool")(x), name="encoder_block")


def masked_attention():
    tokens = keras.Input((6,), dtype="int32", name="tokens")
    x = layers.Embedding(20, 4, mask_zero=True, name="embed")(tokens)
    a = layers.Attention(use_scale=True, name="dot")([x, x])
    b = layers.AdditiveAttention(name="additive")([x, x], use_causal_mask=True)
    pooled = layers.GlobalAveragePooling1D(name="pool")(layers.Concatenate(name="both")([a, b]))
    return keras.Model(tokens, [a, b, pooled], name="masked_attention")


def gated_window():
    x = keras.Input((6, 4), name="x")
    y = layers.MultiHeadAttention(num_heads=2, key_dim=2, use_gate=True, sliding_window=3, name="mha")(
        x, x, use_causal_mask=True)
    return keras.Model(x, y, name="gated_window")


def grouped():
    q = keras.Input((4, 6), name="q")
    v = keras.Input((5, 6), name="v")
    out, scores = layers.GroupQueryAttention(head_dim=2, num_query_heads=4, num_key_value_heads=2, name="gqa")(
        q, v, return_attention_scores=True)
    mqa = layers.GroupQueryAttention(head_dim=3, num_query_heads=2, num_key_value_heads=1, name="mqa")(
        q, q, use_causal_mask=True)
    return keras.Model([q, v], [out, scores, mqa], name="grouped")


MODELS = {f.__name__: f for f in (self_masked, cross_options, attention_layers, encoder_block, masked_attention,
                                  gated_window, grouped)}


def inputs(directory, name, count):
    return [np.load(os.path.join(directory, "%s_x%d.npy" % (name, i))) for i in range(count)]


def predict(model, directory, name, prefix):
    xs = inputs(directory, name, len(model.inputs))
    ys = model.predict(xs if len(xs) > 1 else xs[0], verbose=0)
    ys = ys if isinstance(ys, (list, tuple)) else [ys]
    for i, y in enumerate(ys):
        np.save(os.path.join(directory, "%s_%s_y%d.npy" % (prefix, name, i)), np.asarray(y))


def main(mode, directory):
    with open(os.path.join(directory, "names.json")) as f:
        names = json.load(f)["names"]
    for name in names:
        if mode == "write":
            keras.utils.set_random_seed(len(name))
            model = MODELS[name]()
            rng = np.random.default_rng(len(name))
            model.set_weights([w + rng.uniform(-0.3, 0.3, w.shape).astype(w.dtype) for w in model.get_weights()])
            model.save(os.path.join(directory, "keras_%s.keras" % name))
            predict(model, directory, name, "keras")
        else:
            model = keras.saving.load_model(os.path.join(directory, "jkeras_%s.keras" % name))
            predict(model, directory, name, "keras_reads")


if __name__ == "__main__":
    main(sys.argv[1], sys.argv[2])
