package dev.jkeras.layers;

import dev.jkeras.DType;
import dev.jkeras.KerasTensor;
import dev.jkeras.Shape;
import dev.jkeras.constraints.Constraint;
import dev.jkeras.initializers.Initializer;
import dev.jkeras.initializers.Initializers;
import dev.jkeras.ops.Ops;
import dev.jkeras.regularizers.Regularizer;
import dev.jkeras.saving.Config;
import dev.jkeras.saving.Serialization;
import dev.jkeras.saving.Shapes;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.UnaryOperator;
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
public class MultiHeadAttention extends Wrapper {
  private final int numHeads;
  private final int keyDim;
  private Integer valueDim;
  private double dropout;
  private boolean useBias = true;
  private long[] outputShape;
  private int[] attentionAxes;
  private Long seed;
  private boolean useGate;
  private Integer slidingWindow;
  private final WeightOptions kernelOptions = new WeightOptions(this, "kernel", Initializers.get("glorot_uniform"));
  private final WeightOptions biasOptions = new WeightOptions(this, "bias", Initializers.zeros());

  private EinsumDense queryDense;
  private EinsumDense keyDense;
  private EinsumDense gateDense;
  private EinsumDense valueDense;
  private EinsumDense outputDense;
  private Dropout dropoutLayer;
  private String dotProductEquation;
  private String combineEquation;
  private Map<String, Shape> buildShapes;

  public MultiHeadAttention(int numHeads, int keyDim) {
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

  /** The dropout rate on the attention scores. */
  public MultiHeadAttention dropout(double rate) {
    checkNotBuilt("dropout");
    if (rate < 0 || rate >= 1) {
      throw new IllegalArgumentException("MultiHeadAttention dropout must be in [0, 1), got " + rate);
    }
    this.dropout = rate;
    return this;
  }

  public double dropout() {
    return dropout;
  }

  public MultiHeadAttention useBias(boolean useBias) {
    checkNotBuilt("useBias");
    this.useBias = useBias;
    return this;
  }

  public boolean useBias() {
    return useBias;
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

  /**
   * Gates the attention output per head and channel by {@code sigmoid} of a projection of the query
   * (the {@code gate} sublayer), as Keras's {@code use_gate}.
   */
  public MultiHeadAttention useGate(boolean useGate) {
    checkNotBuilt("useGate");
    this.useGate = useGate;
    return this;
  }

  public boolean useGate() {
    return useGate;
  }

  /**
   * Lets each query position attend only to key positions less than {@code window} steps away (a
   * symmetric band, and-ed with the other masks; with {@code useCausalMask}, the last {@code window} positions).
   */
  public MultiHeadAttention slidingWindow(int window) {
    checkNotBuilt("slidingWindow");
    if (window <= 0) {
      throw new IllegalArgumentException("`sliding_window` must be `None` or a positive integer. Received: "
          + "sliding_window=" + window);
    }
    this.slidingWindow = window;
    return this;
  }

  /** The seed of the attention dropout. */
  public MultiHeadAttention seed(long seed) {
    checkNotBuilt("seed");
    this.seed = seed;
    return this;
  }

  public MultiHeadAttention kernelInitializer(String name) {
    kernelOptions.initializer(name);
    return this;
  }

  public MultiHeadAttention kernelInitializer(Initializer initializer) {
    kernelOptions.initializer(initializer);
    return this;
  }

  public MultiHeadAttention biasInitializer(String name) {
    biasOptions.initializer(name);
    return this;
  }

  public MultiHeadAttention biasInitializer(Initializer initializer) {
    biasOptions.initializer(initializer);
    return this;
  }

  public MultiHeadAttention kernelRegularizer(Regularizer regularizer) {
    kernelOptions.regularizer(regularizer);
    return this;
  }

  public MultiHeadAttention biasRegularizer(Regularizer regularizer) {
    biasOptions.regularizer(regularizer);
    return this;
  }

  public MultiHeadAttention kernelConstraint(Constraint constraint) {
    kernelOptions.constraint(constraint);
    return this;
  }

  public MultiHeadAttention biasConstraint(Constraint constraint) {
    biasOptions.constraint(constraint);
    return this;
  }

  @Override
  public MultiHeadAttention name(String name) {
    super.name(name);
    return this;
  }

  /**
   * The projection sublayers once built, in Keras's weight order: {@code query_dense}, {@code key_dense},
   * {@code _gate_dense} (with {@code useGate}), {@code value_dense}, {@code output_dense}.
   */
  @Override
  public Map<String, Layer> wrappedLayers() {
    Map<String, Layer> layers = new LinkedHashMap<>();
    if (queryDense != null) {
      layers.put("query_dense", queryDense);
      layers.put("key_dense", keyDense);
      if (gateDense != null) {
        layers.put("_gate_dense", gateDense);
      }
      layers.put("value_dense", valueDense);
      layers.put("output_dense", outputDense);
    }
    return layers;
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

  /** {@code mha(query, value)}: attention of {@code query} over {@code value} (also the key). */
  public KerasTensor apply(KerasTensor query, KerasTensor value) {
    return apply(query, value, UnaryOperator.identity());
  }

  /** {@code mha(query, value, **options)}; with {@code returnAttentionScores}, use {@link #applyAll}. */
  public KerasTensor apply(KerasTensor query, KerasTensor value, UnaryOperator<CallOptions> options) {
    List<KerasTensor> outputs = applyAll(query, value, options);
    if (outputs.size() != 1) {
      throw new IllegalStateException("MultiHeadAttention '" + name() + "' returns [output, scores] with "
          + "returnAttentionScores(true); call applyAll to get both");
    }
    return outputs.get(0);
  }

  /** {@code mha(query, value, **options)}: the output, then the scores when {@code returnAttentionScores}. */
  public List<KerasTensor> applyAll(KerasTensor query, KerasTensor value, UnaryOperator<CallOptions> options) {
    return AttentionCall.apply(this, query, value, options.apply(new CallOptions()));
  }

  /** Positional calls ({@code [query, value]} or {@code [query, value, key]}) are Keras's separate arguments. */
  @Override
  public List<KerasTensor> applyAll(List<KerasTensor> inputs, boolean training) {
    return applyAll(inputs, training, new CallArguments(Math.max(1, inputs.size()), true, List.of(), Map.of()));
  }

  @Override
  protected void build(List<Shape> inputShapes) {}

  @Override
  protected List<KerasTensor> call(List<KerasTensor> inputs, boolean training) {
    return call(inputs, training, new CallArguments(inputs.size(), true, List.of(), Map.of()));
  }

  @Override
  protected List<KerasTensor> call(List<KerasTensor> inputs, boolean training, CallArguments arguments) {
    AttentionCall c = AttentionCall.parse(this, inputs, arguments);
    if (queryDense == null) {
      buildSublayers(c.query().shape(), c.value().shape(), c.keyGiven() ? c.key().shape() : null);
    }
    boolean causalOnly = c.causalOnly(slidingWindow);
    KerasTensor mask = causalOnly ? null : c.combinedMask(slidingWindow);
    KerasTensor gate = gateDense == null ? null : callNested(gateDense, List.of(c.query()), training).get(0);
    KerasTensor q = callNested(queryDense, List.of(c.query()), training).get(0);
    KerasTensor k = callNested(keyDense, List.of(c.key()), training).get(0);
    KerasTensor v = callNested(valueDense, List.of(c.value()), training).get(0);
    KerasTensor[] attended = attention(q, k, v, mask, training, c.returnScores(), causalOnly);
    KerasTensor combined = gate == null ? attended[0] : Ops.multiply(attended[0], gate);
    KerasTensor output = callNested(outputDense, List.of(combined), training).get(0).withMask(c.queryMask());
    return c.returnScores() ? List.of(output, attended[1]) : List.of(output);
  }

  private void buildSublayers(Shape queryShape, Shape valueShape, Shape keyShape) {
    Shape keyOrValue = keyShape != null ? keyShape : valueShape;
    if (!middle(valueShape).equals(middle(keyOrValue))) {
      throw new IllegalArgumentException("All dimensions of `value` and `key`, except the last one, must be equal. "
          + "Received: value_shape=" + valueShape + " and key_shape=" + keyOrValue);
    }
    if (queryShape.rank() < 3 || valueShape.rank() < 3) {
      throw new IllegalArgumentException("Layer \"" + name() + "\" (MultiHeadAttention) needs query and value of "
          + "rank 3 or more (batch, ..., features); got query shape " + queryShape + " and value shape " + valueShape);
    }
    buildShapes = new LinkedHashMap<>();
    buildShapes.put("query_shape", queryShape);
    buildShapes.put("value_shape", valueShape);
    if (keyShape != null) {
      buildShapes.put("key_shape", keyShape);
    }
    queryDense = projection(queryShape.rank() - 1, 1, 2, new long[] {numHeads, keyDim}, "query");
    keyDense = projection(keyOrValue.rank() - 1, 1, 2, new long[] {numHeads, keyDim}, "key");
    if (useGate) {
      gateDense = projection(queryShape.rank() - 1, 1, 2, new long[] {numHeads, valueDim()}, "gate");
      gateDense.activation("sigmoid");
    }
    valueDense = projection(valueShape.rank() - 1, 1, 2, new long[] {numHeads, valueDim()}, "value");
    int rank = valueShape.rank() + 1;
    attentionAxes = attentionAxes == null ? IntStream.range(1, rank - 2).toArray()
        : IntStream.of(attentionAxes).map(a -> a >= 0 ? a : (rank - 1) + a).toArray();
    buildAttentionEquations(rank);
    long[] out = outputShape != null ? outputShape : new long[] {queryShape.get(-1)};
    outputDense = projection(queryShape.rank() - 1, 2, out.length, out, "attention_output");
    dropoutLayer = seed != null ? new Dropout(dropout, seed) : new Dropout(dropout);
  }

  private static Shape middle(Shape shape) {
    long[] dims = shape.asArray();
    return Shape.of(Arrays.copyOfRange(dims, 1, Math.max(1, dims.length - 1)));
  }

  /** Keras's {@code _build_proj_equation} and the EinsumDense it makes, with this layer's weight options. */
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
    EinsumDense dense = new EinsumDense(layerName, input + "," + kernel + "->" + output, shape)
        .biasAxes(useBias ? bias.toString() : null)
        .kernelInitializer(copy(kernelOptions.initializer()))
        .biasInitializer(copy(biasOptions.initializer()))
        .kernelRegularizer(kernelOptions.regularizer())
        .biasRegularizer(biasOptions.regularizer())
        .kernelConstraint(kernelOptions.constraint())
        .biasConstraint(biasOptions.constraint());
    return dense;
  }

  /** A fresh copy of an initializer, as Keras gives each sublayer its own. */
  private static Initializer copy(Initializer initializer) {
    return Initializers.deserialize(Serialization.serialize(initializer));
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

  /** Keras's {@code _compute_attention}: the attended values and the scores (null on the fused path). */
  private KerasTensor[] attention(KerasTensor q, KerasTensor k, KerasTensor v, KerasTensor mask, boolean training,
      boolean returnScores, boolean causalOnly) {
    double scale = 1.0 / Math.sqrt(keyDim);
    if (!(dropout > 0 || returnScores || q.rank() != 4)) {
      KerasTensor m = mask;
      if (m != null) {
        int axis = -attentionAxes.length * 2 - 1;
        while (m.rank() < 4) {
          m = Ops.expandDims(m, axis);
        }
        m = Ops.cast(m, DType.BOOL);
      }
      return new KerasTensor[] {Ops.dotProductAttention(q, k, v, null, m, scale, causalOnly), null};
    }
    KerasTensor m = mask;
    if (causalOnly) {
      m = AttentionMasks.causal(q, v);
    }
    KerasTensor scaledQuery = Ops.multiply(q, scale);
    KerasTensor scores = AttentionMasks.maskedSoftmax(Ops.einsum(dotProductEquation, k, scaledQuery), m,
        attentionAxes.length, name());
    KerasTensor dropped = dropout > 0 ? callNested(dropoutLayer, List.of(scores), training).get(0) : scores;
    return new KerasTensor[] {Ops.einsum(combineEquation, dropped, v), scores};
  }

  /** The query's mask, which Keras sets on the output. */
  @Override
  public KerasTensor computeMask(List<KerasTensor> inputs, List<KerasTensor> masks) {
    return masks.get(0);
  }

  // ------------------------------------------------------------------ serialization

  /** Keras's {@code build_config}: the {@code shapes_dict} of query, value (and key) shapes. */
  @Override
  public Map<String, Object> buildConfig() {
    Map<String, Object> shapes = new LinkedHashMap<>();
    if (buildShapes != null) {
      buildShapes.forEach((name, shape) -> shapes.put(name, Shapes.toJson(shape)));
    }
    return new LinkedHashMap<>(Map.of("shapes_dict", shapes));
  }

  @Override
  public void resetBuild() {
    super.resetBuild();
    queryDense = null;
    keyDense = null;
    gateDense = null;
    valueDense = null;
    outputDense = null;
    buildShapes = null;
  }

  @Override
  public Map<String, Object> getConfig() {
    Map<String, Object> config = super.getConfig();
    config.put("num_heads", numHeads);
    config.put("key_dim", keyDim);
    config.put("value_dim", valueDim());
    config.put("dropout", dropout);
    config.put("use_bias", useBias);
    config.put("use_gate", useGate);
    config.put("output_shape", outputShape == null ? null : Arrays.stream(outputShape).boxed().toList());
    config.put("attention_axes", attentionAxes == null ? null : IntStream.of(attentionAxes).boxed().toList());
    config.put("sliding_window", slidingWindow);
    WeightOptions.putInitializers(config, kernelOptions, biasOptions);
    WeightOptions.putRegularizers(config, kernelOptions, biasOptions);
    config.put("activity_regularizer", null);
    WeightOptions.putConstraints(config, kernelOptions, biasOptions);
    config.put("seed", seed);
    return config;
  }

  public static MultiHeadAttention fromConfig(Config config) {
    MultiHeadAttention layer = new MultiHeadAttention(config.getInt("num_heads", 0), config.getInt("key_dim", 0));
    layer.useGate(config.getBoolean("use_gate", false));
    if (config.get("sliding_window") != null) {
      layer.slidingWindow(config.getInt("sliding_window", 0));
    }
    if (config.get("value_dim") != null) {
      layer.valueDim(config.getInt("value_dim", 0));
    }
    layer.dropout(config.getDouble("dropout", 0));
    layer.useBias(config.getBoolean("use_bias", true));
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
    if (config.get("seed") != null) {
      layer.seed(config.getLong("seed", 0));
    }
    WeightOptions.readAll(config, layer.kernelOptions, layer.biasOptions);
    return layer;
  }
}
