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
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.UnaryOperator;

/**
 * Grouped-query attention, as Keras's {@code GroupedQueryAttention}: {@code numQueryHeads} query heads
 * share {@code numKeyValueHeads} key and value heads (multi-query attention with one). Inputs {@code
 * (batch, T, dim)} and {@code (batch, S, dim)}; sublayers {@code query} ({@code (dim, numQueryHeads,
 * headDim)}), {@code key}, {@code value} ({@code (dim, numKeyValueHeads, headDim)}) and {@code
 * attention_output}. Called as {@link MultiHeadAttention} is: {@code apply(query, value)}, {@code
 * applyAll(query, value, call -> call.key(k).attentionMask(m).useCausalMask(true).returnAttentionScores(true))}.
 */
public class GroupedQueryAttention extends Wrapper {
  private final int headDim;
  private final int numQueryHeads;
  private final int numKeyValueHeads;
  private double dropout;
  private boolean useBias = true;
  private boolean useGate;
  private Integer slidingWindow;
  private Long seed;
  private final WeightOptions kernelOptions = new WeightOptions(this, "kernel", Initializers.get("glorot_uniform"));
  private final WeightOptions biasOptions = new WeightOptions(this, "bias", Initializers.zeros());

  private EinsumDense queryDense;
  private EinsumDense keyDense;
  private EinsumDense gateDense;
  private EinsumDense valueDense;
  private EinsumDense outputDense;
  private Dropout dropoutLayer;
  private Map<String, Shape> buildShapes;

  public GroupedQueryAttention(int headDim, int numQueryHeads, int numKeyValueHeads) {
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

  public GroupedQueryAttention dropout(double rate) {
    checkNotBuilt("dropout");
    if (rate < 0 || rate >= 1) {
      throw new IllegalArgumentException("GroupedQueryAttention dropout must be in [0, 1), got " + rate);
    }
    this.dropout = rate;
    return this;
  }

  public GroupedQueryAttention useBias(boolean useBias) {
    checkNotBuilt("useBias");
    this.useBias = useBias;
    return this;
  }

  /** Gates the attention output by {@code sigmoid} of a projection of the query, as Keras's {@code use_gate}. */
  public GroupedQueryAttention useGate(boolean useGate) {
    checkNotBuilt("useGate");
    this.useGate = useGate;
    return this;
  }

  /** Lets each query position attend only to key positions less than {@code window} steps away. */
  public GroupedQueryAttention slidingWindow(int window) {
    checkNotBuilt("slidingWindow");
    if (window <= 0) {
      throw new IllegalArgumentException("`sliding_window` must be `None` or a positive integer. Received: "
          + "sliding_window=" + window);
    }
    this.slidingWindow = window;
    return this;
  }

  public GroupedQueryAttention seed(long seed) {
    checkNotBuilt("seed");
    this.seed = seed;
    return this;
  }

  public GroupedQueryAttention kernelInitializer(String name) {
    kernelOptions.initializer(name);
    return this;
  }

  public GroupedQueryAttention kernelInitializer(Initializer initializer) {
    kernelOptions.initializer(initializer);
    return this;
  }

  public GroupedQueryAttention biasInitializer(Initializer initializer) {
    biasOptions.initializer(initializer);
    return this;
  }

  public GroupedQueryAttention kernelRegularizer(Regularizer regularizer) {
    kernelOptions.regularizer(regularizer);
    return this;
  }

  public GroupedQueryAttention biasRegularizer(Regularizer regularizer) {
    biasOptions.regularizer(regularizer);
    return this;
  }

  public GroupedQueryAttention kernelConstraint(Constraint constraint) {
    kernelOptions.constraint(constraint);
    return this;
  }

  public GroupedQueryAttention biasConstraint(Constraint constraint) {
    biasOptions.constraint(constraint);
    return this;
  }

  @Override
  public GroupedQueryAttention name(String name) {
    super.name(name);
    return this;
  }

  /** The sublayers once built, in Keras's weight order; saved under Keras's attribute names ({@code _query_dense}, ...). */
  @Override
  public Map<String, Layer> wrappedLayers() {
    Map<String, Layer> layers = new LinkedHashMap<>();
    if (queryDense != null) {
      layers.put("_query_dense", queryDense);
      layers.put("_key_dense", keyDense);
      if (gateDense != null) {
        layers.put("_gate_dense", gateDense);
      }
      layers.put("_value_dense", valueDense);
      layers.put("_output_dense", outputDense);
    }
    return layers;
  }

  // ------------------------------------------------------------------ calling

  /** {@code layer(query, value)}. */
  public KerasTensor apply(KerasTensor query, KerasTensor value) {
    return single(applyAll(query, value, UnaryOperator.identity()));
  }

  /** {@code layer(query, value, **options)}; with {@code returnAttentionScores}, use {@link #applyAll}. */
  public KerasTensor apply(KerasTensor query, KerasTensor value,
      UnaryOperator<MultiHeadAttention.CallOptions> options) {
    return single(applyAll(query, value, options));
  }

  private KerasTensor single(List<KerasTensor> outputs) {
    if (outputs.size() != 1) {
      throw new IllegalStateException("GroupedQueryAttention '" + name() + "' returns [output, scores] with "
          + "returnAttentionScores(true); call applyAll to get both");
    }
    return outputs.get(0);
  }

  /** {@code layer(query, value, **options)}: the output, then the scores when {@code returnAttentionScores}. */
  public List<KerasTensor> applyAll(KerasTensor query, KerasTensor value,
      UnaryOperator<MultiHeadAttention.CallOptions> options) {
    return AttentionCall.apply(this, query, value, options.apply(new MultiHeadAttention.CallOptions()));
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
    int repeats = numQueryHeads / numKeyValueHeads;
    KerasTensor k = Ops.repeat(callNested(keyDense, List.of(c.key()), training).get(0), repeats, 2);
    KerasTensor v = Ops.repeat(callNested(valueDense, List.of(c.value()), training).get(0), repeats, 2);
    double scale = 1.0 / Math.sqrt(headDim);
    KerasTensor output;
    KerasTensor scores = null;
    if (!(dropout > 0 || c.returnScores())) {
      KerasTensor m = mask;
      if (m != null) {
        while (m.rank() < 4) {
          m = Ops.expandDims(m, -3);
        }
        m = Ops.cast(m, DType.BOOL);
      }
      output = Ops.dotProductAttention(q, k, v, null, m, scale, causalOnly);
    } else {
      KerasTensor m = causalOnly ? AttentionMasks.causal(q, v) : mask;
      scores = AttentionMasks.maskedSoftmax(Ops.einsum("bquh,bkuh->buqk", Ops.multiply(q, scale), k), m, 1, name());
      KerasTensor dropped = dropout > 0 ? callNested(dropoutLayer, List.of(scores), training).get(0) : scores;
      output = Ops.einsum("buqk,bkuh->bquh", dropped, v);
    }
    KerasTensor combined = gate == null ? output : Ops.multiply(output, gate);
    KerasTensor result = callNested(outputDense, List.of(combined), training).get(0).withMask(c.queryMask());
    return scores != null && c.returnScores() ? List.of(result, scores) : List.of(result);
  }

  private void buildSublayers(Shape queryShape, Shape valueShape, Shape keyShape) {
    Shape keyOrValue = keyShape != null ? keyShape : valueShape;
    if (queryShape.rank() != 3 || valueShape.rank() != 3 || keyOrValue.rank() != 3) {
      throw new IllegalArgumentException("Layer \"" + name() + "\" (GroupedQueryAttention) needs query, value and key "
          + "of shape (batch, steps, features); got " + queryShape + ", " + valueShape + ", " + keyOrValue);
    }
    if (valueShape.get(1) != keyOrValue.get(1)) {
      throw new IllegalArgumentException("All dimensions of `value` and `key`, except the last one, must be equal. "
          + "Received: value_shape=" + valueShape + " and key_shape=" + keyOrValue);
    }
    buildShapes = new LinkedHashMap<>();
    buildShapes.put("query_shape", queryShape);
    buildShapes.put("value_shape", valueShape);
    if (keyShape != null) {
      buildShapes.put("key_shape", keyShape);
    }
    queryDense = projection("query", "bqm,muh->bquh", useBias ? "uh" : null, Shape.UNKNOWN, numQueryHeads, headDim);
    keyDense = projection("key", "bkm,mvh->bkvh", useBias ? "vh" : null, Shape.UNKNOWN, numKeyValueHeads, headDim);
    if (useGate) {
      gateDense = projection("gate", "bqm,muh->bquh", useBias ? "uh" : null, Shape.UNKNOWN, numQueryHeads, headDim);
      gateDense.activation("sigmoid");
    }
    valueDense = projection("value", "bkm,mvh->bkvh", useBias ? "vh" : null, Shape.UNKNOWN, numKeyValueHeads,
        headDim);
    outputDense = projection("attention_output", "bquh,uhm->bqm", useBias ? "m" : null, Shape.UNKNOWN,
        queryShape.get(-1));
    dropoutLayer = seed != null ? new Dropout(dropout, seed) : new Dropout(dropout);
  }

  private EinsumDense projection(String layerName, String equation, String biasAxes, long... outputShape) {
    return new EinsumDense(layerName, equation, outputShape)
        .biasAxes(biasAxes)
        .kernelInitializer(Initializers.deserialize(Serialization.serialize(kernelOptions.initializer())))
        .biasInitializer(Initializers.deserialize(Serialization.serialize(biasOptions.initializer())))
        .kernelRegularizer(kernelOptions.regularizer())
        .biasRegularizer(biasOptions.regularizer())
        .kernelConstraint(kernelOptions.constraint())
        .biasConstraint(biasOptions.constraint());
  }

  /** The query's mask, which the output carries. */
  @Override
  public KerasTensor computeMask(List<KerasTensor> inputs, List<KerasTensor> masks) {
    return masks.get(0);
  }

  // ------------------------------------------------------------------ serialization

  /** Keras saves the class under its exported name, {@code GroupQueryAttention}. */
  @Override
  public String kerasClassName() {
    return "GroupQueryAttention";
  }

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
    config.put("head_dim", headDim);
    config.put("num_query_heads", numQueryHeads);
    config.put("num_key_value_heads", numKeyValueHeads);
    config.put("use_bias", useBias);
    config.put("use_gate", useGate);
    config.put("sliding_window", slidingWindow);
    config.put("dropout", dropout);
    WeightOptions.putInitializers(config, kernelOptions, biasOptions);
    WeightOptions.putRegularizers(config, kernelOptions, biasOptions);
    config.put("activity_regularizer", null);
    WeightOptions.putConstraints(config, kernelOptions, biasOptions);
    config.put("seed", seed);
    return config;
  }

  public static GroupedQueryAttention fromConfig(Config config) {
    GroupedQueryAttention layer = new GroupedQueryAttention(config.getInt("head_dim", 0),
        config.getInt("num_query_heads", 0), config.getInt("num_key_value_heads", 0));
    layer.dropout(config.getDouble("dropout", 0));
    layer.useBias(config.getBoolean("use_bias", true));
    layer.useGate(config.getBoolean("use_gate", false));
    if (config.get("sliding_window") != null) {
      layer.slidingWindow(config.getInt("sliding_window", 0));
    }
    if (config.get("seed") != null) {
      layer.seed(config.getLong("seed", 0));
    }
    WeightOptions.readAll(config, layer.kernelOptions, layer.biasOptions);
    return layer;
  }
}
