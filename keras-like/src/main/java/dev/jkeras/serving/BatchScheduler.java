package dev.jkeras.serving;

import dev.jkeras.DType;
import dev.jkeras.Shape;
import dev.jkeras.backend.ImportedModel;
import dev.jkeras.backend.SignatureSpec;
import dev.jkeras.backend.TensorSpec;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Supplier;
import org.tensorflow.ndarray.NdArray;

/**
 * Server-side batching, as TF Serving's {@code BatchingSession} over a shared batch scheduler: callers
 * block in {@link #call} while requests to the same model and signature are merged along dimension 0
 * into one batch of at most {@code maxBatchSize} rows, run with one {@code model.call}, and the outputs
 * are split back by rows. A batch runs when it is full, when a newer batch has opened behind it, or when
 * its oldest request has waited {@code batchTimeout}, and a batch thread is free; the
 * {@code numBatchThreads} threads serve all queues in turn.
 *
 * <p>What is batched: a signature whose inputs and outputs all have a free leading (batch) dimension,
 * called with inputs that all have the same leading size. Requests whose other dimensions differ go to
 * separate queues, so they never need padding. Every other request (a signature without a batch
 * dimension, such as a counter's scalars, or inputs that do not fit the signature) runs at once in the
 * caller's thread, unbatched, so it gets exactly the model's own result or error; a bad request thus
 * fails alone. When a batch fails with {@link IllegalArgumentException} (an input the model refuses
 * at run time), each of its requests is run again alone so that only the bad ones fail; any other
 * failure goes to every request of the batch. When a batch's outputs do not have one row per input row
 * although the signature declares a batch dimension, its requests are run again alone and the signature
 * is no longer batched.
 *
 * <p>When a queue already holds {@code maxEnqueuedBatches} batches, a request that needs a new batch is
 * refused at once with {@link QueueFullException} (TF Serving's UNAVAILABLE, HTTP 503). {@link #close}
 * lets running batches finish and fails the requests still waiting with {@link ClosedException}.
 */
public final class BatchScheduler implements AutoCloseable {
  /** What the scheduler reports for monitoring (see {@link ServingMetrics}). */
  public interface Listener {
    /** A request of {@code rows} rows entered a queue. */
    void requestEnqueued(int rows);

    /** A batch of {@code rows} rows ran; {@code queuingMicros} holds how long each of its requests waited. */
    void batchRan(int rows, long[] queuingMicros);
  }

  private static final Listener NO_LISTENER = new Listener() {
    @Override
    public void requestEnqueued(int rows) {}

    @Override
    public void batchRan(int rows, long[] queuingMicros) {}
  };

  private final BatchingOptions options;
  private final Listener listener;
  private final ReentrantLock lock = new ReentrantLock();
  private final Condition changed = lock.newCondition();
  private final LinkedHashMap<QueueKey, Queue> queues = new LinkedHashMap<>();
  private final Set<SignatureRef> unbatchable = ConcurrentHashMap.newKeySet();
  private final List<Thread> threads = new ArrayList<>();
  private boolean closed;

  /** A scheduler with its batch threads started. */
  public BatchScheduler(BatchingOptions options) {
    this(options, NO_LISTENER);
  }

  /** A scheduler that reports enqueued requests and batches to {@code listener}. */
  public BatchScheduler(BatchingOptions options, Listener listener) {
    this.options = options;
    this.listener = listener;
    for (int i = 0; i < options.numBatchThreads(); i++) {
      Thread thread = new Thread(this::runBatches, "jkeras-batch-" + i);
      thread.setDaemon(true);
      threads.add(thread);
      thread.start();
    }
  }

  public BatchingOptions options() {
    return options;
  }

  /**
   * Runs {@code signature} of {@code model} on {@code inputs}, batched with concurrent calls where it
   * can be; returns this call's outputs by name, as {@link ImportedModel#call} does.
   *
   * @throws QueueFullException when the queue for this model and signature is full; retry later
   * @throws IllegalArgumentException when the inputs do not fit the signature or have more rows than
   *     {@code maxBatchSize}
   * @throws ClosedException when the scheduler is closed before the request ran
   */
  public Map<String, NdArray<?>> call(ImportedModel model, String signature, Map<String, ? extends NdArray<?>> inputs) {
    QueueKey key = batchKey(model, signature, inputs);
    if (key == null) {
      return model.call(signature, inputs);
    }
    Task task = new Task(Map.copyOf(inputs), rows(inputs));
    if (task.rows > options.maxBatchSize()) {
      throw new IllegalArgumentException("Task size " + task.rows + " is larger than maximum input batch size "
          + options.maxBatchSize() + " (max_batch_size): send at most " + options.maxBatchSize()
          + " rows per request or raise max_batch_size");
    }
    enqueue(key, task);
    listener.requestEnqueued(task.rows);
    return await(task);
  }

  /** The key of the queue this request joins, or null when it is not batched. */
  private QueueKey batchKey(ImportedModel model, String signature, Map<String, ? extends NdArray<?>> inputs) {
    SignatureRef ref = new SignatureRef(model, signature);
    if (unbatchable.contains(ref)) {
      return null;
    }
    SignatureSpec spec = model.signatures().get(signature);
    if (spec == null || !hasBatchDimension(spec)) {
      return null;
    }
    if (!inputs.keySet().equals(spec.inputs().keySet())) {
      return null;
    }
    long rows = -1;
    TreeMap<String, String> layout = new TreeMap<>();
    for (TensorSpec input : spec.inputs().values()) {
      NdArray<?> value = inputs.get(input.name());
      if (value == null || value.rank() == 0 || value.size() == 0) {
        return null;
      }
      DType dtype;
      try {
        dtype = DType.of(value);
      } catch (IllegalArgumentException e) {
        return null;
      }
      Shape shape = Shape.of(value.shape().asArray());
      if (dtype != input.dtype() || !input.accepts(shape) || (rows >= 0 && shape.get(0) != rows)) {
        return null;
      }
      rows = shape.get(0);
      String element = dtype == DType.STRING ? NdArrayBatches.stringElementClass(value).getSimpleName() : dtype.name();
      layout.put(input.name(), element + shape.dropFirst());
    }
    return new QueueKey(ref, layout.toString());
  }

  private static boolean hasBatchDimension(SignatureSpec spec) {
    if (spec.inputs().isEmpty() || spec.outputs().isEmpty()) {
      return false;
    }
    for (Map<String, TensorSpec> specs : List.of(spec.inputs(), spec.outputs())) {
      for (TensorSpec tensor : specs.values()) {
        if (!tensor.rankKnown() || tensor.shape().rank() == 0 || tensor.shape().get(0) != Shape.UNKNOWN) {
          return false;
        }
      }
    }
    return true;
  }

  private static int rows(Map<String, ? extends NdArray<?>> inputs) {
    long rows = inputs.values().iterator().next().shape().get(0);
    return rows > Integer.MAX_VALUE ? Integer.MAX_VALUE : (int) rows;
  }

  private void enqueue(QueueKey key, Task task) {
    lock.lock();
    try {
      if (closed) {
        throw new ClosedException("The batch scheduler is closed: the server is shutting down. Retry on a"
            + " running server");
      }
      Queue queue = queues.computeIfAbsent(key, Queue::new);
      Batch open = queue.batches.peekLast();
      if (open == null || open.rows + task.rows > options.maxBatchSize()) {
        if (queue.batches.size() >= options.maxEnqueuedBatches()) {
          throw new QueueFullException("The batch scheduling queue to which this task was submitted is full ("
              + options.maxEnqueuedBatches() + " batches of up to " + options.maxBatchSize() + " rows wait for "
              + key.ref.signature + "). Retry later, or raise max_enqueued_batches");
        }
        open = new Batch(key);
        queue.batches.addLast(open);
      }
      open.add(task);
      changed.signal();
    } finally {
      lock.unlock();
    }
  }

  private static Map<String, NdArray<?>> await(Task task) {
    try {
      return task.result.get();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("Interrupted while waiting for the batch holding this request", e);
    } catch (ExecutionException e) {
      throw rethrown(e.getCause());
    }
  }

  /** The failure of a batch as a new exception of the same kind, so each caller gets its own stack. */
  private static RuntimeException rethrown(Throwable cause) {
    if (cause instanceof QueueFullException full) {
      return new QueueFullException(full.getMessage());
    } else if (cause instanceof ClosedException closed) {
      return new ClosedException(closed.getMessage());
    } else if (cause instanceof IllegalArgumentException) {
      return new IllegalArgumentException(cause.getMessage(), cause);
    } else if (cause instanceof IllegalStateException) {
      return new IllegalStateException(cause.getMessage(), cause);
    } else if (cause instanceof UnsupportedOperationException) {
      return new UnsupportedOperationException(cause.getMessage(), cause);
    }
    return new IllegalStateException(String.valueOf(cause.getMessage()), cause);
  }

  private void runBatches() {
    while (true) {
      Batch batch;
      lock.lock();
      try {
        batch = nextBatch();
        if (batch == null) {
          return;
        }
      } finally {
        lock.unlock();
      }
      run(batch);
    }
  }

  /** The next batch ready to run, waiting for one; null once closed. Queues take turns. */
  private Batch nextBatch() {
    while (!closed) {
      long now = System.nanoTime();
      long wait = Long.MAX_VALUE;
      long timeout = options.batchTimeout().toNanos();
      for (Iterator<Queue> it = queues.values().iterator(); it.hasNext(); ) {
        Queue queue = it.next();
        Batch first = queue.batches.peekFirst();
        long waited = now - first.openedNanos;
        if (queue.batches.size() > 1 || first.rows >= options.maxBatchSize() || waited >= timeout) {
          queue.batches.removeFirst();
          it.remove();
          if (!queue.batches.isEmpty()) {
            queues.put(queue.key, queue);
          }
          return first;
        }
        wait = Math.min(wait, timeout - waited);
      }
      try {
        if (wait == Long.MAX_VALUE) {
          changed.await();
        } else {
          changed.awaitNanos(wait);
        }
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return null;
      }
    }
    return null;
  }

  private void run(Batch batch) {
    long started = System.nanoTime();
    long[] queuing = new long[batch.tasks.size()];
    for (int i = 0; i < queuing.length; i++) {
      queuing[i] = (started - batch.tasks.get(i).enqueuedNanos) / 1000;
    }
    listener.batchRan(batch.rows, queuing);
    ImportedModel model = batch.key.ref.model;
    String signature = batch.key.ref.signature;
    if (batch.tasks.size() == 1) {
      Task task = batch.tasks.get(0);
      complete(task, () -> model.call(signature, task.inputs));
      return;
    }
    Map<String, NdArray<?>> outputs;
    try {
      outputs = model.call(signature, merge(batch));
    } catch (IllegalArgumentException e) {
      for (Task task : batch.tasks) {
        complete(task, () -> model.call(signature, task.inputs));
      }
      return;
    } catch (RuntimeException | Error e) {
      batch.tasks.forEach(task -> task.result.completeExceptionally(e));
      return;
    }
    if (!splittable(batch, outputs)) {
      unbatchable.add(batch.key.ref);
      for (Task task : batch.tasks) {
        complete(task, () -> model.call(signature, task.inputs));
      }
      return;
    }
    split(batch, outputs);
  }

  private static void complete(Task task, Supplier<Map<String, NdArray<?>>> call) {
    try {
      task.result.complete(call.get());
    } catch (RuntimeException | Error e) {
      task.result.completeExceptionally(e);
    }
  }

  private static Map<String, NdArray<?>> merge(Batch batch) {
    Map<String, NdArray<?>> merged = new LinkedHashMap<>();
    for (String name : batch.tasks.get(0).inputs.keySet()) {
      List<NdArray<?>> parts = new ArrayList<>(batch.tasks.size());
      batch.tasks.forEach(task -> parts.add(task.inputs.get(name)));
      merged.put(name, NdArrayBatches.concat(parts));
    }
    return merged;
  }

  /** True when every output has one row per input row, as the signature's free batch dimension promises. */
  private static boolean splittable(Batch batch, Map<String, NdArray<?>> outputs) {
    for (NdArray<?> value : outputs.values()) {
      if (value.rank() == 0 || value.shape().get(0) != batch.rows) {
        return false;
      }
    }
    return true;
  }

  private static void split(Batch batch, Map<String, NdArray<?>> outputs) {
    List<Map<String, NdArray<?>>> results = new ArrayList<>(batch.tasks.size());
    long offset = 0;
    for (Task task : batch.tasks) {
      Map<String, NdArray<?>> result = new LinkedHashMap<>();
      for (Map.Entry<String, NdArray<?>> output : outputs.entrySet()) {
        result.put(output.getKey(), NdArrayBatches.rows(output.getValue(), offset, task.rows));
      }
      results.add(result);
      offset += task.rows;
    }
    for (int i = 0; i < results.size(); i++) {
      batch.tasks.get(i).result.complete(results.get(i));
    }
  }

  /**
   * Stops taking requests, fails those still waiting with {@link IllegalStateException}, and waits up
   * to 30 seconds for running batches to finish.
   */
  @Override
  public void close() {
    List<Task> waiting = new ArrayList<>();
    lock.lock();
    try {
      if (closed) {
        return;
      }
      closed = true;
      for (Queue queue : queues.values()) {
        queue.batches.forEach(batch -> waiting.addAll(batch.tasks));
      }
      queues.clear();
      changed.signalAll();
    } finally {
      lock.unlock();
    }
    ClosedException failure = new ClosedException("The batch scheduler was closed before this request"
        + " ran (the server is shutting down); retry on a running server");
    waiting.forEach(task -> task.result.completeExceptionally(failure));
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
    for (Thread thread : threads) {
      try {
        thread.join(Math.max(1, TimeUnit.NANOSECONDS.toMillis(deadline - System.nanoTime())));
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return;
      }
    }
  }

  /** A request refused because its queue is full: TF Serving's UNAVAILABLE (HTTP 503). Retry later. */
  public static final class QueueFullException extends IllegalStateException {
    public QueueFullException(String message) {
      super(message);
    }
  }

  /** A request refused or dropped because the scheduler is closed: UNAVAILABLE (HTTP 503) as well. */
  public static final class ClosedException extends IllegalStateException {
    public ClosedException(String message) {
      super(message);
    }
  }

  /** A model and signature; models compare by identity, so each loaded version has its own queues. */
  private record SignatureRef(ImportedModel model, String signature) {
    @Override
    public boolean equals(Object o) {
      return o instanceof SignatureRef other && model == other.model && signature.equals(other.signature);
    }

    @Override
    public int hashCode() {
      return System.identityHashCode(model) * 31 + signature.hashCode();
    }
  }

  /** A queue: a signature and the dtypes and non-batch dimensions of its inputs. */
  private record QueueKey(SignatureRef ref, String layout) {}

  private static final class Queue {
    final QueueKey key;
    final ArrayDeque<Batch> batches = new ArrayDeque<>();

    Queue(QueueKey key) {
      this.key = key;
    }
  }

  private static final class Batch {
    final QueueKey key;
    final List<Task> tasks = new ArrayList<>();
    final long openedNanos = System.nanoTime();
    int rows;

    Batch(QueueKey key) {
      this.key = key;
    }

    void add(Task task) {
      tasks.add(task);
      rows += task.rows;
    }
  }

  private static final class Task {
    final Map<String, NdArray<?>> inputs;
    final int rows;
    final long enqueuedNanos = System.nanoTime();
    final CompletableFuture<Map<String, NdArray<?>>> result = new CompletableFuture<>();

    Task(Map<String, NdArray<?>> inputs, int rows) {
      this.inputs = inputs;
      this.rows = rows;
    }
  }
}
