package dev.jkeras.backend;

import dev.jkeras.DType;
import dev.jkeras.KerasTensor;
import dev.jkeras.Shape;
import java.util.List;
import java.util.function.Supplier;
import org.tensorflow.ndarray.NdArray;

/**
 * What jkeras needs from a tensor runtime: tensor operations, eager execution for arrays, and one
 * graph per model for training. Found at run time by {@link Backends#get()}.
 *
 * <p>Tensor operations build in the <em>current context</em>: the graph being traced inside {@link
 * ModelGraph#trace} or the eager context inside {@link #eager}. Axes may be negative.
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

  /** Loads the SavedModel in {@code directory} with the given tags ({@code serve} when none). */
  default ImportedModel loadSavedModel(java.nio.file.Path directory, String... tags) {
    return loadSavedModel(directory, SavedModelOptions.defaults().tags(tags));
  }

  /**
   * Loads the SavedModel in {@code directory} after screening the ops of the meta graph chosen by
   * {@code options}: ops that touch files, the network or processes, and ops the runtime does not
   * know, are refused unless {@code options} allows them.
   */
  ImportedModel loadSavedModel(java.nio.file.Path directory, SavedModelOptions options);

  /** The tag sets of the meta graphs in the SavedModel in {@code directory}, read without loading it. */
  List<java.util.Set<String>> savedModelTagSets(java.nio.file.Path directory);

  /**
   * The op types the meta graph chosen by {@code options} uses, each with where it occurs (graph
   * nodes and function nodes), read without loading or screening the model.
   */
  java.util.Map<String, List<String>> savedModelOps(java.nio.file.Path directory, SavedModelOptions options);

  /**
   * Signature {@code signature} of the MetaGraph tagged {@code tag} in the SavedModel in {@code
   * directory}, read without loading the model; a tensor of unknown rank has a null shape.
   *
   * @throws IllegalArgumentException when there is no SavedModel, no such tag or no such signature
   *     (the message lists the signatures there are)
   */
  SignatureSpec savedModelSignature(java.nio.file.Path directory, String tag, String signature);

  // ---- TFSMLayer's variables (summary and countParams)

  /**
   * The shapes of the variables that signature {@code signature} of the SavedModel in {@code
   * directory} reads, each once (Keras counts them as a TFSMLayer's non-trainable weights); a
   * shape with unknown dimensions counts as empty. Backends that cannot tell return none.
   */
  default java.util.List<dev.jkeras.Shape> savedModelVariableShapes(java.nio.file.Path directory, String tag,
      String signature) {
    return java.util.List.of();
  }

  /**
   * A TensorBoard event-file writer for {@code logDir}, created (with its parents) now.
   *
   * @throws IllegalArgumentException when the directory cannot be created or written to
   */
  default SummaryWriter summaryWriter(java.nio.file.Path logDir) {
    throw new UnsupportedOperationException("The " + name() + " backend does not write TensorBoard summaries");
  }

  /** The graph being traced on this thread, if any. */
  java.util.Optional<ModelGraph> currentGraph();

  /** The graph a symbolic tensor belongs to; empty for eager tensors. */
  java.util.Optional<ModelGraph> graphOf(KerasTensor x);

  // Creation

  /** A constant holding {@code value}; a {@code ByteNdArray} is read as uint8. */
  KerasTensor constant(NdArray<?> value);

  KerasTensor constant(double value, DType dtype);

  /** A tensor of {@code shape} filled with {@code value}. */
  KerasTensor fill(Shape shape, double value, DType dtype);

  /** Random values of the given dynamic shape (a 1-D int tensor); {@code seed} 0 means unseeded. */
  KerasTensor random(RandomDistribution distribution, KerasTensor shape, DType dtype, long seed);

  /** {@code x} with its first dimension randomly permuted. */
  KerasTensor shuffle(KerasTensor x, long seed);

  // Element-wise

  KerasTensor cast(KerasTensor x, DType dtype);

  KerasTensor unary(UnaryOp op, KerasTensor x);

  KerasTensor binary(BinaryOp op, KerasTensor x, KerasTensor y);

  KerasTensor leakyRelu(KerasTensor x, double negativeSlope);

  KerasTensor where(KerasTensor condition, KerasTensor x, KerasTensor y);

  // Reductions and arg functions

  /** Reduces over {@code axes}, or over every axis when {@code axes} is empty. */
  KerasTensor reduce(ReduceOp op, KerasTensor x, int[] axes, boolean keepDims);

  KerasTensor argmax(KerasTensor x, int axis);

  // Linear algebra and neural-network kernels

  KerasTensor matmul(KerasTensor a, KerasTensor b);

  KerasTensor softmax(KerasTensor x, int axis);

  KerasTensor logSoftmax(KerasTensor x, int axis);

  KerasTensor oneHot(KerasTensor indices, int depth, DType dtype);

  // Shapes

  /** {@code x} reshaped; one dimension may be {@link Shape#UNKNOWN}, inferred from the others. */
  KerasTensor reshape(KerasTensor x, Shape shape);

  KerasTensor expandDims(KerasTensor x, int axis);

  KerasTensor squeeze(KerasTensor x, int axis);

  KerasTensor concatenate(List<KerasTensor> xs, int axis);

  /** The run-time shape of {@code x} as a 1-D int32 tensor. */
  KerasTensor shapeOf(KerasTensor x);

  /** The rows of {@code x} selected by the 1-D int {@code indices}. */
  KerasTensor gather(KerasTensor x, KerasTensor indices);

  /**
   * The logits {@code x} was computed from when {@code x} is the output of a softmax (last axis),
   * so cross-entropy can use them as Keras's TensorFlow backend does; empty otherwise.
   */
  java.util.Optional<KerasTensor> softmaxLogits(KerasTensor x);

  /** The logits {@code x} was computed from when {@code x} is the output of a sigmoid; empty otherwise. */
  java.util.Optional<KerasTensor> sigmoidLogits(KerasTensor x);

  /** {@code x} as a constant as far as gradients are concerned. */
  KerasTensor stopGradient(KerasTensor x);

  // Recurrent layers and the orthogonal initializer

  /** The slices of {@code x} along {@code axis} (whose size must be known), each without that axis. */
  List<KerasTensor> unstack(KerasTensor x, int axis);

  /** The tensors of one shape stacked along a new {@code axis}. */
  KerasTensor stack(List<KerasTensor> xs, int axis);

  /** {@code x} split into {@code sections} equal parts along {@code axis}. */
  List<KerasTensor> split(KerasTensor x, int sections, int axis);

  /** A tensor of the run-time {@code shape} (a 1-D int tensor) filled with {@code value}. */
  KerasTensor fill(KerasTensor shape, double value, DType dtype);

  /** {@code x} with its axes permuted: output axis {@code i} is input axis {@code perm[i]}. */
  KerasTensor transpose(KerasTensor x, int[] perm);

  /** The reduced QR decomposition of a matrix: {@code [q, r]}. */
  List<KerasTensor> qr(KerasTensor x);

  // Determinism (train)

  /**
   * Makes TensorFlow pick deterministic kernels from now on, as Python's
   * {@code tf.config.experimental.enable_op_determinism()}: with a global seed, the same program
   * then computes bit-identical results on every run.
   */
  default void enableOpDeterminism() {
    throw new UnsupportedOperationException("This backend cannot enable op determinism");
  }

  // Convolution and pooling (channels-last)

  /**
   * Convolution of channels-last {@code x} of rank 3 (1-D) or 4 (2-D) with {@code kernel} of shape
   * {@code (spatial..., inChannels, outChannels)}; {@code padding} is {@code "valid"} or {@code "same"}.
   * {@code strides} and {@code dilationRate} have one entry per spatial axis.
   */
  KerasTensor conv(KerasTensor x, KerasTensor kernel, int[] strides, String padding, int[] dilationRate);

  /** Max or average pooling of channels-last {@code x} of rank 3 (1-D) or 4 (2-D). */
  KerasTensor pool(PoolMode mode, KerasTensor x, int[] poolSize, int[] strides, String padding);

  /** {@code x} padded with zeros: {@code paddings[i] = {before, after}} for axis {@code i}. */
  KerasTensor pad(KerasTensor x, int[][] paddings);

  /** {@code x} with each element repeated {@code repeats} times along {@code axis}, as NumPy's {@code repeat}. */
  KerasTensor repeat(KerasTensor x, int repeats, int axis);
}
