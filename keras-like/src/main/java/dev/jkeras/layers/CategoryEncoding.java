package dev.jkeras.layers;

import dev.jkeras.DType;
import dev.jkeras.KerasTensor;
import dev.jkeras.saving.Config;
import java.util.Map;

/**
 * Encodes integer categories in {@code [0, num_tokens)} as Keras's {@code CategoryEncoding}:
 * {@code "multi_hot"} (default; one vector per sample with 1 at each category it holds),
 * {@code "one_hot"} (one vector per element) or {@code "count"} (how often each category occurs).
 */
public class CategoryEncoding extends PreprocessingLayer {
  private final int numTokens;
  private String outputMode = "multi_hot";

  public CategoryEncoding(int numTokens) {
    if (numTokens < 1) {
      throw new IllegalArgumentException("`num_tokens` must be >= 1. Received: num_tokens=" + numTokens + ".");
    }
    this.numTokens = numTokens;
  }

  public CategoryEncoding(int numTokens, String outputMode) {
    this(numTokens);
    outputMode(outputMode);
  }

  /** {@code "multi_hot"} (default), {@code "one_hot"} or {@code "count"}. */
  public CategoryEncoding outputMode(String outputMode) {
    checkNotBuilt("output_mode");
    String mode = "binary".equals(outputMode) ? "multi_hot" : outputMode;
    if (!CategoricalOutputs.ENCODINGS.contains(mode)) {
      throw new IllegalArgumentException("Unknown arg for output_mode: " + outputMode + ". Expected one of "
          + CategoricalOutputs.ENCODINGS);
    }
    this.outputMode = mode;
    return this;
  }

  /** Only {@code false}: jkeras has no sparse tensors. */
  public CategoryEncoding sparse(boolean sparse) {
    denseOnly(sparse);
    return this;
  }

  @Override
  protected KerasTensor call(KerasTensor inputs, boolean training) {
    if (inputs.dtype() == DType.STRING) {
      throw new IllegalArgumentException("Layer '" + name() + "' (CategoryEncoding) encodes integer categories, got "
          + "strings; map them to integers first with StringLookup");
    }
    return CategoricalOutputs.encode(inputs, outputMode, numTokens, DType.FLOAT32);
  }

  public static CategoryEncoding fromConfig(Config config) {
    if (!config.has("num_tokens")) {
      throw new IllegalArgumentException("num_tokens must be set to use this layer. If the number of tokens is not "
          + "known beforehand, use the IntegerLookup layer instead.");
    }
    CategoryEncoding layer = new CategoryEncoding(config.getInt("num_tokens", 0),
        config.getString("output_mode", "multi_hot"));
    layer.sparse(config.getBoolean("sparse", false));
    layer.applyBaseConfig(config);
    return layer;
  }

  @Override
  public Map<String, Object> getConfig() {
    Map<String, Object> config = super.getConfig();
    config.put("num_tokens", numTokens);
    config.put("output_mode", outputMode);
    return config;
  }
}
