package dev.jkeras.data;

import dev.jkeras.DType;
import dev.jkeras.KerasTensor;
import dev.jkeras.Shape;
import dev.jkeras.backend.Backends;
import dev.jkeras.backend.ModelGraph;
import dev.jkeras.backend.data.DatasetBackend;
import java.util.ArrayList;
import java.util.List;
import org.tensorflow.ndarray.NdArray;

/**
 * The building of one pipeline into a graph: the dataset ops of the backend, and the arrays that
 * sources feed when the iterator starts (fed, not embedded as constants, so the graph stays small
 * and the arrays are copied into native memory once per start).
 */
final class PipelineBuild {
  private final ModelGraph graph;
  private final String function;
  private final List<java.nio.file.Path> files;
  private final java.util.Set<TFRecordCompression> recordCompressions;
  private final List<java.nio.file.Path> images;
  private final DatasetBackend datasets = Backends.get().datasets();
  private final List<KerasTensor> placeholders = new ArrayList<>();
  private final List<NdArray<?>> arrays = new ArrayList<>();

  private final List<java.util.concurrent.atomic.AtomicLong> passCounters = new ArrayList<>();
  private final List<KerasTensor> passPlaceholders = new ArrayList<>();

  PipelineBuild(ModelGraph graph) {
    this.graph = graph;
    this.function = null;
    this.files = new ArrayList<>();
    this.recordCompressions = new java.util.LinkedHashSet<>();
    this.images = new ArrayList<>();
  }

  private PipelineBuild(PipelineBuild outer, String function) {
    this.graph = null;
    this.function = function;
    this.files = outer.files;
    this.recordCompressions = outer.recordCompressions;
    this.images = outer.images;
  }

  /**
   * The build of a dataset inside a traced function ({@code what}, e.g. an interleave function): its
   * sources take tensors of the function, and cannot feed arrays; the files it reads are this build's.
   */
  PipelineBuild insideFunction(String what) {
    return new PipelineBuild(this, what);
  }

  /** Notes files the pipeline reads (known when it is described), to name a damaged one. */
  void readsFiles(List<java.nio.file.Path> paths) {
    files.addAll(paths);
  }

  /** Notes that a source reads TFRecord files compressed as {@code compression}. */
  void readsRecords(TFRecordCompression compression) {
    recordCompressions.add(compression);
  }

  /** Notes image files the pipeline decodes, to name a damaged one. */
  void readsImages(List<java.nio.file.Path> paths) {
    images.addAll(paths);
  }

  /** The files, record compressions and images noted while building, to find the file a reader found damaged. */
  PipelineFiles files() {
    return new PipelineFiles(files, List.copyOf(recordCompressions), images);
  }

  DatasetBackend datasets() {
    return datasets;
  }

  /**
   * Fails unless this is the build of a dataset inside a traced function: {@code source} reads that
   * function's symbolic tensors, which exist only there.
   */
  void requireInsideFunction(String source) {
    if (graph != null) {
      throw new IllegalArgumentException(source + " describes a dataset inside a flatMap or interleave function, "
          + "from the tensors that function receives; this dataset is used outside one. Outside, build it from "
          + "arrays (Dataset.fromTensors(NdArray...), fromTensorSlices(NdArray...), range(long))");
    }
  }

  /** A placeholder in the graph for {@code array}, fed with it whenever the pipeline starts. */
  KerasTensor feed(String name, NdArray<?> array) {
    if (graph == null) {
      throw new IllegalArgumentException("A dataset returned by " + function + " is built from the function's "
          + "arguments (e.g. Dataset.tfRecord(filename)); it cannot read arrays or files fixed in Java ("
          + name + ")");
    }
    KerasTensor placeholder = graph.placeholder(name, DType.of(array), Shape.of(array.shape().asArray()));
    placeholders.add(placeholder);
    arrays.add(array);
    return placeholder;
  }

  /**
   * An int64 scalar fed, at each start of the pipeline, with the next value of {@code counter} (the
   * passes over a dataset so far); null inside a traced function, which has no feeds.
   */
  KerasTensor pass(java.util.concurrent.atomic.AtomicLong counter) {
    if (graph == null) {
      return null;
    }
    KerasTensor placeholder = graph.placeholder("pass", DType.INT64, Shape.scalar());
    passCounters.add(counter);
    passPlaceholders.add(placeholder);
    return placeholder;
  }

  /** The placeholders of the arrays, then those of the passes. */
  List<KerasTensor> placeholders() {
    List<KerasTensor> all = new ArrayList<>(placeholders);
    all.addAll(passPlaceholders);
    return List.copyOf(all);
  }

  /** The counters whose next values feed the pass placeholders, in their order. */
  List<java.util.concurrent.atomic.AtomicLong> passCounters() {
    return List.copyOf(passCounters);
  }

  List<NdArray<?>> arrays() {
    return List.copyOf(arrays);
  }
}
