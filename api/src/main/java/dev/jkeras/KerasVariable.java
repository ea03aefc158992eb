package dev.jkeras;

import dev.jkeras.backend.Backends;
import dev.jkeras.backend.ModelGraph;
import dev.jkeras.backend.Update;
import dev.jkeras.backend.Variable;
import java.lang.ref.WeakReference;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.IdentityHashMap;
import java.util.Map;
import java.util.WeakHashMap;
import java.util.function.Supplier;
import org.tensorflow.ndarray.NdArray;

/**
 * A layer's weight, independent of any one model: a layer shared by several models (reused layers
 * in transfer learning, a model nested in another) has one KerasVariable with a copy in each
 * model's graph. The copy in its <em>home</em> graph holds the current value; a model makes its own
 * copy home before it runs, so training one model is seen by every model sharing the layer.
 *
 * <p>The variable holds its copies weakly, so a model that is dropped unclosed can be reclaimed,
 * except the one whose graph is home: that graph holds the current value, and it stays alive until
 * another model makes its own copy home (or the variable itself is unreachable). No value of a
 * shared layer is lost to the garbage collector.
 */
public final class KerasVariable implements Variable {
  private static final ThreadLocal<Deque<Map<Variable, KerasTensor>>> SUBSTITUTES =
      ThreadLocal.withInitial(ArrayDeque::new);

  /** Counts the changes that may leave some model's weights away from its graph; see {@link #homeMoves}. */
  private static final java.util.concurrent.atomic.AtomicLong HOME_MOVES = new java.util.concurrent.atomic.AtomicLong();

  private final String name;
  private final Shape shape;
  private final DType dtype;
  private final Map<ModelGraph, WeakReference<Variable>> copies = new WeakHashMap<>();
  private ModelGraph home;
  private NdArray<?> detached;

  /** Creates the variable in the graph being traced, with the value {@code initializer} computes. */
  public KerasVariable(String name, Shape shape, DType dtype, Supplier<KerasTensor> initializer) {
    this.name = name;
    this.shape = shape;
    this.dtype = dtype;
    ModelGraph graph = tracingGraph();
    copies.put(graph, new WeakReference<>(graph.variable(name, shape, dtype, initializer)));
    home = graph;
    HOME_MOVES.incrementAndGet();
  }

  /**
   * A count that grows whenever any variable is created, gets a copy in another graph, or has its
   * home moved: while it stays the same, a model whose weights were all home in its graph still has
   * them there, so it need not check them again before a run.
   */
  public static long homeMoves() {
    return HOME_MOVES.get();
  }

  private ModelGraph tracingGraph() {
    return Backends.get().currentGraph().orElseThrow(() -> new IllegalStateException(
        "Variable '" + name + "' is used only while a model is traced"));
  }

  /** The copy in {@code graph}, created from the current value when the graph has none yet. */
  @Override
  public synchronized Variable in(ModelGraph graph) {
    Variable copy = copyIn(graph);
    if (copy == null) {
      NdArray<?> current = read();
      Variable created = graph.variable(name, shape, dtype, () -> Backends.get().core().constant(current));
      copies.put(graph, new WeakReference<>(created));
      HOME_MOVES.incrementAndGet();
      copy = created;
    }
    return copy;
  }

  /** The copy in {@code graph}, or null; a graph keeps its variables alive, so a live graph's copy is there. */
  private Variable copyIn(ModelGraph graph) {
    WeakReference<Variable> copy = copies.get(graph);
    return copy == null ? null : copy.get();
  }

  /** The graph whose copy holds the current value; empty once every graph holding a copy was closed. */
  public synchronized java.util.Optional<ModelGraph> homeGraph() {
    return java.util.Optional.ofNullable(home);
  }

  /** Makes {@code graph}'s copy hold the current value and become the one reads and writes use. */
  public synchronized void makeHome(ModelGraph graph) {
    if (home == graph) {
      return;
    }
    Variable copy = copyIn(graph);
    if (copy == null) {
      in(graph);
    } else {
      copy.write(read());
    }
    home = graph;
    detached = null;
    HOME_MOVES.incrementAndGet();
  }

  private Variable homeCopy() {
    Variable copy = copyIn(home);
    if (copy == null || home.isClosed()) {
      throw new IllegalStateException("The model holding variable '" + name + "' was closed");
    }
    return copy;
  }

  @Override
  public String name() {
    return name;
  }

  @Override
  public Shape shape() {
    return shape;
  }

  @Override
  public DType dtype() {
    return dtype;
  }

  @Override
  public KerasTensor value() {
    for (Map<Variable, KerasTensor> values : SUBSTITUTES.get()) {
      KerasTensor substitute = values.get(this);
      if (substitute != null) {
        return substitute;
      }
    }
    return in(tracingGraph()).value();
  }

  /**
   * Traces {@code body} with each variable of {@code values} reading as the tensor given for it (as
   * Keras 3's {@code StatelessScope(state_mapping=...)}), e.g. a pruning wrapper's masked kernel seen
   * by the layer it wraps; other variables, and code outside {@code body}, read as usual. Per thread.
   */
  public static <T> T withValues(Map<? extends Variable, KerasTensor> values, Supplier<T> body) {
    Deque<Map<Variable, KerasTensor>> open = SUBSTITUTES.get();
    open.push(new IdentityHashMap<>(values));
    try {
      return body.get();
    } finally {
      open.pop();
      if (open.isEmpty()) {
        SUBSTITUTES.remove();
      }
    }
  }

  @Override
  public Update assign(KerasTensor value) {
    return in(tracingGraph()).assign(value);
  }

  @Override
  public Update assignAdd(KerasTensor delta) {
    return in(tracingGraph()).assignAdd(delta);
  }

  /**
   * Called before {@code closing} is closed: if it holds the current value, the value moves to
   * another model's copy, or to the Java heap when no other model has one.
   */
  public synchronized void evacuate(ModelGraph closing) {
    WeakReference<Variable> closingRef = copies.remove(closing);
    Variable closingCopy = closingRef == null ? null : closingRef.get();
    if (home != closing || closingCopy == null) {
      return;
    }
    NdArray<?> value = closingCopy.read();
    HOME_MOVES.incrementAndGet();
    home = null;
    detached = value;
    for (Map.Entry<ModelGraph, WeakReference<Variable>> other : copies.entrySet()) {
      Variable copy = other.getValue().get();
      if (copy != null && !other.getKey().isClosed()) {
        copy.write(value);
        home = other.getKey();
        detached = null;
        return;
      }
    }
  }

  @Override
  public synchronized NdArray<?> read() {
    return home == null ? detached : homeCopy().read();
  }

  @Override
  public synchronized void write(NdArray<?> value) {
    if (home == null) {
      detached = value;
    } else {
      homeCopy().write(value);
    }
  }

  @Override
  public String toString() {
    return "<KerasVariable '" + name + "' shape=" + shape + ", dtype=" + dtype + ">";
  }
}
