package dev.jkeras.backend.tensorflow.ops;

import dev.jkeras.backend.tensorflow.Capture;
import dev.jkeras.backend.tensorflow.ops.GraphFunctions.Spec;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Supplier;
import org.tensorflow.Graph;
import org.tensorflow.GraphOperation;
import org.tensorflow.Operand;
import org.tensorflow.Output;
import org.tensorflow.ndarray.Shape;
import org.tensorflow.op.Ops;
import org.tensorflow.proto.AttrValue;
import org.tensorflow.proto.DataType;
import org.tensorflow.proto.NameAttrList;
import org.tensorflow.types.TBool;

/**
 * A branch as TensorFlow's functional {@code StatelessIf}, with its own gradient: the two branches
 * are graph functions over the tensors they capture from the graph around them, and the gradient
 * is a second {@code StatelessIf} on the same predicate whose branches are the gradients of the
 * first's (each built by {@code addGradients} on the branch traced in a function graph). All four
 * functions are made when the branch is built: the gradient hook runs under the graph's lock.
 */
@SuppressWarnings({"rawtypes", "unchecked"})
final class FunctionalIf {
  private static final Map<String, Plan> PLANS = new ConcurrentHashMap<>();

  static {
    CustomGradients.register("StatelessIf", FunctionalIf::gradient);
  }

  private FunctionalIf() {}

  /** What the gradient needs: the op's inputs (after the predicate), its outputs' specs, the gradient branches. */
  private record Plan(List<Operand<?>> inputs, List<Spec> inputSpecs, List<Spec> outputs, String thenGrad,
      String elseGrad) {}

  /** Builds {@code pred ? thenFn() : elseFn()} in {@code tf}'s graph; the branches run inside a capture. */
  static List<Output<?>> build(Ops tf, Operand<TBool> pred, Supplier<List<Operand<?>>> thenFn,
      Supplier<List<Operand<?>>> elseFn) {
    Graph graph = (Graph) tf.scope().env();
    List<Spec> thenOut = new ArrayList<>();
    List<Spec> elseOut = new ArrayList<>();
    Capture found = discover("cond's true_fn", thenFn, thenOut);
    found.addAll(discover("cond's false_fn", elseFn, elseOut));
    if (thenOut.size() != elseOut.size()
        || !thenOut.stream().map(Spec::type).toList().equals(elseOut.stream().map(Spec::type).toList())) {
      throw new IllegalArgumentException("cond's true_fn returned " + describe(thenOut) + " and its false_fn "
          + describe(elseOut) + "; both branches must return as many tensors, of the same dtypes");
    }
    List<Spec> outSpecs = new ArrayList<>();
    for (int i = 0; i < thenOut.size(); i++) {
      outSpecs.add(new Spec(thenOut.get(i).type(), common(thenOut.get(i).shape(), elseOut.get(i).shape())));
    }
    List<Operand<?>> inputs = found.outerValues();
    List<Spec> inSpecs = new ArrayList<>();
    for (Operand<?> in : inputs) {
      inSpecs.add(new Spec(in.asOutput().dataType(), in.shape()));
    }
    String thenName = GraphFunctions.uniqueName("jkeras_cond_then");
    String elseName = GraphFunctions.uniqueName("jkeras_cond_else");
    GraphFunctions.define(graph, thenName, inSpecs, (ft, a) -> traced(ft, "cond's true_fn", found, a, thenFn));
    GraphFunctions.define(graph, elseName, inSpecs, (ft, a) -> traced(ft, "cond's false_fn", found, a, elseFn));
    Plan plan = new Plan(inputs, inSpecs, outSpecs, GraphFunctions.uniqueName("jkeras_cond_then_grad"),
        GraphFunctions.uniqueName("jkeras_cond_else_grad"));
    List<Spec> gradArgs = new ArrayList<>(inSpecs);
    for (int j : diff(outSpecs)) {
      gradArgs.add(outSpecs.get(j));
    }
    GraphFunctions.define(graph, plan.thenGrad(), gradArgs, (ft, a) -> branchGradient(ft, plan, found, a, thenFn));
    GraphFunctions.define(graph, plan.elseGrad(), gradArgs, (ft, a) -> branchGradient(ft, plan, found, a, elseFn));
    PLANS.put(thenName, plan);
    GraphOperation op = ifOp(tf, pred, inputs, outSpecs, thenName, elseName);
    List<Output<?>> outs = new ArrayList<>();
    for (int j = 0; j < outSpecs.size(); j++) {
      outs.add(op.output(j));
    }
    return outs;
  }

  private static Capture discover(String what, Supplier<List<Operand<?>>> fn, List<Spec> specs) {
    try (Graph scratch = new Graph()) {
      Ops ft = Ops.create(scratch);
      Capture capture = Capture.discovering(ft, what);
      for (Operand<?> out : capture.trace(fn)) {
        specs.add(new Spec(out.asOutput().dataType(), out.shape()));
      }
      return capture;
    }
  }

  private static List<Operand<?>> traced(Ops ft, String what, Capture found, List<Output<?>> args,
      Supplier<List<Operand<?>>> fn) {
    return Capture.frozen(ft, what, found, args).trace(fn);
  }

  private static List<Operand<?>> branchGradient(Ops ft, Plan plan, Capture found, List<Output<?>> a,
      Supplier<List<Operand<?>>> fn) {
    int n = plan.inputSpecs().size();
    List<Output<?>> args = a.subList(0, n);
    List<Operand<?>> results = traced(ft, "cond's branch", found, args, fn);
    List<Integer> dy = diff(plan.outputs());
    List<Integer> dx = diff(plan.inputSpecs());
    List<Output<?>> ys = new ArrayList<>();
    for (int j : dy) {
      ys.add(results.get(j).asOutput());
    }
    List<Output<?>> xs = new ArrayList<>();
    for (int i : dx) {
      xs.add(args.get(i));
    }
    return List.of(FunctionalLoop.gradients(ft, "branch_grad", ys, xs, a.subList(n, a.size())));
  }

  private static List<Operand<?>> gradient(Ops tf, GraphOperation op, List<Output<?>> grads) {
    String then = op.attributes().getAttrValueProto("then_branch").getFunc().getName();
    Plan plan = PLANS.get(then);
    if (plan == null) {
      throw new IllegalStateException("Cannot differentiate the branch " + op.name() + ": jkeras differentiates only "
          + "the branches it built in this JVM (keras.ops.cond)");
    }
    List<Integer> dy = diff(plan.outputs());
    List<Integer> dx = diff(plan.inputSpecs());
    Output<?> none = FunctionalLoop.noGradient(op.env());
    List<Operand<?>> result = new ArrayList<>(Collections.nCopies(op.numInputs(), none));
    if (dx.isEmpty() || dy.isEmpty()) {
      return result;
    }
    List<Operand<?>> inputs = new ArrayList<>(plan.inputs());
    for (int j : dy) {
      Output<?> g = grads.get(j);
      inputs.add(FunctionalLoop.isNoGradient(g) ? tf.zerosLike(op.output(j)) : g);
    }
    List<Spec> gradSpecs = new ArrayList<>();
    for (int i : dx) {
      gradSpecs.add(plan.inputSpecs().get(i));
    }
    GraphOperation back = ifOp(tf, (Operand<TBool>) op.input(0), inputs, gradSpecs, plan.thenGrad(), plan.elseGrad());
    for (int k = 0; k < dx.size(); k++) {
      result.set(1 + dx.get(k), back.output(k));
    }
    return result;
  }

  private static GraphOperation ifOp(Ops tf, Operand<TBool> pred, List<Operand<?>> inputs, List<Spec> outs,
      String then, String otherwise) {
    Output<?>[] in = inputs.stream().map(Operand::asOutput).toArray(Output[]::new);
    DataType[] tin = new DataType[in.length];
    for (int i = 0; i < in.length; i++) {
      tin[i] = in[i].dataType();
    }
    DataType[] tout = outs.stream().map(Spec::type).toArray(DataType[]::new);
    Shape[] shapes = outs.stream().map(Spec::shape).toArray(Shape[]::new);
    return (GraphOperation) tf.scope().opBuilder("StatelessIf", "cond")
        .addInput(pred.asOutput())
        .addInputList(in)
        .setAttr("Tcond", DataType.DT_BOOL)
        .setAttr("Tin", tin)
        .setAttr("Tout", tout)
        .setAttr("then_branch", func(then))
        .setAttr("else_branch", func(otherwise))
        .setAttr("output_shapes", shapes)
        .build();
  }

  private static AttrValue func(String name) {
    return AttrValue.newBuilder().setFunc(NameAttrList.newBuilder().setName(name)).build();
  }

  private static List<Integer> diff(List<Spec> specs) {
    List<Integer> idx = new ArrayList<>();
    for (int i = 0; i < specs.size(); i++) {
      if (FunctionalLoop.differentiable(specs.get(i))) {
        idx.add(i);
      }
    }
    return idx;
  }

  private static Shape common(Shape a, Shape b) {
    if (a.isUnknown() || b.isUnknown() || a.numDimensions() != b.numDimensions()) {
      return Shape.unknown();
    }
    long[] dims = new long[a.numDimensions()];
    for (int i = 0; i < dims.length; i++) {
      dims[i] = a.get(i) == b.get(i) ? a.get(i) : -1;
    }
    return Shape.of(dims);
  }

  private static String describe(List<Spec> specs) {
    return specs.size() + " tensor(s) " + specs.stream().map(s -> s.type().name().substring(3).toLowerCase(java.util.Locale.ROOT))
        .toList();
  }
}
