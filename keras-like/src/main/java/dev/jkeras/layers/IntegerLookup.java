package dev.jkeras.layers;

import dev.jkeras.DType;
import dev.jkeras.KerasTensor;
import dev.jkeras.ops.Ops;
import dev.jkeras.saving.Config;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.tensorflow.ndarray.IntNdArray;
import org.tensorflow.ndarray.LongNdArray;
import org.tensorflow.ndarray.NdArray;
import org.tensorflow.ndarray.NdArrays;

/**
 * Maps integers to contiguous indices through a vocabulary, as Keras's {@code IntegerLookup}:
 * {@code new IntegerLookup().vocabulary(List.of(12, 36, 1138))} maps 12 to 1 and any integer not in
 * the vocabulary to 0 (the OOV index, token -1). See {@link IndexLookup} for the options; the inputs
 * are int32 or int64 tensors of any shape.
 */
public class IntegerLookup extends IndexLookup<IntegerLookup> {

  public IntegerLookup() {
    super(DType.INT64, -1L);
  }

  /**
   * How tokens out of the vocabulary pick one of several OOV indices: {@code "floormod"} (default,
   * {@code token mod num_oov_indices}) or {@code "farmhash"} (the FarmHash of the token's decimal
   * string, keyed by {@code salt} when given).
   */
  public IntegerLookup oovMethod(String oovMethod) {
    chooseOovMethod(oovMethod);
    return this;
  }

  @Override
  Object token(Object value, String what) {
    if (value == null && !what.equals("vocabulary")) {
      return null;
    }
    if (value instanceof Integer || value instanceof Long || value instanceof Short || value instanceof Byte) {
      return ((Number) value).longValue();
    }
    if (value instanceof Number n && n.doubleValue() == Math.rint(n.doubleValue())
        && Math.abs(n.doubleValue()) < 0x1p63) {
      return n.longValue();
    }
    throw new IllegalArgumentException("IntegerLookup's " + what + " holds integers, got " + value
        + (value == null ? "" : " (" + value.getClass().getSimpleName() + ")") + "; use StringLookup for strings");
  }

  @Override
  Object parseToken(String line, String source) {
    try {
      return Long.parseLong(line.strip());
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException(source + " has the line '" + line + "', which is not an integer; "
          + "IntegerLookup's vocabulary file holds one integer a line", e);
    }
  }

  @Override
  KerasTensor keys(KerasTensor inputs) {
    if (inputs.dtype() != DType.INT32 && inputs.dtype() != DType.INT64) {
      throw new IllegalArgumentException("Layer '" + name() + "' (IntegerLookup) needs int32 or int64 inputs, got "
          + inputs.dtype() + inputs.shape() + ". Cast the input to an integer dtype, or use StringLookup for strings.");
    }
    return Ops.cast(inputs, DType.INT64);
  }

  @Override
  NdArray<?> tokenArray(List<Object> tokens) {
    return NdArrays.vectorOf(tokens.stream().mapToLong(t -> ((Number) t).longValue()).toArray());
  }

  @Override
  List<List<Object>> documents(NdArray<?> data) {
    if (!(data instanceof IntNdArray || data instanceof LongNdArray) || data.rank() == 0) {
      throw new IllegalArgumentException("Layer '" + name() + "' (IntegerLookup) adapts to int32 or int64 arrays with "
          + "a batch axis, got " + data.getClass().getSimpleName() + " of shape " + data.shape());
    }
    List<List<Object>> documents = new ArrayList<>();
    if (data.rank() == 1) {
      data.scalars().forEach(s -> documents.add(List.of(((Number) s.getObject()).longValue())));
    } else {
      for (long i = 0; i < data.shape().get(0); i++) {
        List<Object> document = new ArrayList<>();
        data.get(i).scalars().forEach(s -> document.add(((Number) s.getObject()).longValue()));
        documents.add(document);
      }
    }
    return documents;
  }

  public static IntegerLookup fromConfig(Config config) {
    Object dtype = config.get("vocabulary_dtype");
    if (dtype != null && !"int64".equals(dtype)) {
      throw new IllegalArgumentException("Only `vocabulary_dtype='int64'` is supported at this time. Received: "
          + "vocabulary_dtype=" + dtype);
    }
    return IndexLookup.fromConfig(new IntegerLookup(), config);
  }

  @Override
  public Map<String, Object> getConfig() {
    Map<String, Object> config = super.getConfig();
    config.put("vocabulary_dtype", "int64");
    return config;
  }
}
