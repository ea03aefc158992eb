package dev.jkeras.samples;

import dev.jkeras.KerasTensor;
import dev.jkeras.Shape;
import dev.jkeras.backend.Variable;
import dev.jkeras.initializers.Initializers;
import dev.jkeras.layers.Layer;
import dev.jkeras.ops.Ops;
import dev.jkeras.saving.Config;
import dev.jkeras.saving.RegisterSerializable;
import java.util.Map;

/**
 * Adds a learned embedding of each position to a sequence of token embeddings, as the position half
 * of the Keras examples' {@code TokenAndPositionEmbedding}: {@code x + positions[arange(T)]}, where
 * {@code positions} is a {@code (sequenceLength, outputDim)} weight. The tokens' mask passes through.
 */
@RegisterSerializable
public final class PositionEmbedding extends Layer {
  private final int sequenceLength;
  private final int outputDim;
  private Variable positions;

  public PositionEmbedding(int sequenceLength, int outputDim) {
    if (sequenceLength <= 0 || outputDim <= 0) {
      throw new IllegalArgumentException("PositionEmbedding needs a positive sequence length and output size, got "
          + sequenceLength + " and " + outputDim);
    }
    this.sequenceLength = sequenceLength;
    this.outputDim = outputDim;
  }

  @Override
  protected void build(Shape inputShape) {
    if (inputShape.rank() != 3 || inputShape.get(1) == Shape.UNKNOWN || inputShape.get(1) > sequenceLength
        || inputShape.get(2) != outputDim) {
      throw new IllegalArgumentException("Layer \"" + name() + "\" (PositionEmbedding) expects (batch, steps <= "
          + sequenceLength + ", " + outputDim + ") embeddings, got shape " + inputShape);
    }
    positions = addWeight("embeddings", Shape.of(sequenceLength, outputDim), Initializers.get("uniform"), true);
  }

  @Override
  public boolean supportsMasking() {
    return true;
  }

  @Override
  protected KerasTensor call(KerasTensor inputs, boolean training) {
    KerasTensor steps = Ops.arange(inputs.shape().get(1));
    return Ops.add(inputs, Ops.take(positions.value(), steps, 0));
  }

  @Override
  public Map<String, Object> getConfig() {
    Map<String, Object> config = super.getConfig();
    config.put("sequence_length", sequenceLength);
    config.put("output_dim", outputDim);
    return config;
  }

  public static PositionEmbedding fromConfig(Config config) {
    return new PositionEmbedding(config.getInt("sequence_length", 0), config.getInt("output_dim", 0));
  }
}
