package dev.jkeras.backend.tensorflow;

import com.sun.jna.Function;
import com.sun.jna.NativeLibrary;
import com.sun.jna.Pointer;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import java.util.Set;

/**
 * The minimum severity of the Abseil log lines TensorFlow's native libraries print on stderr.
 *
 * <p>TensorFlow 2.18 logs some INFO lines (MLIR's "MLIR V1 optimization pass is not enabled", printed
 * after Abseil's "All log messages before absl::InitializeLog() is called are written to STDERR") through
 * Abseil logging, which ignores {@code TF_CPP_MIN_LOG_LEVEL}. Each of the two libraries has its own copy
 * of Abseil: {@code libtensorflow_framework} exports {@code absl::SetMinLogLevel}, while
 * {@code libtensorflow_cc} keeps its copy private, so its level variable is found in the library's
 * symbol table and set in place. Warnings and errors still print.
 */
final class AbslLogLevel {
  static final String CC_LIBRARY = "libtensorflow_cc.so.2";
  static final String FRAMEWORK_LIBRARY = "libtensorflow_framework.so.2";
  private static final String ANCHOR = "TF_Version";
  private static final String MIN_LOG_LEVEL = "_ZN4absl12lts_2023080212_GLOBAL__N_113min_log_levelE.0";
  private static final String SET_MIN_LOG_LEVEL = "_ZN4absl12lts_2023080214SetMinLogLevelENS0_18LogSeverityAtLeastE";
  private static final int INFO = 0;
  private static final int FATAL = 3;

  private AbslLogLevel() {}

  /**
   * Sets the minimum severity, 0 (INFO) to 3 (FATAL), in both libraries, which must be loaded.
   *
   * @return what could not be done, or empty when both levels were set
   */
  static Optional<String> set(int level) {
    if (level < INFO || level > FATAL) {
      throw new IllegalArgumentException("An Abseil log level is 0 (INFO) to 3 (FATAL), got " + level);
    }
    try {
      NativeLibrary.getInstance(FRAMEWORK_LIBRARY).getFunction(SET_MIN_LOG_LEVEL).invoke(new Object[] {level});
      return setPrivateLevel(level);
    } catch (UnsatisfiedLinkError | RuntimeException | IOException e) {
      return Optional.of("Abseil's log level could not be set: " + e);
    }
  }

  private static Optional<String> setPrivateLevel(int level) throws IOException {
    Optional<Path> file = loadedFile(CC_LIBRARY);
    if (file.isEmpty()) {
      return Optional.of(CC_LIBRARY + " is not loaded");
    }
    ElfSymbols symbols = ElfSymbols.read(file.get(), Set.of(ANCHOR, MIN_LOG_LEVEL));
    Optional<ElfSymbols.Symbol> anchor = symbols.find(ANCHOR);
    Optional<ElfSymbols.Symbol> variable = symbols.find(MIN_LOG_LEVEL);
    if (anchor.isEmpty() || variable.isEmpty() || variable.get().size() != Integer.BYTES
        || variable.get().type() != ElfSymbols.Symbol.OBJECT) {
      return Optional.of(file.get() + " has no unique " + MIN_LOG_LEVEL + " (another TensorFlow build?)");
    }
    Function loadedAnchor = NativeLibrary.getInstance(file.get().toString()).getFunction(ANCHOR);
    long base = Pointer.nativeValue(loadedAnchor) - anchor.get().value();
    Pointer address = new Pointer(base + variable.get().value());
    int current = address.getInt(0);
    if (current < INFO || current > FATAL) {
      return Optional.of(MIN_LOG_LEVEL + " holds " + current + ", not a log level; left alone");
    }
    address.setInt(0, level);
    return Optional.empty();
  }

  /** The file a loaded library was mapped from, as {@code /proc/self/maps} lists it. */
  private static Optional<Path> loadedFile(String name) throws IOException {
    try (var lines = Files.lines(Path.of("/proc/self/maps"))) {
      return lines.map(line -> line.substring(line.lastIndexOf(' ') + 1))
          .filter(path -> path.endsWith("/" + name))
          .findFirst()
          .map(Path::of);
    }
  }
}
