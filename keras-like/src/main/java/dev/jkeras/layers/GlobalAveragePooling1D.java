package dev.jkeras.layers;

import dev.jkeras.DType;
import dev.jkeras.KerasTensor;
import dev.jkeras.backend.PoolMode;
import dev.jkeras.ops.Ops;
import dev.jkeras.saving.Config;

/**
 * Global average pooling, as {@code keras.layers.GlobalAveragePooling1D}: the average over the spatial axes of inputs
 * {@code (batch, steps, channels)}, giving {@code (batch, channels)}.
 */
public class GlobalAveragePooling1D extends BaseGlobalPooling<GlobalAveragePooling1D> {

  public GlobalAveragePooling1D() {
    super(1, PoolMode.AVERAGE);
  }

  /** Consumes the mask: the output has none (Keras's {@code compute_mask} returns None). */
  @Override
  public KerasTensor computeMask(KerasTensor inputs, KerasTensor previousMask) {
    return null;
  }

  /** With a {@code (batch, steps)} mask, the average over the unmasked steps only, as Keras. */
  @Override
  protected KerasTensor call(KerasTensor inputs, boolean training, KerasTensor mask) {
    if (mask == null) {
      return call(inputs, training);
    }
    int[] steps = spatialAxes();
    int channels = DataFormat.channelsAxis(dataFormat(), 3);
    KerasTensor keep = Ops.expandDims(mask.dtype() == DType.BOOL ? mask : Ops.cast(mask, DType.BOOL), channels);
    KerasTensor kept = Ops.where(keep, inputs, Ops.scalar(0, inputs.dtype()));
    return Ops.divide(Ops.sum(kept, steps, keepdims()), Ops.sum(Ops.cast(keep, inputs.dtype()), steps, keepdims()));
  }

  public static GlobalAveragePooling1D fromConfig(Config config) {
    return configure(new GlobalAveragePooling1D(), config);
  }
}
