package dev.jkeras.backend;

import dev.jkeras.DType;
import dev.jkeras.KerasTensor;
import dev.jkeras.Shape;
import java.util.List;
import java.util.function.Supplier;
import org.tensorflow.ndarray.NdArray;

/**
 * One model's graph and session: its variables, and the functions (train, test and predict steps)
 * traced into it. Closing it releases every native resource; a graph that becomes unreachable
 * unclosed is released by the garbage collector's cleaner.
 *
 * <p>Building (tracing, creating variables, exporting) is serialized per graph; running traced
 * functions and reading or writing variables may happen on several threads at once.
 */
public interface ModelGraph extends AutoCloseable {

  /** Runs {@code body} with this graph as the current context, so tensor operations build in it. */
  <T> T trace(Supplier<T> body);

  /** A value fed at run time. */
  KerasTensor placeholder(String name, DType dtype, Shape shape);

  /**
   * Creates a variable and gives it the value {@code initializer} computes (traced in this graph
   * now, and run once before the variable's value is first needed: together with every other
   * variable created since, in one session run).
   */
  Variable variable(String name, Shape shape, DType dtype, Supplier<KerasTensor> initializer);

  /** The gradients of the scalar {@code target} with respect to each variable (null when unconnected). */
  List<KerasTensor> gradients(KerasTensor target, List<Variable> sources);

  /**
   * The gradients of {@code target} (summed over its elements when it is not a scalar, as
   * {@code tf.GradientTape.gradient}) with respect to each tensor of this graph, intermediate ones
   * included (null when unconnected).
   */
  List<KerasTensor> gradientsOfTensors(KerasTensor target, List<KerasTensor> sources);

  /** Groups updates into one; the result runs all of them. */
  Update group(List<Update> updates);

  /** Traces {@code body} so that what it builds runs only after {@code dependencies}. */
  <T> T after(List<Update> dependencies, Supplier<T> body);

  /**
   * Traces {@code body} as the next step of an execution that runs several steps in one session run:
   * everything it builds runs only after {@code dependencies} (the previous step's updates), and it
   * reads each variable once, afresh, so its forward pass, gradients and updates see the values the
   * previous step left. What is traced after it reads the variables anew as well.
   */
  <T> T nextStepAfter(List<Update> dependencies, Supplier<T> body);

  /** The fused kernels optimizers apply updates with. */
  OptimizerKernels optimizerKernels();

  /**
   * A callable function of this graph: feeds {@code inputs} (placeholders), runs {@code updates} and
   * returns the values of {@code outputs}.
   */
  GraphFunction function(List<KerasTensor> inputs, List<KerasTensor> outputs, List<Update> updates);

  /** Copies an array into native memory once, to be fed many times. */
  Feed feed(NdArray<?> value);

  /** A small int32 vector to feed, e.g. the indices of one batch. */
  Feed feed(int[] values, int from, int to);

  /**
   * Writes this graph, its variables' current values and the given signatures as a TensorFlow
   * SavedModel (tag {@code serve}) to {@code directory}, written under a temporary name and moved
   * into place.
   */
  void exportSavedModel(java.nio.file.Path directory, List<ExportSignature> signatures);

  /**
   * Calls signature {@code signature} of the SavedModel in {@code directory} (its MetaGraph tagged
   * {@code tag}) on {@code inputs}, keyed by the signature's input names, in the graph being traced.
   * The SavedModel's variables are restored into this graph once, from the SavedModel's own files,
   * and stay frozen; every call (each trace) shares them. Outputs of unknown rank take their shape
   * from {@code outputShapes} (by output name, batch dimension included; may be empty).
   *
   * @return the signature's outputs by name, in name order
   * @throws IllegalArgumentException when the SavedModel, tag or signature is missing, or an input's
   *     dtype or shape does not fit the signature
   */
  java.util.SortedMap<String, KerasTensor> callSavedModel(java.nio.file.Path directory, String tag, String signature,
      java.util.Map<String, KerasTensor> inputs, java.util.Map<String, Shape> outputShapes);

  /** The number of operations built into the graph so far (it grows with what is traced, not with runs). */
  int operationCount();

  /** True once {@link #close()} released the graph. */
  boolean isClosed();

  @Override
  void close();
}
