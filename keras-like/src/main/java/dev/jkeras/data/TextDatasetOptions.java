package dev.jkeras.data;

/**
 * The options of {@code textDatasetFromDirectory}, as Keras's {@code text_dataset_from_directory}
 * arguments, immutable. Defaults as Keras: inferred labels, {@code "int"} labels, batches of 32,
 * whole files, shuffled.
 */
public final class TextDatasetOptions extends DirectoryDatasetOptions<TextDatasetOptions> {
  private final Integer maxLength;

  private TextDatasetOptions(DirectorySettings settings, Integer maxLength) {
    super(settings);
    this.maxLength = maxLength;
  }

  public static TextDatasetOptions defaults() {
    return new TextDatasetOptions(DirectorySettings.defaults(), null);
  }

  @Override
  TextDatasetOptions with(DirectorySettings changed) {
    return new TextDatasetOptions(changed, maxLength);
  }

  /** Keeps at most the first {@code maxLength} bytes of each file ({@code tf.strings.substr}); null: whole files. */
  public TextDatasetOptions maxLength(Integer maxLength) {
    if (maxLength != null && maxLength < 0) {
      throw new IllegalArgumentException("maxLength must be >= 0 (or null: whole files), got " + maxLength);
    }
    return new TextDatasetOptions(settings, maxLength);
  }

  Integer maxLength() {
    return maxLength;
  }
}
