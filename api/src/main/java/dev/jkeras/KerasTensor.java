package dev.jkeras;

import dev.jkeras.backend.BackendTensor;
import java.util.Objects;

/**
 * A symbolic tensor: what a layer's {@code call} receives and returns while a model is traced into
 * its TensorFlow graph. It has a static {@link Shape} (with {@code None} for sizes known only at run
 * time), a {@link DType}, and the backend's tensor it stands for.
 *
 * <p>Tensors made while building a Functional model also carry their {@link KerasHistory}: the
 * layer call that produced them, from which the model is traced again for training.
 *
 * <p>A tensor may carry a {@linkplain #mask() mask}, Keras's {@code _keras_mask}: a boolean
 * tensor of shape {@code (batch, timesteps)} telling later layers which time steps are padding
 * ({@code false}). Layers attach and read masks as Keras's {@code Layer.__call__} does.
 *
 * <p>Tensors compare by identity, as Keras's symbolic tensors do: two of them stand for two graph
 * values even when their shapes, dtypes and masks agree.
 *
 * <p>Compute with it through {@link dev.jkeras.ops.Ops}, the {@code keras.ops} analogue.
 */
public final class KerasTensor {
  private final Shape shape;
  private final DType dtype;
  private final BackendTensor value;
  private final String name;
  private final KerasHistory history;
  private final KerasTensor mask;

  /** For backends: wraps a backend tensor with its static shape and dtype. */
  public KerasTensor(Shape shape, DType dtype, BackendTensor value) {
    this(shape, dtype, value, null, null, null);
  }

  private KerasTensor(Shape shape, DType dtype, BackendTensor value, String name, KerasHistory history,
      KerasTensor mask) {
    this.shape = Objects.requireNonNull(shape, "shape");
    this.dtype = Objects.requireNonNull(dtype, "dtype");
    this.value = Objects.requireNonNull(value, "value");
    this.name = name;
    this.history = history;
    this.mask = mask;
  }

  public Shape shape() {
    return shape;
  }

  public DType dtype() {
    return dtype;
  }

  public int rank() {
    return shape.rank();
  }

  /** The backend's tensor; only backends look inside it. */
  public BackendTensor value() {
    return value;
  }

  /** The name given with {@link #name(String)}, or null. */
  public String name() {
    return name;
  }

  /** This tensor under a name, e.g. a Functional model's input name: {@code Input.of(5).name("wide_input")}. */
  public KerasTensor name(String newName) {
    if (newName == null || newName.isBlank()) {
      throw new IllegalArgumentException("A tensor name must not be empty");
    }
    return new KerasTensor(shape, dtype, value, newName, history, mask);
  }

  /** The layer call that produced this tensor while a Functional model was built, or null. */
  public KerasHistory history() {
    return history;
  }

  /** This tensor with the layer call that produced it; for layers. */
  public KerasTensor withHistory(KerasHistory origin) {
    return new KerasTensor(shape, dtype, value, name, origin, mask);
  }

  /**
   * The mask attached to this tensor (Keras's {@code _keras_mask}), or null: a boolean tensor,
   * usually of shape {@code (batch, timesteps)}, {@code false} at the time steps later layers skip.
   */
  public KerasTensor mask() {
    return mask;
  }

  /** This tensor with {@code newMask} attached (null removes the mask); the tensor itself is shared. */
  public KerasTensor withMask(KerasTensor newMask) {
    if (newMask == mask) {
      return this;
    }
    if (newMask != null && newMask.mask() != null) {
      newMask = newMask.withMask(null);
    }
    return new KerasTensor(shape, dtype, value, name, history, newMask);
  }

  @Override
  public String toString() {
    return "<KerasTensor shape=" + shape + ", dtype=" + dtype + (name == null ? "" : ", name=" + name)
        + (mask == null ? "" : ", mask=" + mask.shape()) + ">";
  }
}
