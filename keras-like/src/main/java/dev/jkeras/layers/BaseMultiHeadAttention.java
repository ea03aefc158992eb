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
 * What {@link MultiHeadAttention} and {@link GroupedQueryAttention} share: the options (dropout on the
 * scores, bias, gate, sliding window, seed, the sublayers' weight options), the call (Keras's separate
 * arguments and masks, the {@link EinsumDense} projections {@code query}, {@code key}, {@code gate},
 * {@code value} and {@code attention_output}, and Keras's {@code _compute_attention}: the fused dot-product
 * attention, or the scores, masked softmax and dropout when they are needed), and the build config
 * ({@code shapes_dict}).
 *
 * @param <T> the concrete layer, so options chain
 */
public abstract class BaseMultiHeadAttention<T extends BaseMultiHeadAttention<T>> extends Wrapper {
  private final String attributePrefix;
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

  /** {@code attributePrefix}: what Keras's attribute names of the sublayers start with ({@code _query_dense}). */
  BaseMultiHeadAttention(String attributePrefix) {
    this.attributePrefix = attributePrefix;
  }

  @SuppressWarnings("unchecked")
  private T self() {
    return (T) this;
  }

  // ------------------------------------------------------------------ options

  /** The dropout rate on the attention scores. */
  public T dropout(double rate) {
    checkNotBuilt("dropout");
    if (rate < 0 || rate >= 1) {
      throw new IllegalArgumentException(getClass().getSimpleName() + " dropout must be in [0, 1), got " + rate);
    }
    this.dropout = rate;
    return self();
  }

  public double dropout() {
    return dropout;
  }

  public T useBias(boolean useBias) {
    checkNotBuilt("useBias");
    this.useBias = useBias;
    return self();
  }

  public boolean useBias() {
    return useBias;
  }

  /**
   * Gates the attention output per head and channel by {@code sigmoid} of a projection of the query
   * (the {@code gate} sublayer), as Keras's {@code use_gate}.
   */
  public T useGate(boolean useGate) {
    checkNotBuilt("useGate");
    this.useGate = useGate;
    return self();
  }

  public boolean useGate() {
    return useGate;
  }

  /**
   * Lets each query position attend only to key positions less than {@code window} steps away (a
   * symmetric band, and-ed with the other masks; with {@code useCausalMask}, the last {@code window} positions).
   */
  public T slidingWindow(int window) {
    checkNotBuilt("slidingWindow");
    if (window <= 0) {
      throw new IllegalArgumentException("`sliding_window` must be `None` or a positive integer. Received: "
          + "sliding_window=" + window);
    }
    this.slidingWindow = window;
    return self();
  }

  /** The seed of the attention dropout. */
  public T seed(long seed) {
    checkNotBuilt("seed");
    this.seed = seed;
    return self();
  }

  public T kernelInitializer(String name) {
    kernelOptions.initializer(name);
    return self();
  }

  public T kernelInitializer(Initializer initializer) {
    kernelOptions.initializer(initializer);
    return self();
  }

  public T biasInitializer(String name) {
    biasOptions.initializer(name);
    return self();
  }

  public T biasInitializer(Initializer initializer) {
    biasOptions.initializer(initializer);
    return self();
  }

  public T kernelRegularizer(Regularizer regularizer) {
    kernelOptions.regularizer(regularizer);
    return self();
  }

  public T biasRegularizer(Regularizer regularizer) {
    biasOptions.regularizer(regularizer);
    return self();
  }

  public T kernelConstraint(Constraint constraint) {
    kernelOptions.constraint(constraint);
    return self();
  }

  public T biasConstraint(Constraint constraint) {
    biasOptions.constraint(constraint);
    return self();
  }

  @Override
  public T name(String name) {
    super.name(name);
    return self();
  }

  /**
   * The projection sublayers once built, in Keras's weight order, under Keras's attribute names: {@code
   * query_dense}, {@code key_dense}, {@code _gate_dense} (with {@code useGate}), {@code value_dense}, {@code
   * output_dense} (all but the gate with the layer's prefix).
   */
  @Override
  public Map<String, Layer> wrappedLayers() {
    Map<String, Layer> layers = new LinkedHashMap<>();
    if (queryDense != null) {
      layers.put(attributePrefix + "query_dense", queryDense);
      layers.put(attributePrefix + "key_dense", keyDense);
      if (gateDense != null) {
        layers.put("_gate_dense", gateDense);
      }
      layers.put(attributePrefix + "value_dense", valueDense);
      layers.put(attributePrefix + "output_dense", outputDense);
    }
    return layers;
  }

  // ------------------------------------------------------------------ calling

  /** {@code layer(query, value)}: attention of {@code query} over {@code value} (also the key). */
  public KerasTensor apply(KerasTensor query, KerasTensor value) {
    return apply(query, value, UnaryOperator.identity());
  }

  /** {@code layer(query, value, **options)}; with {@code returnAttentionScores}, use {@link #applyAll}. */
  public KerasTensor apply(KerasTensor query, KerasTensor value,
      UnaryOperator<MultiHeadAttention.CallOptions> options) {
    List<KerasTensor> outputs = applyAll(query, value, options);
    if (outputs.size() != 1) {
      throw new IllegalStateException(getClass().getSimpleName() + " '" + name() + "' returns [output, scores] with "
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
      Shape keyShape = c.keyGiven() ? c.key().shape() : null;
      buildSublayers(c.query().shape(), c.value().shape(), keyShape);
      buildShapes = new LinkedHashMap<>();
      buildShapes.put("query_shape", c.query().shape());
      buildShapes.put("value_shape", c.value().shape());
      if (keyShape != null) {
        buildShapes.put("key_shape", keyShape);
      }
    }
    boolean causalOnly = c.causalOnly(slidingWindow);
    KerasTensor mask = causalOnly ? null : c.combinedMask(slidingWindow);
    KerasTensor gate = gateDense == null ? null : callNested(gateDense, List.of(c.query()), training).get(0);
    KerasTensor q = callNested(queryDense, List.of(c.query()), training).get(0);
    KerasTensor k = keyValueHeads(callNested(keyDense, List.of(c.key()), training).get(0));
    KerasTensor v = keyValueHeads(callNested(valueDense, List.of(c.value()), training).get(0));
    KerasTensor[] attended = attention(q, k, v, mask, training, c.returnScores(), causalOnly);
    KerasTensor combined = gate == null ? attended[0] : Ops.multiply(attended[0], gate);
    KerasTensor output = callNested(outputDense, List.of(combined), training).get(0).withMask(c.queryMask());
    return c.returnScores() ? List.of(output, attended[1]) : List.of(output);
  }

  /**
   * Checks the shapes of the first call (the key's null when not given) and builds the sublayers with {@link
   * #projection}, handing them to {@link #sublayers}.
   */
  abstract void buildSublayers(Shape queryShape, Shape valueShape, Shape keyShape);

  /** The projected keys or values as the query heads attend to them (as projected by default). */
  KerasTensor keyValueHeads(KerasTensor projected) {
    return projected;
  }

  /** The size of a key head, whose root scales the query. */
  abstract int keyHeadSize();

  /** How many axes attention runs over. */
  abstract int attentionAxisCount();

  /** The dot products of the keys with the (scaled) queries, Keras's {@code _dot_product_equation}. */
  abstract KerasTensor dotProducts(KerasTensor key, KerasTensor scaledQuery);

  /** The values weighed by the scores, Keras's {@code _combine_equation}. */
  abstract KerasTensor combine(KerasTensor scores, KerasTensor value);

  /** The sublayers, created in this order (the gate null without {@code useGate}); the dropout layer follows. */
  final void sublayers(EinsumDense query, EinsumDense key, EinsumDense gate, EinsumDense value, EinsumDense output) {
    queryDense = query;
    keyDense = key;
    gateDense = gate;
    if (gate != null) {
      gate.activation("sigmoid");
    }
    valueDense = value;
    outputDense = output;
    dropoutLayer = seed != null ? new Dropout(dropout, seed) : new Dropout(dropout);
  }

  /**
   * An {@link EinsumDense} sublayer with this layer's weight options (a fresh copy of each initializer, as Keras
   * gives each sublayer its own), and a bias over {@code biasAxes} when the layer uses one.
   */
  final EinsumDense projection(String layerName, String equation, String biasAxes, long... outputShape) {
    return new EinsumDense(layerName, equation, outputShape)
        .biasAxes(useBias ? biasAxes : null)
        .kernelInitializer(copy(kernelOptions.initializer()))
        .biasInitializer(copy(biasOptions.initializer()))
        .kernelRegularizer(kernelOptions.regularizer())
        .biasRegularizer(biasOptions.regularizer())
        .kernelConstraint(kernelOptions.constraint())
        .biasConstraint(biasOptions.constraint());
  }

  private static Initializer copy(Initializer initializer) {
    return Initializers.deserialize(Serialization.serialize(initializer));
  }

  /** Keras's {@code _compute_attention}: the attended values and the scores (null on the fused path). */
  private KerasTensor[] attention(KerasTensor q, KerasTensor k, KerasTensor v, KerasTensor mask, boolean training,
      boolean returnScores, boolean causalOnly) {
    double scale = 1.0 / Math.sqrt(keyHeadSize());
    if (!(dropout > 0 || returnScores || q.rank() != 4)) {
      KerasTensor m = mask;
      if (m != null) {
        int axis = -attentionAxisCount() * 2 - 1;
        while (m.rank() < 4) {
          m = Ops.expandDims(m, axis);
        }
        m = Ops.cast(m, DType.BOOL);
      }
      return new KerasTensor[] {Ops.dotProductAttention(q, k, v, null, m, scale, causalOnly), null};
    }
    KerasTensor m = causalOnly ? AttentionMasks.causal(q, v) : mask;
    KerasTensor scores = AttentionMasks.maskedSoftmax(dotProducts(k, Ops.multiply(q, scale)), m,
        attentionAxisCount(), name());
    KerasTensor dropped = dropout > 0 ? callNested(dropoutLayer, List.of(scores), training).get(0) : scores;
    return new KerasTensor[] {combine(dropped, v), scores};
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

  /** The options every config of the family ends with, in Keras's order: weight options, then the seed. */
  final void putWeightOptionsAndSeed(Map<String, Object> config) {
    WeightOptions.putInitializers(config, kernelOptions, biasOptions);
    WeightOptions.putRegularizers(config, kernelOptions, biasOptions);
    config.put("activity_regularizer", null);
    WeightOptions.putConstraints(config, kernelOptions, biasOptions);
    config.put("seed", seed);
  }

  /** {@code sliding_window} of this layer's config. */
  final Integer slidingWindow() {
    return slidingWindow;
  }

  /** {@code layer} with the dropout, bias, gate, sliding window, seed and weight options of a saved config. */
  static <L extends BaseMultiHeadAttention<L>> L withSavedOptions(Config config, L layer) {
    layer.dropout(config.getDouble("dropout", 0));
    layer.useBias(config.getBoolean("use_bias", true));
    layer.useGate(config.getBoolean("use_gate", false));
    if (config.get("sliding_window") != null) {
      layer.slidingWindow(config.getInt("sliding_window", 0));
    }
    if (config.get("seed") != null) {
      layer.seed(config.getLong("seed", 0));
    }
    BaseMultiHeadAttention<L> base = layer;
    WeightOptions.readAll(config, base.kernelOptions, base.biasOptions);
    return layer;
  }
}
