package dev.jkeras.backend.tensorflow.savedmodel;

import dev.jkeras.DType;
import dev.jkeras.Shape;
import dev.jkeras.backend.SignatureSpec;
import dev.jkeras.backend.TensorSpec;
import dev.jkeras.backend.tensorflow.Tensors;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.tensorflow.Graph;
import org.tensorflow.GraphOperation;
import org.tensorflow.Output;
import org.tensorflow.Result;
import org.tensorflow.Session;
import org.tensorflow.Tensor;
import org.tensorflow.ndarray.NdArray;
import org.tensorflow.proto.RunOptions;
import org.tensorflow.proto.SignatureDef;

/**
 * One signature of a loaded SavedModel, ready to call: its input and output tensors looked up in the
 * loaded graph once, in the order of its spec, so that a call only checks the given arrays against
 * the spec, copies them into tensors, runs the session and copies the outputs out.
 */
final class SignatureCall {
  private final String signature;
  private final Session session;
  private final RunOptions options;
  private final List<TensorSpec> inputs;
  private final List<Output<?>> feeds;
  private final List<String> outputNames;
  private final List<Output<?>> fetches;
  private final String specsText;
  private volatile boolean ranOnce;

  /** Binds {@code spec} to the tensors {@code def} names in {@code graph}; every run uses {@code options}. */
  SignatureCall(String signature, SignatureDef def, SignatureSpec spec, Graph graph, Session session,
      RunOptions options) {
    this.signature = signature;
    this.session = session;
    this.options = options;
    this.inputs = List.copyOf(spec.inputs().values());
    this.feeds = inputs.stream().<Output<?>>map(in -> output(graph, def.getInputsMap().get(in.name()).getName()))
        .toList();
    this.outputNames = List.copyOf(spec.outputs().keySet());
    this.fetches = outputNames.stream().<Output<?>>map(name -> output(graph, def.getOutputsMap().get(name).getName()))
        .toList();
    this.specsText = spec.inputs().values().toString();
  }

  private static Output<?> output(Graph graph, String tensor) {
    TensorName name = TensorName.parse(tensor);
    GraphOperation operation = graph.operation(name.node());
    if (operation == null) {
      throw new IllegalStateException("The loaded SavedModel has no op '" + name.node() + "' (tensor " + tensor + ")");
    }
    return operation.output(name.index());
  }

  /** Whether a run has succeeded, so that TensorFlow has built (and cached) what this signature's runs need. */
  boolean ranOnce() {
    return ranOnce;
  }

  /**
   * Checks {@code given} against the spec: every input present, of its dtype and, when {@code shapes},
   * of a compatible shape.
   */
  void check(Map<String, ? extends NdArray<?>> given, boolean shapes) {
    for (TensorSpec input : inputs) {
      NdArray<?> value = given.get(input.name());
      if (value == null) {
        throw new IllegalArgumentException("Signature '" + signature + "' needs input '" + input.name()
            + "' (" + input.dtype() + input.shape() + "). Inputs: " + specsText);
      }
      DType dtype = DType.of(value);
      if (dtype != input.dtype()) {
        throw new IllegalArgumentException("Input '" + input.name() + "' of signature '" + signature + "' must be "
            + input.dtype() + ", got " + dtype);
      }
      Shape shape = Shape.of(value.shape().asArray());
      if (shapes && !input.accepts(shape)) {
        throw new IllegalArgumentException("Input '" + input.name() + "' of signature '" + signature
            + "' must have shape " + input.shape() + " (rank " + input.shape().rank() + "), got " + shape
            + " (rank " + shape.rank() + ")");
      }
    }
  }

  /** Runs the signature on {@code given} (checked by {@link #check}); the outputs by name, copied to the Java heap. */
  Map<String, NdArray<?>> run(Map<String, ? extends NdArray<?>> given) {
    List<Tensor> opened = new ArrayList<>(inputs.size());
    try {
      Session.Runner runner = session.runner().setOptions(options);
      for (int i = 0; i < inputs.size(); i++) {
        Tensor tensor = Tensors.toTensor(given.get(inputs.get(i).name()));
        opened.add(tensor);
        runner.feed(feeds.get(i), tensor);
      }
      fetches.forEach(runner::fetch);
      try (Result result = runner.run()) {
        Map<String, NdArray<?>> outputs = new LinkedHashMap<>();
        for (int i = 0; i < outputNames.size(); i++) {
          outputs.put(outputNames.get(i), Tensors.toNdArray(result.get(i)));
        }
        ranOnce = true;
        return outputs;
      }
    } finally {
      opened.forEach(Tensor::close);
    }
  }
}
