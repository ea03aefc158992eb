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
    return pipeline(dir, encoding, Dataset.AUTOTUNE);
  }

  /**
   * As {@link #pipeline(Path, Encoding)}, the interleave and the map at {@code parallelCalls} (0: serial,
   * in the thread that asks for the next batch).
   */
  static Dataset pipeline(Path dir, Encoding encoding, int parallelCalls) {
    Map<String, FixedLenFeature> spec = encoding.spec();
    return Dataset.listFiles(dir.resolve("part-*.tfrecord").toString(), false, 0)
        .interleave(f -> Dataset.tfRecord(f, TFRecordCompression.NONE), 4, 16, parallelCalls)
        .batch(BATCH)
        .map(serialized -> {
          var example = Ops.parseExample(serialized, spec);
          KerasTensor x = encoding == Encoding.FLOATS ? example.get("x")
              : Ops.divide(Ops.cast(Ops.decodeRaw(example.get("x"), DType.UINT8), DType.FLOAT32), 255f);
          return List.of(x, Ops.cast(example.get("y"), "int32"));
        }, parallelCalls)
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
   * (a) The seed MLP on TFRecord files (pixels as float lists; raw bytes with the interleave and map
   * parallel (AUTOTUNE); raw bytes with both serial) against the same rows in memory, one epoch each,
   * interleaved in every round. Every model is compiled by {@code models} (the same steps per execution).
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
          + "listFiles.interleave(tfRecord, 4, 16).batch(128).map(parseExample).prefetch(AUTOTUNE)): pixels as float "
          + "lists (%.0f MB, TensorFlow's shared threads, interleave and map AUTOTUNE) and as raw bytes with decodeRaw "
          + "(%.0f MB) in a private thread pool of one thread, interleave and map AUTOTUNE or serial; vs fit(arrays)"
          + "%n", n, floatBytes / 1e6, rawBytes / 1e6);
      List<String> names = List.of("float-list files", "raw-bytes files, AUTOTUNE", "raw-bytes files, serial");
      List<Dataset> datasets = List.of(pipeline(floatsDir, Encoding.FLOATS),
          pipeline(rawDir, Encoding.RAW_BYTES, Dataset.AUTOTUNE), pipeline(rawDir, Encoding.RAW_BYTES, 0));
      double[][] ms = new double[datasets.size()][rounds];
      double[][] ratio = new double[datasets.size()][rounds];
      double[][] cpuRatio = new double[datasets.size()][rounds];
      double[][] cpuMs = new double[datasets.size()][rounds];
      double[] memoryMs = new double[rounds];
      double[] memoryCpuMs = new double[rounds];
      List<Sequential> onFiles = new ArrayList<>();
      try (Sequential inMemory = models.apply(1)) {
        for (Dataset d : datasets) {
          onFiles.add(models.apply(1));
          onFiles.get(onFiles.size() - 1).fit(d, fit -> fit.verbose(0));
        }
        inMemory.fit(x, y, fit -> fit.epochs(1).batchSize(BATCH).shuffle(false).verbose(0));
        for (int r = 0; r < rounds; r++) {
          StringBuilder line = new StringBuilder(String.format(Locale.ROOT, "round %d (load %s):", r + 1, load()));
          for (int d = 0; d < datasets.size(); d++) {
            Sequential model = onFiles.get(d);
            Dataset data = datasets.get(d);
            double[] wallAndCpu = Benchmark.msPerStep(() -> model.fit(data, fit -> fit.verbose(0)), steps);
            ms[d][r] = wallAndCpu[0];
            cpuMs[d][r] = wallAndCpu[1];
            line.append(String.format(Locale.ROOT, " fit(%s) %.3f ms/step (CPU %.3f),", names.get(d), ms[d][r],
                cpuMs[d][r]));
          }
          double[] memory = Benchmark.msPerStep(() -> inMemory.fit(x, y, fit -> fit.epochs(1).batchSize(BATCH)
              .shuffle(false).verbose(0)), steps);
          memoryMs[r] = memory[0];
          memoryCpuMs[r] = memory[1];
          line.append(String.format(Locale.ROOT, " fit(arrays) %.3f ms/step (CPU %.3f); ratios (CPU ratios)",
              memoryMs[r], memoryCpuMs[r]));
          for (int d = 0; d < datasets.size(); d++) {
            ratio[d][r] = ms[d][r] / memoryMs[r];
            cpuRatio[d][r] = cpuMs[d][r] / memoryCpuMs[r];
            line.append(String.format(Locale.ROOT, " %.3f (%.3f)", ratio[d][r], cpuRatio[d][r]));
          }
          System.out.println(line);
        }
      } finally {
        onFiles.forEach(Sequential::close);
      }
      StringBuilder summary = new StringBuilder("median:");
      for (int d = 0; d < datasets.size(); d++) {
        summary.append(String.format(Locale.ROOT, " %s %.3f ms/step (per-round ratio %.3f, CPU ratio %.3f),",
            names.get(d), median(ms[d]), median(ratio[d]), median(cpuRatio[d])));
      }
      System.out.println(summary.append(String.format(Locale.ROOT, " fit(arrays) %.3f ms/step (target <= 1.10); "
          + "load %s", median(memoryMs), load())));
    } finally {
      deleteWritten(floatsDir);
      deleteWritten(rawDir);
    }
  }

  /** The 1-minute load average, from /proc/loadavg ("?" where it cannot be read). */
  private static String load() {
    try {
      return Files.readString(Path.of("/proc/loadavg")).split(" ")[0];
    } catch (IOException | RuntimeException e) {
      return "?";
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
