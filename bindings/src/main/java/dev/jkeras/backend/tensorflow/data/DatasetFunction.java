package dev.jkeras.backend.tensorflow.data;

import dev.jkeras.backend.tensorflow.Capture;
import dev.jkeras.backend.tensorflow.NativeGraphs;
import dev.jkeras.KerasTensor;
import dev.jkeras.backend.TensorSpec;
import dev.jkeras.backend.data.DatasetHandle;
import dev.jkeras.backend.tensorflow.ErrorMessages;
import dev.jkeras.backend.tensorflow.TfOperands;
import dev.jkeras.backend.tensorflow.Tensors;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;
import org.bytedeco.javacpp.BytePointer;
import org.bytedeco.javacpp.PointerScope;
import org.tensorflow.Graph;
import org.tensorflow.GraphOperation;
import org.tensorflow.internal.c_api.TF_Function;
import org.tensorflow.internal.c_api.TF_FunctionOptions;
import org.tensorflow.internal.c_api.TF_Operation;
import org.tensorflow.internal.c_api.TF_Output;
import org.tensorflow.internal.c_api.TF_Status;
import org.tensorflow.internal.c_api.global.tensorflow;
import org.tensorflow.op.Ops;
import org.tensorflow.op.core.Placeholder;
import org.tensorflow.proto.AttrValue;
import org.tensorflow.proto.NameAttrList;

/**
 * A Java function whose result is a dataset (for {@code interleave}: a filename to a file source),
 * traced once into a TensorFlow function in the graph being built. TF Java 1.1.0's {@code
 * ConcreteFunction} cannot have a DT_VARIANT result ("No tensor type has been registered for data
 * type DT_VARIANT"), so the function is made by TensorFlow's C API, which TF Java ships
 * ({@code TF_GraphToFunction}, then {@code TF_GraphCopyFunction} into the target graph's library).
 */
final class DatasetFunction {

  private DatasetFunction() {}

  /**
   * The function's name in the target graph's library (for a {@code func} attribute), the dataset it
   * returns, and the tensors of the graphs around it that it captured (its {@code other_arguments},
   * after the element's components).
   */
  record Traced(String name, TfDatasetHandle result, List<org.tensorflow.Operand<?>> captured) {
    Traced {
      captured = List.copyOf(captured);
    }

    /** The {@code func} attribute value naming this function. */
    AttrValue attr() {
      return AttrValue.newBuilder().setFunc(NameAttrList.newBuilder().setName(name)).build();
    }

    /** Adds the captured tensors as the op's {@code other_arguments} and sets its {@code f} and {@code Targuments}. */
    void addTo(org.tensorflow.OperationBuilder builder) {
      builder.addInputList(captured.stream().map(org.tensorflow.Operand::asOutput).toArray(org.tensorflow.Output[]::new));
      builder.setAttr("f", attr());
      builder.setAttr("Targuments", captured.stream()
          .map(c -> org.tensorflow.internal.types.registry.TensorTypeRegistry.find(c.type()).dataType())
          .toArray(org.tensorflow.proto.DataType[]::new));
    }
  }

  /**
   * Traces {@code body} over placeholders of {@code argSpecs} and copies the function into the graph
   * of the current context; {@code what} names it in errors.
   *
   * @throws IllegalArgumentException when the body fails to trace or does not return a dataset built from its arguments
   */
  static Traced trace(String what, List<TensorSpec> argSpecs, Function<List<KerasTensor>, DatasetHandle> body) {
    Graph target = (Graph) TfOperands.tf().scope().env();
    try (Graph graph = new Graph()) {
      Ops tf = Ops.create(graph);
      List<KerasTensor> args = new ArrayList<>();
      List<GraphOperation> argOps = new ArrayList<>();
      for (int i = 0; i < argSpecs.size(); i++) {
        TensorSpec spec = argSpecs.get(i);
        Placeholder<?> arg = tf.withName(String.format("arg_%04d", i)).placeholder(Tensors.typeOf(spec.dtype()),
            Placeholder.shape(Tensors.toTf(spec.shape())));
        args.add(TfOperands.wrap(arg));
        argOps.add((GraphOperation) arg.op());
      }
      DatasetHandle result;
      Capture capture = Capture.discovering(tf, what);
      try {
        result = capture.trace(() -> body.apply(List.copyOf(args)));
      } catch (RuntimeException e) {
        throw new IllegalArgumentException("Could not trace " + what + " over elements " + argSpecs + ": "
            + (ErrorMessages.isTensorFlow(e) ? ErrorMessages.headline(e) : e.getMessage())
            + ". It runs once on symbolic tensors of those dtypes and shapes and must return a dataset built from them", e);
      }
      if (!(result instanceof TfDatasetHandle dataset) || dataset.variant().env() != graph) {
        throw new IllegalArgumentException(what + " must return a dataset built inside it (e.g. Dataset.tfRecord of "
            + "its filename argument); it returned " + result);
      }
      capture.arguments().forEach(a -> argOps.add((GraphOperation) a.op()));
      String name = copyInto(target, graph, argOps, (GraphOperation) dataset.variant().op(), what);
      // Functions the body's ops call (a filter or map inside it) live in the body graph's library.
      copyLibrary(target, graph, what);
      return new Traced(name, dataset.withVariant(null), capture.outerValues());
    }
  }

  private static String copyInto(Graph target, Graph body, List<GraphOperation> args, GraphOperation out, String what) {
    try (PointerScope scope = new PointerScope()) {
      TF_Output inputs = new TF_Output(Math.max(1, args.size()));
      for (int i = 0; i < args.size(); i++) {
        inputs.position(i).oper(args.get(i).getUnsafeNativeHandle()).index(0);
      }
      inputs.position(0);
      TF_Output outputs = new TF_Output(1);
      outputs.oper(out.getUnsafeNativeHandle()).index(0);
      TF_Status status = TF_Status.newStatus();
      var function = tensorflow.TF_GraphToFunction(NativeGraphs.handle(body), "dataset_fn", (byte) 1, -1, (TF_Operation) null,
          args.size(), inputs, 1, outputs, (BytePointer) null, (TF_FunctionOptions) null, (String) null, status);
      throwIfNotOk(status, what);
      try {
        tensorflow.TF_GraphCopyFunction(NativeGraphs.handle(target), function, null, status);
        throwIfNotOk(status, what);
        return tensorflow.TF_FunctionName(function).getString();
      } finally {
        tensorflow.TF_DeleteFunction(function);
      }
    }
  }

  /**
   * Copies every function of {@code body}'s library into {@code target}'s by the C API: a nested
   * dataset function returns a DT_VARIANT, which TF Java's {@code Graph.getFunctions} cannot wrap.
   */
  private static void copyLibrary(Graph target, Graph body, String what) {
    try (PointerScope scope = new PointerScope()) {
      int count = tensorflow.TF_GraphNumFunctions(NativeGraphs.handle(body));
      if (count == 0) {
        return;
      }
      org.bytedeco.javacpp.PointerPointer<TF_Function> functions = new org.bytedeco.javacpp.PointerPointer<>(count);
      TF_Status status = TF_Status.newStatus();
      int got = tensorflow.TF_GraphGetFunctions(NativeGraphs.handle(body), functions, count, status);
      throwIfNotOk(status, what);
      try {
        for (int i = 0; i < got; i++) {
          tensorflow.TF_GraphCopyFunction(NativeGraphs.handle(target), functions.get(TF_Function.class, i), null,
              status);
          throwIfNotOk(status, what);
        }
      } finally {
        for (int i = 0; i < got; i++) {
          tensorflow.TF_DeleteFunction(functions.get(TF_Function.class, i));
        }
      }
    }
  }

  private static void throwIfNotOk(TF_Status status, String what) {
    try {
      status.throwExceptionIfNotOK();
    } catch (RuntimeException e) {
      throw new IllegalArgumentException("TensorFlow could not make " + what + " into a function: "
          + ErrorMessages.headline(e), e);
    }
  }
}
