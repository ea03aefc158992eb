package dev.jkeras.backend;

import dev.jkeras.KerasTensor;
import dev.jkeras.backend.ops.CoreBackend;
import dev.jkeras.backend.ops.ImageBackend;
import dev.jkeras.backend.ops.IoBackend;
import dev.jkeras.backend.ops.LinalgBackend;
import dev.jkeras.backend.ops.MathBackend;
import dev.jkeras.backend.ops.NnBackend;
import dev.jkeras.backend.ops.NumpyBackend;
import dev.jkeras.backend.ops.RandomBackend;
import dev.jkeras.backend.ops.StringsBackend;
import java.util.List;
import java.util.Optional;
import java.util.function.Supplier;
import org.tensorflow.ndarray.NdArray;

/**
 * What jkeras needs from a tensor runtime: contexts to run in (eager execution for arrays, one
 * graph per model for training), the tensor operations by family ({@link #core}, {@link #math},
 * {@link #nn}, {@link #numpy}, {@link #linalg}, {@link #random}), and the services around them
 * ({@link #savedModels}, {@link #summaries}, {@link #devices}). Found at run time by {@link
 * Backends#get()}.
 *
 * <p>Tensor operations build in the <em>current context</em>: the graph being traced inside {@link
 * ModelGraph#trace} or the eager context inside {@link #eager}.
 */
public interface Backend {

  /** A short name, e.g. {@code "tensorflow"}. */
  String name();

  /** The backend's version, for diagnostics. */
  String version();

  /**
   * Runs {@code body} eagerly and returns the values of the tensors it returns as Java-owned
   * arrays; every native resource used is released before this returns.
   */
  List<NdArray<?>> eager(Supplier<List<KerasTensor>> body);

  /** A new, empty graph with its own session, for one model. */
  ModelGraph newGraph(String name);

  /** The graph being traced on this thread, if any. */
  Optional<ModelGraph> currentGraph();

  /** The graph a symbolic tensor belongs to; empty for eager tensors. */
  Optional<ModelGraph> graphOf(KerasTensor x);

  // Op families

  CoreBackend core();

  MathBackend math();

  NnBackend nn();

  NumpyBackend numpy();

  LinalgBackend linalg();

  RandomBackend random();

  /** Image resizing, transforms and codecs (Keras's {@code backend/image}). */
  ImageBackend image();

  /** File-format ops (Examples, CSV, TFRecords); backends without them throw {@link UnsupportedOperationException}. */
  default IoBackend io() {
    throw new UnsupportedOperationException("The " + name() + " backend has no file-format (io) ops");
  }
  /** Loops and branches in the graph (Keras's {@code while_loop}, {@code scan}, {@code cond}). */
  default dev.jkeras.backend.ops.ControlFlowBackend controlFlow() {
    throw new UnsupportedOperationException("The " + name() + " backend has no control-flow ops");
  }

  /** String and token ops ({@code tf.strings}), for the text preprocessing layers. */
  StringsBackend strings();

  // Services

  /** SavedModel loading and inspection. */
  SavedModelBackend savedModels();

  /** TensorBoard summaries; backends without them throw {@link UnsupportedOperationException}. */
  default SummaryBackend summaries() {
    throw new UnsupportedOperationException("The " + name() + " backend does not write TensorBoard summaries");
  }

  /** Input pipelines built as dataset ops (tf.data); backends without them throw {@link UnsupportedOperationException}. */
  default dev.jkeras.backend.data.DatasetBackend datasets() {
    throw new UnsupportedOperationException("The " + name() + " backend has no dataset kernels");
  }

  /** Kernel and device settings; backends without them throw {@link UnsupportedOperationException}. */
  default DeviceBackend devices() {
    throw new UnsupportedOperationException("This backend cannot enable op determinism");
  }

  /** Multi-process training (a cluster of workers and collectives); backends without it throw {@link UnsupportedOperationException}. */
  default ClusterBackend cluster() {
    throw new UnsupportedOperationException("The " + name() + " backend cannot train across processes");
  }
}
