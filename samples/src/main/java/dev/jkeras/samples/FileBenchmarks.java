package dev.jkeras.samples;

import dev.jkeras.DType;
import dev.jkeras.KerasTensor;
import dev.jkeras.Shape;
import dev.jkeras.data.Dataset;
import dev.jkeras.data.Example;
import dev.jkeras.data.TFRecordCompression;
import dev.jkeras.data.TFRecordWriter;
import dev.jkeras.models.Sequential;
import dev.jkeras.ops.FixedLenFeature;
import dev.jkeras.ops.Ops;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Function;
import org.tensorflow.ndarray.FloatNdArray;
import org.tensorflow.ndarray.IntNdArray;
import org.tensorflow.ndarray.NdArrays;

/**
 * The benchmark rows of datasets read from files (issue 15): the seed MLP trained from TFRecord
 * files on disk against in-memory {@code fit}; one epoch over a generated data set of several GB
 * with the JVM's resident memory sampled; and a CPU-heavy {@code map} serial against parallel. Every
 * file is written to a temporary directory of its own and deleted afterwards (only the files written
 * here).
 */
final class FileBenchmarks {
  private static final int BATCH = 128;
  private static final int PIXELS = 784;
  private FileBenchmarks() {}

  /** How an Example holds an image's pixels. */
  enum Encoding {
    /** A float list of the 784 pixels scaled to [0, 1] (4 bytes a pixel, parsed value by value). */
    FLOATS,
    /**
     * A bytes feature of the 784 raw uint8 pixels, decoded with {@code decodeRaw} and scaled in the map;
     * the pipeline in a private thread pool of one thread ({@code withThreading(1, 1)}).
     */
    RAW_BYTES;

    Map<String, FixedLenFeature> spec() {
      return Map.of("x", this == FLOATS ? new FixedLenFeature(Shape.of(PIXELS), DType.FLOAT32)
          : new FixedLenFeature(Shape.of(), DType.STRING), "y", new FixedLenFeature(Shape.of(), DType.INT64));
    }
  }

  /** A TFRecord pipeline over {@code files}: interleaved reads, batches of 128 parsed in parallel, prefetched. */
  static Dataset pipeline(Path dir, Encoding encoding) {
    Map<String, FixedLenFeature> spec = encoding.spec();
    return Dataset.listFiles(dir.resolve("part-*.tfrecord").toString(), false, 0)
        .interleave(f -> Dataset.tfRecord(f, TFRecordCompression.NONE), 4, 16, Dataset.AUTOTUNE)
        .batch(BATCH)
        .map(serialized -> {
          var example = Ops.parseExample(serialized, spec);
          KerasTensor x = encoding == Encoding.FLOATS ? example.get("x")
              : Ops.divide(Ops.cast(Ops.decodeRaw(example.get("x"), DType.UINT8), DType.FLOAT32), 255f);
          return List.of(x, Ops.cast(example.get("y"), "int32"));
        }, Dataset.AUTOTUNE)
        .prefetch(Dataset.AUTOTUNE)
        .withThreading(encoding == Encoding.RAW_BYTES ? 1 : 0, encoding == Encoding.RAW_BYTES ? 1 : 0);
  }

  /**
   * Writes {@code rows} Examples into {@code shards} files: row {@code r} is image {@code r % images} of
   * {@code pixels} (784 bytes per image, scaled to [0, 1] as the in-memory rows are) and its label.
   */
  static long write(Path dir, byte[] pixels, int[] labels, long rows, int shards, Encoding encoding) {
    int images = labels.length;
    float[] row = new float[PIXELS];
    long bytes = 0;
    for (int s = 0; s < shards; s++) {
      try (var writer = TFRecordWriter.open(dir.resolve(String.format("part-%03d.tfrecord", s)),
          TFRecordCompression.NONE)) {
        for (long r = s * rows / shards; r < (s + 1) * rows / shards; r++) {
          int i = (int) (r % images);
          Example.Builder example = Example.builder().int64s("y", labels[i]);
          if (encoding == Encoding.FLOATS) {
            for (int j = 0; j < PIXELS; j++) {
              row[j] = (pixels[i * PIXELS + j] & 0xff) / 255f;
            }
            example.floats("x", row);
          } else {
            example.bytes("x", java.util.Arrays.copyOfRange(pixels, i * PIXELS, (i + 1) * PIXELS));
          }
          byte[] record = example.build().toByteArray();
          writer.write(record);
          bytes += record.length + 16;
        }
      }
    }
    return bytes;
  }

  /** The images' pixels, 784 bytes per image in row order, and the labels, as Java arrays. */
  record RawImages(byte[] pixels, int[] labels) {
    static RawImages of(org.tensorflow.ndarray.NdArray<?> images, org.tensorflow.ndarray.NdArray<?> labels) {
      byte[] pixels = new byte[(int) images.shape().size()];
      ((org.tensorflow.ndarray.ByteNdArray) images).copyTo(org.tensorflow.ndarray.buffer.DataBuffers.of(pixels, false,
          false));
      int[] y = new int[(int) labels.shape().get(0)];
      ((IntNdArray) labels).copyTo(org.tensorflow.ndarray.buffer.DataBuffers.of(y, false, false));
      return new RawImages(pixels, y);
    }
  }

  /**
   * (a) The seed MLP on TFRecord files (pixels as float lists, and as raw bytes) against the same rows
   * in memory, one epoch each, interleaved in every round.
   */
  static void tfRecordVsMemory(RawImages raw, FloatNdArray x, IntNdArray y, int rounds,
      Function<Integer, Sequential> models) {
    int n = (int) x.shape().get(0);
    int steps = (n + BATCH - 1) / BATCH;
    Path floatsDir = tempDir("jkeras-bench-tfrecord");
    Path rawDir = tempDir("jkeras-bench-tfrecord-raw");
    try {
      long floatBytes = write(floatsDir, raw.pixels(), raw.labels(), n, 4, Encoding.FLOATS);
      long rawBytes = write(rawDir, raw.pixels(), raw.labels(), n, 4, Encoding.RAW_BYTES);
      System.out.printf(Locale.ROOT, "Benchmark: MLP from TFRecord files (%d Examples in 4 files, "
          + "listFiles.interleave(tfRecord).batch(128).map(parseExample).prefetch): pixels as float lists (%.0f MB) "
          + "and as raw bytes with decodeRaw in a private thread pool of one thread (%.0f MB), vs fit(arrays)%n", n, floatBytes / 1e6, rawBytes / 1e6);
      Dataset floats = pipeline(floatsDir, Encoding.FLOATS);
      Dataset bytes = pipeline(rawDir, Encoding.RAW_BYTES);
      double[] floatMs = new double[rounds];
      double[] rawMs = new double[rounds];
      double[] memoryMs = new double[rounds];
      double[] floatRatio = new double[rounds];
      double[] rawRatio = new double[rounds];
      try (Sequential onFloats = models.apply(1); Sequential onBytes = models.apply(1);
          Sequential inMemory = models.apply(1)) {
        onFloats.fit(floats, fit -> fit.verbose(0));
        onBytes.fit(bytes, fit -> fit.verbose(0));
        inMemory.fit(x, y, fit -> fit.epochs(1).batchSize(BATCH).shuffle(false).verbose(0));
        for (int r = 0; r < rounds; r++) {
          floatMs[r] = millisPerStep(() -> onFloats.fit(floats, fit -> fit.verbose(0)), steps);
          rawMs[r] = millisPerStep(() -> onBytes.fit(bytes, fit -> fit.verbose(0)), steps);
          memoryMs[r] = millisPerStep(() -> inMemory.fit(x, y, fit -> fit.epochs(1).batchSize(BATCH).shuffle(false)
              .verbose(0)), steps);
          floatRatio[r] = floatMs[r] / memoryMs[r];
          rawRatio[r] = rawMs[r] / memoryMs[r];
          System.out.printf(Locale.ROOT, "round %d: fit(float-list files) %.3f ms/step, fit(raw-bytes files) %.3f "
              + "ms/step, fit(arrays) %.3f ms/step, ratios %.3f and %.3f%n", r + 1, floatMs[r], rawMs[r], memoryMs[r],
              floatRatio[r], rawRatio[r]);
        }
      }
      System.out.printf(Locale.ROOT, "median: float-list files %.3f ms/step (per-round ratio %.3f), raw-bytes files "
          + "%.3f ms/step (ratio %.3f), fit(arrays) %.3f ms/step (target <= 1.10)%n", median(floatMs),
          median(floatRatio), median(rawMs), median(rawRatio), median(memoryMs));
    } finally {
      deleteWritten(floatsDir);
      deleteWritten(rawDir);
    }
  }

  /** (b) One epoch over {@code gigabytes} of generated TFRecord files, resident memory sampled from /proc/self/status. */
  static void largeEpoch(RawImages raw, double gigabytes, Function<Integer, Sequential> models) {
    long perRecord = 16 + Example.builder().floats("x", new float[PIXELS]).int64s("y", 9).build().toByteArray().length;
    long rows = (long) Math.ceil(gigabytes * 1e9 / perRecord);
    Path dir = tempDir("jkeras-bench-large");
    try {
      long start = System.nanoTime();
      long bytes = write(dir, raw.pixels(), raw.labels(), rows, 16, Encoding.FLOATS);
      double writeSeconds = (System.nanoTime() - start) / 1e9;
      MemoryStatus.Reading written = MemoryStatus.read();
      // The Examples were built in Java (garbage the heap grew for); the epoch is measured on its own.
      System.gc();
      boolean reset = MemoryStatus.resetPeak();
      System.out.printf(Locale.ROOT, "Benchmark: one epoch over %d Examples, %.2f GB of TFRecord files in 16 files "
          + "(written in %.0f s, RSS then %s); before training, after a GC%s: %s; max heap %d MB%n", rows, bytes / 1e9,
          writeSeconds, written, reset ? " and a VmHWM reset" : " (VmHWM could not be reset)", MemoryStatus.read(),
          Runtime.getRuntime().maxMemory() >> 20);
      MemoryStatus.Sampler sampler = MemoryStatus.sample(200);
      long steps;
      double seconds;
      try (Sequential model = models.apply(1)) {
        start = System.nanoTime();
        var history = model.fit(pipeline(dir, Encoding.FLOATS), fit -> fit.verbose(0));
        seconds = (System.nanoTime() - start) / 1e9;
        steps = (rows + BATCH - 1) / BATCH;
        System.out.printf(Locale.ROOT, "epoch: %d steps in %.1f s (%.3f ms/step, %.0f MB/s), loss %.4f%n", steps,
            seconds, seconds * 1e3 / steps, bytes / 1e6 / seconds, history.history().get("loss").get(0));
      }
      MemoryStatus.Summary rss = sampler.stop();
      System.out.printf(Locale.ROOT, "RSS over the epoch (%d samples): min %.0f MB, median %.0f MB, max %.0f MB; "
          + "VmHWM (the process's peak) %.0f MB (target < 1500 MB)%n", rss.samples(), rss.minMb(), rss.medianMb(),
          rss.maxMb(), rss.hwmMb());
    } finally {
      deleteWritten(dir);
    }
  }

  /** (c) A CPU-heavy map function (24 32x32 matmuls with tanh per element), numParallelCalls 1 against AUTOTUNE. */
  static void parallelMap(int rounds) {
    int elements = 4000;
    FloatNdArray inputs = NdArrays.ofFloats(org.tensorflow.ndarray.Shape.of(elements, 32, 32));
    java.util.Random random = new java.util.Random(1);
    inputs.scalars().forEach(s -> s.setFloat(random.nextFloat() * 0.1f));
    Function<Integer, Dataset> mapped = calls -> Dataset.fromTensorSlices(inputs).map(m -> {
      var v = m;
      for (int i = 0; i < 24; i++) {
        v = Ops.tanh(Ops.matmul(v, m));
      }
      return Ops.sum(v);
    }, calls).batch(500);
    Dataset serial = mapped.apply(1);
    Dataset parallel = mapped.apply(Dataset.AUTOTUNE);
    serial.toList();
    parallel.toList();
    double[] serialMs = new double[rounds];
    double[] parallelMs = new double[rounds];
    double[] speedup = new double[rounds];
    double[] serialCores = new double[rounds];
    double[] parallelCores = new double[rounds];
    System.out.printf(Locale.ROOT, "Benchmark: map over %d elements (24 x tanh(matmul) of 32x32 each), "
        + "%d cores available%n", elements, Runtime.getRuntime().availableProcessors());
    for (int r = 0; r < rounds; r++) {
      double[] one = wallAndCpuMs(serial::toList);
      double[] tuned = wallAndCpuMs(parallel::toList);
      serialMs[r] = one[0];
      parallelMs[r] = tuned[0];
      serialCores[r] = one[1] / one[0];
      parallelCores[r] = tuned[1] / tuned[0];
      speedup[r] = serialMs[r] / parallelMs[r];
      System.out.printf(Locale.ROOT, "round %d: numParallelCalls 1 %.0f ms (%.2f cores busy), AUTOTUNE %.0f ms (%.2f "
          + "cores busy), speedup %.2f%n", r + 1, serialMs[r], serialCores[r], parallelMs[r], parallelCores[r],
          speedup[r]);
    }
    System.out.printf(Locale.ROOT, "median: map numParallelCalls 1 %.0f ms (%.2f cores busy), AUTOTUNE %.0f ms (%.2f "
        + "cores busy), per-round speedup %.2fx%n", median(serialMs), median(serialCores), median(parallelMs),
        median(parallelCores), median(speedup));
  }

  private static double[] wallAndCpuMs(Runnable work) {
    return Benchmark.msPerStep(work, 1);
  }

  private static double millisPerStep(Runnable epoch, int steps) {
    return Benchmark.msPerStep(epoch, steps)[0];
  }

  private static double median(double[] values) {
    return Benchmark.median(values);
  }

  private static Path tempDir(String prefix) {
    try {
      return Files.createTempDirectory(prefix);
    } catch (IOException e) {
      throw new UncheckedIOException("Cannot create a temporary directory for the benchmark's files", e);
    }
  }

  /** Deletes the part files this benchmark wrote in {@code dir}, then {@code dir} if it is empty. */
  private static void deleteWritten(Path dir) {
    try (var files = Files.list(dir)) {
      for (Path file : files.filter(f -> f.getFileName().toString().matches("part-\\d{3}\\.tfrecord")).toList()) {
        Files.delete(file);
      }
      Files.deleteIfExists(dir);
    } catch (IOException e) {
      System.err.println("Could not delete the benchmark's files in " + dir + ": " + e);
    }
  }
}
