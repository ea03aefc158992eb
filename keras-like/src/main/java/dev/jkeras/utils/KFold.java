package dev.jkeras.utils;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;

/**
 * K-fold cross-validation indices, as scikit-learn's {@code KFold(n_splits, shuffle, random_state)}
 * used with Keras: the examples {@code 0..n-1} are cut into {@code nSplits} consecutive folds (the
 * first {@code n % nSplits} folds one example larger), optionally after shuffling them; each fold is
 * the validation set once, the other folds the training set.
 *
 * <pre>{@code
 * for (KFold.Split split : new KFold(4, true, 42).split(n)) {
 *   int[] train = split.train();            // indices of the training examples, ascending
 *   int[] validation = split.validation();  // indices of this fold, ascending
 * }
 * }</pre>
 *
 * <p>Iterated K-fold validation with shuffling runs K-fold several times with a different seed each
 * time. The shuffle uses {@link Random} with the seed, so the folds are reproducible in Java but are
 * not the ones NumPy would draw for the same seed.
 */
public final class KFold {
  private final int nSplits;
  private final boolean shuffle;
  private final Long randomState;

  /** {@code KFold(n_splits=nSplits)}: consecutive folds, no shuffling. */
  public KFold(int nSplits) {
    this(nSplits, false, null);
  }

  /**
   * {@code KFold(n_splits=nSplits, shuffle=shuffle, random_state=randomState)}.
   *
   * @param randomState the shuffle's seed; null for a different shuffle on every {@link #split}
   * @throws IllegalArgumentException if {@code nSplits < 2}, or a seed is given without shuffling
   */
  public KFold(int nSplits, boolean shuffle, Long randomState) {
    if (nSplits < 2) {
      throw new IllegalArgumentException("KFold needs at least 2 splits (n_splits >= 2); got " + nSplits);
    }
    if (!shuffle && randomState != null) {
      throw new IllegalArgumentException("KFold: a random_state (" + randomState
          + ") has no effect without shuffle=true; leave it null or shuffle");
    }
    this.nSplits = nSplits;
    this.shuffle = shuffle;
    this.randomState = randomState;
  }

  /** {@code KFold(n_splits=nSplits, shuffle=True, random_state=seed)}. */
  public KFold(int nSplits, boolean shuffle, long randomState) {
    this(nSplits, shuffle, Long.valueOf(randomState));
  }

  /** The number of folds, {@code get_n_splits()}. */
  public int nSplits() {
    return nSplits;
  }

  public boolean shuffle() {
    return shuffle;
  }

  /**
   * The {@link #nSplits()} train/validation splits of {@code n} examples, in fold order.
   *
   * @throws IllegalArgumentException if {@code n < nSplits}
   */
  public List<Split> split(int n) {
    if (n < nSplits) {
      throw new IllegalArgumentException("KFold: cannot have n_splits=" + nSplits + " greater than the number of "
          + "examples, n=" + n);
    }
    int[] order = new int[n];
    Arrays.setAll(order, i -> i);
    if (shuffle) {
      Random random = randomState == null ? new Random() : new Random(randomState);
      for (int i = n - 1; i > 0; i--) {
        int j = random.nextInt(i + 1);
        int t = order[i];
        order[i] = order[j];
        order[j] = t;
      }
    }
    List<Split> splits = new ArrayList<>(nSplits);
    int start = 0;
    for (int fold = 0; fold < nSplits; fold++) {
      int size = n / nSplits + (fold < n % nSplits ? 1 : 0);
      boolean[] inFold = new boolean[n];
      for (int i = start; i < start + size; i++) {
        inFold[order[i]] = true;
      }
      int[] validation = new int[size];
      int[] train = new int[n - size];
      for (int i = 0, v = 0, t = 0; i < n; i++) {
        if (inFold[i]) {
          validation[v++] = i;
        } else {
          train[t++] = i;
        }
      }
      splits.add(new Split(train, validation));
      start += size;
    }
    return List.copyOf(splits);
  }

  @Override
  public String toString() {
    return "KFold(n_splits=" + nSplits + ", shuffle=" + (shuffle ? "True" : "False") + ", random_state="
        + (randomState == null ? "None" : randomState) + ")";
  }

  /**
   * One fold's indices: {@code train} and {@code validation} are disjoint, ascending, and together
   * {@code 0..n-1}. The arrays are the caller's to keep.
   */
  public record Split(int[] train, int[] validation) {
    @Override
    public String toString() {
      return "Split[train=" + train.length + " indices, validation=" + Arrays.toString(validation) + "]";
    }
  }
}
