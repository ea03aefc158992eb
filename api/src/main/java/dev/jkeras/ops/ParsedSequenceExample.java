package dev.jkeras.ops;

import java.util.Objects;

/**
 * A parsed {@code tf.train.SequenceExample}: its context features and its sequence features (each
 * dense one with a leading time dimension). {@code T} is {@link dev.jkeras.KerasTensor} or {@code NdArray<?>}.
 */
public record ParsedSequenceExample<T>(ParsedExample<T> context, ParsedExample<T> sequence) {
  public ParsedSequenceExample {
    Objects.requireNonNull(context, "context");
    Objects.requireNonNull(sequence, "sequence");
  }
}
