package dev.jkeras.layers;

/**
 * What {@link Bidirectional} needs of the layer it wraps, {@link SimpleRNN}, {@link LSTM}, {@link GRU}
 * or {@link RNN}: its direction and outputs, and how many initial states it takes.
 */
interface RecurrentLayer {
  boolean goBackwards();

  boolean returnSequences();

  boolean returnState();

  boolean zeroOutputForMask();

  Layer zeroOutputForMask(boolean zeroOutputForMask);

  /** How many state tensors the layer takes and returns. */
  int stateTensors();
}
