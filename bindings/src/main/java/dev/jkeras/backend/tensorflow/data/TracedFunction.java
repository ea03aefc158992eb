package dev.jkeras.backend.tensorflow.data;

import dev.jkeras.KerasTensor;
import dev.jkeras.backend.TensorSpec;
import dev.jkeras.backend.tensorflow.Capture;
import dev.jkeras.backend.tensorflow.ErrorMessages;
import dev.jkeras.backend.tensorflow.TfOperands;
import dev.jkeras.backend.tensorflow.Tensors;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;
import org.tensorflow.ConcreteFunction;
import org.tensorflow.Graph;
import org.tensorflow.Operand;
import org.tensorflow.Signature;
import org.tensorflow.op.Ops;
import org.tensorflow.op.core.Placeholder;

/**
 * A Java function over symbolic tensors traced once into a TensorFlow function (as
 * {@code tf.function} traces a dataset's {@code map} function): its arguments are placeholders of the
 * element's component specs in a graph of its own, and jkeras {@code Ops} called by the body build in
 * that graph. The dataset op that takes it attaches it to its own graph.
 */
final class TracedFunction {
  private TracedFunction() {}

  /**
   * The traced function, the specs of its outputs, and the tensors of the graphs around it that it
   * captured (the dataset op's {@code other_arguments}; e.g. the element of a flatMap function that
   * a map inside it reads).
   */
  record Traced(ConcreteFunction function, List<TensorSpec> outputSpecs, List<Operand<?>> captured) {
    Traced {
      captured = List.copyOf(captured);
    }
  }

  /**
   * Traces {@code body}; {@code what} names it in errors (e.g. {@code "the map function"}).
   *
   * @throws IllegalArgumentException when the body fails or returns nothing
   */
  static Traced trace(String what, List<TensorSpec> argSpecs, Function<List<KerasTensor>, List<KerasTensor>> body) {
    try (Graph graph = new Graph()) {
      Ops tf = Ops.create(graph);
      Signature.Builder signature = Signature.builder();
      List<KerasTensor> args = new ArrayList<>();
      for (int i = 0; i < argSpecs.size(); i++) {
        TensorSpec spec = argSpecs.get(i);
        Placeholder<?> arg = tf.withName(argName(i)).placeholder(Tensors.typeOf(spec.dtype()),
            Placeholder.shape(Tensors.toTf(spec.shape())));
        signature.input(argName(i), arg);
        args.add(TfOperands.wrap(arg));
      }
      List<KerasTensor> outputs;
      Capture capture = Capture.discovering(tf, what);
      try {
        outputs = capture.trace(() -> body.apply(List.copyOf(args)));
      } catch (RuntimeException e) {
        throw new IllegalArgumentException("Could not trace " + what + " over elements " + argSpecs + ": "
            + (ErrorMessages.isTensorFlow(e) ? ErrorMessages.headline(e) : e.getMessage())
            + ". It runs once on symbolic tensors of those dtypes and shapes and must build its result with jkeras Ops", e);
      }
      if (outputs == null || outputs.isEmpty() || outputs.stream().anyMatch(java.util.Objects::isNull)) {
        throw new IllegalArgumentException(what + " returned " + outputs + "; it must return at least one tensor");
      }
      List<TensorSpec> specs = new ArrayList<>();
      List<KerasTensor> results = outputs;
      // Resolved in the function's capture: an output that is an outer tensor becomes a captured argument.
      List<Operand<?>> resolved = capture.trace(() -> results.stream().<Operand<?>>map(TfOperands::operand).toList());
      for (int i = 0; i < outputs.size(); i++) {
        Operand<?> out = resolved.get(i);
        if (out.env() != graph) {
          throw new IllegalArgumentException(what + " returned output " + i + " built outside it (a tensor of "
              + "another graph, or an array); build every output from the function's arguments with jkeras Ops");
        }
        // An identity, so an output that is an argument (x -> (f(x), y)) is a node of its own.
        Operand<?> named = tf.withName(outName(i)).identity(out);
        signature.output(outName(i), named);
        specs.add(new TensorSpec(outName(i), outputs.get(i).dtype(), outputs.get(i).shape()));
      }
      List<Operand<?>> captureArgs = capture.arguments();
      for (int i = 0; i < captureArgs.size(); i++) {
        signature.input(captureName(i), captureArgs.get(i));
      }
      ConcreteFunction function = ConcreteFunction.create(signature.build(), graph);
      checkOrder(function, argSpecs.size(), captureArgs.size(), outputs.size(), what);
      return new Traced(function, specs, capture.outerValues());
    }
  }

  private static String argName(int i) {
    return String.format("arg_%04d", i);
  }

  private static String captureName(int i) {
    return String.format("capture_%04d", i);
  }

  private static String outName(int i) {
    return String.format("out_%04d", i);
  }

  /** The function's arguments and results must be in the order of the element's components. */
  private static void checkOrder(ConcreteFunction function, int args, int captures, int outs, String what) {
    var def = function.getFunctionDef().getSignature();
    for (int i = 0; i < args + captures; i++) {
      // A captured tensor's argument is named after its placeholder, "capture_" + its index (Capture).
      String expected = i < args ? argName(i) : "capture_" + (i - args);
      String name = def.getInputArg(i).getName();
      if (i < args ? !name.startsWith(expected) : !name.matches(expected + "(_\\d+)?")) {
        throw new IllegalStateException("TensorFlow ordered the arguments of " + what + " as "
            + def.getInputArgList() + "; expected " + expected + " at " + i);
      }
    }
    if (def.getOutputArgCount() != outs) {
      throw new IllegalStateException(what + " traced to " + def.getOutputArgCount() + " outputs, expected " + outs);
    }
    for (int i = 0; i < outs; i++) {
      if (!def.getOutputArg(i).getName().startsWith(outName(i))) {
        throw new IllegalStateException("TensorFlow ordered the results of " + what + " as "
            + def.getOutputArgList() + "; expected " + outName(i) + " at " + i);
      }
    }
  }
}
