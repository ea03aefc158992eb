package dev.jkeras.backend.ops;

import dev.jkeras.DType;
import dev.jkeras.KerasTensor;
import dev.jkeras.Shape;
import dev.jkeras.backend.BinaryOp;
import dev.jkeras.backend.ReduceOp;
import dev.jkeras.backend.UnaryOp;
import java.util.List;

/**
 * The NumPy-like ops a backend runs: element-wise arithmetic, reductions, creation and shape
 * manipulation (Keras's {@code backend/numpy}).
 */
public interface NumpyBackend {

  KerasTensor unary(UnaryOp op, KerasTensor x);

  KerasTensor binary(BinaryOp op, KerasTensor x, KerasTensor y);

  KerasTensor where(KerasTensor condition, KerasTensor x, KerasTensor y);

  /** Reduces over {@code axes}, or over every axis when {@code axes} is empty. */
  KerasTensor reduce(ReduceOp op, KerasTensor x, int[] axes, boolean keepDims);

  KerasTensor argmax(KerasTensor x, int axis);

  KerasTensor matmul(KerasTensor a, KerasTensor b);

  /** A tensor of {@code shape} filled with {@code value}. */
  KerasTensor fill(Shape shape, double value, DType dtype);

  /** A tensor of the run-time {@code shape} (a 1-D int tensor) filled with {@code value}. */
  KerasTensor fill(KerasTensor shape, double value, DType dtype);

  /** {@code x} reshaped; one dimension may be {@link Shape#UNKNOWN}, inferred from the others. */
  KerasTensor reshape(KerasTensor x, Shape shape);

  /** {@code x} reshaped to the run-time {@code shape} (a 1-D int tensor; one entry may be -1). */
  KerasTensor reshape(KerasTensor x, KerasTensor shape);

  KerasTensor expandDims(KerasTensor x, int axis);

  KerasTensor squeeze(KerasTensor x, int axis);

  KerasTensor concatenate(List<KerasTensor> xs, int axis);

  /** The tensors of one shape stacked along a new {@code axis}. */
  KerasTensor stack(List<KerasTensor> xs, int axis);

  /** {@code x} split into {@code sections} equal parts along {@code axis}. */
  List<KerasTensor> split(KerasTensor x, int sections, int axis);

  /** {@code x} with its axes permuted: output axis {@code i} is input axis {@code perm[i]}. */
  KerasTensor transpose(KerasTensor x, int[] perm);

  /** The rows of {@code x} selected by the 1-D int {@code indices}. */
  KerasTensor gather(KerasTensor x, KerasTensor indices);

  /** {@code x} padded with zeros: {@code paddings[i] = {before, after}} for axis {@code i}. */
  KerasTensor pad(KerasTensor x, int[][] paddings);

  /** {@code x} with each element repeated {@code repeats} times along {@code axis}, as NumPy's {@code repeat}. */
  KerasTensor repeat(KerasTensor x, int repeats, int axis);

  /** {@code x} reversed along {@code axis} (non-negative). */
  KerasTensor flip(KerasTensor x, int axis);
  /** The index of the bin of {@code bins} (ascending boundaries) each element of {@code x} falls in, int32. */
  KerasTensor digitize(KerasTensor x, float[] bins);

  // ---------------------------------------------------------------- sequence ops (issue 16)

  /** The numbers {@code start, start + step, ...} below {@code stop} (above, for a negative step). */
  KerasTensor range(double start, double stop, double step, DType dtype);

  /** {@code x} repeated {@code multiples[i]} times along axis {@code i} (one entry per axis). */
  KerasTensor tile(KerasTensor x, int[] multiples);

  /** The running sum along {@code axis} (non-negative). */
  KerasTensor cumsum(KerasTensor x, int axis);

  /** The running product along {@code axis} (non-negative); TensorFlow defines no gradient for it. */
  KerasTensor cumprod(KerasTensor x, int axis);

  /** The int32 indices of the {@code k} largest values along the last axis, ties by lower index first. */
  KerasTensor topKIndices(KerasTensor x, int k, boolean sorted);

  /** {@code x[..., indices[..., j]]}: the last axis gathered per row; {@code indices} has {@code x}'s leading dims. */
  KerasTensor gatherLastAxis(KerasTensor x, KerasTensor indices);

  /** Whether each element is NaN ({@code "nan"}), infinite ({@code "inf"}) or finite ({@code "finite"}); floating {@code x}. */
  KerasTensor classify(String kind, KerasTensor x);

  /** {@code x} rolled by {@code shift} along {@code axis} (non-negative). */
  KerasTensor roll(KerasTensor x, int shift, int axis);

  /** The block of {@code x} starting at {@code start} with {@code size} (both one entry per axis). */
  KerasTensor slice(KerasTensor x, int[] start, int[] size);

  // ---------------------------------------------------------------- attention ops (issue 16)

  /**
   * Einstein summation of one or two operands of one floating dtype, by an explicit equation whose
   * shapes the caller has checked ({@code "ij,jk->ik"}, {@code "...ij->...ji"}).
   */
  KerasTensor einsum(String equation, List<KerasTensor> operands);
}
