package dev.jkeras.backend;

import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.TreeSet;

/**
 * How to load a SavedModel: the tag set of the meta graph to load ({@code serve} when empty), the
 * op types the safety screen lets through although it would refuse them (ops that touch files, the
 * network or other processes, and ops the runtime does not know), and the resources a graph may
 * claim. An immutable value:
 *
 * <pre>{@code
 * SavedModels.load(dir, SavedModelOptions.defaults().tags("serve", "gpu").allowOps("ReadFile"));
 * SavedModels.load(dir, SavedModelOptions.defaults().memoryLimit(16L << 30).callTimeout(Duration.ofMinutes(5)));
 * }</pre>
 *
 * <p>The defaults keep a server alive when a SavedModel is hostile or broken: no tensor whose size is
 * known before running (a constant, a variable, an output of static shape) may exceed {@link
 * #DEFAULT_MEMORY_LIMIT}, nor may all constants and variables together; no call runs longer than
 * {@link #DEFAULT_CALL_TIMEOUT}; no chain of dependent ops (functions inlined) is longer than {@link
 * #DEFAULT_MAX_GRAPH_DEPTH}. Raise them for large models you trust.
 *
 * @param tags the tags of the meta graph to load; empty means {@code serve}
 * @param allowedOps op types let through the screen
 * @param memoryLimit the most bytes one tensor, or all constants and variables together, may declare
 * @param callTimeout the longest a call (and the restore TensorFlow runs before the first call) may run
 * @param maxGraphDepth the longest chain of dependent ops a graph may have, functions inlined
 * @param checkInputShapes whether a call checks its inputs' shapes against the signature's before running
 */
public record SavedModelOptions(List<String> tags, Set<String> allowedOps, long memoryLimit, Duration callTimeout,
    int maxGraphDepth, boolean checkInputShapes) {
  /** 4 GiB: a quarter of a small server's memory, above every tensor of common vision and text models. */
  public static final long DEFAULT_MEMORY_LIMIT = 4L << 30;
  /** 60 seconds, far above a normal inference call. */
  public static final Duration DEFAULT_CALL_TIMEOUT = Duration.ofSeconds(60);
  /**
   * 20,000 ops (TensorFlow's import and first run recurse along the longest chain): the Keras and
   * TensorFlow SavedModels jkeras is tested with have chains of 3 to 96 ops, functions inlined.
   */
  public static final int DEFAULT_MAX_GRAPH_DEPTH = 20_000;
  /** The {@link #callTimeout} of calls that may run as long as they take ({@link #noCallTimeout()}). */
  public static final Duration NO_CALL_TIMEOUT = java.time.temporal.ChronoUnit.FOREVER.getDuration();
  /** The deepest graph jkeras runs, whatever the option says: the stack of its native threads holds this much. */
  public static final int MAX_GRAPH_DEPTH = 100_000;

  private static final SavedModelOptions DEFAULTS = new SavedModelOptions(List.of(), Set.of(), DEFAULT_MEMORY_LIMIT,
      DEFAULT_CALL_TIMEOUT, DEFAULT_MAX_GRAPH_DEPTH, true);

  public SavedModelOptions {
    tags = List.copyOf(tags);
    allowedOps = Set.copyOf(allowedOps);
    Objects.requireNonNull(callTimeout, "callTimeout");
    if (memoryLimit <= 0) {
      throw new IllegalArgumentException("memoryLimit must be a positive number of bytes, got " + memoryLimit);
    }
    if (callTimeout.compareTo(Duration.ofMillis(1)) < 0) {
      throw new IllegalArgumentException("callTimeout must be at least 1 ms, got " + callTimeout);
    }
    if (maxGraphDepth <= 0 || maxGraphDepth > MAX_GRAPH_DEPTH) {
      throw new IllegalArgumentException("maxGraphDepth must be between 1 and " + MAX_GRAPH_DEPTH + ", got "
          + maxGraphDepth);
    }
  }

  /** The tag {@code serve}, no ops allowed beyond the screen's defaults, the default resource limits. */
  public static SavedModelOptions defaults() {
    return DEFAULTS;
  }

  /** These options loading the meta graph tagged exactly {@code tags} (in any order). */
  public SavedModelOptions tags(String... tags) {
    return new SavedModelOptions(Arrays.asList(tags), allowedOps, memoryLimit, callTimeout, maxGraphDepth,
        checkInputShapes);
  }

  /**
   * These options also letting through the op types {@code ops}, e.g. {@code "ReadFile"}: do this only
   * for SavedModels you trust, as those ops run with your process's rights when a signature is called.
   */
  public SavedModelOptions allowOps(String... ops) {
    Set<String> allowed = new TreeSet<>(allowedOps);
    allowed.addAll(Arrays.asList(ops));
    return new SavedModelOptions(tags, allowed, memoryLimit, callTimeout, maxGraphDepth, checkInputShapes);
  }

  /**
   * These options refusing, at load, a SavedModel that declares a tensor of more than {@code bytes}
   * (a constant, a variable, or an op output whose shape TensorFlow infers before running), or
   * constants and variables of more than {@code bytes} together. Tensors whose size depends on the
   * inputs are not known at load; the call timeout bounds what they cost.
   */
  public SavedModelOptions memoryLimit(long bytes) {
    return new SavedModelOptions(tags, allowedOps, bytes, callTimeout, maxGraphDepth, checkInputShapes);
  }

  /**
   * These options ending a call that runs longer than {@code timeout} (the first call's restore of
   * the variables included) with an {@link IllegalStateException}. TensorFlow cannot stop a graph
   * that runs: it goes on in the background, and the model refuses new calls until it has ended.
   */
  public SavedModelOptions callTimeout(Duration timeout) {
    return new SavedModelOptions(tags, allowedOps, memoryLimit, timeout, maxGraphDepth, checkInputShapes);
  }

  /**
   * These options letting a call run as long as it takes ({@link #NO_CALL_TIMEOUT}), on the thread
   * that calls: once a signature has run (its first call runs on a thread with a large stack, for
   * TensorFlow's first run of a graph), its calls make no handoff to another thread and cost what
   * TensorFlow's session run costs. A call that never ends never returns: only for SavedModels you
   * trust to end.
   */
  public SavedModelOptions noCallTimeout() {
    return callTimeout(NO_CALL_TIMEOUT);
  }

  /**
   * These options refusing, at load, a graph whose longest chain of dependent ops (calls to functions
   * counted as their bodies) is longer than {@code depth}, at most {@link #MAX_GRAPH_DEPTH}.
   */
  public SavedModelOptions maxGraphDepth(int depth) {
    return new SavedModelOptions(tags, allowedOps, memoryLimit, callTimeout, depth, checkInputShapes);
  }

  /**
   * These options checking ({@code true}, the default) or not checking each input's shape against the
   * signature's before a call runs. Names and dtypes are always checked. Without the check, as TensorFlow
   * Serving runs a signature, the graph's own ops judge the shapes: an input of shape {@code [3]} fed to
   * a signature that declares {@code [-1, 1]} runs where the ops accept it, and a shape they refuse
   * fails the call with TensorFlow's message as an {@link IllegalArgumentException}.
   */
  public SavedModelOptions checkInputShapes(boolean check) {
    return new SavedModelOptions(tags, allowedOps, memoryLimit, callTimeout, maxGraphDepth, check);
  }

  /** The tags to load: {@link #tags()}, or {@code [serve]} when none were given. */
  public List<String> effectiveTags() {
    return tags.isEmpty() ? List.of("serve") : tags;
  }
}
