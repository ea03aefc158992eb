package dev.jkeras.losses;

import dev.jkeras.DType;
import dev.jkeras.KerasTensor;
import dev.jkeras.ops.Ops;
import dev.jkeras.saving.Config;

/**
 * The connectionist temporal classification loss, for sequence labelling without alignments (speech,
 * handwriting): targets {@code (batch, maxLabelLength)} of integer labels padded with 0, the blank class;
 * predictions {@code (batch, steps, classes)} of logits. Every step of the predictions counts, and each
 * target row's labels are its non-zero entries, as Keras's {@code keras.losses.ctc} reads them.
 */
public class CTC extends Loss {
  public CTC() {
    this("ctc");
  }

  /** Logged and saved as {@code name}, as Keras's {@code name=} argument. */
  public CTC(String name) {
    super(name);
  }

  public static CTC fromConfig(Config config) {
    return withSavedReduction(config, new CTC(nameFrom(config, "ctc")));
  }

  @Override
  public KerasTensor call(KerasTensor yTrue, KerasTensor yPred) {
    if (yTrue.rank() != 2) {
      throw new IllegalArgumentException("Targets `y_true` are expected to be a tensor of shape "
          + "`(batch_size, max_length)` in integer format. Received: y_true.shape=" + yTrue.shape());
    }
    if (yPred.rank() != 3) {
      throw new IllegalArgumentException("Logits `y_pred` are expected to be a tensor of shape "
          + "`(batch_size, max_length, num_classes)`. Received: y_pred.shape=" + yPred.shape());
    }
    KerasTensor labels = Ops.cast(yTrue, DType.INT32);
    KerasTensor labelLength = Ops.sum(Ops.cast(Ops.notEqual(labels, Ops.zeros(dev.jkeras.Shape.scalar(), DType.INT32)),
        DType.INT32), -1);
    KerasTensor shape = Ops.shape(yPred);
    KerasTensor steps = Ops.take(shape, Ops.scalar(1, DType.INT32));
    KerasTensor batchOfOnes = Ops.add(Ops.multiply(labelLength, 0L), 1L);
    KerasTensor inputLength = Ops.multiply(batchOfOnes, Ops.cast(steps, DType.INT32));
    return Ops.ctcLoss(labels, yPred, labelLength, inputLength, 0);
  }
}
