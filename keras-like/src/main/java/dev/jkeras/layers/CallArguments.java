package dev.jkeras.layers;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * How one layer call's tensors map to Keras's {@code layer(*args, **kwargs)}, for the layers whose
 * call takes more than a list of inputs ({@link MultiHeadAttention}'s {@code (query, value,
 * key=..., attention_mask=..., use_causal_mask=...)}): the first {@code positional} tensors are
 * positional arguments (one list argument, or separate arguments when {@code separate}), the rest
 * are keyword tensors named by {@code tensorKeywords}, and {@code options} holds the keyword
 * arguments that are not tensors (booleans, numbers, strings). A Functional model records it with
 * the call, replays it and saves it in the node's {@code args} and {@code kwargs} as Keras does.
 */
public record CallArguments(int positional, boolean separate, List<String> tensorKeywords,
    Map<String, Object> options) {

  public CallArguments {
    if (positional < 1) {
      throw new IllegalArgumentException("A layer call needs at least one positional tensor, got " + positional);
    }
    tensorKeywords = List.copyOf(tensorKeywords);
    options = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(options));
  }

  /** {@code n} tensors as one positional argument (one tensor, or a list of them): the plain call. */
  public static CallArguments positional(int n) {
    return new CallArguments(n, false, List.of(), Map.of());
  }

  /** Whether this is the plain call: no keyword arguments and no separate positional arguments. */
  public boolean plain() {
    return tensorKeywords.isEmpty() && options.isEmpty() && (!separate || positional == 1);
  }

  /** The number of tensors the call takes. */
  public int tensorCount() {
    return positional + tensorKeywords.size();
  }

  /** The index among the call's tensors of the keyword tensor {@code name}, or -1. */
  public int indexOf(String name) {
    int i = tensorKeywords.indexOf(name);
    return i < 0 ? -1 : positional + i;
  }

  /** A boolean option, {@code fallback} when absent; a value that is not a boolean is an error. */
  public boolean flag(String name, boolean fallback) {
    Object value = options.get(name);
    if (value != null && !(value instanceof Boolean)) {
      throw new IllegalArgumentException("The call argument '" + name + "' must be true or false, got " + value);
    }
    return value == null ? fallback : (Boolean) value;
  }
}
