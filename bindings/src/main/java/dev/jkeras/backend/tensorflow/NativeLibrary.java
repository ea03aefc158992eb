package dev.jkeras.backend.tensorflow;

import com.sun.jna.Library;
import com.sun.jna.Native;
import org.tensorflow.TensorFlow;

/**
 * Loads TensorFlow's native library once. By default TensorFlow's INFO lines are silenced (warnings
 * and errors still print); set {@code TF_CPP_MIN_LOG_LEVEL} yourself to choose otherwise.
 */
final class NativeLibrary {
  private static final String LOG_LEVEL_VARIABLE = "TF_CPP_MIN_LOG_LEVEL";

  private static volatile String version;

  private NativeLibrary() {}

  /** The TensorFlow version, loading the library on first use. */
  static String ensureLoaded() {
    String loaded = version;
    if (loaded == null) {
      synchronized (NativeLibrary.class) {
        if (version == null) {
          quietInfoLogging();
          version = load();
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
