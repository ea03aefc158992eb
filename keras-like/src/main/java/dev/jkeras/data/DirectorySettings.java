package dev.jkeras.data;

import java.util.List;

/** The options Keras's image and text directory datasets share, as one immutable value. */
record DirectorySettings(DirectoryIndex.Labels labels, String labelMode, Integer batchSize, boolean shuffle,
    Long seed, Double validationSplit, String subset, boolean followLinks, boolean verbose) {

  static final List<String> LABEL_MODES = List.of("int", "categorical", "binary");

  static DirectorySettings defaults() {
    return new DirectorySettings(new DirectoryIndex.Inferred(null), "int", 32, true, null, null, null, false, true);
  }

  DirectorySettings withLabels(DirectoryIndex.Labels l) {
    return new DirectorySettings(l, labelMode, batchSize, shuffle, seed, validationSplit, subset, followLinks, verbose);
  }

  DirectorySettings withLabelMode(String m) {
    if (m != null && !LABEL_MODES.contains(m)) {
      throw new IllegalArgumentException("`label_mode` argument must be one of \"int\", \"categorical\", \"binary\", "
          + "or None. Received: label_mode=" + m);
    }
    return new DirectorySettings(labels, m, batchSize, shuffle, seed, validationSplit, subset, followLinks, verbose);
  }

  DirectorySettings withBatchSize(Integer b) {
    if (b != null && b <= 0) {
      throw new IllegalArgumentException("batchSize must be positive (or null: unbatched), got " + b);
    }
    return new DirectorySettings(labels, labelMode, b, shuffle, seed, validationSplit, subset, followLinks, verbose);
  }

  DirectorySettings withShuffle(boolean s) {
    return new DirectorySettings(labels, labelMode, batchSize, s, seed, validationSplit, subset, followLinks, verbose);
  }

  DirectorySettings withSeed(Long s) {
    return new DirectorySettings(labels, labelMode, batchSize, shuffle, s, validationSplit, subset, followLinks,
        verbose);
  }

  DirectorySettings withValidationSplit(Double v) {
    return new DirectorySettings(labels, labelMode, batchSize, shuffle, seed, v, subset, followLinks, verbose);
  }

  DirectorySettings withSubset(String s) {
    return new DirectorySettings(labels, labelMode, batchSize, shuffle, seed, validationSplit, s, followLinks, verbose);
  }

  DirectorySettings withFollowLinks(boolean f) {
    return new DirectorySettings(labels, labelMode, batchSize, shuffle, seed, validationSplit, subset, f, verbose);
  }

  DirectorySettings withVerbose(boolean v) {
    return new DirectorySettings(labels, labelMode, batchSize, shuffle, seed, validationSplit, subset, followLinks, v);
  }

  /** Whether the datasets have labels: not with {@code labels=None} or {@code label_mode=None}. */
  boolean labelled() {
    return labelMode != null && !(labels instanceof DirectoryIndex.NoLabels);
  }

  /** Keras's {@code check_validation_split_arg}. */
  void checkValidationSplit() {
    if (validationSplit != null && validationSplit != 0 && !(validationSplit > 0 && validationSplit < 1)) {
      throw new IllegalArgumentException("`validation_split` must be between 0 and 1, received: " + validationSplit);
    }
    boolean split = validationSplit != null && validationSplit != 0;
    if ((split || subset != null) && !(split && subset != null)) {
      throw new IllegalArgumentException("If `subset` is set, `validation_split` must be set, and inversely.");
    }
    if (subset != null && !List.of("training", "validation", "both").contains(subset)) {
      throw new IllegalArgumentException("`subset` must be either \"training\", \"validation\" or \"both\", "
          + "received: " + subset);
    }
    if (split && shuffle && seed == null) {
      throw new IllegalArgumentException("If using `validation_split` and shuffling the data, you must provide a "
          + "`seed` argument, to make sure that there is no overlap between the training and validation subset.");
    }
  }
}
