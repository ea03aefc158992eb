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
public class Embedding extends Layer implements LoraLayer {
  private final int inputDim;
  private final int outputDim;
  private final WeightOptions embeddingsOptions = new WeightOptions(this, "embeddings", new RandomUniform());
  private boolean maskZero;

  private Variable embeddings;
  private Variable embeddingsScale;
  private final LoraOptions lora = new LoraOptions(this, embeddingsOptions, () -> embeddings, false);
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
   * the build enables LoRA with the rank alone, so {@code lora_alpha} becomes the rank. On a built layer,
   * {@link #enableLora(int)}.
   */
  public Embedding loraRank(int rank) {
    lora.rank(rank);
    return this;
  }

  /** Keras's {@code lora_alpha} (saved in the config; Keras's Embedding build resets it to the rank). */
  public Embedding loraAlpha(int alpha) {
    lora.alpha(alpha);
    return this;
  }

  @Override
  public LoraOptions loraOptions() {
    return lora;
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
    } else {
      lora.checkBuild();
      embeddings = embeddingsOptions.addWeight("embeddings", Shape.of(inputDim, outputDim));
    }
    lora.build();
  }

  /** Keras's saving order ({@code embeddings}, when quantized {@code embeddings_scale}), then LoRA's weights. */
  @Override
  public List<Variable> ownVariables() {
    return lora.enabled() ? lora.withAdapter(savedVariables()) : super.ownVariables();
  }

  /** Keras's {@code save_own_variables}: {@code embeddings} and, when quantized, {@code embeddings_scale}. */
  @Override
  public List<Variable> savedVariables() {
    if (!lora.enabled()) {
      return super.savedVariables();
    }
    return embeddingsScale == null ? List.of(embeddings) : List.of(embeddings, embeddingsScale);
  }

  /**
   * Keras's {@code _get_embeddings_with_merged_lora}: the table with LoRA's update merged into it; an int8
   * table is dequantized, merged and quantized again (new row scales).
   */
  @Override
  public List<NdArray<?>> savedValues() {
    LoraAdapter adapter = lora.adapter();
    if (adapter == null) {
      return super.savedValues();
    }
    if (embeddingsScale == null) {
      return List.of(adapter.mergedValue(embeddings.read()));
    }
    Int8Weights q = Int8Weights.of(adapter.mergedValue(Int8Weights.dequantize(embeddings.read(),
        embeddingsScale.read(), false)), false);
    return List.of(q.values(), q.scale());
  }

  @Override
  public void afterLoad() {
    lora.afterLoad();
  }

  @Override
  public boolean supportsQuantization(String mode) {
    return "int8".equals(mode) && getClass() == Embedding.class;
  }

  /** Keras's int8 {@code quantize}: one scale per row (index), Keras's {@code axis=-1}. */
  @Override
  protected List<NdArray<?>> quantizedValues(String mode) {
    Int8Weights q = Int8Weights.of(embeddings.read(), false);
    return lora.withAdapterValues(List.of(q.values(), q.scale()));
  }

  @Override
  public void resetBuild() {
    super.resetBuild();
    lora.reset();
    embeddings = null;
    embeddingsScale = null;
  }

  @Override
  protected KerasTensor call(KerasTensor inputs, boolean training) {
    KerasTensor indices = inputs.dtype() == DType.INT32 || inputs.dtype() == DType.INT64
        ? inputs : Ops.cast(inputs, DType.INT32);
    if (embeddingsScale == null) {
      return Ops.take(lora.merged(embeddings.value()), indices);
    }
    // Keras's _int8_call: the int8 rows over their scales, plus LoRA's rows in float32.
    KerasTensor scale = Ops.take(embeddingsScale.value(), indices);
    KerasTensor rows = Ops.divide(Ops.cast(Ops.take(embeddings.value(), indices), DType.FLOAT32),
        Ops.expandDims(scale, -1));
    return lora.enabled() ? Ops.add(rows, Ops.take(lora.adapter().delta(), indices)) : rows;
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
    layer.lora.readConfig(config);
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
    lora.putConfig(config);
    return config;
  }
}
