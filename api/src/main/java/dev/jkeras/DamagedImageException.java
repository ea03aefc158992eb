package dev.jkeras;

import java.nio.file.Path;

/**
 * An image file whose bytes TensorFlow's decoder rejects, though it starts as an image does (a body
 * cut short or overwritten). Names the file, so it can be removed or replaced; TensorFlow's own
 * message names no file.
 */
public final class DamagedImageException extends IllegalArgumentException {
  private final Path file;

  /**
   * @param file the image file that fails to decode
   * @param problem what the decoder said, e.g. {@code "Invalid PNG data, size 4096"}
   */
  public DamagedImageException(Path file, String problem, Throwable cause) {
    super("The image file " + file + " is damaged: TensorFlow's decoder says \"" + problem + "\". Remove the file "
        + "from the dataset's folder or replace it with a whole image", cause);
    this.file = file;
  }

  /** The file that fails to decode. */
  public Path file() {
    return file;
  }
}
