package dev.jkeras.backend.tensorflow.summary;

import dev.jkeras.backend.SummaryBackend;
import dev.jkeras.backend.SummaryWriter;
import java.nio.file.Path;

/** TensorBoard event files written with TensorFlow's summary ops. */
public final class TfSummaries implements SummaryBackend {

  @Override
  public SummaryWriter writer(Path logDir) {
    return TfSummaryWriter.open(logDir);
  }
}
