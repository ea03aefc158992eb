package dev.jkeras.layers;

import dev.jkeras.DType;
import dev.jkeras.KerasTensor;
import dev.jkeras.Shape;
import dev.jkeras.backend.Variable;
import dev.jkeras.initializers.Initializers;
import dev.jkeras.ops.Ops;
import dev.jkeras.saving.Config;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.UnaryOperator;

/**
 * Dot-product attention (Luong-style), as Keras's {@code Attention}: called on {@code [query,
 * value]} or {@code [query, value, key]} of shapes {@code (batch, Tq, dim)} and {@code (batch, Tv,
 * dim)}, it returns {@code softmax(scores(query, key)) · value}, {@code (batch, Tq, dim)}. {@code
 * scoreMode("dot")} scores {@code query · key} (times a learned {@code scale} with {@code
 * useScale}), {@code "concat"} scores {@code sum(tanh(query + key))}. The value's mask hides
 * padded keys, the query's mask zeroes padded outputs and is the output's mask.
 *
 * <pre>{@code
 * KerasTensor y = new Attention().apply(List.of(query, value));
 * List<KerasTensor> both = attention.applyAll(List.of(query, value),
 *     call -> call.useCausalMask(true).returnAttentionScores(true));   // [output, scores (batch, Tq, Tv)]
 * }</pre>
 */
public class Attention extends Layer {
  private boolean useScale;
  private String scoreMode = "dot";
  private double dropout;
  private Long seed;
  protected Variable scale;
  private Variable concatScoreWeight;

  public Attention() {}

  /** Learns a scalar scale of the scores. */
  public Attention useScale(boolean useScale) {
    checkNotBuilt("useScale");
    this.useScale = useScale;
    return this;
  }

  public boolean useScale() {
    return useScale;
  }

  /** {@code "dot"} (default) or {@code "concat"}. */
  public Attention scoreMode(String mode) {
    checkNotBuilt("scoreMode");
    if (!"dot".equals(mode) && !"concat".equals(mode)) {
      throw new IllegalArgumentException("Invalid value for argument score_mode. Expected one of {'dot', 'concat'}. "
          + "Received: score_mode=" + mode);
    }
    this.scoreMode = mode;
    return this;
  }

  public String scoreMode() {
    return scoreMode;
  }

  /** The dropout rate on the attention distribution, while training. */
  public Attention dropout(double rate) {
    checkNotBuilt("dropout");
    if (!(rate >= 0 && rate < 1)) {
      throw new IllegalArgumentException(getClass().getSimpleName() + " dropout must be in [0, 1), got " + rate);
    }
    this.dropout = rate;
    return this;
  }

  public double dropout() {
    return dropout;
  }

  public Attention seed(long seed) {
    checkNotBuilt("seed");
    this.seed = seed;
    return this;
  }

  @Override
  public Attention name(String name) {
    super.name(name);
    return this;
  }

  // ------------------------------------------------------------------ calling

  /** The keyword arguments of one call: {@code use_causal_mask}, {@code return_attention_scores}. */
  public static final class CallOptions {
    private boolean useCausalMask;
    private boolean returnAttentionScores;

    /** Lets query position {@code i} attend only to key positions {@code j <= i}. */
    public CallOptions useCausalMask(boolean use) {
      this.useCausalMask = use;
      return this;
    }

    /** Also returns the attention scores {@code (batch, Tq, Tv)}. */
    public CallOptions returnAttentionScores(boolean scores) {
      this.returnAttentionScores = scores;
      return this;
    }
  }

  /** {@code layer([query, value, (key)], **options)}: the output, then the scores when asked for. */
  public List<KerasTensor> applyAll(List<KerasTensor> inputs, UnaryOperator<CallOptions> options) {
    CallOptions o = options.apply(new CallOptions());
    Map<String, Object> flags = new LinkedHashMap<>();
    if (o.returnAttentionScores) {
      flags.put("return_attention_scores", true);
    }
    if (o.useCausalMask) {
      flags.put("use_causal_mask", true);
    }
    return applyAll(inputs, currentTraining(), new CallArguments(Math.max(1, inputs.size()), false, List.of(), flags));
  }

  @Override
  protected void build(List<Shape> inputShapes) {
    validate(inputShapes.size());
    if (useScale) {
      scale = addWeight("scale", Shape.of(), Initializers.ones(), true);
    }
    if ("concat".equals(scoreMode)) {
      concatScoreWeight = addWeight("concat_score_weight", Shape.of(), Initializers.ones(), true);
    }
  }

  private void validate(int count) {
    if (count < 2 || count > 3) {
      throw new IllegalArgumentException(getClass().getSimpleName() + " layer accepts inputs list of length 2 or 3, "
          + "namely [query, value] or [query, value, key]. Received length: " + count + ".");
    }
  }

  /** The scores {@code (batch, Tq, Tv)} of {@code query} against {@code key}. */
  protected KerasTensor scores(KerasTensor query, KerasTensor key) {
    if ("dot".equals(scoreMode)) {
      KerasTensor scores = Ops.einsum("...qd,...vd->...qv", query, key);
      return scale != null ? Ops.multiply(scores, scale.value()) : scores;
    }
    KerasTensor sum = Ops.add(Ops.expandDims(query, -2), Ops.expandDims(key, -3));
    if (scale != null) {
      sum = Ops.multiply(scale.value(), sum);
    }
    return Ops.multiply(concatScoreWeight.value(), Ops.sum(Ops.tanh(sum), -1));
  }

  @Override
  protected List<KerasTensor> call(List<KerasTensor> inputs, boolean training) {
    return call(inputs, training, CallArguments.positional(inputs.size()));
  }

  @Override
  protected List<KerasTensor> call(List<KerasTensor> inputs, boolean training, CallArguments arguments) {
    validate(inputs.size());
    if (!arguments.tensorKeywords().isEmpty()) {
      throw new IllegalArgumentException("Layer \"" + name() + "\" (" + getClass().getSimpleName() + ") takes its "
          + "tensors as one list [query, value, key], got keyword tensors " + arguments.tensorKeywords());
    }
    KerasTensor q = Ops.cast(inputs.get(0), DType.FLOAT32);
    KerasTensor v = Ops.cast(inputs.get(1), DType.FLOAT32);
    KerasTensor k = inputs.size() > 2 ? Ops.cast(inputs.get(2), DType.FLOAT32) : v;
    KerasTensor queryMask = inputs.get(0).mask();
    KerasTensor valueMask = inputs.get(1).mask();
    KerasTensor scores = scores(q, k);
    KerasTensor scoresMask = valueMask == null ? null : Ops.expandDims(Ops.cast(valueMask, DType.BOOL), -2);
    if (arguments.flag("use_causal_mask", false)) {
      KerasTensor ones = Ops.add(Ops.zeros(Ops.shape(scores), DType.INT32), 1L);
      KerasTensor causal = Ops.greaterEqual(Ops.subtract(Ops.cumsum(ones, -2), Ops.cumsum(ones, -1)), 0.0);
      scoresMask = scoresMask == null ? causal : Ops.logicalAnd(scoresMask, causal);
    }
    if (scoresMask != null) {
      scores = Ops.where(scoresMask, scores, Ops.subtract(scores, 1.0e9));
    }
    KerasTensor weights = Ops.softmax(scores, -1);
    if (training && dropout > 0) {
      KerasTensor noise = Ops.randomUniform(Ops.shape(weights), 0, 1, weights.dtype(), seed == null ? 0 : seed);
      weights = Ops.multiply(weights, Ops.divide(Ops.cast(Ops.greaterEqual(noise, dropout), weights.dtype()),
          1 - dropout));
    }
    KerasTensor output = Ops.einsum("...qv,...vd->...qd", weights, v);
    if (queryMask != null) {
      output = Ops.where(Ops.expandDims(Ops.cast(queryMask, DType.BOOL), -1), output, Ops.scalar(0, output.dtype()));
    }
    output = output.withMask(queryMask);
    return arguments.flag("return_attention_scores", false) ? List.of(output, weights) : List.of(output);
  }

  /** The query's mask, as Keras's {@code Attention.compute_mask}. */
  @Override
  public KerasTensor computeMask(List<KerasTensor> inputs, List<KerasTensor> masks) {
    return masks.get(0);
  }

  // ------------------------------------------------------------------ serialization

  @Override
  public Map<String, Object> getConfig() {
    Map<String, Object> config = super.getConfig();
    config.put("use_scale", useScale);
    config.put("score_mode", scoreMode);
    config.put("dropout", dropout);
    config.put("seed", seed);
    return config;
  }

  /** Restores the options this class saves, for it and its subclasses. */
  protected static <T extends Attention> T readConfig(T layer, Config config) {
    layer.useScale(config.getBoolean("use_scale", layer.useScale()));
    layer.dropout(config.getDouble("dropout", 0));
    if (config.get("seed") != null) {
      layer.seed(config.getLong("seed", 0));
    }
    return layer;
  }

  public static Attention fromConfig(Config config) {
    Attention layer = readConfig(new Attention(), config);
    return layer.scoreMode(config.getString("score_mode", "dot"));
  }
}
