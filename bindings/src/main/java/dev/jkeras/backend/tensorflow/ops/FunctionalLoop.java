package dev.jkeras.backend.tensorflow.ops;

import dev.jkeras.backend.tensorflow.ops.GraphFunctions.Spec;
import java.lang.reflect.Constructor;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashSet;
import java.util.Set;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.tensorflow.Graph;
import org.tensorflow.GraphOperation;
import org.tensorflow.Operand;
import org.tensorflow.Output;
import org.tensorflow.ndarray.Shape;
import org.tensorflow.op.Ops;
import org.tensorflow.op.RawCustomGradient;
import org.tensorflow.proto.AttrValue;
import org.tensorflow.proto.DataType;
import org.tensorflow.proto.NameAttrList;
import org.tensorflow.types.TBool;
import org.tensorflow.types.TInt32;

/**
 * A loop over time as TensorFlow's functional {@code StatelessWhile} op, with its own gradient.
 *
 * <p>TF Java 1.1.0 cannot differentiate a graph while loop (the C++ gradient of {@code TF_NewWhile}'s
 * loops aborts the JVM), so jkeras builds the loop from graph functions and registers the gradient
 * of {@code StatelessWhile} through TF Java's custom-gradient hook. The forward loop keeps the
 * carried values each iteration starts from in tensor lists; the gradient is a second, reverse
 * {@code StatelessWhile} whose body recomputes one step from those values and takes its gradient
 * (built by {@code addGradients} on the step traced in a function graph), carrying the carry's
 * gradient backwards, writing each step's sequence gradient and summing the gradients of the
 * loop-invariant inputs (the weights). A weight the step uses only as the right operand of one
 * {@code matmul(a, w)} (a recurrent kernel, or an input kernel in a user cell) is not summed step by
 * step: the reverse loop writes the product's gradients and the gradient is one matrix product of all
 * steps after it, {@code A^T . dM}, as cuDNN-style kernels do. Both loops' functions are made when the forward loop is built:
 * the gradient hook runs while TensorFlow holds the graph's lock, when no function can be added.
 *
 * <p>The loop variables of the forward op, in order: the step counter, the number of steps, the
 * carry, the sequences (read one slice per step along their first axis), the invariants, one list of
 * saved carries per carry (read back by index in the reverse loop) and one list of per-step outputs per output.
 */
@SuppressWarnings({"rawtypes", "unchecked"})
final class FunctionalLoop {
  private static final Map<String, Plan> PLANS = new ConcurrentHashMap<>();
  private static final int MAX_STEPS = Integer.MAX_VALUE;

  static {
    CustomGradients.register("StatelessWhile", FunctionalLoop::gradient);
    CustomGradients.register("TensorListStack", FunctionalLoop::stackGradient);
  }

  private FunctionalLoop() {}

  /** One step: the new carry then the step's outputs, from the carry, the step's slices and the invariants. */
  @FunctionalInterface
  interface Step {
    List<Operand<?>> apply(Ops tf, List<Output<?>> carry, List<Output<?>> slices, List<Output<?>> invariants);
  }

  /** Whether to run another step, from the carry and the invariants (a bool scalar). */
  @FunctionalInterface
  interface Condition {
    Operand<TBool> apply(Ops tf, List<Output<?>> carry, List<Output<?>> invariants);
  }

  /** The steps run, the final carry and the per-step outputs stacked along a new first axis. */
  record Result(Output<TInt32> count, List<Output<?>> carry, List<Output<?>> outputs) {}

  /** What the gradient needs to know of a forward loop. */
  private record Plan(List<Spec> carry, List<Spec> slices, List<Spec> invariants, List<Spec> outputs,
      List<Hoist> hoists, String backwardCond, String backwardBody) {
    /** The sequences' specs: a slice's with an unknown number of steps in front. */
    List<Spec> sequences() {
      List<Spec> sequences = new ArrayList<>();
      for (Spec slice : slices) {
        long[] dims = new long[slice.shape().numDimensions() + 1];
        dims[0] = -1;
        for (int d = 0; d < slice.shape().numDimensions(); d++) {
          dims[d + 1] = slice.shape().get(d);
        }
        sequences.add(new Spec(slice.type(), Shape.of(dims)));
      }
      return sequences;
    }

    int k() {
      return carry.size();
    }

    /** The differentiable invariants whose gradients the reverse loop sums step by step (the others are hoisted). */
    List<Integer> summed() {
      List<Integer> summed = diff(invariants);
      for (Hoist h : hoists) {
        summed.remove(Integer.valueOf(h.invariant()));
      }
      return summed;
    }

    int s() {
      return slices.size();
    }

    int p() {
      return invariants.size();
    }

    int m() {
      return outputs.size();
    }

    int seqAt() {
      return 2 + k();
    }

    int invAt() {
      return seqAt() + s();
    }

    int savedAt() {
      return invAt() + p();
    }

    int outAt() {
      return savedAt() + k();
    }
  }

  /**
   * A weight whose gradient is one matrix product after the reverse loop instead of a product and a sum
   * at every step: invariant {@code invariant} is used by the step only as the right operand of one
   * {@code matmul(a, w)}, so its gradient is {@code A^T . dM} over all steps, from the stacked left
   * operands {@code a} (the saved values of carry {@code carry} or the steps' rows of sequence
   * {@code sequence} when {@code a} is one of those, else written at each step) and the stacked
   * gradients of the product (written at each step).
   */
  private record Hoist(int invariant, int carry, int sequence, Spec a, Spec product) {
    boolean written() {
      return carry < 0 && sequence < 0;
    }
  }

  /** What the traced step is: its per-step outputs and its hoistable weights. */
  private record Probe(List<Spec> outputs, List<Hoist> hoists) {}

  /**
   * Builds the loop in {@code tf}'s graph: at most {@code maxSteps} steps (null: as many as {@code
   * cond} allows; with sequences, their first dimension), while {@code cond} (null: always) holds.
   *
   * @throws IllegalArgumentException when the step's results do not match the carry
   */
  static Result build(Ops tf, String what, Step step, Condition cond, List<Operand<?>> carry,
      List<Operand<?>> sequences, List<Operand<?>> invariants, Operand<TInt32> maxSteps) {
    Graph graph = (Graph) tf.scope().env();
    List<Spec> carrySpecs = specs(carry, false);
    List<Spec> sliceSpecs = specs(sequences, true);
    List<Spec> invSpecs = specs(invariants, false);
    Probe probe = probe(what, step, carrySpecs, sliceSpecs, invSpecs);
    List<Spec> outSpecs = probe.outputs();
    Plan plan = new Plan(carrySpecs, sliceSpecs, invSpecs, outSpecs, probe.hoists(),
        GraphFunctions.uniqueName("jkeras_loop_grad_cond"), GraphFunctions.uniqueName("jkeras_loop_grad_body"));

    List<Spec> loopSpecs = new ArrayList<>();
    loopSpecs.add(scalar(DataType.DT_INT32));
    loopSpecs.add(scalar(DataType.DT_INT32));
    loopSpecs.addAll(carrySpecs);
    for (Operand<?> seq : sequences) {
      loopSpecs.add(new Spec(seq.asOutput().dataType(), seq.shape()));
    }
    loopSpecs.addAll(invSpecs);
    for (int i = 0; i < plan.k() + plan.m(); i++) {
      loopSpecs.add(scalar(DataType.DT_VARIANT));
    }
    String condName = GraphFunctions.uniqueName("jkeras_loop_cond");
    String bodyName = GraphFunctions.uniqueName("jkeras_loop_body");
    GraphFunctions.define(graph, condName, loopSpecs, (ft, a) -> {
      Operand<TBool> more = ft.math.less((Operand<TInt32>) a.get(0), (Operand<TInt32>) a.get(1));
      if (cond != null) {
        Operand<TBool> user = cond.apply(ft, a.subList(2, 2 + plan.k()), a.subList(plan.invAt(), plan.savedAt()));
        more = ft.math.logicalAnd(more, user);
      }
      return List.of(more);
    });
    GraphFunctions.define(graph, bodyName, loopSpecs, (ft, a) -> forwardBody(ft, what, plan, step, a));
    defineBackward(graph, plan, step);
    PLANS.put(bodyName, plan);

    Operand<TInt32> steps = maxSteps != null ? maxSteps
        : sequences.isEmpty() ? tf.constant(MAX_STEPS) : firstDim(tf, sequences.get(0));
    if (maxSteps != null && !sequences.isEmpty()) {
      steps = tf.math.minimum(maxSteps, firstDim(tf, sequences.get(0)));
    }
    List<Operand<?>> inputs = new ArrayList<>();
    inputs.add(tf.constant(0));
    inputs.add(steps);
    inputs.addAll(carry);
    inputs.addAll(sequences);
    inputs.addAll(invariants);
    for (Spec spec : carrySpecs) {
      inputs.add(emptyList(tf, spec));
    }
    for (Spec spec : outSpecs) {
      inputs.add(reserve(tf, spec, steps));
    }
    GraphOperation loop = whileOp(tf, inputs, null, condName, bodyName);
    List<Output<?>> finalCarry = new ArrayList<>();
    for (int c = 0; c < plan.k(); c++) {
      finalCarry.add(loop.output(2 + c));
    }
    List<Output<?>> outputs = new ArrayList<>();
    for (int j = 0; j < plan.m(); j++) {
      outputs.add(stack(tf, loop.output(plan.outAt() + j), outSpecs.get(j)));
    }
    return new Result(loop.output(0), finalCarry, outputs);
  }

  /** Traces the step once, in a scratch graph, to learn (and check) what it returns. */
  private static Probe probe(String what, Step step, List<Spec> carry, List<Spec> slices, List<Spec> inv) {
    List<Spec> args = new ArrayList<>(carry);
    args.addAll(slices);
    args.addAll(inv);
    int k = carry.size();
    int s = slices.size();
    try (Graph scratch = new Graph()) {
      Ops ft = Ops.create(scratch);
      List<Output<?>> a = new ArrayList<>();
      for (int i = 0; i < args.size(); i++) {
        a.add(placeholder(ft, args.get(i), "arg_" + i));
      }
      List<Operand<?>> results = step.apply(ft, a.subList(0, k), a.subList(k, k + s), a.subList(k + s, a.size()));
      checkCarry(what, carry, results);
      List<Spec> outs = new ArrayList<>();
      for (Operand<?> r : results.subList(k, results.size())) {
        outs.add(new Spec(r.asOutput().dataType(), r.shape()));
      }
      List<Output<?>> carries = a.subList(0, k);
      List<Hoist> hoists = new ArrayList<>();
      for (int q : diff(inv)) {
        GraphOperation product = soleProduct(a.get(k + s + q));
        if (product != null) {
          Output<?> left = product.input(0);
          Output<?> out = product.output(0);
          int c = carries.indexOf(left);
          int l = c >= 0 ? -1 : a.subList(k, k + s).indexOf(left);
          hoists.add(new Hoist(q, c, l, new Spec(left.dataType(), left.shape()), new Spec(out.dataType(), out.shape())));
        }
      }
      return new Probe(outs, hoists);
    }
  }

  /**
   * The one op using {@code w} when it is {@code matmul(a, w)} of rank-2 operands with a known number
   * of columns and rows of {@code w} (no transposes, {@code a} not {@code w}); else null.
   */
  private static GraphOperation soleProduct(Output<?> w) {
    GraphOperation op = (GraphOperation) w.op();
    if (op.numConsumers(w.index()) != 1) {
      return null;
    }
    GraphOperation user = op.consumers(w.index()).iterator().next();
    if (!user.type().equals("MatMul") || user.numInputs() != 2 || !user.input(1).equals(w) || user.input(0).equals(w)
        || user.attributes().getAttrBool("transpose_a") || user.attributes().getAttrBool("transpose_b")) {
      return null;
    }
    Shape a = user.input(0).shape();
    Shape out = user.output(0).shape();
    return a.numDimensions() == 2 && out.numDimensions() == 2 && a.get(1) >= 0 && out.get(1) >= 0 ? user : null;
  }

  private static void checkCarry(String what, List<Spec> carry, List<Operand<?>> results) {
    if (results == null || results.size() < carry.size() || results.stream().anyMatch(r -> r == null)) {
      throw new IllegalArgumentException(what + " must return the new carry (" + carry.size()
          + " tensor(s)) then its per-step outputs; it returned " + (results == null ? null : results.size() + " value(s)"));
    }
    for (int c = 0; c < carry.size(); c++) {
      Output<?> out = results.get(c).asOutput();
      Spec spec = carry.get(c);
      if (out.dataType() != spec.type() || !compatible(out.shape(), spec.shape())) {
        throw new IllegalArgumentException(what + " returned carry " + c + " of dtype "
            + dtypeName(out.dataType()) + " and shape " + out.shape() + ", but the carry it was given has dtype "
            + dtypeName(spec.type()) + " and shape " + spec.shape()
            + "; a loop's body must return each carried value with the dtype and shape it receives");
      }
    }
  }

  private static String dtypeName(DataType type) {
    return type.name().substring(3).toLowerCase(java.util.Locale.ROOT);
  }

  private static boolean compatible(Shape a, Shape b) {
    if (a.isUnknown() || b.isUnknown()) {
      return true;
    }
    if (a.numDimensions() != b.numDimensions()) {
      return false;
    }
    for (int i = 0; i < a.numDimensions(); i++) {
      long x = a.get(i);
      long y = b.get(i);
      if (x >= 0 && y >= 0 && x != y) {
        return false;
      }
    }
    return true;
  }

  private static List<Operand<?>> forwardBody(Ops ft, String what, Plan plan, Step step, List<Output<?>> a) {
    int k = plan.k();
    Output<TInt32> i = (Output<TInt32>) a.get(0);
    List<Output<?>> carry = a.subList(2, 2 + k);
    List<Output<?>> seqs = a.subList(plan.seqAt(), plan.invAt());
    List<Output<?>> inv = a.subList(plan.invAt(), plan.savedAt());
    List<Output<?>> slices = new ArrayList<>();
    for (Output<?> seq : seqs) {
      slices.add(ft.gather(seq, i, ft.constant(0)).asOutput());
    }
    List<Operand<?>> results = step.apply(ft, carry, slices, inv);
    checkCarry(what, plan.carry(), results);
    if (results.size() != k + plan.m()) {
      throw new IllegalArgumentException(what + " returned " + (results.size() - k) + " per-step output(s) when "
          + "traced again, and " + plan.m() + " the first time; it must build the same structure each time");
    }
    List<Operand<?>> next = new ArrayList<>();
    next.add(ft.math.add(i, ft.constant(1)));
    next.add(a.get(1));
    next.addAll(results.subList(0, k));
    next.addAll(seqs);
    next.addAll(inv);
    for (int c = 0; c < k; c++) {
      next.add(ft.scope().opBuilder("TensorListPushBack", "save_" + c)
          .addInput(a.get(plan.savedAt() + c)).addInput(carry.get(c).asOutput())
          .setAttr("element_dtype", plan.carry().get(c).type()).build().output(0));
    }
    for (int j = 0; j < plan.m(); j++) {
      next.add(ft.scope().opBuilder("TensorListSetItem", "out_" + j)
          .addInput(a.get(plan.outAt() + j)).addInput(i).addInput(results.get(k + j).asOutput())
          .setAttr("element_dtype", plan.outputs().get(j).type()).build().output(0));
    }
    return next;
  }

  // ------------------------------------------------------------------ the reverse loop

  static boolean differentiable(Spec spec) {
    return spec.type() == DataType.DT_FLOAT || spec.type() == DataType.DT_DOUBLE || spec.type() == DataType.DT_HALF
        || spec.type() == DataType.DT_BFLOAT16;
  }

  private static List<Integer> diff(List<Spec> specs) {
    List<Integer> idx = new ArrayList<>();
    for (int i = 0; i < specs.size(); i++) {
      if (differentiable(specs.get(i))) {
        idx.add(i);
      }
    }
    return idx;
  }

  /**
   * The reverse loop's variables: the steps left, the carry's gradient, the saved carries, the
   * per-step outputs' gradients (lists), the sequences, the invariants, the sequences' gradients
   * (lists), the summed invariants' gradients and, per hoisted weight, the lists of the product's
   * gradients and (unless it is a carry) of its left operand.
   */
  private static List<Spec> backwardSpecs(Plan plan, List<Spec> sequences) {
    List<Spec> specs = new ArrayList<>();
    specs.add(scalar(DataType.DT_INT32));
    for (int c : diff(plan.carry())) {
      specs.add(plan.carry().get(c));
    }
    for (int c = 0; c < plan.k(); c++) {
      specs.add(scalar(DataType.DT_VARIANT));
    }
    for (int j : diff(plan.outputs())) {
      specs.add(scalar(DataType.DT_VARIANT));
    }
    specs.addAll(sequences);
    specs.addAll(plan.invariants());
    for (int l : diff(plan.slices())) {
      specs.add(scalar(DataType.DT_VARIANT));
    }
    for (int q : plan.summed()) {
      specs.add(plan.invariants().get(q));
    }
    for (Hoist h : plan.hoists()) {
      specs.add(scalar(DataType.DT_VARIANT));
      if (h.written()) {
        specs.add(scalar(DataType.DT_VARIANT));
      }
    }
    return specs;
  }

  private static void defineBackward(Graph graph, Plan plan, Step step) {
    List<Spec> specs = backwardSpecs(plan, plan.sequences());
    GraphFunctions.define(graph, plan.backwardCond(), specs,
        (ft, a) -> List.of(ft.math.greater((Operand<TInt32>) a.get(0), ft.constant(0))));
    GraphFunctions.define(graph, plan.backwardBody(), specs, (ft, a) -> backwardBody(ft, plan, step, a));
  }

  private static List<Operand<?>> backwardBody(Ops ft, Plan plan, Step step, List<Output<?>> a) {
    List<Integer> dc = diff(plan.carry());
    List<Integer> dy = diff(plan.outputs());
    List<Integer> ds = diff(plan.slices());
    List<Integer> dp = diff(plan.invariants());
    int at = 0;
    Output<TInt32> j = (Output<TInt32>) a.get(at++);
    List<Output<?>> gCarry = a.subList(at, at += dc.size());
    List<Output<?>> saved = a.subList(at, at += plan.k());
    List<Output<?>> gOutLists = a.subList(at, at += dy.size());
    List<Output<?>> seqs = a.subList(at, at += plan.s());
    List<Output<?>> inv = a.subList(at, at += plan.p());
    List<Output<?>> gSeqLists = a.subList(at, at += ds.size());
    List<Integer> summed = plan.summed();
    List<Output<?>> gInv = a.subList(at, at += summed.size());
    List<Output<?>> hoistLists = a.subList(at, a.size());

    Operand<TInt32> t = ft.math.sub(j, ft.constant(1));
    List<Output<?>> carry = new ArrayList<>();
    for (int c = 0; c < plan.k(); c++) {
      Output<?> item = ft.scope().opBuilder("TensorListGetItem", "restore_" + c)
          .addInput(saved.get(c)).addInput(t.asOutput()).addInput(shapeVector(ft, plan.carry().get(c).shape()))
          .setAttr("element_dtype", plan.carry().get(c).type()).build().output(0);
      Shape shape = plan.carry().get(c).shape();
      carry.add(item.shape().equals(shape) ? item : ft.ensureShape(item, shape).asOutput());
    }
    List<Output<?>> slices = new ArrayList<>();
    for (Output<?> seq : seqs) {
      slices.add(ft.gather(seq, t, ft.constant(0)).asOutput());
    }
    List<Operand<?>> results = step.apply(ft, carry, slices, inv);
    Map<Integer, GraphOperation> products = new java.util.HashMap<>();
    for (Hoist h : plan.hoists()) {
      GraphOperation product = soleProduct(inv.get(h.invariant()));
      if (product == null || (h.carry() >= 0 && !product.input(0).equals(carry.get(h.carry())))
          || (h.sequence() >= 0 && !product.input(0).equals(slices.get(h.sequence())))) {
        throw new IllegalStateException("A loop's step must build the same structure each time it is traced; "
            + "weight " + h.invariant() + " was the right operand of one matmul the first time, not now");
      }
      products.put(h.invariant(), product);
    }

    List<Output<?>> ys = new ArrayList<>();
    List<Output<?>> dys = new ArrayList<>();
    for (int n = 0; n < dc.size(); n++) {
      ys.add(results.get(dc.get(n)).asOutput());
      dys.add(gCarry.get(n));
    }
    for (int n = 0; n < dy.size(); n++) {
      Spec spec = plan.outputs().get(dy.get(n));
      ys.add(results.get(plan.k() + dy.get(n)).asOutput());
      dys.add(ft.scope().opBuilder("TensorListGetItem", "grad_out_" + n).addInput(gOutLists.get(n)).addInput(t.asOutput())
          .addInput(shapeVector(ft, spec.shape())).setAttr("element_dtype", spec.type()).build().output(0));
    }
    List<Output<?>> xs = new ArrayList<>();
    for (int c : dc) {
      xs.add(carry.get(c));
    }
    for (int l : ds) {
      xs.add(slices.get(l));
    }
    for (int q : dp) {
      xs.add(products.containsKey(q) ? products.get(q).output(0) : inv.get(q));
    }
    Output<?>[] grads = gradients(ft, "step_grad", ys, xs, dys);

    List<Operand<?>> next = new ArrayList<>();
    next.add(t);
    int g = 0;
    for (int n = 0; n < dc.size(); n++) {
      next.add(grads[g++]);
    }
    next.addAll(saved);
    next.addAll(gOutLists);
    next.addAll(seqs);
    next.addAll(inv);
    for (int n = 0; n < ds.size(); n++) {
      next.add(ft.scope().opBuilder("TensorListSetItem", "grad_seq_" + n).addInput(gSeqLists.get(n)).addInput(t.asOutput())
          .addInput(grads[g++]).setAttr("element_dtype", plan.slices().get(ds.get(n)).type()).build().output(0));
    }
    Map<Integer, Output<?>> productGrads = new java.util.HashMap<>();
    for (int q : dp) {
      Output<?> grad = grads[g++];
      if (products.containsKey(q)) {
        productGrads.put(q, grad);
      } else {
        next.add(ft.math.add((Operand) gInv.get(summed.indexOf(q)), (Operand) grad));
      }
    }
    int list = 0;
    for (Hoist h : plan.hoists()) {
      next.add(setItem(ft, "grad_product", hoistLists.get(list++), t, productGrads.get(h.invariant()), h.product()));
      if (h.written()) {
        next.add(setItem(ft, "product_left", hoistLists.get(list++), t, products.get(h.invariant()).input(0), h.a()));
      }
    }
    return next;
  }

  private static Output<?> setItem(Ops ft, String name, Output<?> list, Operand<TInt32> index, Output<?> item, Spec spec) {
    return ft.scope().opBuilder("TensorListSetItem", name).addInput(list).addInput(index.asOutput()).addInput(item)
        .setAttr("element_dtype", spec.type()).build().output(0);
  }

  /**
   * {@code d(sum ys . dys) / d xs} in {@code ft}'s graph; zeros for an {@code x} the {@code ys} do not
   * depend on (TensorFlow refuses to differentiate with respect to an unreachable input).
   */
  static Output<?>[] gradients(Ops ft, String prefix, List<Output<?>> ys, List<Output<?>> xs, List<Output<?>> dys) {
    Set<GraphOperation> reached = ancestors(ys);
    List<Integer> used = new ArrayList<>();
    for (int n = 0; n < xs.size(); n++) {
      if (reached.contains((GraphOperation) xs.get(n).op())) {
        used.add(n);
      }
    }
    Output<?>[] grads = new Output<?>[xs.size()];
    if (!used.isEmpty() && !ys.isEmpty()) {
      // A y that also feeds another y (a stacked cell's first state feeds the next cell's), or is given
      // twice, goes through its own Identity: TensorFlow's C++ gradient builder drops its gradient.
      Set<GraphOperation> feeding = strictAncestors(ys);
      Set<Output<?>> seen = new HashSet<>();
      Output<?>[] leaves = new Output<?>[ys.size()];
      for (int n = 0; n < ys.size(); n++) {
        Output<?> y = ys.get(n);
        boolean alone = seen.add(y) && !feeding.contains((GraphOperation) y.op());
        leaves[n] = alone ? y : ft.identity((Operand) y).asOutput();
      }
      Output<?>[] got = ((Graph) ft.scope().env()).addGradients(prefix, leaves,
          used.stream().map(xs::get).toArray(Output[]::new), dys.toArray(Output[]::new));
      for (int u = 0; u < used.size(); u++) {
        grads[used.get(u)] = got[u];
      }
    }
    for (int n = 0; n < grads.length; n++) {
      if (isNoGradient(grads[n])) {
        grads[n] = ft.zerosLike(xs.get(n)).asOutput();
      }
    }
    return grads;
  }

  /** The ops the {@code ys} are computed from, the ys' own ops excluded unless one feeds another. */
  private static Set<GraphOperation> strictAncestors(List<Output<?>> ys) {
    List<Output<?>> inputs = new ArrayList<>();
    for (Output<?> y : ys) {
      GraphOperation op = (GraphOperation) y.op();
      for (int i = 0; i < op.numInputs(); i++) {
        inputs.add(op.input(i));
      }
    }
    return ancestors(inputs);
  }

  private static Set<GraphOperation> ancestors(List<Output<?>> ys) {
    Set<GraphOperation> seen = new HashSet<>();
    Deque<GraphOperation> todo = new ArrayDeque<>();
    for (Output<?> y : ys) {
      todo.push((GraphOperation) y.op());
    }
    while (!todo.isEmpty()) {
      GraphOperation op = todo.pop();
      if (seen.add(op)) {
        for (int i = 0; i < op.numInputs(); i++) {
          todo.push((GraphOperation) op.input(i).op());
        }
      }
    }
    return seen;
  }

  /** The gradient of a forward loop: the reverse loop, from the gradients of the loop's outputs. */
  private static List<Operand<?>> gradient(Ops tf, GraphOperation op, List<Output<?>> grads) {
    String body = op.attributes().getAttrValueProto("body").getFunc().getName();
    Plan plan = PLANS.get(body);
    if (plan == null) {
      throw new IllegalStateException("Cannot differentiate the while loop " + op.name() + " (body " + body
          + "): jkeras differentiates only the loops it built in this JVM (keras.ops.whileLoop, scan, foriLoop "
          + "and the recurrent layers)");
    }
    List<Integer> dc = diff(plan.carry());
    List<Integer> dy = diff(plan.outputs());
    List<Integer> ds = diff(plan.slices());
    List<Integer> dp = diff(plan.invariants());
    Output<TInt32> count = op.output(0);
    List<Operand<?>> inputs = new ArrayList<>();
    inputs.add(count);
    for (int c : dc) {
      Output<?> g = grads.get(2 + c);
      inputs.add(isNoGradient(g) ? tf.zerosLike(op.output(2 + c)) : g);
    }
    for (int c = 0; c < plan.k(); c++) {
      inputs.add(op.output(plan.savedAt() + c));
    }
    for (int j : dy) {
      Output<?> g = grads.get(plan.outAt() + j);
      if (isNoGradient(g)) {
        Spec spec = plan.outputs().get(j);
        Output<?> zeros = tf.zerosLike((Operand) stack(tf, op.output(plan.outAt() + j), spec)).asOutput();
        g = fromTensor(tf, zeros);
      }
      inputs.add(g);
    }
    for (int l = 0; l < plan.s(); l++) {
      inputs.add(op.output(plan.seqAt() + l));
    }
    for (int q = 0; q < plan.p(); q++) {
      inputs.add(op.output(plan.invAt() + q));
    }
    for (int l : ds) {
      inputs.add(reserve(tf, plan.slices().get(l), count));
    }
    for (int q : plan.summed()) {
      inputs.add(tf.zerosLike(op.output(plan.invAt() + q)));
    }
    for (Hoist h : plan.hoists()) {
      inputs.add(reserve(tf, h.product(), count));
      if (h.written()) {
        inputs.add(reserve(tf, h.a(), count));
      }
    }
    GraphOperation reverse = whileOp(tf, inputs, backwardSpecs(plan, plan.sequences()), plan.backwardCond(), plan.backwardBody());

    int at = 1;
    List<Output<?>> carryGrads = new ArrayList<>();
    for (int n = 0; n < dc.size(); n++) {
      carryGrads.add(reverse.output(at++));
    }
    at += plan.k() + dy.size() + plan.s() + plan.p();
    List<Output<?>> seqGrads = new ArrayList<>();
    for (int n = 0; n < ds.size(); n++) {
      seqGrads.add(stack(tf, reverse.output(at++), plan.slices().get(ds.get(n))));
    }
    Map<Integer, Output<?>> invGrads = new java.util.HashMap<>();
    for (int q : plan.summed()) {
      invGrads.put(q, reverse.output(at++));
    }
    for (Hoist h : plan.hoists()) {
      Output<?> products = stack(tf, reverse.output(at++), h.product());
      Output<?> lefts = h.carry() >= 0 ? stack(tf, op.output(plan.savedAt() + h.carry()), plan.carry().get(h.carry()))
          : h.sequence() >= 0 ? firstRows(tf, op.output(plan.seqAt() + h.sequence()), count)
          : stack(tf, reverse.output(at++), h.a());
      invGrads.put(h.invariant(), productGradient(tf, lefts, products, h));
    }

    Output<?> none = noGradient(op.env());
    List<Operand<?>> result = new ArrayList<>(Collections.nCopies(op.numInputs(), none));
    for (int n = 0; n < dc.size(); n++) {
      result.set(2 + dc.get(n), carryGrads.get(n));
    }
    for (int n = 0; n < ds.size(); n++) {
      result.set(plan.seqAt() + ds.get(n), seqGrads.get(n));
    }
    for (int q : dp) {
      result.set(plan.invAt() + q, invGrads.get(q));
    }
    return result;
  }

  /** The first {@code count} rows of {@code sequence} (the loop may stop before its end). */
  private static Output<?> firstRows(Ops tf, Output<?> sequence, Output<TInt32> count) {
    return tf.gather((Operand) sequence, tf.range(tf.constant(0), count, tf.constant(1)), tf.constant(0)).asOutput();
  }

  /** {@code sum_t a_t^T . dM_t}: the stacked {@code (steps, rows, n)} and {@code (steps, rows, m)} as one product. */
  private static Output<?> productGradient(Ops tf, Output<?> lefts, Output<?> products, Hoist h) {
    Operand a = tf.reshape((Operand) lefts, tf.constant(new long[] {-1, h.a().shape().get(1)}));
    Operand dm = tf.reshape((Operand) products, tf.constant(new long[] {-1, h.product().shape().get(1)}));
    return tf.linalg.matMul(a, dm, org.tensorflow.op.linalg.MatMul.transposeA(true)).asOutput();
  }

  /** {@code TensorListStack}'s gradient: the incoming gradient as a list of its slices. */
  private static List<Operand<?>> stackGradient(Ops tf, GraphOperation op, List<Output<?>> grads) {
    Output<?> none = noGradient(op.env());
    if (isNoGradient(grads.get(0))) {
      return List.of(none, none);
    }
    return List.of(fromTensor(tf, grads.get(0)), none);
  }

  // ------------------------------------------------------------------ op helpers

  /**
   * A {@code StatelessWhile} over {@code inputs}; {@code specs} (or null: the inputs' static shapes)
   * give its output shapes. Inside a gradient function the shapes must be given: querying one takes
   * the graph's lock, which TensorFlow holds while it builds gradients.
   */
  private static GraphOperation whileOp(Ops tf, List<Operand<?>> inputs, List<Spec> specs, String cond, String body) {
    DataType[] types = new DataType[inputs.size()];
    Shape[] shapes = new Shape[inputs.size()];
    Output<?>[] outs = new Output<?>[inputs.size()];
    for (int i = 0; i < inputs.size(); i++) {
      outs[i] = inputs.get(i).asOutput();
      types[i] = outs[i].dataType();
      shapes[i] = specs == null ? outs[i].shape() : specs.get(i).shape();
    }
    return (GraphOperation) tf.scope().opBuilder("StatelessWhile", "while")
        .addInputList(outs)
        .setAttr("T", types)
        .setAttr("cond", func(cond))
        .setAttr("body", func(body))
        .setAttr("output_shapes", shapes)
        .setAttr("parallel_iterations", 10L)
        .setAttr("_lower_using_switch_merge", true)
        .build();
  }

  private static AttrValue func(String name) {
    return AttrValue.newBuilder().setFunc(NameAttrList.newBuilder().setName(name)).build();
  }

  private static Output<?> emptyList(Ops tf, Spec spec) {
    return tf.scope().opBuilder("EmptyTensorList", "saved")
        .addInput(shapeVector(tf, spec.shape())).addInput(tf.constant(-1).asOutput())
        .setAttr("element_dtype", spec.type()).build().output(0);
  }

  private static Output<?> reserve(Ops tf, Spec spec, Operand<TInt32> size) {
    return tf.scope().opBuilder("TensorListReserve", "outputs")
        .addInput(shapeVector(tf, spec.shape())).addInput(size.asOutput())
        .setAttr("element_dtype", spec.type()).build().output(0);
  }

  private static Output<?> stack(Ops tf, Output<?> list, Spec spec) {
    return tf.scope().opBuilder("TensorListStack", "stack")
        .addInput(list).addInput(shapeVector(tf, spec.shape()))
        .setAttr("element_dtype", spec.type()).build().output(0);
  }

  /** A list of {@code tensor}'s slices, of unknown element shape (asking the shape would take the graph's lock). */
  private static Output<?> fromTensor(Ops tf, Output<?> tensor) {
    return tf.scope().opBuilder("TensorListFromTensor", "from_tensor")
        .addInput(tensor).addInput(shapeVector(tf, Shape.unknown()))
        .setAttr("element_dtype", tensor.dataType()).build().output(0);
  }

  /** A shape as TensorFlow's list ops take it: -1 for an unknown dimension, the scalar -1 for unknown rank. */
  private static Output<TInt32> shapeVector(Ops tf, Shape shape) {
    if (shape.isUnknown()) {
      return tf.constant(-1).asOutput();
    }
    int[] dims = new int[shape.numDimensions()];
    for (int d = 0; d < dims.length; d++) {
      dims[d] = (int) shape.get(d);
    }
    return tf.constant(dims).asOutput();
  }

  private static Operand<TInt32> firstDim(Ops tf, Operand<?> x) {
    return tf.squeeze(tf.slice(tf.shape(x), tf.constant(new int[] {0}), tf.constant(new int[] {1})));
  }

  private static Spec scalar(DataType type) {
    return new Spec(type, Shape.scalar());
  }

  private static List<Spec> specs(List<Operand<?>> values, boolean slices) {
    List<Spec> specs = new ArrayList<>();
    for (Operand<?> v : values) {
      Shape shape = v.shape();
      if (slices) {
        if (shape.isUnknown() || shape.numDimensions() == 0) {
          throw new IllegalArgumentException("A scanned sequence must have at least one dimension (the steps), got shape " + shape);
        }
        shape = shape.tail();
      }
      specs.add(new Spec(v.asOutput().dataType(), shape));
    }
    return specs;
  }

  private static Output<?> placeholder(Ops tf, Spec spec, String name) {
    return tf.scope().opBuilder("Placeholder", name).setAttr("dtype", spec.type()).setAttr("shape", spec.shape())
        .build().output(0);
  }

  // ------------------------------------------------------------------ "no gradient" as TensorFlow's C++ means it

  static boolean isNoGradient(Output<?> g) {
    return g == null || g.index() < 0 || ((GraphOperation) g.op()).getUnsafeNativeHandle() == null
        || ((GraphOperation) g.op()).getUnsafeNativeHandle().isNull();
  }

  /** TensorFlow's {@code NoGradient()}: an output of no op, which stops backpropagation along an input. */
  static Output<?> noGradient(Graph graph) {
    try {
      Constructor<GraphOperation> op = GraphOperation.class.getDeclaredConstructor(Graph.class,
          org.tensorflow.internal.c_api.TF_Operation.class);
      op.setAccessible(true);
      Constructor<Output> out = Output.class.getDeclaredConstructor(Class.forName("org.tensorflow.AbstractOperation"), int.class);
      out.setAccessible(true);
      return out.newInstance(op.newInstance(graph, null), -1);
    } catch (ReflectiveOperationException e) {
      throw new IllegalStateException("This TF Java cannot express 'no gradient' (written for TF Java 1.1.0): " + e, e);
    }
  }
}
