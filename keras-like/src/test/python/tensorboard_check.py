"""Reads a TensorBoard log directory with TensorBoard's own reader and prints what it sees.

Usage: /usr/bin/python3 tensorboard_check.py LOGDIR TENSORBOARD_SOURCE

TENSORBOARD_SOURCE is a checkout of github.com/tensorflow/tensorboard (the directory holding the
`tensorboard` package). Its .proto files are compiled for Python (protoc --python_out) in place
when they have not been yet. Needs protoc, python3-protobuf, python3-absl and python3-numpy
(Debian: apt-get install protobuf-compiler python3-protobuf python3-absl python3-numpy).

Prints, one per line, for every run (as EventMultiplexer names them: sub-directories of LOGDIR):
  RUN scalars TAG step=STEP value=VALUE
  RUN histograms TAG steps=[...] shape=(K, 3)
  RUN images TAG steps=[...] size=WIDTHxHEIGHT
  RUN graph_keras_model TAG step=STEP class_name=NAME
  RUN graph: yes (N nodes) | RUN graph: no
"""

import glob
import json
import os
import subprocess
import sys


def compile_protos(source):
    if os.path.exists(os.path.join(source, "tensorboard", "compat", "proto", "summary_pb2.py")):
        return
    protos = sorted(
        os.path.relpath(p, source)
        for p in glob.glob(os.path.join(source, "tensorboard", "**", "*.proto"), recursive=True)
    )
    subprocess.run(["protoc", "-I.", "--python_out=."] + protos, cwd=source, check=True)


def main(logdir, source):
    compile_protos(source)
    sys.path.insert(0, source)
    from tensorboard.backend.event_processing import plugin_event_multiplexer
    from tensorboard.util import tensor_util

    multiplexer = plugin_event_multiplexer.EventMultiplexer()
    multiplexer.AddRunsFromDirectory(logdir)
    multiplexer.Reload()
    runs = sorted(multiplexer.Runs())
    print("runs: " + ", ".join(runs))
    for run in runs:
        for plugin in ("scalars", "histograms", "images", "graph_keras_model"):
            tags = sorted(multiplexer.PluginRunToTagToContent(plugin).get(run, {}))
            for tag in tags:
                events = multiplexer.Tensors(run, tag)
                if plugin == "scalars":
                    for event in events:
                        value = tensor_util.make_ndarray(event.tensor_proto).item()
                        value = repr(tensor_util.make_ndarray(event.tensor_proto).dtype.type(value))
                        print(f"{run} scalars {tag} step={event.step} value={value}")
                elif plugin == "histograms":
                    shape = tensor_util.make_ndarray(events[-1].tensor_proto).shape
                    print(f"{run} histograms {tag} steps={[e.step for e in events]} shape={shape}")
                elif plugin == "images":
                    strings = events[-1].tensor_proto.string_val
                    size = strings[0].decode() + "x" + strings[1].decode()
                    print(f"{run} images {tag} steps={[e.step for e in events]} size={size}")
                else:
                    for event in events:
                        config = json.loads(event.tensor_proto.string_val[0].decode())
                        print(f"{run} graph_keras_model {tag} step={event.step} class_name={config['class_name']}")
        try:
            graph = multiplexer.Graph(run)
            print(f"{run} graph: yes ({len(graph.node)} nodes)")
        except (KeyError, ValueError):
            print(f"{run} graph: no")


if __name__ == "__main__":
    if len(sys.argv) != 3:
        sys.exit(__doc__)
    main(sys.argv[1], sys.argv[2])
