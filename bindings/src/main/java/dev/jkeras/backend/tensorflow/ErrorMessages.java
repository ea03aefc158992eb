package dev.jkeras.backend.tensorflow;

import java.util.regex.Pattern;

/** TensorFlow error text without the native stack and graph-debug noise, and TensorFlow's exceptions in jkeras's terms. */
public final class ErrorMessages {
  private static final Pattern NODE_DUMP = Pattern.compile("\\s*\\[\\[\\{\\{node ([^}]*)}}]]");

  private ErrorMessages() {}

  /** TensorFlow's message of {@code e} without its native stack and debug dump. */
  public static String clean(Throwable e) {
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

  /** Whether {@code e} is one of TensorFlow Java's exceptions (some extend {@code IllegalArgumentException}). */
  public static boolean isTensorFlow(Throwable e) {
    return e.getClass().getName().startsWith("org.tensorflow.exceptions.");
  }

  /**
   * The first line of TensorFlow's text, without its {@code [[{{node ...}}]]} dumps, and the op it
   * names, e.g. {@code Feature: x is required but could not be found (at op 'ParseExample')}.
   */
  public static String headline(Throwable e) {
    String message = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
    var node = NODE_DUMP.matcher(message);
    String op = node.find() ? node.group(1) : null;
    String first = NODE_DUMP.matcher(message).replaceAll("").strip().lines().findFirst().orElse("").strip();
    if (first.endsWith(":")) {
      first = first.substring(0, first.length() - 1);
    }
    if (first.length() > 300) {
      first = first.substring(0, 300) + "...";
    }
    return op == null ? first : first + " (at op '" + op + "')";
  }

  /**
   * TensorFlow's exception {@code e} as a jkeras one: {@code failed} says what failed, the message adds
   * TensorFlow's headline and what to do; the exception keeps TensorFlow's whole text as its cause.
   * Bad inputs and data ({@code InvalidArgument}, {@code OutOfRange}) give an {@link
   * IllegalArgumentException}, the rest an {@link IllegalStateException}.
   */
  public static RuntimeException translate(String failed, RuntimeException e) {
    String name = e.getClass().getSimpleName();
    String headline = headline(e);
    return switch (name) {
      case "TFInvalidArgumentException", "TFOutOfRangeException" -> new IllegalArgumentException(failed + ": "
          + headline + ". Check the inputs against the signature's specs (ImportedModel.signatures()); "
          + "TensorFlow's full message is the cause of this exception", e);
      case "TFResourceExhaustedException" -> new IllegalStateException(failed + ": TensorFlow ran out of memory ("
          + headline + "). Use smaller inputs or a machine with more memory", e);
      case "TFUnimplementedException" -> new IllegalStateException(failed + ": this TensorFlow build cannot run it ("
          + headline + ")", e);
      case "TFPermissionDeniedException", "TFUnauthenticatedException" -> new IllegalStateException(failed
          + ": access was denied (" + headline + ")", e);
      default -> new IllegalStateException(failed + ": " + headline
          + ". TensorFlow's full message is the cause of this exception", e);
    };
  }
}
