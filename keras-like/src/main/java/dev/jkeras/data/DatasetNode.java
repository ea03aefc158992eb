package dev.jkeras.data;

import dev.jkeras.backend.data.DatasetHandle;

/**
 * One step of a pipeline description: a source (arrays, a range, files) or a transformation of the
 * nodes before it. Building it adds its dataset ops to the graph of {@code build}. A new kind of
 * source is one class implementing this (e.g. {@link TensorSlicesSource}) and one factory in {@link
 * Dataset}.
 */
interface DatasetNode {

  /** Adds this node's dataset ops (and those of its inputs) to the graph being traced. */
  DatasetHandle build(PipelineBuild build);
}
