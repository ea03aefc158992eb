package dev.jkeras.backend.tensorflow.ops;

import dev.jkeras.backend.tensorflow.NativeGraphs;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.BiFunction;
import org.bytedeco.javacpp.BytePointer;
import org.bytedeco.javacpp.PointerPointer;
import org.bytedeco.javacpp.PointerScope;
import org.tensorflow.Graph;
import org.tensorflow.GraphOperation;
import org.tensorflow.Operand;
import org.tensorflow.Output;
import org.tensorflow.internal.c_api.TF_Function;
import org.tensorflow.internal.c_api.TF_FunctionOptions;
import org.tensorflow.internal.c_api.TF_Operation;
import org.tensorflow.internal.c_api.TF_Output;
import org.tensorflow.internal.c_api.TF_Status;
import org.tensorflow.internal.c_api.global.tensorflow;
import org.tensorflow.ndarray.Shape;
import org.tensorflow.op.Ops;
import org.tensorflow.proto.DataType;

/**
 * Graph functions made with TensorFlow's C API (which TF Java ships): a Java builder runs once over
 * placeholders in a graph of its own, and {@code TF_GraphToFunction} makes it a function that is
 * copied into the target graph's library under a name unique in this JVM. Unlike TF Java 1.1.0's
 * {@code ConcreteFunction}, this allows {@code DT_VARIANT} arguments and results (tensor lists).
 */
final class GraphFunctions {
  private static final AtomicLong COUNTER = new AtomicLong();
  private static final String RUN = Long.toHexString(System.nanoTime() & 0xffffffL);

  private GraphFunctions() {}

  /** An argument's dtype and static shape. */
  record Spec(DataType type, Shape shape) {}

  /** A fresh function name starting with {@code prefix}. */
  static String uniqueName(String prefix) {
    return prefix + "_" + RUN + "_" + COUNTER.incrementAndGet();
  }

  /**
   * Traces {@code body} (given an {@code Ops} of the function's graph and its arguments) into the
   * function {@code name} of {@code target}'s library, and returns what it returned as specs.
   */
  static List<Spec> define(Graph target, String name, List<Spec> args,
      BiFunction<Ops, List<Output<?>>, List<Operand<?>>> body) {
    try (Graph graph = new Graph()) {
      Ops tf = Ops.create(graph);
      List<Output<?>> placeholders = new ArrayList<>();
      for (int i = 0; i < args.size(); i++) {
        Spec spec = args.get(i);
        placeholders.add(tf.scope().opBuilder("Placeholder", String.format("arg_%04d", i))
            .setAttr("dtype", spec.type()).setAttr("shape", spec.shape()).build().output(0));
      }
      List<Operand<?>> results = body.apply(tf, List.copyOf(placeholders));
      List<Output<?>> outputs = new ArrayList<>();
      List<Spec> specs = new ArrayList<>();
      for (int i = 0; i < results.size(); i++) {
        Output<?> out = results.get(i).asOutput();
        if (out.env() != graph) {
          throw new IllegalArgumentException("result " + i + " of " + name + " was built outside the function");
        }
        outputs.add(tf.withName(String.format("out_%04d", i)).identity(out).asOutput());
        specs.add(new Spec(out.dataType(), out.shape()));
      }
      copy(target, graph, name, placeholders, outputs);
      return specs;
    }
  }

  private static void copy(Graph target, Graph body, String name, List<Output<?>> args, List<Output<?>> outs) {
    try (PointerScope scope = new PointerScope()) {
      TF_Output inputs = nativeOutputs(args);
      TF_Output outputs = nativeOutputs(outs);
      TF_Status status = TF_Status.newStatus();
      TF_Function function = tensorflow.TF_GraphToFunction(NativeGraphs.handle(body), name, (byte) 0, -1, (TF_Operation) null,
          args.size(), inputs, outs.size(), outputs, (BytePointer) null, (TF_FunctionOptions) null, (String) null,
          status);
      status.throwExceptionIfNotOK();
      try {
        copyLibrary(target, body, status);
        tensorflow.TF_GraphCopyFunction(NativeGraphs.handle(target), function, null, status);
        status.throwExceptionIfNotOK();
      } finally {
        tensorflow.TF_DeleteFunction(function);
      }
    }
  }

  /** The functions the body's own ops call (a nested loop's), copied along. */
  private static void copyLibrary(Graph target, Graph body, TF_Status status) {
    int count = tensorflow.TF_GraphNumFunctions(NativeGraphs.handle(body));
    if (count == 0) {
      return;
    }
    PointerPointer<TF_Function> functions = new PointerPointer<>(count);
    int got = tensorflow.TF_GraphGetFunctions(NativeGraphs.handle(body), functions, count, status);
    status.throwExceptionIfNotOK();
    for (int i = 0; i < got; i++) {
      TF_Function f = functions.get(TF_Function.class, i);
      try {
        tensorflow.TF_GraphCopyFunction(NativeGraphs.handle(target), f, null, status);
        status.throwExceptionIfNotOK();
      } finally {
        tensorflow.TF_DeleteFunction(f);
      }
    }
  }

  private static TF_Output nativeOutputs(List<Output<?>> outputs) {
    TF_Output array = new TF_Output(Math.max(1, outputs.size()));
    for (int i = 0; i < outputs.size(); i++) {
      array.position(i).oper(((GraphOperation) outputs.get(i).op()).getUnsafeNativeHandle())
          .index(outputs.get(i).index());
    }
    return array.position(0);
  }
}
