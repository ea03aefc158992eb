package dev.jkeras.backend.tensorflow;

import com.sun.jna.Library;
import com.sun.jna.Native;
import org.tensorflow.TensorFlow;

/**
 * Loads TensorFlow's native library once. By default TensorFlow's INFO lines are silenced, those it
 * prints through Abseil included (warnings and errors still print); set {@code TF_CPP_MIN_LOG_LEVEL}
 * yourself to choose otherwise ({@code 0} shows everything).
 */
public final class NativeLibrary {
  private static final String LOG_LEVEL_VARIABLE = "TF_CPP_MIN_LOG_LEVEL";

  private static volatile String version;

  private NativeLibrary() {}

  /** The TensorFlow version, loading the library on first use. */
  public static String ensureLoaded() {
    String loaded = version;
    if (loaded == null) {
      synchronized (NativeLibrary.class) {
        if (version == null) {
          quietInfoLogging();
          version = load();
          quietAbslInfoLogging();
        }
        loaded = version;
      }
    }
    return loaded;
  }

  private interface CLibrary extends Library {
    int setenv(String name, String value, int overwrite);
  }

  /** TensorFlow reads its log level from the environment once, when it loads. */
  private static void quietInfoLogging() {
    if (System.getenv(LOG_LEVEL_VARIABLE) != null) {
      return;
    }
    try {
      Native.load("c", CLibrary.class).setenv(LOG_LEVEL_VARIABLE, "1", 0);
    } catch (UnsatisfiedLinkError | RuntimeException e) {
      // Without libc access TensorFlow only prints more INFO lines; training is unaffected.
    }
  }

  /**
   * The INFO lines TensorFlow prints through Abseil (the MLIR line at the first graph run) follow
   * {@code TF_CPP_MIN_LOG_LEVEL} too: INFO is silenced unless it is set to 0.
   */
  private static void quietAbslInfoLogging() {
    int level = minLogLevel(System.getenv(LOG_LEVEL_VARIABLE));
    if (level > 0) {
      AbslLogLevel.set(level).ifPresent(problem -> System.getLogger(NativeLibrary.class.getName())
          .log(System.Logger.Level.DEBUG, problem));
    }
  }

  /** TensorFlow's reading of {@code TF_CPP_MIN_LOG_LEVEL}: 0 to 3, 1 when unset or not a level. */
  static int minLogLevel(String value) {
    if (value == null) {
      return 1;
    }
    try {
      return Math.max(0, Math.min(3, Integer.parseInt(value.trim())));
    } catch (NumberFormatException e) {
      return 1;
    }
  }

  /** {@code tsl::EnableOpDeterminism(bool)} in TensorFlow's framework library (C++ name). */
  private static final String ENABLE_DETERMINISM = "_ZN3tsl19EnableOpDeterminismEb";
  private static final String FRAMEWORK_LIBRARY = "libtensorflow_framework.so.2";
  private static final String DETERMINISM_VARIABLE = "TF_DETERMINISTIC_OPS";

  /**
   * Turns on TensorFlow's op determinism, as {@code tf.config.experimental.enable_op_determinism()}:
   * the process-wide flag kernels consult when they are created. The environment variable
   * {@code TF_DETERMINISTIC_OPS} is set too, for code that reads it.
   */
  public static void enableOpDeterminism() {
    try {
      Native.load("c", CLibrary.class).setenv(DETERMINISM_VARIABLE, "1", 1);
    } catch (UnsatisfiedLinkError | RuntimeException e) {
      // The direct call below is what matters once the library is loaded.
    }
    ensureLoaded();
    try {
      // Already loaded by TensorFlow Java: dlopen finds it by its soname.
      com.sun.jna.NativeLibrary framework = com.sun.jna.NativeLibrary.getInstance(FRAMEWORK_LIBRARY);
      framework.getFunction(ENABLE_DETERMINISM).invoke(new Object[] {Boolean.TRUE});
    } catch (UnsatisfiedLinkError | RuntimeException e) {
      throw new IllegalStateException("Could not enable TensorFlow's op determinism (" + ENABLE_DETERMINISM
          + " in " + FRAMEWORK_LIBRARY + "): " + e.getMessage()
          + ". Set the environment variable TF_DETERMINISTIC_OPS=1 before starting the JVM instead.", e);
    }
  }

  private static String load() {
    try {
      return TensorFlow.version();
    } catch (UnsatisfiedLinkError | NoClassDefFoundError | ExceptionInInitializerError e) {
      throw new IllegalStateException(loadFailureMessage(e), e);
    }
  }

  static String loadFailureMessage(Throwable cause) {
    return "TensorFlow's native library could not be loaded on "
        + System.getProperty("os.name") + "/" + System.getProperty("os.arch") + ". "
        + "jkeras needs org.tensorflow:tensorflow-core-native:1.1.0 with the classifier "
        + "'linux-x86_64' (CPU) or 'linux-x86_64-gpu' (CUDA; build with -Pgpu) on the class "
        + "path, and a glibc-based Linux x86-64. Cause: " + cause;
  }
}
