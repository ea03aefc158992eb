package dev.jkeras.layers;

import dev.jkeras.KerasTensor;
import dev.jkeras.Shape;
import dev.jkeras.ops.Ops;
import dev.jkeras.saving.Config;
import java.util.Map;

/**
 * Grouped-query attention, as Keras's {@code GroupedQueryAttention}: {@code numQueryHeads} query heads
 * share {@code numKeyValueHeads} key and value heads (multi-query attention with one). Inputs {@code
 * (batch, T, dim)} and {@code (batch, S, dim)}; sublayers {@code query} ({@code (dim, numQueryHeads,
 * headDim)}), {@code key}, {@code value} ({@code (dim, numKeyValueHeads, headDim)}) and {@code
 * attention_output}. Called as {@link MultiHeadAttention} is: {@code apply(query, value)}, {@code
 * applyAll(query, value, call -> call.key(k).attentionMask(m).useCausalMask(true).returnAttentionScores(true))}.
 */
public class GroupedQueryAttention extends BaseMultiHeadAttention<GroupedQueryAttention> {
  private final int headDim;
  private final int numQueryHeads;
  private final int numKeyValueHeads;

  public GroupedQueryAttention(int headDim, int numQueryHeads, int numKeyValueHeads) {
    super("_");
    if (headDim <= 0 || numQueryHeads <= 0 || numKeyValueHeads <= 0) {
      throw new IllegalArgumentException("GroupedQueryAttention needs positive head_dim, num_query_heads and "
          + "num_key_value_heads, got " + headDim + ", " + numQueryHeads + ", " + numKeyValueHeads);
    }
    if (numQueryHeads % numKeyValueHeads != 0) {
      throw new IllegalArgumentException("`num_query_heads` must be divisible by `num_key_value_heads`. Received: "
          + "num_query_heads=" + numQueryHeads + ", num_key_value_heads=" + numKeyValueHeads);
    }
    this.headDim = headDim;
    this.numQueryHeads = numQueryHeads;
    this.numKeyValueHeads = numKeyValueHeads;
  }

  @Override
  void buildSublayers(Shape queryShape, Shape valueShape, Shape keyShape) {
    Shape keyOrValue = keyShape != null ? keyShape : valueShape;
    if (queryShape.rank() != 3 || valueShape.rank() != 3 || keyOrValue.rank() != 3) {
      throw new IllegalArgumentException("Layer \"" + name() + "\" (GroupedQueryAttention) needs query, value and key "
          + "of shape (batch, steps, features); got " + queryShape + ", " + valueShape + ", " + keyOrValue);
    }
    if (valueShape.get(1) != keyOrValue.get(1)) {
      throw new IllegalArgumentException("All dimensions of `value` and `key`, except the last one, must be equal. "
          + "Received: value_shape=" + valueShape + " and key_shape=" + keyOrValue);
    }
    long unknown = Shape.UNKNOWN;
    EinsumDense query = projection("query", "bqm,muh->bquh", "uh", unknown, numQueryHeads, headDim);
    EinsumDense key = projection("key", "bkm,mvh->bkvh", "vh", unknown, numKeyValueHeads, headDim);
    EinsumDense gate = useGate() ? projection("gate", "bqm,muh->bquh", "uh", unknown, numQueryHeads, headDim) : null;
    EinsumDense value = projection("value", "bkm,mvh->bkvh", "vh", unknown, numKeyValueHeads, headDim);
    sublayers(query, key, gate, value,
        projection("attention_output", "bquh,uhm->bqm", "m", unknown, queryShape.get(-1)));
  }

  /** Each key and value head serves {@code numQueryHeads / numKeyValueHeads} query heads. */
  @Override
  KerasTensor keyValueHeads(KerasTensor projected) {
    return Ops.repeat(projected, numQueryHeads / numKeyValueHeads, 2);
  }

  @Override
  int keyHeadSize() {
    return headDim;
  }

  @Override
  int attentionAxisCount() {
    return 1;
  }

  @Override
  KerasTensor dotProducts(KerasTensor key, KerasTensor scaledQuery) {
    return Ops.einsum("bquh,bkuh->buqk", scaledQuery, key);
  }

  @Override
  KerasTensor combine(KerasTensor scores, KerasTensor value) {
    return Ops.einsum("buqk,bkuh->bquh", scores, value);
  }

  // ------------------------------------------------------------------ serialization

  /** Keras saves the class under its exported name, {@code GroupQueryAttention}. */
  @Override
  public String kerasClassName() {
    return "GroupQueryAttention";
  }

  @Override
  public Map<String, Object> getConfig() {
    Map<String, Object> config = super.getConfig();
    config.put("head_dim", headDim);
    config.put("num_query_heads", numQueryHeads);
    config.put("num_key_value_heads", numKeyValueHeads);
    config.put("use_bias", useBias());
    config.put("use_gate", useGate());
    config.put("sliding_window", slidingWindow());
    config.put("dropout", dropout());
    putWeightOptionsAndSeed(config);
    return config;
  }

  public static GroupedQueryAttention fromConfig(Config config) {
    return withSavedOptions(config, new GroupedQueryAttention(config.getInt("head_dim", 0),
        config.getInt("num_query_heads", 0), config.getInt("num_key_value_heads", 0)));
  }
}
