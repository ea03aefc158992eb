package dev.jkeras.backend;

import java.nio.file.Path;

/** How a backend writes TensorBoard summaries. */
public interface SummaryBackend {

  /**
   * A TensorBoard event-file writer for {@code logDir}, created (with its parents) now.
   *
   * @throws IllegalArgumentException when the directory cannot be created or written to
   */
  SummaryWriter writer(Path logDir);
}
