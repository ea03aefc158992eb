package dev.jkeras.serving;

import java.time.Duration;
import java.util.List;

/**
 * TF Serving's {@code BatchingParameters} message in protobuf text form, the format of
 * {@code --batching_parameters_file}: wrapper fields as {@code max_batch_size { value: 128 }}
 * ({@code <...>}, a colon before the brace, {@code #} comments and {@code ,}/{@code ;} separators are
 * accepted as the text format allows). {@code thread_pool_name} is accepted and has no effect;
 * {@code allowed_batch_sizes} and {@code pad_variable_length_inputs: true} are refused, since jkeras
 * neither pads batches nor batches inputs of different lengths together (such requests go to
 * separate batches).
 */
final class BatchingParametersText {
  private static final List<String> FIELDS = List.of("max_batch_size", "batch_timeout_micros",
      "max_enqueued_batches", "num_batch_threads", "thread_pool_name", "pad_variable_length_inputs");

  private final List<String> tokens;
  private int next;

  private BatchingParametersText(String text) {
    this.tokens = TextProtoTokens.tokenize(text);
  }

  static BatchingOptions parse(String text) {
    return new BatchingParametersText(text).message();
  }

  private BatchingOptions message() {
    BatchingOptions options = BatchingOptions.defaults();
    while (next < tokens.size()) {
      String field = take();
      switch (field) {
        case "max_batch_size" -> options = options.maxBatchSize(intValue(field, wrapped(field)));
        case "batch_timeout_micros" -> {
          long micros = wrapped(field);
          if (micros < 0) {
            throw new IllegalArgumentException("batch_timeout_micros must be >= 0, got " + micros);
          }
          options = options.batchTimeout(Duration.ofNanos(Math.multiplyExact(micros, 1000)));
        }
        case "max_enqueued_batches" -> options = options.maxEnqueuedBatches(intValue(field, wrapped(field)));
        case "num_batch_threads" -> options = options.numBatchThreads(intValue(field, wrapped(field)));
        case "thread_pool_name" -> wrappedString(field);
        case "pad_variable_length_inputs" -> {
          expect(field, ":");
          String value = take();
          if (value.equals("true") || value.equals("1") || value.equals("True") || value.equals("t")) {
            throw new IllegalArgumentException("pad_variable_length_inputs: true is not supported: jkeras does not"
                + " pad batches; requests whose inputs differ in a non-batch dimension run in separate batches."
                + " Remove the line");
          }
        }
        case "allowed_batch_sizes" -> throw new IllegalArgumentException("allowed_batch_sizes is not supported:"
            + " jkeras runs each batch at the size it reaches, without padding. Remove the line");
        default -> throw new IllegalArgumentException("Unknown field '" + field + "'. BatchingParameters fields: "
            + FIELDS + " (e.g. max_batch_size { value: 32 })");
      }
      while (next < tokens.size() && (peek().equals(",") || peek().equals(";"))) {
        next++;
      }
    }
    return options;
  }

  /** A {@code google.protobuf.Int64Value}: {@code field { value: N }}. */
  private long wrapped(String field) {
    String close = open(field);
    long value = 0;
    while (!peekIs(close, field)) {
      String inner = take(field);
      if (!inner.equals("value")) {
        throw new IllegalArgumentException(field + " holds only 'value', got '" + inner + "'");
      }
      expect(field, ":");
      String number = take(field);
      try {
        value = Long.parseLong(number);
      } catch (NumberFormatException e) {
        throw new IllegalArgumentException(field + " must be an integer, got '" + number + "'");
      }
      skipSeparators();
    }
    next++;
    return value;
  }

  private void wrappedString(String field) {
    String close = open(field);
    while (!peekIs(close, field)) {
      String inner = take(field);
      if (!inner.equals("value")) {
        throw new IllegalArgumentException(field + " holds only 'value', got '" + inner + "'");
      }
      expect(field, ":");
      String value = take(field);
      if (!value.startsWith("\"") && !value.startsWith("'")) {
        throw new IllegalArgumentException(field + " value must be a quoted string, got " + value);
      }
      skipSeparators();
    }
    next++;
  }

  private String open(String field) {
    if (next < tokens.size() && peek().equals(":")) {
      next++;
    }
    String brace = take(field);
    return switch (brace) {
      case "{" -> "}";
      case "<" -> ">";
      default -> throw new IllegalArgumentException(field + " is a wrapper message: write " + field
          + " { value: N }, got '" + brace + "' after " + field);
    };
  }

  private boolean peekIs(String close, String field) {
    if (next >= tokens.size()) {
      throw new IllegalArgumentException("Missing '" + close + "' closing " + field);
    }
    return peek().equals(close);
  }

  private void skipSeparators() {
    while (next < tokens.size() && (peek().equals(",") || peek().equals(";"))) {
      next++;
    }
  }

  private void expect(String field, String token) {
    String got = take(field);
    if (!got.equals(token)) {
      throw new IllegalArgumentException("Expected '" + token + "' in " + field + ", got '" + got + "'");
    }
  }

  private String peek() {
    return tokens.get(next);
  }

  private String take() {
    return tokens.get(next++);
  }

  private String take(String field) {
    if (next >= tokens.size()) {
      throw new IllegalArgumentException("The file ends inside " + field);
    }
    return take();
  }

  private static int intValue(String field, long value) {
    if (value < 1 || value > Integer.MAX_VALUE) {
      throw new IllegalArgumentException(field + " must be between 1 and " + Integer.MAX_VALUE + ", got " + value);
    }
    return (int) value;
  }
}
