package dev.jkeras.layers;

/**
 * A layer whose kernel takes Keras 3's LoRA (Dense, EinsumDense, Embedding): Keras's {@code lora_enabled},
 * {@code lora_rank}, {@code lora_alpha} and {@code enable_lora}, read from and done by its {@link LoraOptions}.
 */
public interface LoraLayer {
  /** The layer's LoRA options and state. */
  LoraOptions loraOptions();

  /** Whether LoRA is enabled (Keras's {@code lora_enabled}). */
  default boolean loraEnabled() {
    return loraOptions().enabled();
  }

  /** Keras's {@code lora_rank}, 0 without LoRA. */
  default int loraRank() {
    return loraOptions().rank();
  }

  /** Keras's {@code lora_alpha}, null without LoRA (Dense's and Embedding's build make it the rank). */
  default Integer loraAlpha() {
    return loraOptions().alpha();
  }

  /**
   * Keras's {@code enable_lora(rank)} on the built layer: freezes the kernel and adds the trainable
   * {@code lora_*_a} ({@code kernel.shape[:-1] + (rank,)}, He-uniform) and {@code lora_*_b}
   * ({@code (rank, kernel.shape[-1])}, zeros), so the layer computes what it did until trained;
   * {@code lora_alpha} is the rank. The models holding the layer trace their steps again (compiled ones
   * stay compiled). Fails with Keras's messages on an unbuilt layer, a kernel constraint and a second call.
   */
  default void enableLora(int rank) {
    loraOptions().enable(rank, null);
  }

  /** {@link #enableLora(int)} with Keras's {@code lora_alpha}: the update is scaled by {@code alpha / rank}. */
  default void enableLora(int rank, int alpha) {
    loraOptions().enable(rank, alpha);
  }
}
