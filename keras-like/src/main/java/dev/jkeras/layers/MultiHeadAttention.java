package dev.jkeras.layers;

import dev.jkeras.KerasTensor;
import dev.jkeras.Shape;
import dev.jkeras.ops.Ops;
import dev.jkeras.saving.Config;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.stream.IntStream;

/**
 * Multi-head attention, as Keras's {@code MultiHeadAttention} ("Attention is all you need"): the
 * query, key and value are projected per head by {@link EinsumDense} sublayers ({@code query},
 * {@code key}, {@code value}, kernels {@code (dim, num_heads, key_dim)}), attended over the
 * {@code attention_axes} and projected back by {@code attention_output}.
 *
 * <p>Keras's {@code mha(query, value, key=None, attention_mask=None, return_attention_scores=False,
 * training=None, use_causal_mask=False)} is
 * <pre>{@code
 * var mha = new MultiHeadAttention(2, 16);
 * KerasTensor y = mha.apply(query, value);                            // self-attention: apply(x, x)
 * KerasTensor z = mha.apply(query, value, call -> call.key(key).attentionMask(mask).useCausalMask(true));
 * List<KerasTensor> both = mha.applyAll(query, value, call -> call.returnAttentionScores(true)); // [output, scores]
 * }</pre>
 * Masks that the inputs carry (e.g. from {@code Embedding.maskZero}) are combined as Keras does:
 * the query's {@code (B, T, 1)}, the value's and key's {@code (B, 1, S)}, the causal mask and the
 * {@code attention_mask}; the output carries the query's mask.
 */
public class MultiHeadAttention extends BaseMultiHeadAttention<MultiHeadAttention> {
  private final int numHeads;
  private final int keyDim;
  private Integer valueDim;
  private long[] outputShape;
  private int[] attentionAxes;
  private String dotProductEquation;
  private String combineEquation;

  public MultiHeadAttention(int numHeads, int keyDim) {
    super("");
    if (numHeads <= 0) {
      throw new IllegalArgumentException("Received an invalid value for argument `num_heads`, expected a positive "
          + "integer. Received: num_heads=" + numHeads);
    }
    if (keyDim <= 0) {
      throw new IllegalArgumentException("Received an invalid value for argument `key_dim`, expected a positive "
          + "integer. Received: key_dim=" + keyDim);
    }
    this.numHeads = numHeads;
    this.keyDim = keyDim;
  }

  // ------------------------------------------------------------------ options

  public int numHeads() {
    return numHeads;
  }

  public int keyDim() {
    return keyDim;
  }

  public int valueDim() {
    return valueDim != null ? valueDim : keyDim;
  }

  /** The size of each value head; {@code keyDim} by default. */
  public MultiHeadAttention valueDim(int valueDim) {
    checkNotBuilt("valueDim");
    if (valueDim <= 0) {
      throw new IllegalArgumentException("Received an invalid value for argument `value_dim`, expected a positive "
          + "integer or `None`. Received: value_dim=" + valueDim);
    }
    this.valueDim = valueDim;
    return this;
  }

  /** The output's sizes after the batch and attention axes; the query's last size by default. */
  public MultiHeadAttention outputShape(long... shape) {
    checkNotBuilt("outputShape");
    for (long d : shape) {
      if (d <= 0) {
        throw new IllegalArgumentException("Invalid `output_shape`: " + Arrays.toString(shape) + ". Its sizes must "
            + "be positive.");
      }
    }
    this.outputShape = shape.length == 0 ? null : shape.clone();
    return this;
  }

  /** The axes attention runs over (counting the query's batch axis as 0); all but batch and features by default. */
  public MultiHeadAttention attentionAxes(int... axes) {
    checkNotBuilt("attentionAxes");
    this.attentionAxes = axes.length == 0 ? null : axes.clone();
    return this;
  }

  public int[] attentionAxes() {
    return attentionAxes == null ? null : attentionAxes.clone();
  }

  // ------------------------------------------------------------------ calling

  /** The keyword arguments of one call, as Keras's {@code mha(query, value, key=..., ...)}. */
  public static final class CallOptions {
    private KerasTensor key;
    private KerasTensor attentionMask;
    private boolean useCausalMask;
    private boolean returnAttentionScores;

    /** The key; the value by default. */
    public CallOptions key(KerasTensor key) {
      this.key = key;
      return this;
    }

    /** A boolean mask {@code (B, T, S)}: true where query position {@code t} may attend to key {@code s}. */
    public CallOptions attentionMask(KerasTensor mask) {
      this.attentionMask = mask;
      return this;
    }

    /** Lets each query position attend only to key positions at or before it (a decoder's mask). */
    public CallOptions useCausalMask(boolean use) {
      this.useCausalMask = use;
      return this;
    }

    /** Also returns the attention scores {@code (B, N, T, S)}: use {@code applyAll}. */
    public CallOptions returnAttentionScores(boolean scores) {
      this.returnAttentionScores = scores;
      return this;
    }

    KerasTensor key() {
      return key;
    }

    KerasTensor attentionMask() {
      return attentionMask;
    }

    boolean useCausalMask() {
      return useCausalMask;
    }

    boolean returnAttentionScores() {
      return returnAttentionScores;
    }
  }

  @Override
  void buildSublayers(Shape queryShape, Shape valueShape, Shape keyShape) {
    Shape keyOrValue = keyShape != null ? keyShape : valueShape;
    if (!middle(valueShape).equals(middle(keyOrValue))) {
      throw new IllegalArgumentException("All dimensions of `value` and `key`, except the last one, must be equal. "
          + "Received: value_shape=" + valueShape + " and key_shape=" + keyOrValue);
    }
    if (queryShape.rank() < 3 || valueShape.rank() < 3) {
      throw new IllegalArgumentException("Layer \"" + name() + "\" (MultiHeadAttention) needs query and value of "
          + "rank 3 or more (batch, ..., features); got query shape " + queryShape + " and value shape " + valueShape);
    }
    EinsumDense query = projection(queryShape.rank() - 1, 1, 2, new long[] {numHeads, keyDim}, "query");
    EinsumDense key = projection(keyOrValue.rank() - 1, 1, 2, new long[] {numHeads, keyDim}, "key");
    EinsumDense gate = useGate() ? projection(queryShape.rank() - 1, 1, 2, new long[] {numHeads, valueDim()}, "gate")
        : null;
    EinsumDense value = projection(valueShape.rank() - 1, 1, 2, new long[] {numHeads, valueDim()}, "value");
    int rank = valueShape.rank() + 1;
    attentionAxes = attentionAxes == null ? IntStream.range(1, rank - 2).toArray()
        : IntStream.of(attentionAxes).map(a -> a >= 0 ? a : (rank - 1) + a).toArray();
    buildAttentionEquations(rank);
    long[] out = outputShape != null ? outputShape : new long[] {queryShape.get(-1)};
    sublayers(query, key, gate, value, projection(queryShape.rank() - 1, 2, out.length, out, "attention_output"));
  }

  private static Shape middle(Shape shape) {
    long[] dims = shape.asArray();
    return Shape.of(Arrays.copyOfRange(dims, 1, Math.max(1, dims.length - 1)));
  }

  /** Keras's {@code _build_proj_equation} and the EinsumDense it makes. */
  private EinsumDense projection(int freeDims, int boundDims, int outputDims, long[] lastDims, String layerName) {
    StringBuilder input = new StringBuilder();
    StringBuilder kernel = new StringBuilder();
    StringBuilder output = new StringBuilder();
    StringBuilder bias = new StringBuilder();
    int letter = 0;
    for (int i = 0; i < freeDims; i++, letter++) {
      input.append(letter(letter));
      output.append(letter(letter));
    }
    for (int i = 0; i < boundDims; i++, letter++) {
      input.append(letter(letter));
      kernel.append(letter(letter));
    }
    for (int i = 0; i < outputDims; i++, letter++) {
      kernel.append(letter(letter));
      output.append(letter(letter));
      bias.append(letter(letter));
    }
    int outputRank = output.length();
    long[] shape = new long[outputRank - 1];
    Arrays.fill(shape, Shape.UNKNOWN);
    System.arraycopy(lastDims, 0, shape, shape.length - lastDims.length, lastDims.length);
    return projection(layerName, input + "," + kernel + "->" + output, bias.toString(), shape);
  }

  private static char letter(int i) {
    return (char) ('a' + i);
  }

  /** Keras's {@code _build_attention_equation}. */
  private void buildAttentionEquations(int rank) {
    StringBuilder target = new StringBuilder();
    for (int i = 0; i < rank; i++) {
      target.append(letter(i));
    }
    List<Integer> attn = IntStream.of(attentionAxes).boxed().toList();
    List<Integer> batchDims = IntStream.range(0, rank).filter(i -> !attn.contains(i) && i != rank - 1).boxed().toList();
    StringBuilder source = new StringBuilder();
    int offset = rank;
    for (int i = 0; i < rank; i++) {
      source.append(batchDims.contains(i) || i == rank - 1 ? target.charAt(i) : letter(offset++));
    }
    StringBuilder product = new StringBuilder();
    batchDims.forEach(i -> product.append(target.charAt(i)));
    attn.forEach(i -> product.append(target.charAt(i)));
    attn.forEach(i -> product.append(source.charAt(i)));
    dotProductEquation = source + "," + target + "->" + product;
    combineEquation = product + "," + source + "->" + target;
  }

  @Override
  int keyHeadSize() {
    return keyDim;
  }

  @Override
  int attentionAxisCount() {
    return attentionAxes.length;
  }

  @Override
  KerasTensor dotProducts(KerasTensor key, KerasTensor scaledQuery) {
    return Ops.einsum(dotProductEquation, key, scaledQuery);
  }

  @Override
  KerasTensor combine(KerasTensor scores, KerasTensor value) {
    return Ops.einsum(combineEquation, scores, value);
  }

  // ------------------------------------------------------------------ serialization

  @Override
  public Map<String, Object> getConfig() {
    Map<String, Object> config = super.getConfig();
    config.put("num_heads", numHeads);
    config.put("key_dim", keyDim);
    config.put("value_dim", valueDim());
    config.put("dropout", dropout());
    config.put("use_bias", useBias());
    config.put("use_gate", useGate());
    config.put("output_shape", outputShape == null ? null : Arrays.stream(outputShape).boxed().toList());
    config.put("attention_axes", attentionAxes == null ? null : IntStream.of(attentionAxes).boxed().toList());
    config.put("sliding_window", slidingWindow());
    putWeightOptionsAndSeed(config);
    return config;
  }

  public static MultiHeadAttention fromConfig(Config config) {
    MultiHeadAttention layer = new MultiHeadAttention(config.getInt("num_heads", 0), config.getInt("key_dim", 0));
    if (config.get("value_dim") != null) {
      layer.valueDim(config.getInt("value_dim", 0));
    }
    Object shape = config.get("output_shape");
    if (shape instanceof Number n) {
      layer.outputShape(n.longValue());
    } else if (shape instanceof List<?> list) {
      layer.outputShape(list.stream().mapToLong(d -> ((Number) d).longValue()).toArray());
    }
    Object axes = config.get("attention_axes");
    if (axes instanceof Number n) {
      layer.attentionAxes(n.intValue());
    } else if (axes instanceof List<?>) {
      layer.attentionAxes(config.getIntArray("attention_axes"));
    }
    return withSavedOptions(config, layer);
  }
}
