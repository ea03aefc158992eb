package dev.jkeras.data;

import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;

/**
 * A directory's files indexed and cut into the subsets asked for, as Keras's directory datasets do
 * it: the checks of {@code check_validation_split_arg}, {@code index_directory}, then {@code
 * get_training_or_validation_split} (the last {@code int(validationSplit * n)} files of the shuffled
 * order are the validation files), printing Keras's lines.
 *
 * @param index all the files, in their (shuffled) order
 * @param seed the seed used (drawn at random when none was given, as Keras does)
 */
record DirectorySplit(DirectoryIndex index, long seed) {

  /** The files and labels of one subset. */
  record Part(List<String> filePaths, int[] labels) {}

  static DirectorySplit of(Path directory, DirectorySettings settings, List<String> formats) {
    settings.checkValidationSplit();
    long seed = settings.seed() != null ? settings.seed() : ThreadLocalRandom.current().nextInt(1_000_000);
    DirectoryIndex.Labels labels = settings.labelMode() == null ? new DirectoryIndex.NoLabels() : settings.labels();
    if (settings.labelMode() == null && settings.labels() instanceof DirectoryIndex.Inferred inferred
        && inferred.classNames() != null) {
      throw new IllegalArgumentException("When `labels=None` (no labels), argument `class_names` cannot be specified.");
    }
    DirectoryIndex index = DirectoryIndex.index(directory, labels, formats, settings.shuffle(), seed,
        settings.followLinks(), settings.verbose());
    if ("binary".equals(settings.labelMode()) && index.classNames().size() != 2) {
      throw new IllegalArgumentException("When passing `label_mode=\"binary\"`, there must be exactly 2 class_names. "
          + "Received: class_names=" + DirectoryIndex.pythonList(index.classNames()));
    }
    return new DirectorySplit(index, seed);
  }

  /** The files of {@code subset} ({@code "training"}, {@code "validation"}, or null for all). */
  Part part(DirectorySettings settings, String subset) {
    List<String> paths = index.filePaths();
    int[] labels = index.labels();
    Double split = settings.validationSplit();
    if (split == null || split == 0) {
      return new Part(paths, labels);
    }
    int n = paths.size();
    int validation = (int) (split * n);
    // Python's samples[:-k] and samples[-k:]: with k = 0, the training part is empty and the validation part all.
    int from;
    int to;
    if ("training".equals(subset)) {
      System.out.println("Using " + (n - validation) + " files for training.");
      from = 0;
      to = validation == 0 ? 0 : n - validation;
    } else {
      System.out.println("Using " + validation + " files for validation.");
      from = validation == 0 ? 0 : n - validation;
      to = n;
    }
    return new Part(paths.subList(from, to), labels == null ? null : Arrays.copyOfRange(labels, from, to));
  }
}
