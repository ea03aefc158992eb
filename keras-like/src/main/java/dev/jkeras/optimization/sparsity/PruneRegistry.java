package dev.jkeras.optimization.sparsity;

import dev.jkeras.backend.Variable;
import dev.jkeras.layers.Activation;
import dev.jkeras.layers.ActivityRegularization;
import dev.jkeras.layers.Add;
import dev.jkeras.layers.AlphaDropout;
import dev.jkeras.layers.Average;
import dev.jkeras.layers.AveragePooling1D;
import dev.jkeras.layers.AveragePooling2D;
import dev.jkeras.layers.AveragePooling3D;
import dev.jkeras.layers.BatchNormalization;
import dev.jkeras.layers.Concatenate;
import dev.jkeras.layers.Conv1D;
import dev.jkeras.layers.Conv2D;
import dev.jkeras.layers.Conv2DTranspose;
import dev.jkeras.layers.Conv3D;
import dev.jkeras.layers.Conv3DTranspose;
import dev.jkeras.layers.Cropping1D;
import dev.jkeras.layers.Cropping2D;
import dev.jkeras.layers.Cropping3D;
import dev.jkeras.layers.Dense;
import dev.jkeras.layers.DepthwiseConv2D;
import dev.jkeras.layers.Dot;
import dev.jkeras.layers.Dropout;
import dev.jkeras.layers.ELU;
import dev.jkeras.layers.Embedding;
import dev.jkeras.layers.Flatten;
import dev.jkeras.layers.GaussianDropout;
import dev.jkeras.layers.GRU;
import dev.jkeras.layers.GaussianNoise;
import dev.jkeras.layers.GlobalAveragePooling1D;
import dev.jkeras.layers.GlobalAveragePooling2D;
import dev.jkeras.layers.GlobalAveragePooling3D;
import dev.jkeras.layers.GlobalMaxPooling1D;
import dev.jkeras.layers.GlobalMaxPooling2D;
import dev.jkeras.layers.GlobalMaxPooling3D;
import dev.jkeras.layers.LSTM;
import dev.jkeras.layers.Lambda;
import dev.jkeras.layers.Layer;
import dev.jkeras.layers.LayerNormalization;
import dev.jkeras.layers.LeakyReLU;
import dev.jkeras.layers.Masking;
import dev.jkeras.layers.MaxPooling1D;
import dev.jkeras.layers.MaxPooling2D;
import dev.jkeras.layers.MaxPooling3D;
import dev.jkeras.layers.Maximum;
import dev.jkeras.layers.Minimum;
import dev.jkeras.layers.Multiply;
import dev.jkeras.layers.Permute;
import dev.jkeras.layers.ReLU;
import dev.jkeras.layers.RepeatVector;
import dev.jkeras.layers.Rescaling;
import dev.jkeras.layers.Reshape;
import dev.jkeras.layers.SeparableConv1D;
import dev.jkeras.layers.SeparableConv2D;
import dev.jkeras.layers.SimpleRNN;
import dev.jkeras.layers.Softmax;
import dev.jkeras.layers.SpatialDropout1D;
import dev.jkeras.layers.SpatialDropout2D;
import dev.jkeras.layers.SpatialDropout3D;
import dev.jkeras.layers.Subtract;
import dev.jkeras.layers.UpSampling1D;
import dev.jkeras.layers.UpSampling2D;
import dev.jkeras.layers.UpSampling3D;
import dev.jkeras.layers.ZeroPadding1D;
import dev.jkeras.layers.ZeroPadding2D;
import dev.jkeras.layers.ZeroPadding3D;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The built-in layers {@link PruneLowMagnitude} can wrap and the weights it prunes in each, as
 * tfmot's {@code PruneRegistry}: the kernels of Dense and the convolutions (pointwise for separable
 * ones), Embedding's embeddings, the kernel and recurrent kernel of SimpleRNN, LSTM and GRU, and no weights for layers that have none
 * worth pruning (activations, pooling, reshaping, dropout, normalization, merging). The class must
 * match exactly, as in tfmot; a subclass or another layer needs to implement {@link PrunableLayer}.
 */
public final class PruneRegistry {
  private static final Map<Class<? extends Layer>, List<String>> WEIGHTS = Map.ofEntries(
      Map.entry(ELU.class, List.of()), Map.entry(LeakyReLU.class, List.of()), Map.entry(ReLU.class, List.of()),
      Map.entry(Softmax.class, List.of()),
      Map.entry(Conv1D.class, List.of("kernel")), Map.entry(Conv2D.class, List.of("kernel")),
      Map.entry(Conv2DTranspose.class, List.of("kernel")), Map.entry(Conv3D.class, List.of("kernel")),
      Map.entry(Conv3DTranspose.class, List.of("kernel")),
      Map.entry(Cropping1D.class, List.of()), Map.entry(Cropping2D.class, List.of()),
      Map.entry(Cropping3D.class, List.of()), Map.entry(DepthwiseConv2D.class, List.of()),
      Map.entry(SeparableConv1D.class, List.of("pointwise_kernel")),
      Map.entry(SeparableConv2D.class, List.of("pointwise_kernel")),
      Map.entry(UpSampling1D.class, List.of()), Map.entry(UpSampling2D.class, List.of()),
      Map.entry(UpSampling3D.class, List.of()), Map.entry(ZeroPadding1D.class, List.of()),
      Map.entry(ZeroPadding2D.class, List.of()), Map.entry(ZeroPadding3D.class, List.of()),
      Map.entry(Activation.class, List.of()), Map.entry(ActivityRegularization.class, List.of()),
      Map.entry(Dense.class, List.of("kernel")), Map.entry(Dropout.class, List.of()),
      Map.entry(Flatten.class, List.of()), Map.entry(Lambda.class, List.of()), Map.entry(Masking.class, List.of()),
      Map.entry(Permute.class, List.of()), Map.entry(RepeatVector.class, List.of()),
      Map.entry(Reshape.class, List.of()), Map.entry(SpatialDropout1D.class, List.of()),
      Map.entry(SpatialDropout2D.class, List.of()), Map.entry(SpatialDropout3D.class, List.of()),
      Map.entry(Embedding.class, List.of("embeddings")),
      Map.entry(Add.class, List.of()), Map.entry(Average.class, List.of()), Map.entry(Concatenate.class, List.of()),
      Map.entry(Dot.class, List.of()), Map.entry(Maximum.class, List.of()), Map.entry(Minimum.class, List.of()),
      Map.entry(Multiply.class, List.of()), Map.entry(Subtract.class, List.of()),
      Map.entry(AlphaDropout.class, List.of()), Map.entry(GaussianDropout.class, List.of()),
      Map.entry(GaussianNoise.class, List.of()), Map.entry(BatchNormalization.class, List.of()),
      Map.entry(LayerNormalization.class, List.of()), Map.entry(Rescaling.class, List.of()),
      Map.entry(AveragePooling1D.class, List.of()), Map.entry(AveragePooling2D.class, List.of()),
      Map.entry(AveragePooling3D.class, List.of()), Map.entry(GlobalAveragePooling1D.class, List.of()),
      Map.entry(GlobalAveragePooling2D.class, List.of()), Map.entry(GlobalAveragePooling3D.class, List.of()),
      Map.entry(GlobalMaxPooling1D.class, List.of()), Map.entry(GlobalMaxPooling2D.class, List.of()),
      Map.entry(GlobalMaxPooling3D.class, List.of()), Map.entry(MaxPooling1D.class, List.of()),
      Map.entry(MaxPooling2D.class, List.of()), Map.entry(MaxPooling3D.class, List.of()),
      // tfmot's _RNN_CELLS_WEIGHTS_MAP: the cells of these layers have a kernel and a recurrent kernel.
      Map.entry(SimpleRNN.class, List.of("kernel", "recurrent_kernel")),
      Map.entry(LSTM.class, List.of("kernel", "recurrent_kernel")),
      Map.entry(GRU.class, List.of("kernel", "recurrent_kernel")));

  private PruneRegistry() {}

  /** True when {@code layer}'s class (exactly) is a built-in layer tfmot knows how to prune. */
  public static boolean supports(Layer layer) {
    return layer != null && WEIGHTS.containsKey(layer.getClass());
  }

  /** The names of the weights pruned in {@code layer}, empty for a layer the registry does not know. */
  static List<String> prunableNames(Layer layer) {
    return WEIGHTS.getOrDefault(layer.getClass(), List.of());
  }

  /** The weights of the built layer {@code layer} that are pruned, in the registry's order. */
  static List<Variable> prunableWeights(Layer layer) {
    List<String> names = WEIGHTS.get(layer.getClass());
    List<Variable> found = new ArrayList<>();
    for (String name : names) {
      Variable weight = layer.weights().stream().filter(v -> v.name().endsWith("/" + name)).findFirst()
          .orElseThrow(() -> new IllegalStateException("Layer '" + layer.name() + "' (" + layer.getClass()
              .getSimpleName() + ") has no weight '" + name + "' to prune; its weights are " + layer.weights()));
      found.add(weight);
    }
    return found;
  }
}
