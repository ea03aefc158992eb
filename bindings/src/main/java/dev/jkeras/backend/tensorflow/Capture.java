package dev.jkeras.backend.tensorflow;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.tensorflow.ExecutionEnvironment;
import org.tensorflow.GraphOperation;
import org.tensorflow.Operand;
import org.tensorflow.Output;
import org.tensorflow.op.Ops;

/**
 * The tensors a graph function being traced takes from the graphs around it, as TensorFlow's
 * {@code FuncGraph} captures them: when an op built in the function gets an input from another
 * graph, that input is replaced by an argument of the function, and its outer value is recorded as
 * an input the function's caller must pass (a loop invariant, an {@code If}'s input). Variables
 * are read in the model graph and their read values captured, so gradients reach the weights
 * through the captured inputs' gradients.
 *
 * <p>A discovering capture makes a placeholder per new outer tensor (the first trace of a body);
 * a frozen one maps the tensors found then to the arguments of a later trace, and refuses any other.
 */
public final class Capture {
  private final ExecutionEnvironment graph;
  private final Ops tf;
  private final Capture parent;
  private final boolean frozen;
  private final String what;
  private final Map<Key, Operand<?>> inner = new LinkedHashMap<>();
  private final List<Operand<?>> outer = new ArrayList<>();

  private record Key(ExecutionEnvironment env, long op, int index) {}

  private Capture(Ops tf, Capture parent, boolean frozen, String what) {
    this.graph = tf.scope().env();
    this.tf = tf;
    this.parent = parent;
    this.frozen = frozen;
    this.what = what;
  }

  /** A first trace of {@code what} in {@code tf}'s graph, inside the function being traced now, if any. */
  public static Capture discovering(Ops tf, String what) {
    return new Capture(tf, Context.currentCapture(), false, what);
  }

  /** A later trace: {@code found}'s tensors are {@code args}, in order. */
  public static Capture frozen(Ops tf, String what, Capture found, List<? extends Operand<?>> args) {
    Capture capture = new Capture(tf, null, true, what);
    List<Key> keys = new ArrayList<>(found.inner.keySet());
    for (int i = 0; i < keys.size(); i++) {
      capture.inner.put(keys.get(i), args.get(i));
    }
    return capture;
  }

  /** Merges the tensors {@code more} found after this one's, for functions that share their inputs. */
  public void addAll(Capture more) {
    more.inner.forEach((key, value) -> {
      if (!inner.containsKey(key)) {
        inner.put(key, value);
        outer.add(more.outer.get(new ArrayList<>(more.inner.keySet()).indexOf(key)));
      }
    });
  }

  /** The captured tensors' values in the graph that calls the function, in argument order. */
  public List<Operand<?>> outerValues() {
    return List.copyOf(outer);
  }

  /** The function's arguments that stand for the captured tensors, in the order of {@link #outerValues()}. */
  public List<Operand<?>> arguments() {
    return List.copyOf(inner.values());
  }

  /** Runs {@code body} with this capture active, building in its graph. */
  public <T> T trace(java.util.function.Supplier<T> body) {
    return Context.inFunction(tf, this, body);
  }

  /** {@code x} as the function sees it: itself if built in the function, else the argument that captures it. */
  Operand<?> resolve(Operand<?> x) {
    if (x.env() == graph || !(x.env() instanceof org.tensorflow.Graph)) {
      return x;
    }
    Output<?> out = x.asOutput();
    Key key = new Key(out.env(), ((GraphOperation) out.op()).getUnsafeNativeHandle().address(), out.index());
    Operand<?> known = inner.get(key);
    if (known != null) {
      return known;
    }
    if (frozen) {
      throw new IllegalStateException(what + " used the outer tensor " + out.op().name() + " when traced again, "
          + "but not the first time: a loop's or branch's function must build the same ops each time it is traced");
    }
    Operand<?> value = parent != null ? parent.resolve(x) : x;
    Operand<?> arg = tf.withName("capture_" + inner.size()).placeholder(out.type(),
        org.tensorflow.op.core.Placeholder.shape(out.shape()));
    inner.put(key, arg);
    outer.add(value);
    return arg;
  }
}
