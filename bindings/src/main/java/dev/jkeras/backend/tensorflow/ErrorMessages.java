package dev.jkeras.backend.tensorflow;

/** TensorFlow error text without the native stack and graph-debug noise. */
final class ErrorMessages {
  private ErrorMessages() {}

  static String clean(Throwable e) {
    String message = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
    int stack = message.indexOf("\n\t [[");
    if (stack >= 0) {
      message = message.substring(0, stack);
    }
    int debug = message.indexOf("\nStack trace");
    if (debug >= 0) {
      message = message.substring(0, debug);
    }
    return message.strip();
  }
}
