package dev.jkeras.optimization.sparsity;

import dev.jkeras.DType;
import dev.jkeras.KerasTensor;
import dev.jkeras.KerasVariable;
import dev.jkeras.Shape;
import dev.jkeras.backend.Variable;
import dev.jkeras.initializers.Initializers;
import dev.jkeras.layers.Layer;
import dev.jkeras.layers.Wrapper;
import dev.jkeras.ops.Ops;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import org.tensorflow.ndarray.FloatNdArray;
import org.tensorflow.ndarray.NdArrays;

/**
 * Magnitude pruning of a layer's weights during training, as tfmot's {@code PruneLowMagnitude}
 * wrapper ({@code tfmot.sparsity.keras.prune_low_magnitude(layer, pruning_schedule, block_size,
 * block_pooling_type)}). For each prunable weight (Dense and convolution kernels, see {@link
 * PruneRegistry}) it keeps a {@code mask} (ones at first) and a {@code threshold}, and one int64
 * {@code pruning_step} (-1 until {@link UpdatePruningStep} sets it to 0).
 *
 * <p>Each training step, in the step's one session run, as tfmot's {@code call}: {@code pruning_step}
 * grows by one (the step fails with tfmot's message when it is below 1: the callback is missing);
 * when the schedule says to prune at that step, the mask is recomputed from the weight's current
 * magnitudes for the schedule's sparsity ({@link MagnitudeMask}); the weight is assigned {@code
 * weight * mask}, and the wrapped layer computes with it. The gradient reaches every element (the
 * pruned ones too, as in tfmot) and the optimizer updates the masked weight. Outside training the
 * layer computes with {@code weight * mask}.
 *
 * <p>Pruned models are saved for serving after {@link Sparsity#stripPruning}, which gives the plain
 * layers back with their zeroed weights.
 */
public class PruneLowMagnitude extends Wrapper {
  static final String CALLBACK_MISSING = "Prune() wrapper requires the UpdatePruningStep callback to be provided "
      + "during training. Please add it as a callback to your model.fit call.";

  private final Layer layer;
  private final PruningSchedule schedule;
  private final int[] blockSize;
  private final String blockPoolingType;
  private final List<Variable> prunable = new ArrayList<>();
  private final List<Variable> masks = new ArrayList<>();
  private final List<Variable> thresholds = new ArrayList<>();
  private Variable pruningStep;
  private boolean stepStarted;

  /** Wraps {@code layer}, pruned element by element as {@code schedule} says. */
  public PruneLowMagnitude(Layer layer, PruningSchedule schedule) {
    this(layer, schedule, new int[] {1, 1}, "AVG");
  }

  /**
   * Wraps {@code layer} with block sparsity: blocks of {@code blockSize} (height, width) of a rank-2
   * weight are pruned together, ranked by their {@code "AVG"} or {@code "MAX"} magnitude.
   */
  public PruneLowMagnitude(Layer layer, PruningSchedule schedule, int[] blockSize, String blockPoolingType) {
    if (!"AVG".equals(blockPoolingType) && !"MAX".equals(blockPoolingType)) {
      throw new IllegalArgumentException("Unsupported pooling type '" + blockPoolingType
          + "'. Should be 'AVG' or 'MAX'.");
    }
    if (blockSize == null || blockSize.length != 2 || blockSize[0] <= 0 || blockSize[1] <= 0) {
      throw new IllegalArgumentException("The block_size argument must be a tuple/list of 2 positive integers, "
          + "received: " + Arrays.toString(blockSize) + ". Use {1, 1} for pruning element by element.");
    }
    if (layer == null) {
      throw new IllegalArgumentException("Please initialize `Prune` layer with a `Layer` instance. You passed: null");
    }
    if (layer instanceof PruneLowMagnitude) {
      throw new IllegalArgumentException("Layer '" + layer.name() + "' is already wrapped for pruning; wrap the "
          + "layer it holds only once");
    }
    if (!(layer instanceof PrunableLayer) && !PruneRegistry.supports(layer)) {
      throw new IllegalArgumentException("Please initialize `Prune` with a supported layer. Layers should either be "
          + "supported by the PruneRegistry (built-in keras layers) or should be a `PrunableLayer` instance, or "
          + "should has a customer defined `get_prunable_weights` method. You passed: " + layer.getClass().getName()
          + " (layer '" + layer.name() + "'). Implement dev.jkeras.optimization.sparsity.PrunableLayer in it, or "
          + "leave it unwrapped.");
    }
    if (schedule == null) {
      throw new IllegalArgumentException("PruneLowMagnitude needs a pruning schedule, e.g. new PolynomialDecay(0, 0.8, "
          + "0, endStep) or new ConstantSparsity(0.5, 0); got null");
    }
    this.layer = layer;
    this.schedule = schedule;
    this.blockSize = blockSize.clone();
    this.blockPoolingType = blockPoolingType;
    name("prune_low_magnitude_" + layer.name());
    Shape declared = layer.declaredInputShape();
    if (declared != null) {
      inputShape(Arrays.stream(declared.asArray()).mapToInt(Math::toIntExact).toArray());
    }
  }

  /** As {@code prune_low_magnitude(layer, pruning_schedule=schedule)}. */
  public static PruneLowMagnitude wrap(Layer layer, PruningSchedule schedule) {
    return new PruneLowMagnitude(layer, schedule);
  }

  /** As {@code prune_low_magnitude(model, ...)} on a Sequential model: see {@link Sparsity#pruneLowMagnitude}. */
  public static dev.jkeras.models.Sequential wrap(dev.jkeras.models.Sequential model, PruningSchedule schedule) {
    return Sparsity.pruneLowMagnitude(model, schedule);
  }

  /** The wrapped layer. */
  public Layer layer() {
    return layer;
  }

  public PruningSchedule pruningSchedule() {
    return schedule;
  }

  public int[] blockSize() {
    return blockSize.clone();
  }

  public String blockPoolingType() {
    return blockPoolingType;
  }

  /** The weights being pruned, once built. */
  public List<Variable> prunableWeights() {
    return List.copyOf(prunable);
  }

  /** The mask of each prunable weight (1 kept, 0 pruned), once built. */
  public List<Variable> masks() {
    return List.copyOf(masks);
  }

  /** The threshold of each prunable weight: the smallest magnitude kept at the last mask update. */
  public List<Variable> thresholds() {
    return List.copyOf(thresholds);
  }

  /** The int64 step counter the schedule reads (-1 until {@link UpdatePruningStep} starts it), once built. */
  public Variable pruningStep() {
    if (pruningStep == null) {
      throw new IllegalStateException("Layer '" + name() + "' is not built yet; build or fit its model first");
    }
    return pruningStep;
  }

  /**
   * Starts the step counter at 0, as {@link UpdatePruningStep} does when training begins: now when
   * the layer is built and still at -1, else when it is built.
   */
  void startPruningStep() {
    if (pruningStep == null) {
      stepStarted = true;
    } else if (((Number) pruningStep.read().getObject()).longValue() == -1) {
      pruningStep.write(NdArrays.scalarOf(0L));
    }
  }

  @Override
  public Map<String, Layer> wrappedLayers() {
    return Map.of("layer", layer);
  }

  @Override
  public PruneLowMagnitude name(String name) {
    super.name(name);
    return this;
  }

  @Override
  protected void build(List<Shape> inputShapes) {
    if (inputShapes.size() == 1) {
      buildNested(layer, inputShapes.get(0));
    }
    if (!layer.isBuilt() && (layer instanceof PrunableLayer || !PruneRegistry.prunableNames(layer).isEmpty())) {
      throw new IllegalStateException("Layer '" + layer.name() + "' takes several inputs; build it before wrapping "
          + "it for pruning, so that its prunable weights exist");
    }
    List<Variable> weights = layer instanceof PrunableLayer custom ? custom.prunableWeights()
        : layer.isBuilt() ? PruneRegistry.prunableWeights(layer) : List.of();
    for (Variable weight : weights) {
      if (weight == null || layer.weights().stream().noneMatch(w -> w == weight)) {
        throw new IllegalStateException("prunableWeights() of layer '" + layer.name() + "' returned " + weight
            + ", which is not one of the layer's weights " + layer.weights() + "; return weights it created "
            + "with addWeight");
      }
    }
    for (Variable weight : weights) {
      if ((blockSize[0] != 1 || blockSize[1] != 1) && weight.shape().rank() != 2) {
        throw new IllegalArgumentException("Block Sparsity can only be used for layers which have 2-dimensional "
            + "weights. Weight '" + weight.name() + "' of layer '" + layer.name() + "' has shape " + weight.shape()
            + "; use blockSize {1, 1} for it.");
      }
    }
    prunable.clear();
    masks.clear();
    thresholds.clear();
    for (int i = 0; i < weights.size(); i++) {
      Variable weight = weights.get(i);
      String suffix = i == 0 ? "" : "_" + i;
      prunable.add(weight);
      masks.add(addWeight("mask" + suffix, weight.shape(), Initializers.ones(), false));
      thresholds.add(addWeight("threshold" + suffix, Shape.of(), Initializers.zeros(), false));
    }
    long initialStep = stepStarted ? 0 : -1;
    pruningStep = addWeight("pruning_step", Shape.of(), DType.INT64,
        (shape, dtype) -> Ops.scalar(initialStep, DType.INT64), false);
  }

  @Override
  protected void build(Shape inputShape) {
    build(List.of(inputShape));
  }

  @Override
  protected List<KerasTensor> call(List<KerasTensor> inputs, boolean training) {
    Map<Variable, KerasTensor> masked = new IdentityHashMap<>();
    if (training) {
      KerasTensor step = Ops.add(pruningStep.value(), 1L);
      addUpdate(pruningStep, step);
      step = Ops.checked(step, Ops.greaterEqual(step, 1), CALLBACK_MISSING);
      KerasTensor update = schedule.shouldPrune(step);
      KerasTensor sparsity = schedule.sparsity(step);
      for (int i = 0; i < prunable.size(); i++) {
        Variable weight = prunable.get(i);
        Variable mask = masks.get(i);
        Variable threshold = thresholds.get(i);
        KerasTensor current = weight.value();
        List<KerasTensor> next = Ops.cond(update,
            () -> MagnitudeMask.update(current, sparsity, blockSize, blockPoolingType),
            () -> List.of(threshold.value(), mask.value()));
        KerasTensor newMask = Ops.reshape(next.get(1), weight.shape().asArray());
        addUpdate(threshold, Ops.reshape(next.get(0), new long[0]));
        addUpdate(mask, newMask);
        KerasTensor pruned = Ops.multiply(current, newMask);
        addUpdate(weight, pruned);
        // The pruned value forward, the gradient to every element, as when the layer reads the assigned weight.
        masked.put(weight, Ops.add(current, Ops.stopGradient(Ops.subtract(pruned, current))));
      }
    } else {
      for (int i = 0; i < prunable.size(); i++) {
        Variable weight = prunable.get(i);
        KerasTensor pruned = Ops.multiply(weight.value(), masks.get(i).value());
        addUpdate(weight, pruned);
        masked.put(weight, pruned);
      }
    }
    return KerasVariable.withValues(masked, () -> callNested(layer, inputs, training));
  }

  @Override
  public boolean supportsMasking() {
    return layer.supportsMasking();
  }

  @Override
  public KerasTensor computeMask(KerasTensor inputs, KerasTensor previousMask) {
    return layer.computeMask(inputs, previousMask);
  }

  /**
   * Assigns {@code weight * mask} to every pruned weight now (tfmot's {@code weight_mask_op}), so
   * that the weights hold exactly the pruned values.
   */
  public void applyMasks() {
    for (int i = 0; i < prunable.size(); i++) {
      Variable weight = prunable.get(i);
      FloatNdArray w = (FloatNdArray) weight.read();
      FloatNdArray m = (FloatNdArray) masks.get(i).read();
      FloatNdArray product = NdArrays.ofFloats(w.shape());
      w.scalars().forEachIndexed((index, value) -> product.setFloat(value.getFloat() * m.getFloat(index), index));
      weight.write(product);
    }
  }

  @Override
  public Map<String, Object> getConfig() {
    Map<String, Object> config = super.getConfig();
    config.put("layer", nestedConfig(layer));
    config.put("pruning_schedule", schedule.getConfig());
    config.put("block_size", List.of(blockSize[0], blockSize[1]));
    config.put("block_pooling_type", blockPoolingType);
    return config;
  }

  /** The wrapper {@link #getConfig()} describes, for loading a model saved before {@link Sparsity#stripPruning}. */
  public static PruneLowMagnitude fromConfig(dev.jkeras.saving.Config config) {
    Layer layer = nestedLayer("PruneLowMagnitude", config, "layer");
    int[] blockSize = config.has("block_size") ? config.getIntArray("block_size") : new int[] {1, 1};
    PruneLowMagnitude wrapper = new PruneLowMagnitude(layer, PruningSchedule.deserialize(config.get("pruning_schedule")),
        blockSize, config.getString("block_pooling_type", "AVG"));
    wrapper.keepBuildConfig(layer, config.get("layer"));
    return wrapper;
  }

  @Override
  public String toString() {
    return "<PruneLowMagnitude name=" + name() + ", layer=" + layer.name() + ", " + schedule + ">";
  }
}
