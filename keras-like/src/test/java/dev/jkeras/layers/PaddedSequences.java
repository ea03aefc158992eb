package dev.jkeras.layers;

import java.util.Random;

/** Test inputs for recurrent layers: random sequences with padding the Masking(0) layer masks. */
final class PaddedSequences {
  private PaddedSequences() {}

  /**
   * {@code (batch, steps, features)} values in [-1, 1) from {@code seed}, with all-zero padding steps
   * at the start of the first sequence and from step 3 on in the second.
   */
  static float[][][] of(int batch, int steps, int features, long seed) {
    Random random = new Random(seed);
    float[][][] x = new float[batch][steps][features];
    for (int b = 0; b < batch; b++) {
      for (int t = 0; t < steps; t++) {
        boolean pad = (b == 0 && t == 0) || (b == 1 && t >= 3);
        for (int f = 0; f < features; f++) {
          x[b][t][f] = pad ? 0f : random.nextFloat() * 2 - 1;
        }
      }
    }
    return x;
  }
}
