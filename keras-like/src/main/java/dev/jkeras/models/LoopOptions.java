package dev.jkeras.models;

import dev.jkeras.callbacks.Callback;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.function.Consumer;
import org.tensorflow.ndarray.NdArray;

/**
 * The options fit, evaluate and predict share: batch size, verbosity and callbacks, with Keras's
 * defaults.
 *
 * <p>Immutable: every setter returns a new options object and leaves this one as it was, so one
 * options object can be stored, shared and passed to several calls.
 */
public abstract class LoopOptions<T extends LoopOptions<T>> {
  private int batchSize = 32;
  private int verbose = 1;
  private List<Callback> callbacks = List.of();

  LoopOptions() {}

  /** A copy of {@code other}'s shared options, for the copy constructor of a subclass. */
  LoopOptions(LoopOptions<T> other) {
    this.batchSize = other.batchSize;
    this.verbose = other.verbose;
    this.callbacks = other.callbacks;
  }

  /** A copy of this options object, which {@link #with} changes before anyone else sees it. */
  abstract T copy();

  /** A copy of this options object with {@code change} applied to it. */
  final T with(Consumer<T> change) {
    T copy = copy();
    change.accept(copy);
    return copy;
  }

  public T batchSize(int batchSize) {
    if (batchSize <= 0) {
      throw new IllegalArgumentException("batchSize must be positive, got " + batchSize);
    }
    return with(copy -> ((LoopOptions<T>) copy).batchSize = batchSize);
  }

  /** 0 silent, 1 progress bar, 2 one line per epoch. */
  public T verbose(int verbose) {
    if (verbose < 0 || verbose > 2) {
      throw new IllegalArgumentException("verbose must be 0, 1 or 2, got " + verbose);
    }
    return with(copy -> ((LoopOptions<T>) copy).verbose = verbose);
  }

  /** Adds callbacks after those already given. */
  public T callbacks(Callback... callbacks) {
    return callbacks(List.of(callbacks));
  }

  /** Adds callbacks after those already given. */
  public T callbacks(List<? extends Callback> callbacks) {
    List<Callback> all = new ArrayList<>(this.callbacks);
    for (Callback callback : callbacks) {
      all.add(Objects.requireNonNull(callback, "callbacks must not contain null"));
    }
    List<Callback> frozen = List.copyOf(all);
    return with(copy -> ((LoopOptions<T>) copy).callbacks = frozen);
  }

  /** The number of samples per batch (32 by default). */
  public int batchSize() {
    return batchSize;
  }

  /** 0 silent, 1 progress bar (the default), 2 one line per epoch. */
  public int verbose() {
    return verbose;
  }

  /** The callbacks given, in order. */
  public List<Callback> callbacks() {
    return callbacks;
  }

  /** Whether {@code other}'s shared options equal these. */
  final boolean sameLoopOptions(LoopOptions<?> other) {
    return batchSize == other.batchSize && verbose == other.verbose && callbacks.equals(other.callbacks);
  }

  final int loopOptionsHash() {
    return Objects.hash(batchSize, verbose, callbacks);
  }

  /**
   * Whether two options hold the same arrays (or lists of them): arrays are mutable data, so
   * options compare them by identity, not by their current values.
   */
  static boolean same(Object a, Object b) {
    if (a instanceof List<?> as && b instanceof List<?> bs) {
      if (as.size() != bs.size()) {
        return false;
      }
      for (int i = 0; i < as.size(); i++) {
        if (as.get(i) != bs.get(i)) {
          return false;
        }
      }
      return true;
    }
    return a == b;
  }

  /** A hash consistent with {@link #same}. */
  static int identityHash(Object arrays) {
    if (arrays instanceof List<?> list) {
      return list.stream().mapToInt(System::identityHashCode).reduce(1, (h, e) -> 31 * h + e);
    }
    return System.identityHashCode(arrays);
  }

  /** An array as {@code toString} shows it: its type and shape, not its values. */
  static String describe(NdArray<?> array) {
    return array == null ? "null" : array.getClass().getSimpleName() + array.shape();
  }

  /** Arrays as {@code toString} shows them. */
  static String describe(List<? extends NdArray<?>> arrays) {
    return arrays == null ? "null" : arrays.stream().map(LoopOptions::describe).toList().toString();
  }

  /** {@code batchSize=32, verbose=1, callbacks=[]}, for the subclasses' {@code toString}. */
  final String loopOptionsString() {
    return "batchSize=" + batchSize + ", verbose=" + verbose + ", callbacks=" + callbacks;
  }
}
