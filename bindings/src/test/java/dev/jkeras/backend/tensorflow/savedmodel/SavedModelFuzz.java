package dev.jkeras.backend.tensorflow.savedmodel;

import dev.jkeras.backend.ImportedModel;
import dev.jkeras.backend.SavedModelOptions;
import dev.jkeras.backend.tensorflow.ErrorMessages;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.SplittableRandom;
import java.util.TreeMap;
import org.tensorflow.ndarray.FloatNdArray;
import org.tensorflow.ndarray.NdArray;
import org.tensorflow.ndarray.StdArrays;

/**
 * Seeded mutations of SavedModel files (bit flips, byte changes, truncation, chunk duplication and
 * deletion of {@code saved_model.pb}, {@code variables.index} and {@code variables.data-*}), each
 * loaded and called. Every case must give the original outputs or a jkeras error ({@link
 * IllegalArgumentException} or {@link IllegalStateException} of jkeras, not TensorFlow's classes); a
 * case that loads and gives other outputs is a silent change. Run by {@link SavedModelFuzzTest} in a
 * child JVM, so that a native crash is seen rather than suffered:
 *
 * <pre>{@code java -cp <test class path> dev.jkeras.backend.tensorflow.savedmodel.SavedModelFuzz <seed> <cases> <seconds>}</pre>
 *
 * <p>Prints one line per failing case and a summary {@code fuzz: seed=... cases=...}; exits with 1
 * when a case failed.
 */
public final class SavedModelFuzz {
  private static final List<String> FILES = List.of("saved_model.pb", "saved_model.pb", "variables/variables.index",
      "variables/variables.data-00000-of-00001");
  private static final int[] INTERESTING = {0, -1, Integer.MAX_VALUE, Integer.MIN_VALUE, 0x7F, 0x80, 0xFF};

  /** A fixture, the signature called and its input. */
  private record Target(String fixture, Path copy, String signature, String input, FloatNdArray x,
      Map<String, byte[]> originals, Map<String, float[]> expected) {}

  private SavedModelFuzz() {}

  public static void main(String[] args) throws Exception {
    long seed = Long.parseLong(args[0]);
    int maxCases = Integer.parseInt(args[1]);
    Duration bound = Duration.ofSeconds(Long.parseLong(args[2]));
    Path work = Files.createTempDirectory("jkeras-fuzz");
    List<Target> targets = List.of(
        target("half_plus_two_tf1", work, "serving_default", "x", StdArrays.ndCopyOf(new float[][] {{1}, {2}, {3}})),
        target("half_plus_two_tf2", work, "serving_default", "x", StdArrays.ndCopyOf(new float[] {1.5f})));
    Map<String, Integer> outcomes = new TreeMap<>();
    int failures = 0;
    int cases = 0;
    long start = System.nanoTime();
    while (cases < maxCases && Duration.ofNanos(System.nanoTime() - start).compareTo(bound) < 0) {
      Random random = new Random(new SplittableRandom(seed).split().nextLong() ^ new SplittableRandom(cases).nextLong());
      Target target = targets.get(random.nextInt(targets.size()));
      String file = FILES.get(random.nextInt(FILES.size()));
      byte[] original = target.originals().get(file);
      StringBuilder mutation = new StringBuilder();
      byte[] mutated = mutate(original, random, mutation);
      Path path = target.copy().resolve(file);
      Files.write(path, mutated);
      String outcome;
      try {
        outcome = run(target);
      } finally {
        Files.write(path, original);
      }
      cases++;
      String kind = outcome.substring(0, outcome.indexOf(':') < 0 ? outcome.length() : outcome.indexOf(':'));
      outcomes.merge(file.replaceFirst(".*/", "") + " " + kind, 1, Integer::sum);
      if (Boolean.getBoolean("jkeras.fuzz.verbose")) {
        System.out.println("case " + (cases - 1) + " " + target.fixture() + "/" + file + " " + mutation + " -> "
            + outcome);
      }
      if (kind.equals("FAILED") || kind.equals("SILENT")) {
        failures++;
        if (failures <= 20) {
          System.out.println("case " + (cases - 1) + " " + target.fixture() + "/" + file + " " + mutation + " -> "
              + outcome);
        }
      }
    }
    double seconds = (System.nanoTime() - start) / 1e9;
    System.out.printf(java.util.Locale.ROOT, "fuzz: seed=%d cases=%d failures=%d seconds=%.1f outcomes=%s%n", seed,
        cases, failures, seconds, outcomes);
    System.exit(failures == 0 ? 0 : 1);
  }

  private static Target target(String fixture, Path work, String signature, String input, FloatNdArray x)
      throws IOException {
    Path copy = HostileSavedModels.copy(fixture, work);
    Map<String, byte[]> originals = new TreeMap<>();
    for (String file : FILES) {
      originals.put(file, Files.readAllBytes(copy.resolve(file)));
    }
    Target target = new Target(fixture, copy, signature, input, x, originals, new TreeMap<>());
    try (ImportedModel model = TfImportedModel.load(copy, options())) {
      target.expected().putAll(outputs(model.call(signature, Map.of(input, x))));
    }
    return target;
  }

  private static SavedModelOptions options() {
    return SavedModelOptions.defaults().callTimeout(Duration.ofSeconds(20));
  }

  /** SAME, REFUSED: message, SILENT: outputs, or FAILED: what leaked. */
  private static String run(Target target) {
    try (ImportedModel model = TfImportedModel.load(target.copy(), options())) {
      Map<String, float[]> outputs = outputs(model.call(target.signature(), Map.of(target.input(), target.x())));
      if (outputs.keySet().equals(target.expected().keySet())
          && outputs.keySet().stream().allMatch(k -> Arrays.equals(outputs.get(k), target.expected().get(k)))) {
        return "SAME";
      }
      List<String> shown = new ArrayList<>();
      outputs.forEach((k, v) -> shown.add(k + "=" + Arrays.toString(v)));
      return "SILENT: " + shown;
    } catch (IllegalArgumentException | IllegalStateException | UncheckedIOException e) {
      boolean jkeras = !ErrorMessages.isTensorFlow(e) && e.getMessage() != null && !e.getMessage().isBlank()
          && (e.getClass() == IllegalArgumentException.class || e.getClass() == IllegalStateException.class
          || e instanceof UncheckedIOException);
      return jkeras ? "REFUSED: " + e.getMessage().lines().findFirst().orElse("")
          : "FAILED: " + e.getClass().getName() + ": " + e.getMessage();
    } catch (RuntimeException | Error e) {
      return "FAILED: " + e.getClass().getName() + ": " + e.getMessage();
    }
  }

  private static Map<String, float[]> outputs(Map<String, NdArray<?>> outputs) {
    Map<String, float[]> flat = new TreeMap<>();
    outputs.forEach((name, value) -> {
      FloatNdArray floats = (FloatNdArray) value;
      float[] values = new float[(int) floats.size()];
      floats.copyTo(org.tensorflow.ndarray.buffer.DataBuffers.of(values, false, false));
      flat.put(name + Arrays.toString(value.shape().asArray()), values);
    });
    return flat;
  }

  /** A mutated copy of {@code bytes}; {@code description} says what changed. */
  static byte[] mutate(byte[] bytes, Random random, StringBuilder description) {
    if (bytes.length == 0) {
      description.append("append a byte");
      return new byte[] {(byte) random.nextInt(256)};
    }
    byte[] copy = bytes.clone();
    switch (random.nextInt(6)) {
      case 0 -> {
        int flips = 1 + random.nextInt(4);
        description.append("flip");
        for (int i = 0; i < flips; i++) {
          int bit = random.nextInt(copy.length * 8);
          copy[bit / 8] ^= (byte) (1 << (bit % 8));
          description.append(" bit ").append(bit);
        }
        return copy;
      }
      case 1 -> {
        int changes = 1 + random.nextInt(4);
        description.append("set");
        for (int i = 0; i < changes; i++) {
          int at = random.nextInt(copy.length);
          copy[at] = (byte) random.nextInt(256);
          description.append(" byte ").append(at).append("=").append(copy[at] & 0xFF);
        }
        return copy;
      }
      case 2 -> {
        int length = random.nextInt(copy.length);
        description.append("truncate to ").append(length).append(" of ").append(copy.length);
        return Arrays.copyOf(copy, length);
      }
      case 3 -> {
        int from = random.nextInt(copy.length);
        int length = 1 + random.nextInt(Math.min(64, copy.length - from));
        int to = random.nextInt(copy.length + 1);
        description.append("duplicate ").append(length).append(" bytes from ").append(from).append(" at ").append(to);
        byte[] longer = new byte[copy.length + length];
        System.arraycopy(copy, 0, longer, 0, to);
        System.arraycopy(copy, from, longer, to, length);
        System.arraycopy(copy, to, longer, to + length, copy.length - to);
        return longer;
      }
      case 4 -> {
        int from = random.nextInt(copy.length);
        int length = 1 + random.nextInt(Math.min(64, copy.length - from));
        description.append("delete ").append(length).append(" bytes at ").append(from);
        byte[] shorter = new byte[copy.length - length];
        System.arraycopy(copy, 0, shorter, 0, from);
        System.arraycopy(copy, from + length, shorter, from, copy.length - from - length);
        return shorter;
      }
      default -> {
        int at = random.nextInt(Math.max(1, copy.length - 3));
        int value = INTERESTING[random.nextInt(INTERESTING.length)];
        description.append("write ").append(value).append(" at ").append(at);
        for (int i = 0; i < 4 && at + i < copy.length; i++) {
          copy[at + i] = (byte) (value >>> (8 * i));
        }
        return copy;
      }
    }
  }
}
