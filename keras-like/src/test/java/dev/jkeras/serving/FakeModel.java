package dev.jkeras.serving;

import dev.jkeras.DType;
import dev.jkeras.Shape;
import dev.jkeras.backend.ImportedModel;
import dev.jkeras.backend.SignatureSpec;
import dev.jkeras.backend.TensorSpec;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.tensorflow.ndarray.FloatNdArray;
import org.tensorflow.ndarray.NdArray;
import org.tensorflow.ndarray.NdArrays;

/**
 * An imported model for scheduler tests: {@code serving_default} maps {@code x} float (None, 3) to
 * {@code y} = 2x + 1 and refuses NaN (as a model refusing a value at run time); {@code ragged} returns
 * x of any (None, None) shape; {@code count} has no batch dimension. It records the rows of every call and can hold calls until released.
 */
final class FakeModel implements ImportedModel {
  final List<Integer> callRows = new CopyOnWriteArrayList<>();
  final List<String> callThreads = new CopyOnWriteArrayList<>();
  final AtomicInteger running = new AtomicInteger();
  volatile CountDownLatch gate = new CountDownLatch(0);
  volatile CountDownLatch entered = new CountDownLatch(0);
  volatile long sleepMillis;

  private static final Map<String, SignatureSpec> SIGNATURES = Map.of(
      "serving_default", new SignatureSpec("serving_default", "tensorflow/serving/predict",
          Map.of("x", new TensorSpec("x", DType.FLOAT32, Shape.of(Shape.UNKNOWN, 3))),
          Map.of("y", new TensorSpec("y", DType.FLOAT32, Shape.of(Shape.UNKNOWN, 3)))),
      "ragged", new SignatureSpec("ragged", "tensorflow/serving/predict",
          Map.of("x", new TensorSpec("x", DType.FLOAT32, Shape.of(Shape.UNKNOWN, Shape.UNKNOWN))),
          Map.of("y", new TensorSpec("y", DType.FLOAT32, Shape.of(Shape.UNKNOWN, Shape.UNKNOWN)))),
      "count", new SignatureSpec("count", "tensorflow/serving/predict",
          Map.of("x", new TensorSpec("x", DType.FLOAT32, Shape.of(Shape.UNKNOWN, 3))),
          Map.of("n", new TensorSpec("n", DType.INT32, Shape.scalar()))));

  /** Holds every call until {@link #release}; {@link #entered} opens when the first held call starts. */
  void hold() {
    gate = new CountDownLatch(1);
    entered = new CountDownLatch(1);
  }

  void release() {
    gate.countDown();
  }

  static FloatNdArray rows(float... values) {
    FloatNdArray x = NdArrays.ofFloats(org.tensorflow.ndarray.Shape.of(values.length / 3, 3));
    for (int i = 0; i < values.length; i++) {
      x.setFloat(values[i], i / 3, i % 3);
    }
    return x;
  }

  @Override
  public Map<String, NdArray<?>> call(String signature, Map<String, ? extends NdArray<?>> inputs) {
    SignatureSpec spec = SIGNATURES.get(signature);
    if (spec == null) {
      throw new IllegalArgumentException("No signature '" + signature + "'");
    }
    NdArray<?> value = inputs.get("x");
    if (!(value instanceof FloatNdArray x) || inputs.size() != 1) {
      throw new IllegalArgumentException("Signature '" + signature + "' needs float input 'x'");
    }
    if (!spec.inputs().get("x").accepts(Shape.of(x.shape().asArray()))) {
      throw new IllegalArgumentException("Input 'x' must have shape (None, 3), got " + x.shape());
    }
    if (signature.equals("ragged")) {
      callRows.add((int) x.shape().get(0));
      return Map.of("y", x.copyTo(NdArrays.ofFloats(x.shape())));
    }
    running.incrementAndGet();
    try {
      callRows.add((int) x.shape().get(0));
      callThreads.add(Thread.currentThread().getName());
      entered.countDown();
      if (!gate.await(20, TimeUnit.SECONDS)) {
        throw new IllegalStateException("test gate never opened");
      }
      if (sleepMillis > 0) {
        Thread.sleep(sleepMillis);
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    } finally {
      running.decrementAndGet();
    }
    if (signature.equals("count")) {
      return Map.of("n", NdArrays.scalarOf(callRows.size()));
    }
    FloatNdArray y = NdArrays.ofFloats(x.shape());
    for (long i = 0; i < x.shape().get(0); i++) {
      for (long j = 0; j < 3; j++) {
        float v = x.getFloat(i, j);
        if (Float.isNaN(v)) {
          throw new IllegalArgumentException("x holds NaN at row " + i);
        }
        y.setFloat(2 * v + 1, i, j);
      }
    }
    return Map.of("y", y);
  }

  @Override
  public Path path() {
    return Path.of("fake");
  }

  @Override
  public List<String> tags() {
    return List.of("serve");
  }

  @Override
  public Map<String, SignatureSpec> signatures() {
    return SIGNATURES;
  }

  @Override
  public Map<String, String> badSignatures() {
    return Map.of();
  }

  @Override
  public Map<String, List<String>> ops() {
    return Map.of();
  }

  @Override
  public void close() {}
}
