package dev.jkeras;

/**
 * A batch of rows of different lengths, as TensorFlow's {@code tf.RaggedTensor} of ragged rank 1:
 * the rows' elements one after another in {@code values}, and in {@code rowSplits} (int64, one more
 * than the number of rows) where each row starts, so row {@code i} is
 * {@code values[rowSplits[i]:rowSplits[i + 1]]}. What splitting strings into tokens gives.
 */
public record RaggedTensor(KerasTensor values, KerasTensor rowSplits) {

  public RaggedTensor {
    if (values == null || rowSplits == null) {
      throw new IllegalArgumentException("A RaggedTensor needs values and row splits, got " + values + " and "
          + rowSplits);
    }
    if (values.rank() != 1 || rowSplits.rank() != 1 || rowSplits.dtype() != DType.INT64) {
      throw new IllegalArgumentException("A RaggedTensor needs 1-D values and 1-D int64 row splits, got values "
          + values.dtype() + values.shape() + " and row splits " + rowSplits.dtype() + rowSplits.shape());
    }
  }

  /** The same rows holding {@code newValues} (one for each of the current values, e.g. their indices). */
  public RaggedTensor withValues(KerasTensor newValues) {
    return new RaggedTensor(newValues, rowSplits);
  }
}
