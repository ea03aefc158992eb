package dev.jkeras.saving;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.jkeras.initializers.GlorotUniform;
import dev.jkeras.layers.Dense;
import dev.jkeras.models.Model;
import dev.jkeras.models.Models;
import dev.jkeras.models.Sequential;
import io.jhdf.HdfFile;
import io.jhdf.api.Dataset;
import io.jhdf.api.Group;
import io.jhdf.api.Node;
import io.jhdf.api.dataset.ContiguousDataset;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.tensorflow.ndarray.FloatNdArray;
import org.tensorflow.ndarray.NdArray;
import org.tensorflow.ndarray.NdArrays;
import org.tensorflow.ndarray.Shape;

/**
 * Seeded mutations of a {@code .keras} file and of a {@code .weights.h5} file (bit flips, random
 * bytes, extreme size fields, truncation, insertion, deletion, copied ranges): each mutated file
 * loads with predictions bit-identical to the original, or is refused with a clear jkeras error;
 * never a crash ({@code OutOfMemoryError}, a raw jHDF or zip exception), a hang, or a silent change.
 *
 * <p>The one exception is a standalone weights file whose changed bytes all lie in a dataset's raw
 * data: HDF5 has no checksum there, so no reader (jkeras, h5py, Keras) can tell; those cases are
 * counted and reported as undetectable. In a {@code .keras} file the zip's CRC-32 covers every
 * byte, so no silent change is allowed at all. {@code -Djkeras.fuzz.cases=N} and
 * {@code -Djkeras.fuzz.seed=S} change the run (1,000 cases of each format by default).
 */
class KerasFilesFuzzTest {
  private static final int CASES = Integer.getInteger("jkeras.fuzz.cases", 1000);
  private static final long SEED = Long.getLong("jkeras.fuzz.seed", 11L);
  private static final long CASE_TIMEOUT_SECONDS = 30;
  private static final long TOTAL_BUDGET_SECONDS = 300;

  enum Outcome { IDENTICAL, REFUSED, UNDETECTABLE_RAW_DATA, SILENT_CHANGE, CRASH, HANG }

  @TempDir static Path dir;
  private static Model original;
  private static FloatNdArray x;
  private static int[] expected;
  private static ExecutorService worker;

  @BeforeAll
  static void saveTheOriginals() throws Exception {
    worker = Executors.newSingleThreadExecutor(r -> {
      Thread thread = new Thread(r, "fuzz-load");
      thread.setDaemon(true);
      return thread;
    });
    Random random = new Random(SEED);
    x = NdArrays.ofFloats(Shape.of(16, 4));
    x.scalars().forEach(s -> s.setFloat((float) random.nextGaussian()));
    FloatNdArray y = NdArrays.ofFloats(Shape.of(16, 3));
    y.scalars().forEach(s -> s.setFloat(random.nextFloat()));
    original = model();
    original.fit(x, y, f -> f.epochs(1).shuffle(false).verbose(0));
    expected = bits(original.predict(x, p -> p.verbose(0)));
    original.save(dir.resolve("original.keras"));
    original.saveWeights(dir.resolve("original.weights.h5"));
  }

  @AfterAll
  static void close() {
    worker.shutdownNow();
    original.close();
  }

  private static Model model() {
    Model model = new Sequential(
        new Dense(8, "relu").kernelInitializer(new GlorotUniform(SEED)).inputShape(4),
        new Dense(3, "softmax").kernelInitializer(new GlorotUniform(SEED + 1)));
    model.compile("adam", "mse");
    return model;
  }

  private static int[] bits(NdArray<?> predictions) {
    FloatNdArray floats = (FloatNdArray) predictions;
    int[] bits = new int[(int) floats.size()];
    int[] next = {0};
    floats.scalars().forEach(s -> bits[next[0]++] = Float.floatToRawIntBits(s.getFloat()));
    return bits;
  }

  @Test
  void mutatedKerasFilesLoadIdenticallyOrAreRefused() throws Exception {
    byte[] bytes = Files.readAllBytes(dir.resolve("original.keras"));
    Report report = run("keras", bytes, null, file -> {
      try (Model loaded = Models.loadModel(file)) {
        return predictsOriginal(loaded);
      }
    });
    report.print(".keras");
    assertEquals(0, report.failures(), report.failureText());
  }

  @Test
  void mutatedWeightsFilesLoadIdenticallyOrAreRefusedExceptUndetectableRawData() throws Exception {
    Path originalFile = dir.resolve("original.weights.h5");
    byte[] bytes = Files.readAllBytes(originalFile);
    List<long[]> rawData = rawDataRanges(originalFile);
    try (Model target = model()) {
      target.loadWeights(originalFile);
      assertTrue(predictsOriginal(target), "the original weights file restores the original predictions");
      Report report = run("weights.h5", bytes, rawData, file -> {
        try {
          target.loadWeights(file);
        } catch (RuntimeException refused) {
          if (!predictsOriginal(target)) {
            throw new AssertionError("refused (" + refused + "), but the model's weights changed", refused);
          }
          throw refused;
        }
        boolean same = predictsOriginal(target);
        if (!same) {
          target.loadWeights(originalFile);
        }
        return same;
      });
      report.print(".weights.h5");
      assertEquals(0, report.failures(), report.failureText());
    }
  }

  // ------------------------------------------------------------------ the run

  private static boolean predictsOriginal(Model model) {
    return java.util.Arrays.equals(expected, bits(model.predict(x, p -> p.verbose(0))));
  }

  @FunctionalInterface
  interface Case {
    /** Loads {@code file}; whether the loaded model predicts bit-identically to the original. */
    boolean loadsIdentically(Path file) throws Exception;
  }

  /** What one load gave, and the message or error that says why. */
  private record Attempt(Outcome outcome, String detail) {}

  private static Attempt attempt(Case load, Path file) throws Exception {
    Future<Boolean> future = worker.submit(() -> load.loadsIdentically(file));
    try {
      boolean identical = future.get(CASE_TIMEOUT_SECONDS, TimeUnit.SECONDS);
      return new Attempt(identical ? Outcome.IDENTICAL : Outcome.SILENT_CHANGE, identical ? "" : "predictions changed");
    } catch (TimeoutException e) {
      future.cancel(true);
      return new Attempt(Outcome.HANG, "no answer within " + CASE_TIMEOUT_SECONDS + " s");
    } catch (java.util.concurrent.ExecutionException e) {
      Throwable cause = e.getCause();
      return isClearRefusal(cause) ? new Attempt(Outcome.REFUSED, cause.getMessage())
          : new Attempt(Outcome.CRASH, cause.toString());
    }
  }

  private Report run(String suffix, byte[] bytes, List<long[]> rawData, Case load) throws Exception {
    Random random = new Random(SEED * 31 + suffix.hashCode());
    Report report = new Report();
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(TOTAL_BUDGET_SECONDS);
    for (int i = 0; i < CASES; i++) {
      assertTrue(System.nanoTime() < deadline, "the fuzz run exceeded " + TOTAL_BUDGET_SECONDS + " s after "
          + i + " cases");
      Mutation mutation = Mutation.random(random, bytes);
      Path file = dir.resolve("case-" + i + "." + suffix);
      Files.write(file, mutation.bytes());
      Attempt attempt = attempt(load, file);
      if (attempt.outcome() == Outcome.SILENT_CHANGE && rawData != null
          && changeIsInRawData(load, file, bytes, mutation.bytes(), rawData)) {
        attempt = new Attempt(Outcome.UNDETECTABLE_RAW_DATA, "a change in raw data, which HDF5 does not checksum");
      }
      report.add(attempt.outcome(), mutation.toString(), attempt.detail());
      Files.deleteIfExists(file);
    }
    return report;
  }

  /**
   * Whether a silent change comes from raw data alone: the file keeps its length, and the same
   * mutation with every raw-data byte put back loads identically or is refused. Then the rest of
   * the mutation is harmless, and what changed the predictions is data no HDF5 reader can check.
   */
  private static boolean changeIsInRawData(Case load, Path file, byte[] original, byte[] mutated,
      List<long[]> rawData) throws Exception {
    if (mutated.length != original.length) {
      return false;
    }
    byte[] outsideOnly = mutated.clone();
    for (long[] range : rawData) {
      System.arraycopy(original, (int) range[0], outsideOnly, (int) range[0], (int) (range[1] - range[0]));
    }
    if (java.util.Arrays.equals(outsideOnly, original)) {
      return true;
    }
    Files.write(file, outsideOnly);
    Outcome outcome = attempt(load, file).outcome();
    return outcome == Outcome.IDENTICAL || outcome == Outcome.REFUSED;
  }

  /**
   * A jkeras error: an {@code IllegalArgumentException} or {@code IllegalStateException} with a
   * message, not a jHDF or zip exception class (those must be wrapped with the file's name).
   */
  private static boolean isClearRefusal(Throwable error) {
    String name = error.getClass().getName();
    return (error instanceof IllegalArgumentException || error instanceof IllegalStateException)
        && !name.startsWith("io.jhdf") && !name.startsWith("java.util.zip") && error.getMessage() != null
        && !error.getMessage().isBlank();
  }

  /** The byte ranges holding datasets' raw data, where HDF5 keeps no checksum. */
  private static List<long[]> rawDataRanges(Path file) {
    List<long[]> ranges = new ArrayList<>();
    try (HdfFile h5 = new HdfFile(file)) {
      collect(h5, ranges);
    }
    return ranges;
  }

  private static void collect(Group group, List<long[]> ranges) {
    for (Node node : group) {
      if (node instanceof Group child) {
        collect(child, ranges);
      } else if (node instanceof ContiguousDataset dataset) {
        long start = dataset.getDataAddress();
        ranges.add(new long[] {start, start + ((Dataset) dataset).getSizeInBytes()});
      }
    }
  }

  /**
   * Whether the mutated file differs from the original only inside raw data (bytes appended past the
   * original's end are never read): what no HDF5 reader can detect.
   */
  private static boolean onlyRawDataDiffers(byte[] original, byte[] mutated, List<long[]> rawData) {
    if (mutated.length < original.length) {
      return false;
    }
    for (int i = 0; i < original.length; i++) {
      if (original[i] != mutated[i] && !inside(i, rawData)) {
        return false;
      }
    }
    return true;
  }

  private static boolean inside(long position, List<long[]> ranges) {
    return ranges.stream().anyMatch(r -> position >= r[0] && position < r[1]);
  }

  // ------------------------------------------------------------------ mutations

  /** One seeded change to a file's bytes, described for the report. */
  record Mutation(String description, byte[] bytes) {
    static Mutation random(Random random, byte[] original) {
      byte[] b = original.clone();
      int n = b.length;
      int at = random.nextInt(n);
      switch (random.nextInt(9)) {
        case 0 -> {
          int bit = random.nextInt(8);
          b[at] ^= (byte) (1 << bit);
          return new Mutation("flip bit " + bit + " at " + at, b);
        }
        case 1 -> {
          b[at] = (byte) random.nextInt(256);
          return new Mutation("set byte at " + at, b);
        }
        case 2 -> {
          int len = 1 + random.nextInt(8);
          for (int i = at; i < Math.min(n, at + len); i++) {
            b[i] = (byte) random.nextInt(256);
          }
          return new Mutation("randomize " + len + " bytes at " + at, b);
        }
        case 3 -> {
          return new Mutation("truncate to " + at, java.util.Arrays.copyOf(b, at));
        }
        case 4 -> {
          int len = 1 + random.nextInt(64);
          java.util.Arrays.fill(b, at, Math.min(n, at + len), (byte) 0);
          return new Mutation("zero " + len + " bytes at " + at, b);
        }
        case 5 -> {
          int len = 1 + random.nextInt(16);
          byte[] inserted = new byte[n + len];
          System.arraycopy(b, 0, inserted, 0, at);
          for (int i = 0; i < len; i++) {
            inserted[at + i] = (byte) random.nextInt(256);
          }
          System.arraycopy(b, at, inserted, at + len, n - at);
          return new Mutation("insert " + len + " bytes at " + at, inserted);
        }
        case 6 -> {
          int len = Math.min(n - at, 1 + random.nextInt(16));
          byte[] deleted = new byte[n - len];
          System.arraycopy(b, 0, deleted, 0, at);
          System.arraycopy(b, at + len, deleted, at, n - at - len);
          return new Mutation("delete " + len + " bytes at " + at, deleted);
        }
        case 7 -> {
          int len = 1 + random.nextInt(32);
          int from = random.nextInt(n);
          int count = Math.min(len, Math.min(n - from, n - at));
          System.arraycopy(original, from, b, at, count);
          return new Mutation("copy " + count + " bytes from " + from + " to " + at, b);
        }
        default -> {
          int width = random.nextBoolean() ? 4 : 8;
          int aligned = Math.max(0, Math.min(n - width, at - at % width));
          long[] extremes = {0, -1, Integer.MAX_VALUE, 0x80000000L, Long.MAX_VALUE, 1L << 40};
          long value = extremes[random.nextInt(extremes.length)];
          for (int i = 0; i < width; i++) {
            b[aligned + i] = (byte) (value >>> (8 * i));
          }
          return new Mutation("set " + width + "-byte field at " + aligned + " to " + value, b);
        }
      }
    }

    @Override
    public String toString() {
      return description;
    }
  }

  // ------------------------------------------------------------------ report

  /** Outcome counts, the failures in full, and a few refusal messages. */
  private static final class Report {
    private final Map<Outcome, Integer> counts = new EnumMap<>(Outcome.class);
    private final List<String> failures = new ArrayList<>();
    private final Map<String, Integer> refusals = new TreeMap<>();

    void add(Outcome outcome, String mutation, String detail) {
      counts.merge(outcome, 1, Integer::sum);
      if (outcome == Outcome.SILENT_CHANGE || outcome == Outcome.CRASH || outcome == Outcome.HANG) {
        failures.add(outcome + " " + mutation + ": " + detail);
      } else if (outcome == Outcome.REFUSED) {
        String message = detail.replaceAll("/[^ :!]*/", "").replaceAll("case-[0-9]+", "case")
            .replaceAll("[0-9]+", "N");
        refusals.merge(message.length() > 110 ? message.substring(0, 110) : message, 1, Integer::sum);
      }
    }

    int count(Outcome outcome) {
      return counts.getOrDefault(outcome, 0);
    }

    int failures() {
      return count(Outcome.SILENT_CHANGE) + count(Outcome.CRASH) + count(Outcome.HANG);
    }

    String failureText() {
      return failures.size() + " failures:\n" + String.join("\n", failures.subList(0, Math.min(40, failures.size())));
    }

    void print(String format) {
      System.out.println("FUZZ " + format + " seed " + SEED + ": " + counts);
      refusals.entrySet().stream().sorted(Map.Entry.<String, Integer>comparingByValue().reversed()).limit(12)
          .forEach(e -> System.out.println("FUZZ   " + e.getValue() + " x " + e.getKey()));
    }
  }
}
