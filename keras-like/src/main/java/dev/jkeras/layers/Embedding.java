package dev.jkeras.layers;

import dev.jkeras.DType;
import dev.jkeras.KerasTensor;
import dev.jkeras.Shape;
import dev.jkeras.backend.Variable;
import dev.jkeras.constraints.Constraint;
import dev.jkeras.initializers.Initializer;
import dev.jkeras.initializers.Initializers;
import dev.jkeras.initializers.RandomUniform;
import dev.jkeras.ops.Ops;
import dev.jkeras.regularizers.Regularizer;
import dev.jkeras.saving.Config;
import java.util.List;
import java.util.Map;
import org.tensorflow.ndarray.NdArray;

/**
 * Turns integer indices in {@code [0, inputDim)} into dense vectors of size {@code outputDim}: row
 * {@code i} of the {@code (inputDim, outputDim)} weight {@code embeddings} for index {@code i}.
 * Inputs of shape {@code (batch, ...)} give outputs of shape {@code (batch, ..., outputDim)};
 * non-integer inputs are cast to int32, as Keras does.
 *
 * <p>With {@code maskZero(true)}, index 0 is padding: the output carries the mask
 * {@code inputs != 0} ({@link KerasTensor#mask()}), which layers that support masking pass on and
 * recurrent layers honour by skipping the padded time steps, as in Keras.
 */
public class Embedding extends Layer {
  private final int inputDim;
  private final int outputDim;
  private final WeightOptions embeddingsOptions = new WeightOptions(this, "embeddings", new RandomUniform());
  private boolean maskZero;

  private Variable embeddings;
  private Variable embeddingsScale;
  private int loraRank;
  private Integer loraAlpha;
  private LoraAdapter lora;
  /** Saved in the int8 {@code quantization_config} as Keras does; an Embedding does not quantize its (integer) inputs. */
  private QuantizedPolicies.InputQuantizer savedInputsQuantizer = QuantizedPolicies.InputQuantizer.DEFAULT;

  public Embedding(int inputDim, int outputDim) {
    if (inputDim <= 0) {
      throw new IllegalArgumentException("Embedding inputDim must be a positive integer, got " + inputDim);
    }
    if (outputDim <= 0) {
      throw new IllegalArgumentException("Embedding outputDim must be a positive integer, got " + outputDim);
    }
    this.inputDim = inputDim;
    this.outputDim = outputDim;
  }

  public int inputDim() {
    return inputDim;
  }

  public int outputDim() {
    return outputDim;
  }

  public boolean maskZero() {
    return maskZero;
  }

  /** Whether index 0 is padding, masked out for later layers (see {@link #computeMask}). */
  public Embedding maskZero(boolean maskZero) {
    checkNotBuilt("maskZero");
    this.maskZero = maskZero;
    return this;
  }

  /** Default {@code "uniform"}: {@code RandomUniform(-0.05, 0.05)}. */
  public Embedding embeddingsInitializer(Initializer initializer) {
    embeddingsOptions.initializer(initializer);
    return this;
  }

  public Embedding embeddingsInitializer(String name) {
    return embeddingsInitializer(Initializers.get(name));
  }

  public Embedding embeddingsRegularizer(Regularizer regularizer) {
    embeddingsOptions.regularizer(regularizer);
    return this;
  }

  public Embedding embeddingsConstraint(Constraint constraint) {
    embeddingsOptions.constraint(constraint);
    return this;
  }

  @Override
  public Embedding name(String name) {
    super.name(name);
    return this;
  }

  /**
   * Keras's {@code lora_rank}: when built, {@code embeddings} is frozen and LoRA's trainable
   * {@code lora_embeddings_a} {@code (input_dim, rank)} and {@code lora_embeddings_b} {@code (rank, output_dim)}
   * are added, the table used being {@code embeddings + (lora_alpha / rank) * (a @ b)}. As Keras's Embedding,
   * the build enables LoRA with the rank alone, so {@code lora_alpha} becomes the rank.
   */
  public Embedding loraRank(int rank) {
    checkNotBuilt("loraRank");
    this.loraRank = LoraAdapter.checkRank(rank);
    return this;
  }

  /** Keras's {@code lora_alpha} (saved in the config; Keras's Embedding build resets it to the rank). */
  public Embedding loraAlpha(int alpha) {
    checkNotBuilt("loraAlpha");
    this.loraAlpha = alpha;
    return this;
  }

  /** Whether the layer was built with LoRA (Keras's {@code lora_enabled}). */
  public boolean loraEnabled() {
    return lora != null;
  }

  /** Keras's {@code lora_rank}, 0 without LoRA. */
  public int loraRank() {
    return lora != null ? lora.rank() : loraRank;
  }

  /** Keras's {@code lora_alpha}: the rank once built, as Keras's Embedding; null without LoRA. */
  public Integer loraAlpha() {
    return lora != null ? Integer.valueOf(lora.alpha()) : loraRank > 0 ? (loraAlpha != null ? loraAlpha : loraRank) : null;
  }

  /**
   * Keras's {@code enable_lora(rank)}, with its errors: an embeddings constraint, an unbuilt layer, LoRA
   * enabled already; a rank below 1 is refused. jkeras creates the adapter while building, so on a built
   * layer without LoRA it fails, naming {@link #loraRank(int)}.
   */
  public void enableLora(int rank) {
    LoraAdapter.checkNoConstraint(embeddingsOptions, "embeddings");
    LoraAdapter.checkEnable(this, lora != null, rank);
    throw LoraAdapter.builtRefusal(this, rank);
  }

  @Override
  public Embedding inputShape(int... shape) {
    super.inputShape(shape);
    return this;
  }

  @Override
  protected void build(Shape inputShape) {
    if ("int8".equals(quantizationMode())) {
      embeddings = addWeight("embeddings", Shape.of(inputDim, outputDim), DType.INT8, Int8Layers.ZEROS, false);
      embeddingsScale = addWeight("embeddings_scale", Shape.of(inputDim), DType.FLOAT32, Initializers.ones(), false);
    } else if (loraRank > 0) {
      LoraAdapter.checkNoConstraint(embeddingsOptions, "embeddings");
      embeddings = embeddingsOptions.addNonTrainableWeight("embeddings", Shape.of(inputDim, outputDim));
    } else {
      embeddings = embeddingsOptions.addWeight("embeddings", Shape.of(inputDim, outputDim));
    }
    if (loraRank > 0) {
      if (embeddingsScale != null) {
        throw LoraAdapter.int8Refusal(this);
      }
      lora = new LoraAdapter(loraRank, loraRank);
      lora.build(this, "lora_embeddings", Shape.of(inputDim, outputDim), embeddingsOptions.regularizer());
    }
  }

  /** Keras's order: {@code embeddings, lora_embeddings_a, lora_embeddings_b} (creation order). */
  @Override
  public List<Variable> weights() {
    return lora == null ? super.weights() : List.of(embeddings, lora.a(), lora.b());
  }

  @Override
  public List<Variable> ownVariables() {
    return lora == null ? super.ownVariables() : weights();
  }

  /** Keras's {@code save_own_variables}: {@code embeddings}, with LoRA's update merged into it. */
  @Override
  public List<Variable> savedVariables() {
    return lora == null ? super.savedVariables() : List.of(embeddings);
  }

  @Override
  public List<NdArray<?>> savedValues() {
    return lora == null ? super.savedValues() : List.of(lora.mergedValue(embeddings.read()));
  }

  /** Keras's {@code load_own_variables}: the loaded table holds the update, LoRA's weights start again from zero. */
  @Override
  public void afterLoad() {
    if (lora != null) {
      lora.zero();
    }
  }

  @Override
  public void checkQuantizable(String mode) {
    if (lora != null) {
      throw LoraAdapter.int8Refusal(this);
    }
  }

  @Override
  public boolean supportsQuantization(String mode) {
    return "int8".equals(mode) && getClass() == Embedding.class;
  }

  /** Keras's int8 {@code quantize}: one scale per row (index), Keras's {@code axis=-1}. */
  @Override
  protected List<NdArray<?>> quantizedValues(String mode) {
    Int8Weights q = Int8Weights.of(embeddings.read(), false);
    return List.of(q.values(), q.scale());
  }

  @Override
  public void resetBuild() {
    super.resetBuild();
    lora = null;
    embeddings = null;
    embeddingsScale = null;
  }

  @Override
  protected KerasTensor call(KerasTensor inputs, boolean training) {
    KerasTensor indices = inputs.dtype() == DType.INT32 || inputs.dtype() == DType.INT64
        ? inputs : Ops.cast(inputs, DType.INT32);
    if (embeddingsScale == null) {
      return Ops.take(lora != null ? lora.merged(embeddings.value()) : embeddings.value(), indices);
    }
    // Keras's _int8_call: the int8 rows over their scales.
    KerasTensor scale = Ops.take(embeddingsScale.value(), indices);
    return Ops.divide(Ops.cast(Ops.take(embeddings.value(), indices), DType.FLOAT32), Ops.expandDims(scale, -1));
  }

  /** The mask Keras's {@code compute_mask} gives: {@code inputs != 0} with {@code maskZero}, else null. */
  public KerasTensor computeMask(KerasTensor inputs) {
    if (!maskZero) {
      return null;
    }
    return Ops.notEqual(inputs, Ops.scalar(0, inputs.dtype()));
  }

  /** The output mask: {@code inputs != 0} with {@code maskZero}, else none (an earlier mask is not passed on). */
  @Override
  public KerasTensor computeMask(KerasTensor inputs, KerasTensor previousMask) {
    return computeMask(inputs);
  }

  public static Embedding fromConfig(Config config) {
    Embedding layer = new Embedding(config.getInt("input_dim", 0), config.getInt("output_dim", 0));
    layer.embeddingsOptions.readFrom(config);
    layer.maskZero(config.getBoolean("mask_zero", false));
    int rank = LoraAdapter.rankOf(config);
    if (rank != 0) {
      layer.loraRank(rank);
      layer.loraAlpha(LoraAdapter.alphaOf(config, rank));
    }
    layer.savedInputsQuantizer = QuantizedPolicies.inputQuantizerOf(config, config.getString("name", layer.name()));
    return layer;
  }

  @Override
  public Map<String, Object> getConfig() {
    Map<String, Object> config = super.getConfig();
    config.put("input_dim", inputDim);
    config.put("output_dim", outputDim);
    WeightOptions.putInitializers(config, embeddingsOptions);
    WeightOptions.putRegularizers(config, embeddingsOptions);
    config.put("activity_regularizer", null);
    WeightOptions.putConstraints(config, embeddingsOptions);
    config.put("mask_zero", maskZero);
    config.put("quantization_config",
        quantizationMode() == null ? null : QuantizedPolicies.int8Config(savedInputsQuantizer));
    if (loraRank() > 0) {
      config.put("lora_rank", loraRank());
      config.put("lora_alpha", loraAlpha());
    }
    return config;
  }
}
