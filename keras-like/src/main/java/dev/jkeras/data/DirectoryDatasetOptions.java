package dev.jkeras.data;

import java.util.List;

/**
 * The options Keras's {@code image_dataset_from_directory} and {@code text_dataset_from_directory}
 * share, as immutable values: each method returns a changed copy.
 *
 * @param <O> the options class itself
 */
public abstract sealed class DirectoryDatasetOptions<O extends DirectoryDatasetOptions<O>>
    permits ImageDatasetOptions, TextDatasetOptions {
  final DirectorySettings settings;

  DirectoryDatasetOptions(DirectorySettings settings) {
    this.settings = settings;
  }

  abstract O with(DirectorySettings changed);

  /** {@code labels="inferred"} (the default): one class per subdirectory, in sorted order. */
  public O inferredLabels() {
    return with(settings.withLabels(new DirectoryIndex.Inferred(null)));
  }

  /** {@code labels=None}: elements of images (texts) only. */
  public O noLabels() {
    return with(settings.withLabels(new DirectoryIndex.NoLabels()));
  }

  /** {@code labels=[...]}: one integer label per file, in the files' sorted path order. */
  public O labels(int... labels) {
    if (settings.labels() instanceof DirectoryIndex.Inferred inferred && inferred.classNames() != null) {
      throw new IllegalArgumentException("You can only pass `class_names` if `labels=\"inferred\"`. Received: labels="
          + java.util.Arrays.toString(labels) + ", and class_names="
          + DirectoryIndex.pythonList(inferred.classNames()));
    }
    return with(settings.withLabels(new DirectoryIndex.Given(labels.clone())));
  }

  /** {@code class_names}: the class subdirectories to use, in this order (labels inferred). */
  public O classNames(List<String> classNames) {
    if (!(settings.labels() instanceof DirectoryIndex.Inferred)) {
      throw new IllegalArgumentException("You can only pass `class_names` if `labels=\"inferred\"`. Received: "
          + "labels=" + settings.labels() + ", and class_names=" + DirectoryIndex.pythonList(classNames));
    }
    return with(settings.withLabels(new DirectoryIndex.Inferred(List.copyOf(classNames))));
  }

  public O classNames(String... classNames) {
    return classNames(List.of(classNames));
  }

  /** {@code "int"} (default, int32 scalars), {@code "categorical"} (float32 one-hot), {@code "binary"} (float32 {@code (1,)}), or null: no labels. */
  public O labelMode(String labelMode) {
    return with(settings.withLabelMode(labelMode));
  }

  /** Elements per batch (default 32); null: unbatched elements. */
  public O batchSize(Integer batchSize) {
    return with(settings.withBatchSize(batchSize));
  }

  /** Whether to shuffle (default true); false keeps the sorted order. */
  public O shuffle(boolean shuffle) {
    return with(settings.withShuffle(shuffle));
  }

  /** The seed of the shuffles (and of the split's file order). */
  public O seed(long seed) {
    return with(settings.withSeed(seed));
  }

  /** The fraction of the files kept for validation (the last ones of the shuffled order). */
  public O validationSplit(double validationSplit) {
    return with(settings.withValidationSplit(validationSplit));
  }

  /** {@code "training"}, {@code "validation"} or {@code "both"} (with {@link #validationSplit}). */
  public O subset(String subset) {
    return with(settings.withSubset(subset));
  }

  /** Whether to enter subdirectories that are symbolic links (default false). */
  public O followLinks(boolean followLinks) {
    return with(settings.withFollowLinks(followLinks));
  }

  /** Whether to print how many files were found and used (default true). */
  public O verbose(boolean verbose) {
    return with(settings.withVerbose(verbose));
  }
}
