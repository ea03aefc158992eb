package dev.jkeras.layers;

import dev.jkeras.DType;
import dev.jkeras.KerasTensor;
import dev.jkeras.ops.Ops;
import dev.jkeras.saving.Config;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.tensorflow.ndarray.NdArrays;

/**
 * Hashes strings or integers into {@code num_bins} bins, as Keras's {@code Hashing}: FarmHash64
 * ({@code tf.strings.to_hash_bucket_fast}) of each value (integers as their decimal strings), or the
 * keyed SipHash ({@code to_hash_bucket_strong}) when a {@code salt} is given. With a
 * {@code mask_value}, that value goes to bin 0 and the others to bins 1 and up.
 */
public class Hashing extends PreprocessingLayer {
  private static final List<String> OUTPUT_MODES = List.of("int", "one_hot", "multi_hot", "count");
  private final int numBins;
  private Object maskValue;
  private long[] salt;
  private String outputMode = "int";

  public Hashing(int numBins) {
    if (numBins <= 0) {
      throw new IllegalArgumentException("The `num_bins` for `Hashing` cannot be `None` or non-positive values. "
          + "Received: num_bins=" + numBins + ".");
    }
    this.numBins = numBins;
  }

  /** The value (a string or an integer) that is hashed to bin 0. */
  public Hashing maskValue(Object maskValue) {
    checkNotBuilt("mask_value");
    if (maskValue != null && !(maskValue instanceof String) && !(maskValue instanceof Integer)
        && !(maskValue instanceof Long)) {
      throw new IllegalArgumentException("Hashing's mask_value is a string or an integer, got " + maskValue);
    }
    this.maskValue = maskValue instanceof Integer i ? (Object) i.longValue() : maskValue;
    return this;
  }

  /** The SipHash key: two integers, or one used twice. */
  public Hashing salt(long... salt) {
    checkNotBuilt("salt");
    if (salt != null && (salt.length == 0 || salt.length > 2)) {
      throw new IllegalArgumentException("The `salt` argument for `Hashing` can only be a tuple of size 2 integers, "
          + "or a single integer. Received: salt=" + Arrays.toString(salt) + ".");
    }
    this.salt = salt == null ? null : salt.length == 1 ? new long[] {salt[0], salt[0]} : salt.clone();
    return this;
  }

  /** {@code "int"} (default, the bin index), {@code "one_hot"}, {@code "multi_hot"} or {@code "count"}. */
  public Hashing outputMode(String outputMode) {
    checkNotBuilt("output_mode");
    this.outputMode = CategoricalOutputs.outputMode("Hashing", outputMode, OUTPUT_MODES);
    return this;
  }

  /** Only {@code false}: jkeras has no sparse tensors. */
  public Hashing sparse(boolean sparse) {
    denseOnly(sparse);
    return this;
  }

  @Override
  protected KerasTensor call(KerasTensor inputs, boolean training) {
    KerasTensor values = inputs;
    if ("one_hot".equals(outputMode) && values.rank() > 0 && values.shape().get(-1) == 1) {
      values = Ops.squeeze(values, -1);
    }
    KerasTensor bins = hashToBins(values);
    return "int".equals(outputMode) ? bins : CategoricalOutputs.encode(bins, outputMode, numBins, DType.FLOAT32);
  }

  private KerasTensor hashToBins(KerasTensor values) {
    long bins = numBins;
    KerasTensor mask = null;
    if (maskValue != null && bins > 1) {
      bins--;
      mask = Ops.equal(values, maskConstant(values));
    }
    KerasTensor strings = values;
    if (values.dtype().isFloating()) {
      strings = Ops.cast(values, DType.INT64);
    }
    if (strings.dtype() != DType.STRING) {
      strings = Ops.asString(strings);
    }
    KerasTensor hashed = salt == null ? Ops.toHashBucketFast(strings, bins)
        : Ops.toHashBucketStrong(strings, bins, salt[0], salt[1]);
    if (mask != null) {
      hashed = Ops.where(mask, Ops.scalar(0, DType.INT64), Ops.add(hashed, 1L));
    }
    return hashed;
  }

  private KerasTensor maskConstant(KerasTensor values) {
    if (values.dtype() == DType.STRING) {
      if (!(maskValue instanceof String s)) {
        throw new IllegalArgumentException("Layer '" + name() + "' (Hashing) has the integer mask_value " + maskValue
            + " but string inputs; give a string mask_value");
      }
      return Ops.convertToTensor(NdArrays.scalarOfObject(s));
    }
    if (!(maskValue instanceof Long l)) {
      throw new IllegalArgumentException("Layer '" + name() + "' (Hashing) has the string mask_value '" + maskValue
          + "' but " + values.dtype() + " inputs; give an integer mask_value");
    }
    return Ops.scalar(l, values.dtype());
  }

  public static Hashing fromConfig(Config config) {
    Hashing layer = new Hashing(config.getInt("num_bins", 0));
    Object mask = config.get("mask_value");
    layer.maskValue(mask instanceof Number n ? (Object) n.longValue() : mask);
    if (config.get("salt") instanceof List<?> list) {
      layer.salt(list.stream().mapToLong(v -> ((Number) v).longValue()).toArray());
    } else if (config.get("salt") instanceof Number n) {
      layer.salt(n.longValue());
    }
    layer.outputMode(config.getString("output_mode", "int"));
    layer.sparse(config.getBoolean("sparse", false));
    layer.applyBaseConfig(config);
    return layer;
  }

  /** Keras's keys; the dtype policy is int64 for {@code "int"} outputs, float32 otherwise. */
  @Override
  public Map<String, Object> getConfig() {
    Map<String, Object> config = super.getConfig();
    config.put("dtype", dtypePolicy("int".equals(outputMode) ? "int64" : "float32"));
    config.put("num_bins", numBins);
    config.put("salt", salt == null ? null : List.of(salt[0], salt[1]));
    config.put("mask_value", maskValue);
    config.put("output_mode", outputMode);
    config.put("sparse", false);
    return config;
  }
}
