package dev.jkeras.losses;

import java.util.Map;

/**
 * The options Keras's cross-entropy losses share: {@code from_logits}, {@code label_smoothing} and
 * {@code axis}, saved under those names.
 *
 * @param <T> the loss class itself, so that the setters keep its type
 */
public abstract class CrossentropyLoss<T extends CrossentropyLoss<T>> extends Loss {
  private boolean fromLogits;
  private double labelSmoothing;
  private int axis = -1;

  protected CrossentropyLoss(String name, boolean fromLogits) {
    super(name);
    this.fromLogits = fromLogits;
  }

  @SuppressWarnings("unchecked")
  private T self() {
    return (T) this;
  }

  /**
   * Keras's {@code label_smoothing=} in [0, 1]: targets move towards the uniform distribution by this
   * fraction, {@code y * (1 - s) + s / classes} (2 classes for the binary losses).
   */
  public T labelSmoothing(double labelSmoothing) {
    this.labelSmoothing = Crossentropy.checkSmoothing(getClass().getSimpleName(), labelSmoothing);
    return self();
  }

  /** Keras's {@code axis=} (default -1): the class axis, or the axis the binary losses average over. */
  public T axis(int axis) {
    this.axis = axis;
    return self();
  }

  public boolean fromLogits() {
    return fromLogits;
  }

  public double labelSmoothing() {
    return labelSmoothing;
  }

  public int axis() {
    return axis;
  }

  protected final void setFromLogits(boolean fromLogits) {
    this.fromLogits = fromLogits;
  }

  @Override
  public Map<String, Object> getConfig() {
    Map<String, Object> config = super.getConfig();
    config.put("from_logits", fromLogits);
    config.put("label_smoothing", labelSmoothing);
    config.put("axis", axis);
    return config;
  }
}
