package dev.jkeras.backend.tensorflow.ops;

import static dev.jkeras.backend.tensorflow.TfOperands.operand;
import static dev.jkeras.backend.tensorflow.TfOperands.tf;
import static dev.jkeras.backend.tensorflow.TfOperands.wrap;

import dev.jkeras.KerasTensor;
import dev.jkeras.backend.ops.ControlFlowBackend;
import dev.jkeras.backend.tensorflow.Capture;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;
import java.util.function.Supplier;
import org.tensorflow.Graph;
import org.tensorflow.Operand;
import org.tensorflow.Output;
import org.tensorflow.op.Ops;
import org.tensorflow.types.TBool;
import org.tensorflow.types.TInt32;

/**
 * Control flow in TensorFlow: in a graph, {@link FunctionalLoop} and {@link FunctionalIf} over the
 * functions traced with automatic capture ({@link Capture}); eagerly, Java loops and branches.
 */
@SuppressWarnings({"rawtypes", "unchecked"})
public final class TfControlFlow implements ControlFlowBackend {

  @Override
  public Loop loop(String what, Step step, Function<List<KerasTensor>, KerasTensor> cond, List<KerasTensor> carry,
      List<KerasTensor> sequences, KerasTensor maxSteps) {
    Ops tf = tf();
    if (tf.scope().env().isEager()) {
      return eagerLoop(tf, step, cond, carry, sequences, maxSteps);
    }
    List<Operand<?>> init = operands(carry);
    List<Operand<?>> seqs = operands(sequences);
    Capture found = discover(what, step, cond, init, seqs);
    FunctionalLoop.Step body = (ft, c, slices, inv) -> Capture.frozen(ft, what, found, inv)
        .trace(() -> operands(step.apply(wrapAll(c), wrapAll(slices))));
    FunctionalLoop.Condition test = cond == null ? null : (ft, c, inv) -> Capture.frozen(ft, what, found, inv)
        .trace(() -> (Operand<TBool>) operand(cond.apply(wrapAll(c))));
    FunctionalLoop.Result result = FunctionalLoop.build(tf, what, body, test, init, seqs, found.outerValues(),
        maxSteps == null ? null : (Operand<TInt32>) operand(maxSteps));
    return new Loop(wrapAll(result.carry()), wrapAll(result.outputs()));
  }

  /** Traces the step and condition once in a scratch graph, to learn which outer tensors they use. */
  private static Capture discover(String what, Step step, Function<List<KerasTensor>, KerasTensor> cond,
      List<Operand<?>> init, List<Operand<?>> seqs) {
    try (Graph scratch = new Graph()) {
      Ops ft = Ops.create(scratch);
      Capture capture = Capture.discovering(ft, what);
      capture.trace(() -> {
        List<Output<?>> carry = placeholders(ft, init, false);
        List<Output<?>> slices = placeholders(ft, seqs, true);
        operands(step.apply(wrapAll(carry), wrapAll(slices)));
        if (cond != null) {
          operand(cond.apply(wrapAll(carry)));
        }
        return null;
      });
      return capture;
    }
  }

  private static List<Output<?>> placeholders(Ops ft, List<Operand<?>> values, boolean slices) {
    List<Output<?>> out = new ArrayList<>();
    for (Operand<?> v : values) {
      org.tensorflow.ndarray.Shape shape = v.shape();
      if (slices) {
        if (shape.isUnknown() || shape.numDimensions() == 0) {
          throw new IllegalArgumentException("A scanned sequence must have at least one dimension (the steps), got shape "
              + shape);
        }
        shape = shape.tail();
      }
      out.add(ft.placeholder(v.type(), org.tensorflow.op.core.Placeholder.shape(shape)).asOutput());
    }
    return out;
  }

  private static Loop eagerLoop(Ops tf, Step step, Function<List<KerasTensor>, KerasTensor> cond,
      List<KerasTensor> carry, List<KerasTensor> sequences, KerasTensor maxSteps) {
    long limit = maxSteps == null ? Long.MAX_VALUE : intValue(operand(maxSteps));
    for (KerasTensor seq : sequences) {
      limit = Math.min(limit, operand(seq).shape().get(0));
    }
    List<KerasTensor> vars = carry;
    List<List<Operand<?>>> outputs = new ArrayList<>();
    int k = carry.size();
    for (long i = 0; i < limit; i++) {
      if (cond != null && !boolValue(operand(cond.apply(vars)))) {
        break;
      }
      Operand<TInt32> at = tf.constant((int) i);
      List<KerasTensor> slices = new ArrayList<>();
      for (KerasTensor seq : sequences) {
        slices.add(wrap(tf.gather(operand(seq), at, tf.constant(0))));
      }
      List<KerasTensor> results = step.apply(vars, slices);
      vars = List.copyOf(results.subList(0, k));
      for (int j = k; j < results.size(); j++) {
        if (outputs.size() <= j - k) {
          outputs.add(new ArrayList<>());
        }
        outputs.get(j - k).add(operand(results.get(j)));
      }
    }
    if (outputs.isEmpty() && (!sequences.isEmpty() || maxSteps != null)) {
      return new Loop(vars, emptyOutputs(tf, step, carry, sequences));
    }
    List<KerasTensor> stacked = new ArrayList<>();
    for (List<Operand<?>> ys : outputs) {
      stacked.add(wrap(tf.stack((Iterable) ys)));
    }
    return new Loop(vars, stacked);
  }

  /** Zero steps ran: the outputs with no steps in front, their shapes learned from a step on zeros. */
  private static List<KerasTensor> emptyOutputs(Ops tf, Step step, List<KerasTensor> carry,
      List<KerasTensor> sequences) {
    List<KerasTensor> slices = new ArrayList<>();
    for (KerasTensor seq : sequences) {
      Operand<?> s = operand(seq);
      slices.add(wrap(tf.zeros(tf.constant(tailDims(s.shape())), s.type())));
    }
    List<KerasTensor> results = step.apply(carry, slices);
    List<KerasTensor> outputs = new ArrayList<>();
    for (KerasTensor y : results.subList(carry.size(), results.size())) {
      Operand<?> o = operand(y);
      long[] dims = new long[o.shape().numDimensions() + 1];
      for (int d = 1; d < dims.length; d++) {
        dims[d] = o.shape().get(d - 1);
      }
      outputs.add(wrap(tf.zeros(tf.constant(dims), o.type())));
    }
    return outputs;
  }

  private static long[] tailDims(org.tensorflow.ndarray.Shape shape) {
    long[] dims = new long[shape.numDimensions() - 1];
    for (int d = 0; d < dims.length; d++) {
      dims[d] = shape.get(d + 1);
    }
    return dims;
  }

  @Override
  public List<KerasTensor> cond(KerasTensor pred, Supplier<List<KerasTensor>> trueFn,
      Supplier<List<KerasTensor>> falseFn) {
    Ops tf = tf();
    Operand<TBool> p = (Operand<TBool>) operand(pred);
    if (tf.scope().env().isEager()) {
      return boolValue(p) ? trueFn.get() : falseFn.get();
    }
    return wrapAll(FunctionalIf.build(tf, p, () -> operands(trueFn.get()), () -> operands(falseFn.get())));
  }

  @Override
  public KerasTensor checked(KerasTensor value, KerasTensor condition, String message) {
    Ops tf = tf();
    Operand<TBool> holds = tf.all((Operand<TBool>) operand(condition),
        tf.range(tf.constant(0), tf.rank(operand(condition)), tf.constant(1)));
    if (tf.scope().env().isEager()) {
      if (!boolValue(holds)) {
        throw new IllegalArgumentException(message);
      }
      return value;
    }
    org.tensorflow.op.Op check = tf.assertThat(holds, List.of(tf.constant(message)));
    return wrap(tf.withControlDependencies(List.of(check)).identity(operand(value)));
  }

  /** An eager scalar's value (the tensor stays owned by its eager op). */
  private static boolean boolValue(Operand<?> x) {
    return ((TBool) x.asTensor()).getBoolean();
  }

  private static long intValue(Operand<?> x) {
    return ((TInt32) x.asTensor()).getInt();
  }

  private static List<Operand<?>> operands(List<KerasTensor> xs) {
    List<Operand<?>> out = new ArrayList<>();
    for (KerasTensor x : xs) {
      out.add(operand(x));
    }
    return out;
  }

  private static List<KerasTensor> wrapAll(List<? extends Operand<?>> xs) {
    List<KerasTensor> out = new ArrayList<>();
    for (Operand<?> x : xs) {
      out.add(wrap(x));
    }
    return out;
  }
}
